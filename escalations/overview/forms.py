"""The state panel's form: validation only."""

from __future__ import annotations

from typing import Any

from django import forms

from escalations.formfields import TextForm
from escalations.updates.forms import BODY_MAX_LENGTH


class StateForm(TextForm):
    """Move an escalation on, with an optional note posted to the timeline.

    The note is an update readers see, so it has the update form's limit.
    """

    state = forms.ChoiceField(
        choices=[], error_messages={"required": "Choose what state it is in now."}
    )
    note = forms.CharField(
        required=False,
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "max_length": "Keep the note under %(limit_value)d characters (this one has "
            "%(show_value)d): it is posted to the timeline like an update.",
        },
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        state = self.fields["state"]
        assert isinstance(state, forms.ChoiceField)  # noqa: S101 - declared just above
        state.choices = choices
