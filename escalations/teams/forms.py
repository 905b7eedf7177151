"""The co-authors panel's form: a colleague from the escalation's team."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User

from escalations.formfields import TextForm


class _PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


class CoauthorAddForm(TextForm):
    user = _PersonChoice(
        queryset=User.objects.none(),
        label="Add a co-author",
        help_text="Someone from the team who can keep the updates going when you cannot.",
        empty_label="Choose a colleague…",
        error_messages={
            "required": "Choose a colleague to add.",
            "invalid_choice": "That person is not in this escalation's team (or is a co-author already).",
        },
    )

    def __init__(self, *args: Any, candidates: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared just above
        field.queryset = User.objects.filter(pk__in=[u.pk for u in candidates])
        # The order of the candidates (by name), not the queryset's.
        field.choices = [
            ("", field.empty_label),
            *((u.pk, field.label_from_instance(u)) for u in candidates),
        ]
