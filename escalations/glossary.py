"""Words the product explains where they appear (the glossary the product promises), as tooltips."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString

GLOSSARY: dict[str, tuple[str, str]] = {
    # key: (label shown, explanation)
    "Incident": (
        "incident",
        "An unplanned interruption or degradation of a service that customers or the business notice.",
    ),
    "RCA": (
        "root cause analysis (RCA)",
        "Working back from the symptom to the fault that produced it, and why that fault was possible.",
    ),
    "Mitigation": (
        "mitigation",
        "What limits the damage now (a rollback, a feature switched off, a workaround) while the real fix is built.",
    ),
    "Rollback": (
        "rollback",
        "Returning to the last version that worked, to stop the damage fast.",
    ),
    "Latency": (
        "latency",
        "How long a request takes to answer; high latency feels like a slow or frozen product.",
    ),
    "Degraded performance": (
        "degraded performance",
        "The service works, but slower or with parts missing — customers notice, nothing is fully down.",
    ),
    "SPOF": (
        "single point of failure (SPOF)",
        "One component whose failure stops the whole service, because nothing takes over.",
    ),
    "Architectural debt": (
        "architectural debt",
        "Design shortcuts that now make change slow or risky; paid back with dedicated work.",
    ),
    "Resilience": (
        "resilience",
        "How well a system keeps working, or recovers, when a part of it fails.",
    ),
    "HA": (
        "high availability (HA)",
        "Designed to stay up through failures, e.g. by running in more than one place.",
    ),
}


def term(key: str, label: str | None = None) -> SafeString:
    """An inline, focusable term with its explanation as a Bootstrap tooltip (and title)."""
    shown, explanation = GLOSSARY[key]
    return format_html(
        '<abbr class="glossary" tabindex="0" data-bs-toggle="tooltip" title="{}">{}</abbr>',
        explanation,
        label or shown,
    )
