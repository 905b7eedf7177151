"""The author's settings forms."""

from __future__ import annotations

from django import forms

from escalations.models import time_zone_choices, validate_time_zone


class TimeZoneForm(forms.Form):
    time_zone = forms.ChoiceField(
        label="Your time zone",
        choices=time_zone_choices,
        validators=[validate_time_zone],
        help_text="Times you type and read in Upward are in this zone.",
    )
