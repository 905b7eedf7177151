"""The author's settings forms."""

from __future__ import annotations

from django import forms

from escalations.formfields import TextForm, TimeZoneField


class TimeZoneForm(TextForm):
    time_zone = TimeZoneField(
        label="Your time zone",
        help_text="Times you type and read in Upward are in this zone.",
    )


class ProfileForm(TextForm):
    """What readers see of the author (name, reply address) and the zone they work in."""

    display_name = forms.CharField(
        label="Your name",
        max_length=150,
        help_text="Signed under every pre-read, update and email: “Maria Lopez via Upward”.",
    )
    email = forms.EmailField(
        label="Your email",
        max_length=254,
        help_text="Executives' replies and your reminders go here.",
    )
    time_zone = TimeZoneField(
        label="Your time zone",
        help_text="Times you type and read in Upward are in this zone.",
    )

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError("Give the name readers should see.")
        return name
