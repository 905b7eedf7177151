"""Reads behind the public status page, written to a fixed query budget.

Per request: at most one query finds the link and its escalation's version (none while this
process's copy is current, see ``LocalLinkCache``). Everything else the
page shows — actions, asks, and the timeline with its Markdown already rendered — is a
*snapshot* cached under the escalation's ``version``: three queries when the version is new,
none after, whether the timeline holds 1 update or 500.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.db.models import QuerySet

from escalations.beacon import Beacon
from escalations.beacon import beacon as change_beacon
from escalations.markdown import markdown_to_plain, render_markdown
from escalations.models import (
    OPEN_STATES,
    Ask,
    AskStatus,
    Escalation,
    PublicStatus,
    RemediationAction,
    Update,
)

from .models import ShareLink, hash_token

# A real token is 43 characters; anything much longer is not worth hashing.
MAX_TOKEN_LENGTH = 128
SNAPSHOT_TIMEOUT = 60 * 60 * 24


def share_links_for(escalation: Escalation) -> QuerySet[ShareLink]:
    """The author's list on the escalation page, newest first."""
    return ShareLink.objects.filter(escalation=escalation).order_by("-created_at", "-pk")


def share_link_for_author(*, user: User, pk: int) -> ShareLink | None:
    """A link on one of this user's own escalations (None for anyone else's)."""
    return (
        ShareLink.objects.select_related("escalation").filter(pk=pk, escalation__owner=user).first()
    )


@dataclass(frozen=True)
class LinkHit:
    """What every public request needs first: is the link usable, and which version to show."""

    link_id: int
    escalation_id: int
    version: int
    state: str
    next_update_due_at: datetime | None
    modified_at: datetime
    # The executive's own link: the only one whose page offers decision buttons and the
    # executive's email settings.
    for_executive: bool = False

    def overdue_by(self, now: datetime) -> timedelta | None:
        """Same rule as ``Escalation.is_stale`` (a test holds them together)."""
        if self.state not in OPEN_STATES or self.next_update_due_at is None:
            return None
        if now <= self.next_update_due_at:
            return None
        return now - self.next_update_due_at

    def is_stale(self, now: datetime) -> bool:
        return self.overdue_by(now) is not None


_LINK = ShareLink._meta.db_table
_ESCALATION = Escalation._meta.db_table
# One indexed lookup joined to the few escalation columns that decide caching. Plain SQL on
# this path because ORM query building alone cost more than the rest of a cached page view.
_HIT_SQL = (
    f"SELECT l.id, l.revoked_at, l.expires_at, e.id, e.version, e.state, "  # noqa: S608
    f"e.next_update_due_at, e.modified_at, l.for_executive FROM {_LINK} l "
    f"JOIN {_ESCALATION} e ON e.id = l.escalation_id WHERE l.token_hash = %s"
)


def _aware(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


# What the hit query returns: (link id, revoked_at, expires_at, LinkHit).
LinkRow = tuple[int, datetime | None, datetime | None, LinkHit]


def _fetch_link(token_hash: str) -> LinkRow | None:
    with connection.cursor() as cursor:
        cursor.execute(_HIT_SQL, [token_hash])
        row = cursor.fetchone()
    if row is None:
        return None
    link_id, revoked_at, expires_at, escalation_id, version, state, due, modified_at, mine = row
    # Raw SQL skips Django's converters: SQLite (the embedded default) returns naive UTC.
    revoked_at, expires_at, due = (_aware(v) for v in (revoked_at, expires_at, due))
    modified_at = modified_at if modified_at.tzinfo else modified_at.replace(tzinfo=UTC)
    hit = LinkHit(link_id, escalation_id, version, state, due, modified_at, bool(mine))
    return link_id, revoked_at, expires_at, hit


def _usable_now(row: LinkRow, now: datetime) -> bool:
    _link_id, revoked_at, expires_at, _hit = row
    return revoked_at is None and (expires_at is None or now < expires_at)


class LocalLinkCache:
    """Usable links seen recently by this process, trusted only while nothing has changed.

    Reading a link from PostgreSQL was most of a cached page view's cost, so a worker keeps
    what it read — the link's expiry and the escalation's version, state and due time —
    and answers from memory while two things hold:

    * the host's change beacon (``escalations.beacon``) still holds the value it held
      *before* the database was read. Every reader-visible write (a link revoked or edited,
      an update, a state change, any version bump) bumps the beacon before its response
      returns, so revocation and new updates take effect on the very next request in every
      worker on the host;
    * the entry is younger than ``STATUSPAGE_LOCAL_CACHE_SECONDS``: the safety net for
      writes that cannot bump this host's beacon (another host, a ``psql`` session). Those
      are seen within that many seconds, not on the next request.

    Expiry is checked against the request's clock on every request, and the overdue banner
    is computed from it too. Only usable links are kept: unknown, revoked and expired tokens
    go to the database every time, so they stay indistinguishable. A TTL of 0, or a beacon
    that cannot be mapped, sends every request to the database.
    """

    def __init__(
        self,
        *,
        beacon: Beacon | None = None,
        ttl: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        size: int = 1024,
    ) -> None:
        self._beacon = beacon
        self._ttl = ttl
        self._clock = clock
        self._size = size
        # token hash -> (beacon value before the read, monotonic read time, row)
        self._entries: dict[str, tuple[bytes, float, LinkRow]] = {}

    def ttl(self) -> float:
        if self._ttl is not None:
            return self._ttl
        return float(settings.STATUSPAGE_LOCAL_CACHE_SECONDS)

    def lookup(self, token_hash: str, now: datetime) -> LinkHit | None:
        ttl = self.ttl()
        signal = self._beacon or change_beacon()
        generation = signal.read() if ttl > 0 else None
        if generation is None:
            row = _fetch_link(token_hash)
        else:
            entry = self._entries.get(token_hash)
            if entry is not None and entry[0] == generation and self._clock() - entry[1] < ttl:
                row = entry[2]
            else:
                # A slow path anyway: follow a replaced beacon file, then note the value
                # *before* reading the row, so a write committed meanwhile retires it.
                signal.refresh()
                generation = signal.read()
                read_at = self._clock()
                row = _fetch_link(token_hash)
                if generation is not None and row is not None and _usable_now(row, now):
                    if len(self._entries) >= self._size:
                        self._entries.clear()
                    self._entries[token_hash] = (generation, read_at, row)
        if row is None:
            return None
        if not _usable_now(row, now):
            self._entries.pop(token_hash, None)  # expired: answer like an unknown token
            return None
        return row[3]

    def clear(self) -> None:
        self._entries.clear()


local_links = LocalLinkCache()


def usable_link(token: str, now: datetime) -> LinkHit | None:
    """The link for a raw token if it works right now; None if unknown, revoked or expired.

    One indexed query, or none while this process's copy is current (``LocalLinkCache``).
    """
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return local_links.lookup(hash_token(token), now)


def ask_for_hit(hit: LinkHit, ask_id: int) -> Ask | None:
    """One ask of the link's escalation (None for any other ask id)."""
    return (
        Ask.objects.select_related("escalation", "escalation__owner")
        .filter(pk=ask_id, escalation_id=hit.escalation_id)
        .first()
    )


def escalation_for_hit(hit: LinkHit) -> Escalation:
    """The whole escalation row, only when something has to be rendered."""
    return Escalation.objects.select_related("owner").get(pk=hit.escalation_id)


@dataclass(frozen=True)
class ActionRow:
    description: str
    owner_name: str
    due_at: datetime
    done_at: datetime | None
    kind_label: str

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def is_late(self, now: datetime) -> bool:
        return self.done_at is None and now > self.due_at


@dataclass(frozen=True)
class AskRow:
    decision: str
    status: str
    status_label: str
    decide_by: datetime
    decided_at: datetime | None
    amount: Decimal | None
    note: str
    pk: int = 0
    decided_by: str = ""

    @property
    def is_open(self) -> bool:
        return self.status == AskStatus.OPEN

    def waiting_since(self, now: datetime) -> datetime | None:
        """The decide-by time once it has passed unanswered (``Ask.waiting_since``)."""
        return self.decide_by if self.is_open and self.decide_by < now else None


@dataclass(frozen=True)
class UpdateRow:
    pk: int
    created_at: datetime
    state: str
    state_label: str
    kind: str
    kind_label: str
    body: str
    body_html: str
    body_plain: str
    author_name: str
    was_due_at: datetime | None

    @property
    def on_time(self) -> bool:
        return self.was_due_at is None or self.created_at <= self.was_due_at


@dataclass(frozen=True)
class StatusSnapshot:
    """What readers see besides the escalation row itself, as of one ``version``."""

    version: int
    actions: tuple[ActionRow, ...]
    asks: tuple[AskRow, ...]
    updates: tuple[UpdateRow, ...]  # newest first

    @property
    def open_asks(self) -> list[AskRow]:
        return [a for a in self.asks if a.is_open]

    @property
    def decided_asks(self) -> list[AskRow]:
        return [a for a in self.asks if not a.is_open]

    @property
    def actions_done(self) -> int:
        return sum(1 for a in self.actions if a.is_done)

    def current_state(self, escalation: Escalation) -> str:
        """The newest update's state; before any update, what the lifecycle implies."""
        return self.updates[0].state if self.updates else escalation.public_status


def _display_name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def build_snapshot(escalation: Escalation) -> StatusSnapshot:
    """Three queries, whatever the number of rows; Markdown rendered once per version."""
    actions = tuple(
        ActionRow(
            description=a.description,
            owner_name=a.owner_name,
            due_at=a.due_at,
            done_at=a.done_at,
            kind_label=a.get_kind_display(),
        )
        for a in RemediationAction.objects.filter(escalation=escalation)
    )
    asks = tuple(
        AskRow(
            decision=a.decision,
            status=a.status,
            status_label=a.get_status_display(),
            decide_by=a.decide_by,
            decided_at=a.decided_at,
            amount=a.amount,
            note=a.note,
            pk=a.pk,
            decided_by=a.decided_by,
        )
        for a in Ask.objects.filter(escalation=escalation)
    )
    updates = tuple(
        UpdateRow(
            pk=u.pk,
            created_at=u.created_at,
            state=u.public_status,
            state_label=PublicStatus(u.public_status).label
            if u.public_status in PublicStatus.values
            else u.public_status,
            kind=u.kind,
            kind_label=u.get_kind_display(),
            body=u.body,
            body_html=str(render_markdown(u.body)),
            body_plain=markdown_to_plain(u.body),
            author_name=_display_name(u.author),
            was_due_at=u.was_due_at,
        )
        for u in Update.objects.filter(escalation=escalation)
        .select_related("author")
        .order_by("-created_at", "-pk")
    )
    return StatusSnapshot(version=escalation.version, actions=actions, asks=asks, updates=updates)


def status_snapshot(escalation: Escalation) -> StatusSnapshot:
    """The snapshot for the escalation's current version, from the cache when possible."""
    key = f"statuspages:snapshot2:{escalation.pk}:{escalation.version}"
    snapshot = cache.get(key)
    if snapshot is None:
        snapshot = build_snapshot(escalation)
        cache.set(key, snapshot, SNAPSHOT_TIMEOUT)
    return snapshot
