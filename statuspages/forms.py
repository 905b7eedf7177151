"""Validation for the author's share-link form; no side effects."""

from __future__ import annotations

from datetime import datetime

from django import forms

from escalations.textinput import TextLimitsMixin

from .services import EXPIRY_CHOICES, EXPIRY_LIFETIMES


class ShareLinkForm(TextLimitsMixin, forms.Form):
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

    def clean_label(self) -> str:
        label = self.cleaned_data["label"].strip()
        if not label:
            raise forms.ValidationError("Give the link a label so you can tell links apart later.")
        return label

    def expires_at(self, now: datetime) -> datetime | None:
        lifetime = EXPIRY_LIFETIMES[self.cleaned_data["expires"]]
        return None if lifetime is None else now + lifetime
