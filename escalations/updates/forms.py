"""The author's "Post an update" form."""

from __future__ import annotations

from typing import Any

from django import forms

from escalations.models import Escalation, PublicStatus
from escalations.textinput import TextLimitsMixin

BODY_MAX_LENGTH = 5000


class UpdateForm(TextLimitsMixin, forms.Form):
    body = forms.CharField(
        label="What changed",
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Markdown. Say what changed for customers, what you are doing, and when the next update comes.",
        error_messages={
            "required": "Write what changed, or use “No change since …” if nothing did.",
            "max_length": "Keep an update under %(limit_value)d characters (this one has %(show_value)d): the executive reads it on a phone.",
        },
    )
    state = forms.ChoiceField(label="Status readers see", choices=PublicStatus.choices)

    def __init__(self, *args: Any, escalation: Escalation | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if escalation is not None and escalation.is_open:
            # "Resolved" next to "next update by…" would mislead readers and the reminders
            # would keep coming: resolving is a state change (the state panel).
            state = self.fields["state"]
            assert isinstance(state, forms.ChoiceField)  # noqa: S101 - declared just above
            state.choices = [c for c in PublicStatus.choices if c[0] != PublicStatus.RESOLVED]
            state.help_text = "To resolve, use “Mark resolved” in the state panel."

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(
                "Write what changed, or use “No change since …” if nothing did."
            )
        return body
