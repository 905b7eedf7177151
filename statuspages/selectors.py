"""Reads behind the public status page, written to a fixed query budget.

Per request: is the link usable, and which version of its escalation to show? That is a
*link record* (``LinkState``): from this process's mirror of Redis while Redis has announced
no change (no round trip), else from Redis (one GET), else from PostgreSQL (one query, after
which Redis holds it). Everything else the page shows — actions, asks, and the timeline with
its Markdown already rendered — is a *snapshot* cached under the escalation's ``version``:
three queries when the version is new, none after, whether the timeline holds 1 update or
500. Without Redis (or while it is down) the record comes from PostgreSQL every time.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import connection
from django.db.models import QuerySet

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
from .store import TOMBSTONE, Recent, Record, RedisUnavailable, StatusRedis, status_redis

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


@dataclass(frozen=True)
class LinkState:
    """A link as PostgreSQL (or its record in Redis) has it. ``hit`` is None once deleted."""

    revoked: bool
    expires_at: datetime | None
    hit: LinkHit | None

    def usable_hit(self, now: datetime) -> LinkHit | None:
        """The hit if the link works at ``now`` (expiry is checked against the request's
        clock, so a link expires at its instant whichever copy answered)."""
        if self.revoked or (self.expires_at is not None and now >= self.expires_at):
            return None
        return self.hit


GONE = LinkState(revoked=True, expires_at=None, hit=None)

# --- link records: "version|modified|escalation|link|revoked|expires|state|due|mine", µs -----
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_US = timedelta(microseconds=1)


def _to_us(value: datetime | None) -> str:
    return "" if value is None else str((value - _EPOCH) // _US)


def _from_us(value: str) -> datetime | None:
    return None if value == "" else _EPOCH + timedelta(microseconds=int(value))


def encode_record(token_hash: str, state: LinkState) -> Record:
    hit = state.hit
    if hit is None:  # pragma: no cover - deleted links are published as tombstones
        raise ValueError("a deleted link has no record")
    modified = _to_us(hit.modified_at)
    value = "|".join(
        [
            str(hit.version),
            modified,
            str(hit.escalation_id),
            str(hit.link_id),
            "1" if state.revoked else "0",
            _to_us(state.expires_at),
            hit.state,
            _to_us(hit.next_update_due_at),
            "1" if hit.for_executive else "0",
        ]
    )
    return Record(token_hash, value, hit.version, int(modified))


def parse_record(raw: str) -> LinkState:
    if raw == TOMBSTONE:
        return GONE
    fields = raw.split("|")
    version, modified, escalation_id, link_id, revoked, expires, state, due = fields[:8]
    # The ninth field (the executive's own link) came later: a record without it is not.
    mine = len(fields) > 8 and fields[8] == "1"
    modified_at = _from_us(modified)
    assert modified_at is not None  # noqa: S101 - always written
    hit = LinkHit(
        int(link_id), int(escalation_id), int(version), state, _from_us(due), modified_at, mine
    )
    return LinkState(revoked=revoked == "1", expires_at=_from_us(expires), hit=hit)


_LINK = ShareLink._meta.db_table
_ESCALATION = Escalation._meta.db_table
# One indexed lookup joined to the few escalation columns that decide caching. Plain SQL on
# this path because ORM query building alone cost more than the rest of a cached page view.
_STATE_SQL = (
    f"SELECT l.token_hash, l.id, l.revoked_at, l.expires_at, e.id, e.version, e.state, "  # noqa: S608
    f"e.next_update_due_at, e.modified_at, l.for_executive FROM {_LINK} l "
    f"JOIN {_ESCALATION} e ON e.id = l.escalation_id WHERE "
)


def _aware(value: datetime | None) -> datetime | None:
    """Raw SQL skips Django's converters: SQLite (the embedded default) returns naive UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def _state_from_row(row: tuple) -> tuple[str, LinkState]:
    token_hash, link_id, revoked_at, expires_at, escalation_id, version, state, due, modified = row[
        :9
    ]
    modified_at = _aware(modified)
    assert modified_at is not None  # noqa: S101 - auto_now, never NULL
    hit = LinkHit(link_id, escalation_id, version, state, _aware(due), modified_at, bool(row[9]))
    return token_hash, LinkState(revoked_at is not None, _aware(expires_at), hit)


def fetch_link_states(
    *, token_hashes: list[str] | None = None, escalation_ids: list[int] | None = None
) -> dict[str, LinkState]:
    """Link states straight from the database, by token hash or by escalation: one query."""
    values: list[str] | list[int]
    if token_hashes is not None:
        column, values = "l.token_hash", list(token_hashes)
    else:
        column, values = "l.escalation_id", list(escalation_ids or [])
    if not values:
        return {}
    placeholders = ", ".join(["%s"] * len(values))
    with connection.cursor() as cursor:
        cursor.execute(f"{_STATE_SQL}{column} IN ({placeholders})", values)
        return dict(_state_from_row(row) for row in cursor.fetchall())


def _fetch_link(token_hash: str) -> LinkState | None:
    with connection.cursor() as cursor:
        cursor.execute(_STATE_SQL + "l.token_hash = %s", [token_hash])
        row = cursor.fetchone()
    return None if row is None else _state_from_row(row)[1]


def link_state(token_hash: str, *, store: StatusRedis | None = None) -> LinkState | None:
    """The link's state: Redis (mirrored per process, kept current by push invalidation),
    or PostgreSQL when Redis has no record (then published for everyone), is off or down.
    ``store``: this process's client unless given (tests pass another "worker")."""
    store = store or status_redis()
    if store is None:
        return _fetch_link(token_hash)
    try:
        state = store.link_record(token_hash, parse_record)
    except RedisUnavailable:
        return _fetch_link(token_hash)
    if state is not None:
        return state
    state = _fetch_link(token_hash)
    if state is not None:
        # Guarded: never replaces a newer record a writer published meanwhile.
        with suppress(RedisUnavailable):
            store.publish_links([encode_record(token_hash, state)])
    return state


def usable_link(token: str, now: datetime) -> LinkHit | None:
    """The link for a raw token if it works right now; None if unknown, revoked or expired.

    Unknown, revoked and expired tokens are indistinguishable to the caller."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    state = link_state(hash_token(token))
    return None if state is None else state.usable_hit(now)


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
    # A choose-between ask: the executive picks one of these (``Ask.option_list``).
    options: tuple[str, ...] = ()

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
            status_label=a.answer_label,
            decide_by=a.decide_by,
            decided_at=a.decided_at,
            amount=a.amount,
            note=a.note,
            pk=a.pk,
            decided_by=a.decided_by,
            options=tuple(a.option_list),
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


# A snapshot never changes under its (escalation, version): this process keeps the latest
# few, so a new minute's rendering needs no Redis round trip (nor, with Redis down, three
# queries and the Markdown of every update).
recent_snapshots: Recent[StatusSnapshot] = Recent(32)


def status_snapshot(escalation: Escalation) -> StatusSnapshot:
    """The snapshot for the escalation's current version: this process's copy, else
    Redis's, else built (three queries) and shared."""
    local_key = (escalation.pk, escalation.version)
    snapshot = recent_snapshots.get(local_key)
    if snapshot is not None:
        return snapshot
    # The number moves when the snapshot's shape does (asks gained their options).
    key = f"snapshot4:{escalation.pk}:{escalation.version}"
    store = status_redis()
    if store is not None:
        with suppress(RedisUnavailable):
            snapshot = store.get_object(key)
    if snapshot is None:
        snapshot = build_snapshot(escalation)
        if store is not None:
            with suppress(RedisUnavailable):
                store.set_object(key, snapshot, SNAPSHOT_TIMEOUT)
    recent_snapshots.set(local_key, snapshot)
    return snapshot
