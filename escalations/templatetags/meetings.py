"""Formatting for the 1:1 panel (its data comes from escalations.meetings.panels)."""

from __future__ import annotations

from datetime import datetime

from django import template

from escalations.models import Meeting, zone_or_utc

register = template.Library()


@register.filter
def meeting_local(m: Meeting, tz_name: str) -> datetime:
    """The 1:1's start on ``tz_name``'s wall clock."""
    return m.starts_at.astimezone(zone_or_utc(tz_name))
