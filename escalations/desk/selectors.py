"""What the executive's desk shows, read to a fixed query budget.

``desk_for`` reads everything in five queries whatever the number of escalations: the
escalations addressed to the executive (with their owner and RCA), their asks, their RCAs'
preventive actions, the coming 1:1s, and the answers of the last 30 days. The desk page
and the daily digest (escalations/outbox/desk_digest.py) both read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Prefetch, Q

from escalations import timetext
from escalations.models import (
    OPEN_STATES,
    Ask,
    AskDecision,
    AskStatus,
    Escalation,
    Executive,
    Meeting,
    RcaProgress,
    Severity,
    State,
)

# SEV1 first.
SEVERITY_RANK = {s: i for i, s in enumerate(Severity.values)}


# "What they decided in the last 30 days", and how long a resolved escalation stays on it.
RECENT = timedelta(days=30)
# A 1:1 that started up to this long ago is still "coming" (it may be going on now).
MEETING_GRACE = timedelta(hours=1)


@dataclass
class DeskEscalation:
    e: Escalation
    author: str
    overdue_by: timedelta | None
    next_update: str  # "Wed 25 Nov 16:00 CET" in the executive's zone, or ""
    closing: RcaProgress | None

    @property
    def overdue_text(self) -> str:
        return timetext.humanize_delta(self.overdue_by) if self.overdue_by else ""

    @property
    def summary_line(self) -> str:
        """The current summary in one line: the impact now, and what changed last."""
        e = self.e
        line = f"{e.impact_now_label}: {e.impact_now}" if e.impact_now else ""
        if e.summary_changed:
            changed = "Last update" if e.is_resolved else "What changed"
            line = f"{line} · {changed}: {e.summary_changed}" if line else e.summary_changed
        return line

    @property
    def closing_line(self) -> str:
        """ "Preventive actions: 3 of 5 done" once the RCA is complete."""
        c = self.closing
        if c is None:
            return ""
        text = f"Preventive actions: {c.done} of {c.total} done"
        if c.not_doing:
            text += f", {c.not_doing} accepted as not doing"
        return text + (" — closed" if c.is_closed else "")


@dataclass
class DeskAsk:
    ask: Ask
    escalation: DeskEscalation
    decide_by: str
    waiting: bool  # the decide-by time has passed
    discussed: bool  # they answered "Let's discuss": still theirs to decide


@dataclass
class DeskMeeting:
    meeting: Meeting
    escalation: DeskEscalation
    starts: str


@dataclass
class DeskDecision:
    row: AskDecision
    at: str


@dataclass
class Desk:
    executive: Executive
    now: datetime
    tz: str
    escalations: list[DeskEscalation] = field(default_factory=list)
    asks: list[DeskAsk] = field(default_factory=list)
    meetings: list[DeskMeeting] = field(default_factory=list)
    decided: list[DeskDecision] = field(default_factory=list)

    @property
    def open_escalations(self) -> list[DeskEscalation]:
        return [d for d in self.escalations if d.e.is_open]

    @property
    def overdue(self) -> list[DeskEscalation]:
        return [d for d in self.escalations if d.overdue_by is not None]


def _urgency(d: DeskEscalation) -> tuple[int, int, float]:
    """Overdue first, then the most severe, then the newest."""
    e = d.e
    escalated = (e.escalated_at or e.created_at).timestamp()
    return (0 if d.overdue_by else 1, SEVERITY_RANK.get(e.severity, 9), -escalated)


def desk_escalations(executive: Executive, now: datetime) -> list[Escalation]:
    """Escalations addressed to them: the open ones, and those resolved or contained in the
    last 30 days (with their RCA's preventive actions). Three queries."""
    recent = now - RECENT
    return list(
        Escalation.objects.filter(executive=executive)
        .exclude(state=State.DRAFT)
        .filter(
            Q(state__in=OPEN_STATES)
            | Q(resolved_at__gte=recent)
            # An RCA complete with preventive actions still open: followed here to done.
            | Q(
                rca__completed_at__isnull=False,
                rca__preventive_actions__done_at__isnull=True,
                rca__preventive_actions__not_doing_at__isnull=True,
            )
        )
        .distinct()
        .select_related("owner", "rca")
        .prefetch_related(
            Prefetch("asks", queryset=Ask.objects.order_by("decide_by", "pk")),
            "rca__preventive_actions",
        )
    )


def desk_for(executive: Executive, now: datetime) -> Desk:
    """Everything waiting on the executive, most urgent first. Five queries."""
    tz = executive.time_zone or "UTC"
    desk = Desk(executive=executive, now=now, tz=tz)
    by_pk: dict[int, DeskEscalation] = {}
    for e in desk_escalations(executive, now):
        d = DeskEscalation(
            e=e,
            author=e.owner.get_full_name() or e.owner.get_username(),
            overdue_by=e.overdue_by(now),
            next_update=timetext.when(e.next_update_due_at, tz) if e.is_open else "",
            closing=_closing(e),
        )
        by_pk[e.pk] = d
    desk.escalations = sorted(by_pk.values(), key=_urgency)
    for d in desk.escalations:
        if not d.e.is_open:
            continue
        for ask in d.e.asks.all():
            if ask.status in (AskStatus.OPEN, AskStatus.DISCUSSED):
                desk.asks.append(
                    DeskAsk(
                        ask=ask,
                        escalation=d,
                        decide_by=timetext.when(ask.decide_by, tz),
                        waiting=ask.decide_by < now,
                        discussed=ask.status == AskStatus.DISCUSSED,
                    )
                )
    desk.asks.sort(key=lambda a: (a.ask.decide_by, _urgency(a.escalation)))
    meetings = Meeting.objects.filter(
        escalation_id__in=[pk for pk, d in by_pk.items() if d.e.state != State.DRAFT],
        cancelled_at__isnull=True,
        starts_at__gte=now - MEETING_GRACE,
    ).order_by("starts_at", "pk")
    desk.meetings = [
        DeskMeeting(
            meeting=m, escalation=by_pk[m.escalation_id], starts=timetext.when(m.starts_at, tz)
        )
        for m in meetings
    ]
    desk.decided = [
        DeskDecision(row=r, at=timetext.when(r.created_at, tz))
        for r in AskDecision.objects.filter(
            ask__escalation__executive=executive, created_at__gte=now - RECENT
        )
        .select_related("ask", "ask__escalation")
        .order_by("-created_at", "-pk")
    ]
    return desk


def _closing(e: Escalation) -> RcaProgress | None:
    """The RCA's progress from what was prefetched (no query): ``Escalation.closing``
    reads the same, but this never touches the database."""
    if e.state not in (State.CONTAINED, State.RESOLVED, State.REVIEWED):
        return None
    try:
        rca = e.rca
    except Escalation.rca.RelatedObjectDoesNotExist:  # type: ignore[attr-defined]
        return None
    if rca is None or not rca.is_complete:
        return None
    return rca.progress()
