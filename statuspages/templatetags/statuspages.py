"""Times on the public page and in the author's sharing panel.

The public page is rendered once and shared by every reader, so times are printed in UTC
inside ``<time datetime>``; static/js/statuspage.js rewrites them into the reader's own
zone, in the same format ("Thu 03 Dec 14:30", docs/time.md), and keeps the relative ones
("12 min ago") current. With JavaScript off, UTC it is. The page names its zone once.
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from escalations.timetext import ago, in_zone

register = template.Library()
UTC = zoneinfo.ZoneInfo("UTC")


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


@register.simple_tag
def sp_time(
    value: datetime | None, now: datetime, style: str = "datetime", named: bool = False
) -> SafeString:
    """An absolute time in the one format every page uses: "15:00" when it is today (style
    "time"), else "Mon 23 Nov 15:00" (``timetext``'s, zone left out: the page names it once,
    "Times in UTC."). ``named``: the header's times, which say their zone so a forwarded
    screenshot makes sense on its own ("15:00 UTC")."""
    if value is None:
        return SafeString("")
    utc, today = _utc(value), _utc(now)
    today_only = style == "time" and utc.date() == today.date()
    text = f"{utc:%H:%M}" if today_only else in_zone(utc, "UTC")
    if named:
        text += " UTC"
    return format_html(
        '<time datetime="{}" data-local="{}" title="{}">{}</time>',
        f"{utc:%Y-%m-%dT%H:%M:%SZ}",
        style,
        f"{utc:%Y-%m-%d %H:%M} UTC",
        text,
    )


@register.simple_tag
def sp_ago(value: datetime | None, now: datetime) -> SafeString:
    """A relative time ("12 min ago") the page's script keeps current."""
    if value is None:
        return SafeString("")
    utc = _utc(value)
    return format_html(
        '<time datetime="{}" data-relative title="{}">{}</time>',
        f"{utc:%Y-%m-%dT%H:%M:%SZ}",
        f"{utc:%Y-%m-%d %H:%M} UTC",
        ago(value, now),
    )


@register.filter
def link_status(link: object, now: datetime) -> str:
    """ "active", "expired" or "revoked" for the author's list."""
    if getattr(link, "revoked_at", None) is not None:
        return "revoked"
    expires_at = getattr(link, "expires_at", None)
    if expires_at is not None and now >= expires_at:
        return "expired"
    return "active"


@register.filter
def sp_late(action: object, now: datetime) -> bool:
    check = getattr(action, "is_late", None)
    return bool(check and check(now))


@register.filter
def sp_waiting(ask: object, now: datetime) -> datetime | None:
    """The decide-by time of an ask still unanswered past it, else None."""
    check = getattr(ask, "waiting_since", None)
    return check(now) if check else None
