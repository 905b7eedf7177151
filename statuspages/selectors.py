"""Reads behind the status pages and the author's sharing panel, to a fixed query budget.

Which link a request is for, and whether it works, is ``statuspages.readpath``'s. What the
page shows besides the escalation row — actions, asks, and the timeline with its Markdown
already rendered — is a *snapshot*, cached under the escalation's ``version``: three
queries when the version is new, none after, whether the timeline holds 1 update or 500.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.contrib.auth.models import User
from django.db.models import QuerySet

from escalations.markdown import markdown_to_plain, render_markdown
from escalations.models import (
    Ask,
    AskStatus,
    Escalation,
    PublicStatus,
    Rca,
    RcaProgress,
    RemediationAction,
    State,
    Update,
)

from .models import ShareLink
from .readpath import LinkHit, snapshot_cached


def share_links_for(escalation: Escalation) -> QuerySet[ShareLink]:
    """The author's list on the escalation page, newest first."""
    return ShareLink.objects.filter(escalation=escalation).order_by("-created_at", "-pk")


def ask_for_hit(hit: LinkHit, ask_id: int) -> Ask | None:
    """One ask of the link's escalation (None for any other ask id)."""
    return (
        Ask.objects.select_related("escalation", "escalation__owner")
        .filter(pk=ask_id, escalation_id=hit.escalation_id)
        .first()
    )


def escalation_for_hit(hit: LinkHit) -> Escalation:
    """The whole escalation row, only when something has to be rendered."""
    return Escalation.objects.select_related("owner", "executive").get(pk=hit.escalation_id)


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
    # The closing section once the RCA is complete ("Preventive actions: 3 of 5 done",
    # closed or not); None before.
    closing: RcaProgress | None = None

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


def _closing(escalation: Escalation) -> RcaProgress | None:
    """``Escalation.closing`` for the snapshot: no query while open, else two (the RCA,
    its preventive actions)."""
    if escalation.state not in (State.CONTAINED, State.RESOLVED, State.REVIEWED):
        return None
    rca = Rca.objects.filter(escalation=escalation).prefetch_related("preventive_actions").first()
    if rca is None or not rca.is_complete:
        return None
    rca.escalation = escalation  # the row in hand: no query for it
    return rca.progress()


def build_snapshot(escalation: Escalation) -> StatusSnapshot:
    """Three queries, whatever the number of rows (five once contained with a complete RCA:
    its closing section); Markdown rendered once per version."""
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
    return StatusSnapshot(
        version=escalation.version,
        actions=actions,
        asks=asks,
        updates=updates,
        closing=_closing(escalation),
    )


def status_snapshot(escalation: Escalation) -> StatusSnapshot:
    """The snapshot for the escalation's current version: cached, else built and cached."""
    return snapshot_cached(escalation.pk, escalation.version, lambda: build_snapshot(escalation))
