"""Template filters that format times and Markdown; the wording lives in escalations.timetext."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString

from escalations import timetext
from escalations.markdown import render_markdown
from escalations.models import time_zone_choices

register = template.Library()


@register.filter
def duration(delta: timedelta | None) -> str:
    return "" if delta is None else timetext.humanize_delta(delta)


@register.filter
def ago(value: datetime | None, now: datetime | None = None) -> str:
    """'12 min ago' for the past, 'in 40 min' for the future."""
    return timetext.ago(value, now)


@register.inclusion_tag("escalations/time_zone_datalist.html")
def time_zone_list() -> dict[str, object]:
    """The one <datalist> of zones a page's zone boxes share (formfields.TimeZoneInput)."""
    return {"time_zone_names": [value for value, _ in time_zone_choices()]}


@register.simple_tag
def in_zone(value: datetime | None, tz_name: str, fmt: str = "%a %d %b %H:%M") -> str:
    """The instant as wall-clock time in ``tz_name`` (an IANA name)."""
    return timetext.in_zone(value, tz_name, fmt)


@register.filter
def is_stale(escalation: object, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    check = getattr(escalation, "is_stale", None)
    return bool(check and check(now))


@register.filter
def actions_overdue(escalation: object, now: datetime | None = None) -> int:
    """How many of the escalation's actions are past due and not done."""
    fn = getattr(escalation, "actions_overdue", None)
    return len(fn(now or timezone.now())) if fn else 0


@register.filter
def overdue_by(escalation: object, now: datetime | None = None) -> str:
    now = now or timezone.now()
    fn = getattr(escalation, "overdue_by", None)
    delta = fn(now) if fn else None
    return timetext.humanize_delta(delta) if delta else ""


@register.filter(name="markdown")
def markdown_filter(text: str | None) -> SafeString:
    """Author Markdown rendered through nh3's allowlist (see escalations.markdown)."""
    return render_markdown(text or "")


@register.filter
def clock_or_day(value: datetime | None, now: datetime | None = None) -> str:
    """ "19:51" today, "tomorrow 19:51" or "Wed 26 Nov 19:51" otherwise."""
    return timetext.clock_or_day(value, now)
