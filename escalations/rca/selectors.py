"""Reads about RCAs that views, the reminder scan and the admin share."""

from __future__ import annotations

import re
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
    dismissed: their authors are reminded daily (``escalations.rca.reminders``)."""
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


# --- learning from the past -----------------------------------------------------------------

_WORD = re.compile(r"[a-z0-9][a-z0-9'-]{2,}")
# Words every title has: they make everything look similar.
_COMMON = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "from",
        "our",
        "their",
        "this",
        "that",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "not",
        "all",
        "into",
        "after",
        "before",
        "over",
        "under",
        "down",
        "outage",
        "incident",
        "issue",
        "problem",
        "slip",
        "delay",
        "failure",
        "failed",
        "failing",
        "broken",
        "error",
        "errors",
    ]
)


def title_words(title: str) -> set[str]:
    return {w for w in _WORD.findall(title.lower()) if w not in _COMMON}


SIMILAR_LIMIT = 3


def similar_past(e: Escalation, *, limit: int = SIMILAR_LIMIT) -> list[Escalation]:
    """Past escalations of the same kind with a finished RCA, the ones sharing most words
    with this title first, offered as reading to an author starting a new one. Only the
    author's own and, for reviewers, what they may see: the caller passes the visible
    queryset's owner filter through ``Escalation.owner`` (see views)."""
    words = title_words(e.title)
    if not words:
        return []
    match = Q()
    for w in words:
        match |= Q(title__icontains=w)
    candidates = (
        Escalation.objects.filter(kind=e.kind, owner_id=e.owner_id, rca__completed_at__isnull=False)
        .exclude(pk=e.pk)
        .filter(match)
        .select_related("rca")
        .order_by("-resolved_at")[:50]
    )
    scored = sorted(
        ((len(words & title_words(c.title)), c) for c in candidates),
        key=lambda pair: -pair[0],
    )
    return [c for score, c in scored if score > 0][:limit]
