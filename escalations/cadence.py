"""When is the next update owed? The one function every writer calls.

docs/cadence.md: major incidents hourly until contained, then daily; schedule slips daily;
technical debt weekly. Admins tune the intervals per kind (``CadencePolicy``); the author
may only make them *stricter*: a shorter interval (the shorter of the two wins), or a fixed
daily time ("every day at 09:00" in their zone), which replaces a daily-or-slower rhythm
but never an hourly one.
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime, time, timedelta

from escalations.models import DEFAULT_CADENCE, CadencePolicy, Escalation, State

# A fixed daily time must not fall due minutes after an update was posted: the update at
# 08:50 answers today's 09:00, so the next one is owed tomorrow.
DAILY_GRACE = timedelta(hours=1)


def policy_intervals(kind: str, policy: CadencePolicy | None = None) -> tuple[timedelta, timedelta]:
    """(until contained, after contained) for a kind, from the table or the defaults in docs/cadence.md."""
    if policy is None:
        policy = CadencePolicy.objects.filter(kind=kind).first()
    if policy is not None:
        return policy.interval_until_contained, policy.interval_after_contained
    return DEFAULT_CADENCE.get(kind, (timedelta(days=1), timedelta(days=1)))


def next_daily_time(after: datetime, at: time, tz_name: str) -> datetime:
    """The first wall-clock ``at`` in ``tz_name`` later than ``after + DAILY_GRACE``, in UTC.

    Built on local dates, so a daylight-saving change keeps "09:00" at 09:00 local.
    """
    tz = zoneinfo.ZoneInfo(tz_name)
    earliest = (after + DAILY_GRACE).astimezone(tz)
    candidate = datetime.combine(earliest.date(), at, tzinfo=tz)
    if candidate <= earliest:
        candidate = datetime.combine(earliest.date() + timedelta(days=1), at, tzinfo=tz)
    return candidate.astimezone(zoneinfo.ZoneInfo("UTC"))


def current_interval(escalation: Escalation, policy: CadencePolicy | None = None) -> timedelta:
    until_contained, after_contained = policy_intervals(escalation.kind, policy)
    interval = until_contained if escalation.state == State.ESCALATED else after_contained
    if escalation.cadence_interval is not None:
        interval = min(interval, escalation.cadence_interval)
    return interval


def next_update_due(
    escalation: Escalation, *, after: datetime, policy: CadencePolicy | None = None
) -> datetime | None:
    """When the next update is owed, counting from ``after`` (the last update or change).

    None when nothing is owed: a draft, or a resolved escalation.
    """
    if not escalation.is_open:
        return None
    interval = current_interval(escalation, policy)
    if escalation.cadence_daily_at is not None and interval >= timedelta(days=1):
        # "Every morning at 09:00 until resolved" replaces a daily-or-slower rhythm; an
        # hourly incident cadence is never loosened by it.
        return next_daily_time(after, escalation.cadence_daily_at, escalation.cadence_time_zone)
    return after + interval


def describe(escalation: Escalation, policy: CadencePolicy | None = None) -> str:
    """A reader-facing summary, e.g. "every 1 hour until contained, then daily"."""
    until_contained, after_contained = policy_intervals(escalation.kind, policy)
    if escalation.cadence_interval is not None:
        until_contained = min(until_contained, escalation.cadence_interval)
        after_contained = min(after_contained, escalation.cadence_interval)
    text = (
        f"every {_human(until_contained)}"
        if until_contained == after_contained
        else f"every {_human(until_contained)} until contained, then every {_human(after_contained)}"
    )
    if escalation.cadence_daily_at is not None:
        text += f", and at least daily at {escalation.cadence_daily_at:%H:%M} ({escalation.cadence_time_zone})"
    return text


def _human(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    if seconds % 604800 == 0:
        n, unit = seconds // 604800, "week"
    elif seconds % 86400 == 0:
        n, unit = seconds // 86400, "day"
    elif seconds % 3600 == 0:
        n, unit = seconds // 3600, "hour"
    else:
        n, unit = seconds // 60, "minute"
    return f"{n} {unit}" + ("" if n == 1 else "s")
