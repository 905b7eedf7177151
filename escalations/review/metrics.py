"""Reads for reviewers looking back: per-escalation figures and per-month metrics.

Two shapes, both written to a fixed query budget:

* ``with_review_figures(qs)`` annotates any escalation queryset with the columns the admin
  changelist shows (time from detection to escalation, updates on time, open asks…) as
  correlated subqueries, so 10 rows or 10,000 cost the same number of queries.
* ``monthly_metrics(...)`` groups escalations by the month they were escalated in (a
  cohort: each row is "the escalations raised that month and everything that happened to
  them") in three queries, whatever the number of escalations. Medians are computed in
  Python from one narrow ``values_list`` so the page works on PostgreSQL and on the SQLite
  file ``make run`` uses.

"On time" follows the ``Update.was_due_at`` snapshot: an update is on time when nothing was
due yet (``was_due_at`` is null) or it was posted no later than the due time it answered.
An ask is decided on time when it was approved or declined (``DECIDED_STATUSES``; "Let's
discuss" decides nothing) with ``decided_at <= decide_by``; asks not decided whose deadline
has not passed yet are not judged at all. Decision entries in the timeline are the
executive's, not the author's updates, so they count neither way for updates on time.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from django.db.models import (
    Avg,
    Case,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from escalations.models import (
    DECIDED_STATUSES,
    OPEN_STATES,
    Ask,
    AskStatus,
    CauseCategory,
    CoachOverride,
    Escalation,
    Kind,
    Rca,
    State,
    Update,
    UpdateKind,
)

# Who may open the metrics page (reviewers have it; see migration 0003).
METRICS_PERMISSION = "escalations.view_escalation_metrics"

ON_TIME_UPDATE = Q(was_due_at__isnull=True) | Q(created_at__lte=F("was_due_at"))
DECIDED = Q(status__in=DECIDED_STATUSES, decided_at__isnull=False)
DECIDED_ON_TIME = DECIDED & Q(decided_at__lte=F("decide_by"))


def authors_updates() -> QuerySet[Update]:
    """The updates the author owed (decision entries are the executive's, not theirs)."""
    return Update.objects.exclude(kind=UpdateKind.DECISION)


def count_children(qs: QuerySet) -> Coalesce:
    """COUNT(*) of a correlated child queryset as a scalar subquery (0 when none)."""
    counted = (
        qs.order_by().values("escalation").annotate(n=Count("pk")).values("n")  # one group
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def with_review_figures(qs: QuerySet[Escalation]) -> QuerySet[Escalation]:
    """Annotate the figures a reviewer scans a list for, without per-row queries.

    ``escalation_delay`` (detection → escalation, a duration), ``updates_total``, ``updates_on_time``,
    ``updates_on_time_ratio`` (null without updates, sortable), ``has_open_asks`` and
    ``override_count``.
    """
    updates = authors_updates().filter(escalation=OuterRef("pk"))
    total = count_children(updates)
    on_time = count_children(updates.filter(ON_TIME_UPDATE))
    return qs.annotate(
        escalation_delay=ExpressionWrapper(
            F("escalated_at") - F("detected_at"), output_field=DurationField()
        ),
        updates_total=total,
        updates_on_time=on_time,
        has_open_asks=Exists(Ask.objects.filter(escalation=OuterRef("pk"), status=AskStatus.OPEN)),
        override_count=count_children(CoachOverride.objects.filter(escalation=OuterRef("pk"))),
        # One subquery, NULL when there is nothing to judge, so "no updates" never reads as
        # 0 % on time and sorting by it stays a single index scan per row.
        updates_on_time_ratio=Subquery(
            updates.order_by()
            .values("escalation")
            .annotate(
                r=Avg(
                    Case(
                        When(ON_TIME_UPDATE, then=Value(1.0)),
                        default=Value(0.0),
                        output_field=FloatField(),
                    )
                )
            )
            .values("r"),
            output_field=FloatField(),
        ),
    )


def stale_now(now: datetime) -> Q:
    """Open and past the promised next update time: what ``Escalation.is_stale`` says, in SQL."""
    return Q(state__in=OPEN_STATES, next_update_due_at__lt=now)


# --- per-month metrics ------------------------------------------------------------------


@dataclass
class Ratio:
    hits: int = 0
    total: int = 0

    @property
    def share(self) -> float | None:
        return self.hits / self.total if self.total else None

    @property
    def percent(self) -> int | None:
        share = self.share
        return None if share is None else round(share * 100)


@dataclass
class MonthMetrics:
    month: date  # the first day of the month, in the reviewer's zone
    by_kind: dict[str, int] = field(default_factory=dict)
    detection_to_escalation: list[timedelta] = field(default_factory=list)
    escalation_to_resolution: list[timedelta] = field(default_factory=list)
    updates: Ratio = field(default_factory=Ratio)
    asks: Ratio = field(default_factory=Ratio)

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())

    @property
    def median_detection_to_escalation(self) -> timedelta | None:
        return _median(self.detection_to_escalation)

    @property
    def median_time_to_resolution(self) -> timedelta | None:
        return _median(self.escalation_to_resolution)

    @property
    def resolved(self) -> int:
        return len(self.escalation_to_resolution)


@dataclass
class MetricsReport:
    months: list[MonthMetrics]
    overall: MonthMetrics
    time_zone: str
    start: date
    end: date  # first day of the last month included


def _median(values: list[timedelta]) -> timedelta | None:
    if not values:
        return None
    seconds = statistics.median(v.total_seconds() for v in values)
    return timedelta(seconds=round(seconds))


def month_start(d: date) -> date:
    return d.replace(day=1)


def add_months(d: date, n: int) -> date:
    index = d.year * 12 + (d.month - 1) + n
    return date(index // 12, index % 12 + 1, 1)


def months_between(start: date, end: date) -> list[date]:
    months = []
    current = month_start(start)
    while current <= end:
        months.append(current)
        current = add_months(current, 1)
    return months


def escalated_in_months(
    *, start: date, end: date, tz: tzinfo, queryset: QuerySet[Escalation] | None = None
) -> QuerySet[Escalation]:
    """Escalations whose ``escalated_at`` falls from the first of ``start``'s month to the
    end of ``end``'s month, months being read in ``tz``."""
    lower = datetime.combine(month_start(start), datetime.min.time(), tzinfo=tz)
    upper = datetime.combine(add_months(month_start(end), 1), datetime.min.time(), tzinfo=tz)
    base = queryset if queryset is not None else Escalation.objects.all()
    return base.filter(escalated_at__gte=lower, escalated_at__lt=upper)


@dataclass
class CloserLook:
    slowest_to_escalate: list[Escalation]
    least_punctual: list[Escalation]
    awaiting_review: list[Escalation]


def worth_a_closer_look(
    *,
    start: date,
    end: date,
    tz: tzinfo,
    limit: int = 5,
    queryset: QuerySet[Escalation] | None = None,
) -> CloserLook:
    """The escalations a reviewer should open first, in three queries.

    The slowest from detection to escalation, the ones whose updates were least often on
    time, and the resolved ones nobody has reviewed yet (oldest resolution first).
    """
    # Typed loosely: django-stubs cannot see the annotations filtered on below.
    qs: QuerySet = with_review_figures(
        escalated_in_months(start=start, end=end, tz=tz, queryset=queryset)
    ).select_related("owner")
    return CloserLook(
        slowest_to_escalate=list(
            qs.filter(escalation_delay__gt=timedelta(0)).order_by("-escalation_delay")[:limit]
        ),
        least_punctual=list(
            qs.filter(updates_total__gt=0, updates_on_time_ratio__lt=1).order_by(
                "updates_on_time_ratio", "-updates_total"
            )[:limit]
        ),
        awaiting_review=list(qs.filter(state=State.RESOLVED).order_by("resolved_at")[:limit]),
    )


@dataclass(frozen=True)
class RecurringCause:
    category: str  # CauseCategory label
    count: int
    titles: list[str]


def recurring_causes(
    *, start: date, end: date, tz: tzinfo, queryset: QuerySet[Escalation] | None = None
) -> list[RecurringCause]:
    """Kinds of confirmed cause found by two or more completed RCAs of escalations raised in
    the period, most frequent first: what keeps coming back. One query."""
    rows = (
        Rca.objects.filter(
            completed_at__isnull=False,
            escalation__in=escalated_in_months(
                start=start, end=end, tz=tz, queryset=queryset
            ).values("pk"),
        )
        .exclude(cause_category="")
        .order_by("escalation__escalated_at")
        .values_list("cause_category", "escalation__title")
    )
    grouped: dict[str, list[str]] = {}
    for category, title in rows:
        grouped.setdefault(category, []).append(title)
    return sorted(
        (
            RecurringCause(CauseCategory(c).label, len(titles), titles)
            for c, titles in grouped.items()
            if len(titles) >= 2
        ),
        key=lambda r: (-r.count, r.category),
    )


def monthly_metrics(
    *,
    start: date,
    end: date,
    tz: tzinfo | None = None,
    now: datetime | None = None,
    queryset: QuerySet[Escalation] | None = None,
) -> MetricsReport:
    """Metrics for every month from ``start`` to ``end`` (inclusive), months in ``tz``.

    Escalations count in the month their ``escalated_at`` falls in (drafts never count);
    their updates and asks count in the same row, wherever in time they happened. Months
    with no escalations are present with zeros so charts keep an honest time axis.
    Three queries: escalations, updates grouped by escalation, asks grouped by escalation.
    """
    tz = tz or timezone.get_current_timezone()
    now = now or timezone.now()
    start, end = month_start(start), month_start(end)
    escalations = escalated_in_months(start=start, end=end, tz=tz, queryset=queryset)

    months = {
        m: MonthMetrics(month=m, by_kind=dict.fromkeys(Kind.values, 0))
        for m in months_between(start, end)
    }
    overall = MonthMetrics(month=start, by_kind=dict.fromkeys(Kind.values, 0))
    month_of: dict[int, date] = {}

    rows = escalations.order_by().values_list(
        "pk", "kind", "detected_at", "escalated_at", "resolved_at"
    )
    for pk, kind, detected_at, escalated_at, resolved_at in rows:
        assert escalated_at is not None  # noqa: S101 - filtered above
        local = escalated_at.astimezone(tz)
        m = months[date(local.year, local.month, 1)]
        month_of[pk] = m.month
        for bucket in (m, overall):
            bucket.by_kind[kind] = bucket.by_kind.get(kind, 0) + 1
            if detected_at is not None and detected_at <= escalated_at:
                bucket.detection_to_escalation.append(escalated_at - detected_at)
            if resolved_at is not None:
                bucket.escalation_to_resolution.append(resolved_at - escalated_at)

    update_counts = (
        authors_updates()
        .filter(escalation__in=escalations.values("pk"))
        .order_by()
        .values("escalation")
        .annotate(total=Count("pk"), in_time=Count("pk", filter=ON_TIME_UPDATE))
        .values_list("escalation", "total", "in_time")
    )
    for escalation_id, total, on_time in update_counts:
        for bucket in (months[month_of[escalation_id]], overall):
            bucket.updates.total += total
            bucket.updates.hits += on_time

    # An ask is judged once it is decided or its deadline has passed; before that it
    # could still be decided on time, so it counts neither way.
    ask_counts = (
        Ask.objects.filter(escalation__in=escalations.values("pk"))
        .filter(DECIDED | Q(decide_by__lt=now))
        .order_by()
        .values("escalation")
        .annotate(total=Count("pk"), in_time=Count("pk", filter=DECIDED_ON_TIME))
        .values_list("escalation", "total", "in_time")
    )
    for escalation_id, total, on_time in ask_counts:
        for bucket in (months[month_of[escalation_id]], overall):
            bucket.asks.total += total
            bucket.asks.hits += on_time

    zone_name = getattr(tz, "key", None) or str(tz)
    return MetricsReport(
        months=list(months.values()), overall=overall, time_zone=zone_name, start=start, end=end
    )
