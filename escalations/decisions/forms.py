"""The author's "record a decision" form, one per ask on the escalation page, and the
executive's answer on a confirmation page (their status page's, or their desk's)."""

from __future__ import annotations

from django import forms

from escalations.decisions.services import NOTE_MAX_LENGTH
from escalations.formfields import TextForm
from escalations.models import DECISION_SLUGS, DecisionChoice


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
    # A choose-between ask: the option chosen (checked against the ask's options on save).
    option = forms.CharField(label="Option chosen", required=False, max_length=300)
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
