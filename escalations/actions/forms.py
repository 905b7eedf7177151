"""Marking an action done: an optional note."""

from __future__ import annotations

from django import forms

from escalations.formfields import TextForm


class ActionDoneForm(TextForm):
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=500,
        help_text="What was done, in a line: readers see it next to the action.",
    )
