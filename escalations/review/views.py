"""The metrics page in the admin: how fast escalations were raised, updated and resolved.

Reached from the admin index and the escalation list; staff with the
``escalations.view_escalation_metrics`` permission only (the "Reviewers" group has it).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Min
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from escalations.models import Escalation, Kind
from escalations.review import charts
from escalations.review.metrics import (
    METRICS_PERMISSION,
    MonthMetrics,
    add_months,
    month_start,
    monthly_metrics,
    recurring_causes,
    worth_a_closer_look,
)
from escalations.selectors import escalations_reviewable_by, teams_reviewable_by
from escalations.timetext import humanize_delta

DEFAULT_MONTHS = 12


def _parse_month(value: str | None) -> date | None:
    """``2026-07`` (what ``<input type="month">`` sends) → 1 July 2026; None if unreadable."""
    if not value:
        return None
    try:
        year, month = (int(p) for p in value.split("-", 1))
        # Far years are typos, and month arithmetic near year 9999 would overflow.
        return date(year, month, 1) if 2000 <= year <= 2100 else None
    except ValueError:
        return None


def _quarters(today: date, count: int = 4) -> list[tuple[str, date, date]]:
    """The current quarter and the ones before it, as (label, first month, last month)."""
    first = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    out = []
    for i in range(count):
        start = add_months(first, -3 * i)
        out.append((f"Q{(start.month - 1) // 3 + 1} {start.year}", start, add_months(start, 2)))
    return out


def _duration_chart(label: str, labels: list[str], values: list[timedelta | None]) -> str:
    seconds = [v.total_seconds() if v is not None else None for v in values]
    per, unit = charts.duration_scale(max((s for s in seconds if s is not None), default=0))
    scaled = [s / per if s is not None else None for s in seconds]
    return charts.bars(
        label=label,
        labels=labels,
        values=scaled,
        value_fmt=lambda v: f"{v:g} {unit}",
        label_fmt=lambda v: humanize_delta(timedelta(seconds=v * per)),
        color="#0072B2",
        empty_text="nothing to measure",
    )


def _percent_chart(label: str, labels: list[str], values: list[float | None], target: int) -> str:
    return charts.bars(
        label=label,
        labels=labels,
        values=[v * 100 if v is not None else None for v in values],
        value_fmt=lambda v: f"{v:.0f} %",
        color="#009E73",
        y_max=100,
        target=target,
        target_label=f"target {target} %",
        empty_text="nothing due",
    )


@require_GET
def metrics_view(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm(METRICS_PERMISSION):
        raise PermissionDenied
    today = timezone.localdate()
    errors = []
    # Only the escalations this person reviews: their teams' (all for a superuser), or one
    # of those teams when picked.
    scope = escalations_reviewable_by(request.user)
    teams = list(teams_reviewable_by(request.user))
    team = next((t for t in teams if t.slug == request.GET.get("team")), None)
    if request.GET.get("team") and team is None:
        errors.append(f"“{request.GET['team']}” is not a team you review; showing all of yours.")
    if team is not None:
        scope = scope.filter(team=team)
    end = _parse_month(request.GET.get("end"))
    start = _parse_month(request.GET.get("start"))
    if request.GET.get("end") and end is None:
        errors.append(f"“{request.GET['end']}” is not a month; use YYYY-MM.")
    if request.GET.get("start") and start is None:
        errors.append(f"“{request.GET['start']}” is not a month; use YYYY-MM.")
    end = end or month_start(today)
    if start is None:
        # The last twelve months, without the empty ones before the first escalation.
        start = add_months(end, -(DEFAULT_MONTHS - 1))
        first = scope.aggregate(first=Min("escalated_at"))["first"]
        if first is not None:
            local = timezone.localtime(first).date()
            start = min(max(start, month_start(local)), end)
    if start > end:
        errors.append("The first month is after the last one; showing them swapped.")
        start, end = end, start
    if (end.year - start.year) * 12 + end.month - start.month >= 60:
        errors.append("At most five years at a time; showing the last five years of the range.")
        start = add_months(end, -59)

    tz = timezone.get_current_timezone()
    report = monthly_metrics(start=start, end=end, tz=tz, queryset=scope)
    closer = worth_a_closer_look(start=start, end=end, tz=tz, queryset=scope)
    recurring = recurring_causes(start=start, end=end, tz=tz, queryset=scope)
    months: list[MonthMetrics] = report.months
    labels = [m.month.strftime("%b ’%y") for m in months]
    kinds = list(Kind)
    drawn = {
        "by_kind": charts.stacked_bars(
            label="Escalations per month, by kind",
            labels=labels,
            series=[
                charts.Series(
                    name=k.label, values=[m.by_kind.get(k.value, 0) for m in months], color=c
                )
                for k, c in zip(kinds, charts.PALETTE, strict=False)
            ],
        ),
        "detection": _duration_chart(
            "Median time from detection to escalation",
            labels,
            [m.median_detection_to_escalation for m in months],
        ),
        "updates": _percent_chart(
            "Share of updates on time", labels, [m.updates.share for m in months], 90
        ),
        "resolution": _duration_chart(
            "Median time from escalation to resolution",
            labels,
            [m.median_time_to_resolution for m in months],
        ),
        "asks": _percent_chart(
            "Share of asks decided before their deadline",
            labels,
            [m.asks.share for m in months],
            80,
        ),
    }
    changelist = "admin:escalations_escalation_changelist"
    context = {
        **admin.site.each_context(request),
        "title": "Escalation metrics",
        "subtitle": None,
        "opts": Escalation._meta,
        "report": report,
        "closer": closer,
        "recurring": recurring,
        "months": months,
        "overall": report.overall,
        "kinds": kinds,
        "charts": drawn,
        "errors": errors,
        "start": start,
        "end": end,
        "quarters": _quarters(today),
        "teams": teams,
        "team": team,
        "changelist": changelist,
        "table": [(m, [m.by_kind.get(k.value, 0) for k in kinds]) for m in months],
        "overall_counts": [report.overall.by_kind.get(k.value, 0) for k in kinds],
    }
    return render(request, "admin/escalations/metrics.html", context)
