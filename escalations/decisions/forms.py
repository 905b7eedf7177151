"""The author's "record a decision" form, one per ask on the escalation page."""

from __future__ import annotations

from django import forms

from escalations.decisions.services import NOTE_MAX_LENGTH
from escalations.formfields import TextForm
from escalations.models import DecisionChoice


class AskDecisionForm(TextForm):
    decision = forms.ChoiceField(
        label="What was decided",
        choices=DecisionChoice.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what was decided: approve, decline or discuss."},
    )
    decided_by_name = forms.CharField(
        label="Who decided",
        max_length=120,
        error_messages={
            "required": "Say who decided, e.g. the executive's name: readers see it.",
            "max_length": "Keep the name under %(limit_value)d characters.",
        },
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Where it was decided, conditions attached — readers see it.",
        error_messages={
            "max_length": "Keep the note under %(limit_value)d characters (this one has "
            "%(show_value)d)."
        },
    )

    def clean_decided_by_name(self) -> str:
        name = self.cleaned_data["decided_by_name"].strip()
        if not name:
            raise forms.ValidationError("Say who decided, e.g. the executive's name.")
        return name
