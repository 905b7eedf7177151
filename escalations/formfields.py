"""The one text policy, and the form fields every room shares.

Every form derives from ``TextForm`` or ``TextModelForm`` (the admin's through
``ModelAdmin.form``), so every field a person types into gets a length cap and refuses
control characters by default; ``tests/test_text_policy.py`` walks every form class in the
project and fails on one that accepts a NUL or a BEL.

Author text ends up in PostgreSQL (which refuses NUL), in email headers (where a line break
splits the header) and on the public status page, so forms refuse it with a clear message
instead of failing later with a 500 — and, being form validation, the page keeps what was
typed. Multi-line fields (a ``Textarea``) may hold line breaks and tabs; one-line fields may
not.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator

from escalations.models import time_zone_choices, validate_time_zone
from escalations.text import MULTI_LINE_BAD, SINGLE_LINE_BAD

# A one-line field without a model limit, and a multi-line one: the update form's limit
# (escalations/updates/forms.py) is what an executive reads on a phone.
SINGLE_LINE_MAX = 500
MULTI_LINE_MAX = 5_000


def _describe(char: str) -> str:
    name = unicodedata.name(char, "") or "control character"
    return f"U+{ord(char):04X} {name}".strip()


def text_problem(value: str, *, multiline: bool) -> str | None:
    """What is wrong with ``value``'s characters, in words a person can act on; None if fine."""
    if not multiline and ("\n" in value or "\r" in value):
        return "Keep this on one line: remove the line break."
    bad = (MULTI_LINE_BAD if multiline else SINGLE_LINE_BAD).search(value)
    if bad is None:
        return None
    return (
        f"Remove the invisible character at position {bad.start() + 1} "
        f"({_describe(bad.group())}): it cannot be stored or sent. Retyping that part usually "
        "fixes it."
    )


class PlainText:
    """Validator: no control characters (line breaks allowed only when ``multiline``)."""

    def __init__(self, *, multiline: bool) -> None:
        self.multiline = multiline

    def __call__(self, value: Any) -> None:
        problem = text_problem(str(value), multiline=self.multiline)
        if problem:
            raise ValidationError(problem, code="control_characters")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PlainText) and other.multiline == self.multiline

    def __hash__(self) -> int:
        return hash(("PlainText", self.multiline))


def is_multiline(field: forms.Field) -> bool:
    return isinstance(field.widget, forms.Textarea)


def limit_text_fields(fields: dict[str, forms.Field]) -> None:
    """Give every text field of a form a length cap and the control-character check."""
    for field in fields.values():
        if not isinstance(field, forms.CharField):
            continue
        multiline = is_multiline(field)
        if field.max_length is None:
            field.max_length = MULTI_LINE_MAX if multiline else SINGLE_LINE_MAX
            field.validators.append(MaxLengthValidator(field.max_length))
        # PlainText names the character and where it is; Django's NUL check would repeat it.
        field.validators = [
            v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]
        if PlainText(multiline=multiline) not in field.validators:
            field.validators.append(PlainText(multiline=multiline))


class TextLimitsMixin:
    """The text policy for a form that must derive from someone else's form class (Django's
    auth forms in the admin); every other form derives from ``TextForm`` or
    ``TextModelForm``, which carry it. Put first in the bases.

    Applied when the form is built and again before it is cleaned, so a field added after
    ``__init__`` (one per coach finding, say) gets it too.
    """

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_text_fields(self.fields)

    def full_clean(self) -> None:
        limit_text_fields(self.fields)
        super().full_clean()  # type: ignore[misc]


class TextForm(TextLimitsMixin, forms.Form):
    """The base of every Upward form: each text field gets the length cap and refuses
    control characters, without the form having to ask (``limit_text_fields``)."""


class TextModelForm(TextLimitsMixin, forms.ModelForm):
    """``TextForm`` for model forms, the admin's included (``ModelAdmin.form``)."""


# --- time zones ----------------------------------------------------------------------
# The time-zone field every form uses: a short list of canonical IANA names to pick from,
# and any other IANA name already stored ("US/Eastern" from before the list was trimmed)
# still shown as chosen and still accepted, so saving a form never changes a zone silently.


class TimeZoneSelect(forms.Select):
    def optgroups(self, name: str, value: list[Any], attrs: dict[str, Any] | None = None) -> Any:
        groups = super().optgroups(name, value, attrs)
        listed = {str(v) for v, _ in self.choices}
        for extra in value:
            if extra and str(extra) not in listed:
                option = self.create_option(name, extra, str(extra).replace("_", " "), True, 0)
                groups.insert(0, (None, [option], 0))
        return groups


# The list pages with several zone fields share (the escalation page has four forms with
# one each): one <datalist> (templates/escalations/time_zone_datalist.html), not 420 options
# per form. A text box with a list works without JavaScript and by keyboard.
TIME_ZONE_LIST_ID = "time-zone-list"


class TimeZoneInput(forms.TextInput):
    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            {
                "list": TIME_ZONE_LIST_ID,
                "autocomplete": "off",
                "spellcheck": "false",
                "placeholder": "e.g. Europe/Berlin",
                **(attrs or {}),
            }
        )


class TimeZoneField(forms.ChoiceField):
    widget = TimeZoneSelect

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("choices", time_zone_choices)
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": "Choose a time zone from the list, such as Europe/Berlin."},
        )
        kwargs.setdefault("validators", [validate_time_zone])
        super().__init__(**kwargs)

    def valid_value(self, value: Any) -> bool:
        try:
            validate_time_zone(str(value))
        except forms.ValidationError:
            return False
        return True
