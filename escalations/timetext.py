"""Times as people read them: one home for "12 min ago", "Wed 25 Nov 16:00 CET" and "14:00".

Every page, email and status page formats times through here, so a reader sees the same
wording everywhere. Instants are stored in UTC; the zone is an IANA name the person chose.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from escalations.models import zone_or_utc


def humanize_delta(delta: timedelta) -> str:
    """'less than a minute', '12 min', '3 h 5 min', '2 days' — short enough for a phone."""
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


def ago(value: datetime | None, now: datetime | None = None) -> str:
    """'12 min ago' for the past, 'in 40 min' for the future, 'never' for nothing."""
    if value is None:
        return "never"
    now = now or timezone.now()
    delta = now - value
    if abs(delta.total_seconds()) < 60:
        return "just now"
    text = humanize_delta(delta)
    return f"{text} ago" if delta.total_seconds() > 0 else f"in {text}"


def when(dt: datetime | None, tz_name: str) -> str:
    """'Wed 25 Nov 16:00 CET' in the reader's zone: short, unambiguous on a phone."""
    if dt is None:
        return ""
    try:
        local = dt.astimezone(zone_or_utc(tz_name))
    except (OverflowError, ValueError):  # a mistyped year being shown back to its author
        return dt.strftime("%d %b %Y %H:%M")
    return local.strftime("%a %d %b %H:%M ") + (local.tzname() or tz_name)


def when_both(dt: datetime | None, tz_name: str, other_tz: str | None, who: str = "") -> str:
    """The time in ``tz_name``, plus the other person's wall clock when their zone differs:
    'Wed 25 Nov 16:00 CET (10:00 EST for Priya)'."""
    text = when(dt, tz_name)
    if dt is None or not other_tz or other_tz == tz_name:
        return text
    theirs = when(dt, other_tz)
    if theirs == text:
        return text  # two names for one zone
    # "Wed 25 Nov" is the first ten characters: repeat the day only when it differs.
    short = theirs[11:] if theirs[:10] == text[:10] else theirs
    return f"{text} ({short}{f' for {who}' if who else ''})"


def clock(dt: datetime, tz_name: str | None) -> str:
    """'14:00' on the reader's wall clock."""
    return dt.astimezone(zone_or_utc(tz_name or "UTC")).strftime("%H:%M")


def in_zone(value: datetime | None, tz_name: str, fmt: str = "%a %d %b %H:%M") -> str:
    """The instant as wall-clock time in ``tz_name``, in any strftime format."""
    if value is None:
        return ""
    return value.astimezone(zone_or_utc(tz_name)).strftime(fmt)


def clock_or_day(dt: datetime | None, now: datetime | None = None) -> str:
    """ "19:51" today, "tomorrow 19:51", "yesterday 19:51", else "Wed 26 Nov 19:51", in the
    active zone: a time that is not today always says its day."""
    if dt is None:
        return ""
    now = now or timezone.now()
    local, today = timezone.localtime(dt), timezone.localtime(now).date()
    days = (local.date() - today).days
    if days == 0:
        return f"{local:%H:%M}"
    if days == 1:
        return f"tomorrow {local:%H:%M}"
    if days == -1:
        return f"yesterday {local:%H:%M}"
    return f"{local:%a} {local.day} {local:%b %H:%M}"
