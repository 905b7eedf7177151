"""Forms for the 1:1 panel and the cadence panel: validation only, no side effects."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime, time, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from escalations import cadence
from escalations.formfields import TextForm, TimeZoneField, TimeZoneInput
from escalations.models import Escalation, MeetingOutcome
from escalations.wizard.forms import validate_sane_year

LOCAL_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S")


class LocalDateTimeField(forms.Field):
    """A wall-clock date and time, kept naive: the form applies the zone chosen next to it
    (not the browser's, not the server's)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def to_python(self, value: Any) -> datetime | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)
        for fmt in LOCAL_FORMATS:
            try:
                return datetime.strptime(str(value).strip(), fmt)  # noqa: DTZ007 - wall clock
            except ValueError:
                continue
        raise ValidationError("Enter a date and a time, for example 2027-03-29 09:00.")


def to_utc(local: datetime, tz_name: str) -> datetime:
    """Wall-clock time in ``tz_name`` → an aware UTC instant; refuses times the clocks skip."""
    validate_sane_year(local)
    tz = zoneinfo.ZoneInfo(tz_name)
    aware = local.replace(tzinfo=tz)
    if aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != local:
        raise ValidationError(
            f"{local:%H:%M} does not exist on {local:%d %b %Y} in {tz_name}: the clocks go "
            "forward then. Pick another time."
        )
    return aware.astimezone(UTC)


class MeetingTimeForm(TextForm):
    starts_at_local = LocalDateTimeField(label="Date and time")
    time_zone = TimeZoneField(label="Time zone", widget=TimeZoneInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        local, tz = data.get("starts_at_local"), data.get("time_zone")
        if local is not None and tz:
            try:
                data["starts_at"] = to_utc(local, tz)
            except ValidationError as exc:
                self.add_error("starts_at_local", exc)
        return data


# The executive's waking hours a 1:1 is expected within (their own zone).
WORKING_HOURS = (time(7, 0), time(20, 0))


class MeetingScheduleForm(MeetingTimeForm):
    def __init__(self, *args: Any, executive_zone: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_sched_%s")
        super().__init__(*args, **kwargs)
        # The executive's zone is their directory entry's (docs/guide.md).
        self.executive_zone = executive_zone

    duration_minutes = forms.IntegerField(
        label="Length (minutes)", min_value=10, max_value=240, initial=30
    )
    video_link = forms.URLField(label="Video link", required=False, assume_scheme="https")
    outside_hours_ok = forms.BooleanField(
        label="Book it even if it is outside 07:00–20:00 for the executive",
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        """A time the executive would be asleep for is asked about, not booked silently."""
        data = super().clean()
        starts, exec_tz = data.get("starts_at"), self.executive_zone
        # A time already past is refused by the service with its own reason.
        if starts and starts > timezone.now() and exec_tz and not data.get("outside_hours_ok"):
            local = starts.astimezone(zoneinfo.ZoneInfo(exec_tz))
            if not WORKING_HOURS[0] <= local.time() <= WORKING_HOURS[1]:
                self.add_error(
                    "starts_at_local",
                    f"That is {local:%a %H:%M} for the executive ({exec_tz}), outside "
                    "07:00–20:00. Pick another time, or tick “Book it even if it is outside "
                    "07:00–20:00”.",
                )
        return data


class MeetingOutcomeForm(TextForm):
    outcome = forms.ChoiceField(
        label="How did it go?",
        choices=[c for c in MeetingOutcome.choices if c[0] != MeetingOutcome.PENDING],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the 1:1 went."},
    )
    agreed = forms.CharField(
        label="What was agreed or decided (goes into the written follow-up)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text="e.g. “Approved the second processor; Maya briefs the board on Friday.”",
    )
    notes = forms.CharField(
        label="Notes for yourself (never emailed)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
    )


class FollowupForm(TextForm):
    subject = forms.CharField(max_length=300)
    body = forms.CharField(
        label="Follow-up (Markdown)",
        widget=forms.Textarea(attrs={"rows": 14}),
        max_length=20000,
        error_messages={"required": "The follow-up is empty."},
    )


class PrereadResendForm(TextForm):
    """ "Send the pre-read again"; the box matters only when the first may have arrived."""

    confirm = forms.BooleanField(required=False)


INTERVAL_CHOICES = [
    ("", "The policy for this kind"),
    ("15", "Every 15 minutes"),
    ("30", "Every 30 minutes"),
    ("60", "Every hour"),
    ("120", "Every 2 hours"),
    ("240", "Every 4 hours"),
    ("720", "Every 12 hours"),
    ("1440", "Every day"),
]


class CadenceForm(TextForm):
    interval = forms.ChoiceField(label="Update at least", choices=INTERVAL_CHOICES, required=False)
    daily_at = forms.TimeField(
        label="Or every day at",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text="Replaces a daily or slower rhythm; an hourly incident cadence stays hourly.",
    )
    time_zone = TimeZoneField(label="in time zone", widget=TimeZoneInput)

    def __init__(self, *args: Any, escalation: Escalation, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_cad_%s")
        super().__init__(*args, **kwargs)
        self.escalation = escalation

    def clean_interval(self) -> timedelta | None:
        raw = self.cleaned_data.get("interval")
        if not raw:
            return None
        chosen = timedelta(minutes=int(raw))
        slowest = max(cadence.policy_intervals(self.escalation.kind))
        if chosen >= slowest:
            raise ValidationError(
                f"That is not stricter than the policy for this kind (every "
                f"{cadence._human(slowest)}). Choose a shorter interval or keep the policy."
            )
        return chosen

    def clean_daily_at(self) -> time | None:
        value = self.cleaned_data.get("daily_at")
        return value.replace(second=0, microsecond=0) if value else None
