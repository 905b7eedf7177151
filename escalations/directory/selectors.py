"""Reads of the directory: the choices triage offers, finding who was typed, and each
executive's history for reviewers."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, QuerySet

from escalations.models import Ask, AskStatus, Executive

_SPACES = re.compile(r"\s+")


def option_label(executive: Executive) -> str:
    """How an entry reads in the triage list and back in the field: unique, because the
    address is ("Priya Raman, CTO <priya@example.com>")."""
    return f"{executive} <{executive.email}>"


def _norm(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


def executive_choices() -> QuerySet[Executive]:
    return Executive.objects.order_by("name", "pk")


@dataclass(frozen=True)
class Found:
    executive: Executive | None
    # When nobody matched exactly: entries whose name, title or address contain the text.
    near: list[Executive]
    # Several entries share the typed name: the author must pick by address.
    ambiguous: bool = False


def executive_find(text: str) -> Found:
    """Who the author meant by what they typed in the executive field: a list label
    (name, title and address), a bare address, or a name that only one entry has."""
    typed = _norm(text)
    if not typed:
        return Found(None, [])
    address = re.search(r"<([^<>\s]+@[^<>\s]+)>\s*$", text)
    email = (address.group(1) if address else text).strip()
    if "@" in email:
        found = Executive.objects.filter(email__iexact=email).first()
        if found is not None:
            return Found(found, [])
    by_name = [x for x in executive_choices() if _norm(x.name) in (typed, _norm(str(x)))]
    if len(by_name) == 1:
        return Found(by_name[0], [])
    if len(by_name) > 1:
        return Found(None, by_name, ambiguous=True)
    near = [
        x
        for x in executive_choices()
        if typed in _norm(x.name) or typed in _norm(x.title) or typed in x.email.casefold()
    ]
    return Found(None, near[:5])


# --- history, for reviewers ------------------------------------------------------------------


@dataclass(frozen=True)
class History:
    escalations: int
    decided: int
    median_to_decide: timedelta | None
    waited_past_decide_by: int


def _median(values: list[timedelta]) -> timedelta | None:
    if not values:
        return None
    seconds = statistics.median(v.total_seconds() for v in values)
    return timedelta(seconds=seconds)


def histories(executives: list[Executive], now: datetime) -> dict[int, History]:
    """Per executive: escalations addressed to them, how fast they decided (median from the
    ask reaching them, at escalation, to the decision) and how many asks waited past their
    decide-by (answered late, or still open after it). Two queries for any number."""
    ids = [x.pk for x in executives]
    counts: dict[int, int] = dict.fromkeys(ids, 0)
    counts.update(
        Executive.objects.filter(pk__in=ids).annotate(n=Count("escalations")).values_list("pk", "n")
    )
    waits: dict[int, list[timedelta]] = {i: [] for i in ids}
    late: dict[int, int] = dict.fromkeys(ids, 0)
    asks = Ask.objects.filter(
        escalation__executive_id__in=ids, escalation__escalated_at__isnull=False
    ).values_list(
        "escalation__executive_id", "escalation__escalated_at", "status", "decided_at", "decide_by"
    )
    for executive_id, posted, status, decided_at, decide_by in asks:
        decided = status in (AskStatus.APPROVED, AskStatus.DECLINED)
        if decided and decided_at is not None and posted is not None:
            waits[executive_id].append(max(decided_at - posted, timedelta(0)))
            if decided_at > decide_by:
                late[executive_id] += 1
        elif decide_by < now:
            late[executive_id] += 1
    return {
        i: History(
            escalations=counts[i],
            decided=len(waits[i]),
            median_to_decide=_median(waits[i]),
            waited_past_decide_by=late[i],
        )
        for i in ids
    }
