"""The time-zone field every form uses: a short list of canonical IANA names to pick from,
and any other IANA name already stored ("US/Eastern" from before the list was trimmed)
still shown as chosen and still accepted, so saving a form never changes a zone silently."""

from __future__ import annotations

from typing import Any

from django import forms

from escalations.models import time_zone_choices, validate_time_zone


class TimeZoneSelect(forms.Select):
    def optgroups(self, name: str, value: list[Any], attrs: dict[str, Any] | None = None) -> Any:
        groups = super().optgroups(name, value, attrs)
        listed = {str(v) for v, _ in self.choices}
        for extra in value:
            if extra and str(extra) not in listed:
                option = self.create_option(name, extra, str(extra).replace("_", " "), True, 0)
                groups.insert(0, (None, [option], 0))
        return groups


class TimeZoneField(forms.ChoiceField):
    widget = TimeZoneSelect

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("choices", time_zone_choices)
        kwargs.setdefault("validators", [validate_time_zone])
        super().__init__(**kwargs)

    def valid_value(self, value: Any) -> bool:
        try:
            validate_time_zone(str(value))
        except forms.ValidationError:
            return False
        return True
