"""Validation for the author's share-link form; no side effects."""

from __future__ import annotations

from datetime import datetime

from django import forms

from escalations.decisions.services import NOTE_MAX_LENGTH
from escalations.formfields import TextForm
from escalations.models import DECISION_SLUGS, SubscriptionMode, time_zone_choices
from escalations.subscriptions.throttle import validate_subscriber_domain

from .models import Audience
from .services import EXPIRY_CHOICES, EXPIRY_LIFETIMES


class ShareLinkForm(TextForm):
    label = forms.CharField(
        max_length=80,
        label="Who is it for?",
        help_text="Only you see this, e.g. “CTO” or “#inc-payments”.",
        error_messages={"required": "Give the link a label so you can tell links apart later."},
    )
    expires = forms.ChoiceField(
        label="Works for",
        choices=[(key, label) for key, label, _ in EXPIRY_CHOICES],
        initial="never",
    )
    audience = forms.ChoiceField(
        label="Who can open it",
        choices=Audience.choices,
        initial=Audience.ANYONE,
        widget=forms.RadioSelect,
        help_text="Colleagues only: someone who is not signed in is asked to sign in first.",
        # A form from before the choice existed posts none: the link is for anyone, as then.
        required=False,
    )

    def clean_audience(self) -> str:
        return self.cleaned_data.get("audience") or Audience.ANYONE

    def clean_label(self) -> str:
        label = self.cleaned_data["label"].strip()
        if not label:
            raise forms.ValidationError("Give the link a label so you can tell links apart later.")
        return label

    def expires_at(self, now: datetime) -> datetime | None:
        lifetime = EXPIRY_LIFETIMES[self.cleaned_data["expires"]]
        return None if lifetime is None else now + lifetime


class ExecutiveDecisionForm(TextForm):
    """The executive's answer on the confirmation page: which one, and an optional note."""

    decision = forms.ChoiceField(
        choices=[(slug, choice.label) for slug, choice in DECISION_SLUGS.items()],
        error_messages={
            "required": "Choose Approve, Decline or Let's discuss.",
            "invalid_choice": "Choose Approve, Decline or Let's discuss.",
        },
    )
    # A choose-between ask: which option (1-based, as listed); the view checks the range.
    option = forms.IntegerField(required=False, min_value=1, max_value=20)
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": "Keep the note under %(limit_value)d characters (this one has "
            "%(show_value)d)."
        },
    )


class SubscribeForm(TextForm):
    """Anyone with the link: an address to confirm."""

    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        error_messages={
            "required": "Type the address the updates should go to.",
            "invalid": "That does not look like an email address (name@example.com).",
        },
        validators=[validate_subscriber_domain],
    )
    # Filled in by the page's script from the browser's zone; UTC without JavaScript.
    time_zone = forms.CharField(required=False, max_length=64)


class ExecutiveEmailForm(TextForm):
    """The executive's choice: every update, a daily digest at a local time, or none."""

    mode = forms.ChoiceField(
        label="Email me",
        choices=SubscriptionMode.choices,
        widget=forms.RadioSelect,
    )
    digest_at = forms.TimeField(
        label="Digest time",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    time_zone = forms.ChoiceField(label="Time zone", choices=time_zone_choices)

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("mode") == SubscriptionMode.DIGEST and data.get("digest_at") is None:
            self.add_error("digest_at", "Pick the time the daily digest should arrive, e.g. 08:00.")
        return data
