"""Small, shared template helpers for times as people read them."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import template
from django.utils import timezone

from escalations.models import zone_or_utc

register = template.Library()


def humanize_delta(delta: timedelta) -> str:
    """'just now', '12 min', '3 h 5 min', '2 days' — short enough for a phone."""
    seconds = int(abs(delta.total_seconds()))
    if seconds < 60:
        return "less than a minute"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    unit = "day" if days == 1 else "days"
    return f"{days} {unit} {hours} h" if hours and days < 3 else f"{days} {unit}"


@register.filter
def duration(delta: timedelta | None) -> str:
    return "" if delta is None else humanize_delta(delta)


@register.filter
def ago(value: datetime | None, now: datetime | None = None) -> str:
    """'12 min ago' for the past, 'in 40 min' for the future."""
    if value is None:
        return "never"
    now = now or timezone.now()
    delta = now - value
    if abs(delta.total_seconds()) < 60:
        return "just now"
    text = humanize_delta(delta)
    return f"{text} ago" if delta.total_seconds() > 0 else f"in {text}"


@register.simple_tag
def in_zone(value: datetime | None, tz_name: str, fmt: str = "%a %d %b %H:%M") -> str:
    """The instant as wall-clock time in ``tz_name`` (an IANA name)."""
    if value is None:
        return ""
    return value.astimezone(zone_or_utc(tz_name)).strftime(fmt)


@register.filter
def is_stale(escalation: object, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    check = getattr(escalation, "is_stale", None)
    return bool(check and check(now))


@register.filter
def overdue_by(escalation: object, now: datetime | None = None) -> str:
    now = now or timezone.now()
    fn = getattr(escalation, "overdue_by", None)
    delta = fn(now) if fn else None
    return humanize_delta(delta) if delta else ""


@register.filter(name="markdown")
def markdown_filter(text: str | None) -> str:
    """Author Markdown rendered through nh3's allowlist (see escalations.markdown)."""
    from escalations.markdown import render_markdown

    return render_markdown(text or "")
