"""Template helpers for showing the coach's findings in context."""

from __future__ import annotations

from django import template

from escalations.coach import Finding
from escalations.coach.fields import excerpt

register = template.Library()


@register.simple_tag
def coach_excerpt(text: str, finding: Finding) -> tuple[str, str, str] | None:
    """(before, flagged, after) around a finding; None when it is about the whole text."""
    if finding.start == 0 and finding.end >= len(text.rstrip()):
        return None
    return excerpt(text, finding)
