"""The clarity coach, live: the findings and the checklist for one field as the author types."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from escalations.coach import ChecklistItem, Finding
from escalations.coach.fields import (
    FieldCoaching,
    check_field_with,
    checklist_with,
    coaching_for,
    excerpt,
)

# The coach is linear, but a pasted log has no business being coached character by character.
MAX_COACHED_CHARS = 20_000

# What an error badge says depends on what it holds up: an update is already past escalating.
ERROR_BADGE = {"escalating": "Fix before escalating", "posting": "Fix before posting"}


def findings_context(
    text: str,
    findings: list[Finding],
    items: list[ChecklistItem] | None = None,
    coaching: FieldCoaching | None = None,
) -> dict[str, object]:
    """Language findings marked in the words; the checklist listed apart, never marked."""
    marked = []
    for f in findings:
        before, flagged, after = excerpt(text, f)
        marked.append({"finding": f, "before": before, "flagged": flagged, "after": after})
    items = items or []
    return {
        "items": marked,
        "checklist": items,
        "missing": [i for i in items if not i.met],
        "text": text,
        "errors": sum(1 for f in findings if f.severity == "error"),
        "error_badge": ERROR_BADGE[coaching.holds_up if coaching else "escalating"],
    }


@require_POST
def coach_check(request: HttpRequest) -> HttpResponse:
    """POST ``coach_field`` (a form field name) and that field's text; returns the partial."""
    field = request.POST.get("coach_field", "")
    text = request.POST.get(field, "") if field else ""
    text = text[:MAX_COACHED_CHARS]
    coaching = coaching_for(field)
    if coaching is None:
        context = findings_context(text, [])
    else:
        context = findings_context(
            text, check_field_with(coaching, text), checklist_with(coaching, text), coaching
        )
    return render(request, "escalations/_coach_findings.html", context)
