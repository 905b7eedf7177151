"""The clarity coach, live: the findings for one field as the author types."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from escalations.coach import Finding
from escalations.coach.fields import check_field, excerpt

# The coach is linear, but a pasted log has no business being coached character by character.
MAX_COACHED_CHARS = 20_000


def findings_context(text: str, findings: list[Finding]) -> dict[str, object]:
    items = []
    for f in findings:
        whole = f.start == 0 and f.end >= len(text.rstrip())
        before, flagged, after = ("", "", "") if whole else excerpt(text, f)
        items.append(
            {"finding": f, "whole": whole, "before": before, "flagged": flagged, "after": after}
        )
    return {
        "items": items,
        "text": text,
        "errors": sum(1 for f in findings if f.severity == "error"),
    }


@require_POST
def coach_check(request: HttpRequest) -> HttpResponse:
    """POST ``coach_field`` (a form field name) and that field's text; returns the partial."""
    field = request.POST.get("coach_field", "")
    text = request.POST.get(field, "") if field else ""
    text = text[:MAX_COACHED_CHARS]
    findings = check_field(field, text)
    return render(request, "escalations/_coach_findings.html", findings_context(text, findings))
