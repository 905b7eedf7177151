"""Template helpers for the wizard, the review and the escalation page."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms, template
from django.utils import timezone
from django.utils.safestring import SafeString

from escalations import glossary
from escalations.timetext import when
from escalations.wizard.briefing import impact_quantities

register = template.Library()


@register.simple_tag
def term(key: str, label: str = "") -> SafeString:
    """A glossary word with its explanation as a tooltip: {% term "RCA" %}."""
    return glossary.term(key, label or None)


@register.filter
def row_removed(form: forms.BaseForm) -> bool:
    """The author removed this row (its DELETE box is set); it goes when the step is saved."""
    return bool(form.is_bound and form.data.get(form.add_prefix("DELETE")))


def _as_datetime(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    if isinstance(value, str) and value:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return None
        if timezone.is_naive(parsed):
            try:
                return timezone.make_aware(parsed)
            except (ValueError, OverflowError):
                return None
        return parsed
    return None


@register.simple_tag
def their_time(field: forms.BoundField, escalation: Any) -> str:
    """'= Wed 10:00 EST for Priya' under a time field, when the executive's zone differs."""
    dt = _as_datetime(field.value())
    exec_tz = escalation.executive_zone if escalation is not None else "UTC"
    if dt is None or exec_tz == timezone.get_current_timezone_name():
        return ""
    who = (escalation.executive_label or "the executive").split(" ")[0]
    return f"That is {when(dt, exec_tz)} for {who}."


@register.filter
def quantities(escalation: Any) -> list[str]:
    """The impact numbers as short phrases ('2,400 customers or accounts affected')."""
    return impact_quantities(escalation)
