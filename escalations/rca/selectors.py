"""Reads about RCAs that views, the reminder scan and the admin share."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce, Least

from escalations.models import (
    Escalation,
    PreventiveAction,
    Rca,
    State,
)

# The RCA is asked for once the escalation is contained or resolved (docs/rca.md).
RCA_STATES = frozenset({State.CONTAINED, State.RESOLVED, State.REVIEWED})
REMIND_EVERY = timedelta(days=1)
# A preventive action overdue for longer than this without a reminder (the beat was down)
# is not worth a late email: the RCA page shows it overdue.
OVERDUE_LOOKBACK = timedelta(days=7)


def rca_asked_at(e: Escalation) -> datetime | None:
    """When the author was first asked for the RCA: containment, or resolution without it."""
    if e.state not in RCA_STATES:
        return None
    stamps = [t for t in (e.contained_at, e.resolved_at) if t is not None]
    return min(stamps, default=None)


def rca_of(e: Escalation) -> Rca | None:
    """The escalation's RCA row, or None before the author opened it (one query)."""
    try:
        return e.rca
    except Rca.DoesNotExist:
        return None


def rca_full(e: Escalation) -> Rca | None:
    """The RCA with its timeline and preventive actions (three queries)."""
    return (
        Rca.objects.select_related("escalation")
        .prefetch_related("timeline", "preventive_actions")
        .filter(escalation=e)
        .first()
    )


def rca_closed_at(rca: Rca) -> datetime | None:
    """When the escalation closed (``Rca.progress``); None while anything is still open."""
    return rca.progress().closed_at


def preventive_progress(rca: Rca) -> tuple[int, int, int]:
    """(done, accepted as not doing, total) over the prefetched actions."""
    p = rca.progress()
    return p.done, p.not_doing, p.total


def rcas_owed(now: datetime) -> QuerySet[Escalation]:
    """Escalations whose RCA has been asked for a day or more and is neither complete nor
    dismissed: their authors are reminded daily (``escalations.outbox.rca_reminder``)."""
    settled = Rca.objects.filter(escalation=OuterRef("pk")).filter(
        Q(completed_at__isnull=False) | Q(dismissed_at__isnull=False)
    )
    return (
        Escalation.objects.filter(state__in=RCA_STATES)
        .annotate(
            asked=Least(
                Coalesce("contained_at", "resolved_at"), Coalesce("resolved_at", "contained_at")
            )
        )
        .filter(asked__lte=now - REMIND_EVERY)
        .exclude(Exists(settled))
        .select_related("owner")
    )


def preventive_overdue(now: datetime) -> QuerySet[PreventiveAction]:
    """Open preventive actions that passed their due time within the lookback (through
    ``preventive_open_due_idx``)."""
    return PreventiveAction.objects.filter(
        done_at__isnull=True,
        not_doing_at__isnull=True,
        due_at__lt=now,
        due_at__gte=now - OVERDUE_LOOKBACK,
    ).select_related("rca__escalation__owner")
