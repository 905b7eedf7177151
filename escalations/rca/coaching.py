"""The one place the RCA meets the clarity coach.

The RCA's texts are read like the escalation's own sections, through the coach's public
entry point only (``escalations.coach.check``): the confirmed cause as a root cause, what
went well or not as ownership (blame and actor-less phrasing matter most after the fact),
a preventive action as remediation (its row already carries the owner and the date).
"""

from __future__ import annotations

from dataclasses import dataclass

from escalations.coach import Finding, check

# What went well or not may be about the systems ("alerts fired in 2 minutes"): the coach
# still catches blame and diffused ownership there, but does not ask for "I" everywhere.
FIRST_PERSON = frozenset({"ownership-needs-first-person"})

# RCA field → (label, the coach section it is read as, rules its structure already covers).
RCA_FIELDS: dict[str, tuple[str, str, frozenset[str]]] = {
    "cause_statement": ("Confirmed root cause", "cause", frozenset()),
    "went_well": ("What went well", "ownership", FIRST_PERSON),
    "went_badly": ("What did not go well", "ownership", FIRST_PERSON),
    "description": (
        "Preventive action",
        "remediation",
        frozenset({"remediation-needs-owner", "remediation-needs-date"}),
    ),
}


@dataclass(frozen=True)
class RcaFindings:
    field: str
    label: str
    text: str
    findings: list[Finding]


def rca_check(field: str, text: str) -> list[Finding]:
    """The coach's findings for one RCA field's text ([] for a field it does not read)."""
    if field not in RCA_FIELDS or not text.strip():
        return []
    _label, section, skip = RCA_FIELDS[field]
    return check(section, text, skip=skip)


def rca_findings(texts: list[tuple[str, str]]) -> list[RcaFindings]:
    """Findings per (field, text), only for texts with something to look at."""
    out = []
    for field, text in texts:
        found = rca_check(field, text)
        if found:
            out.append(RcaFindings(field, RCA_FIELDS[field][0], text, found))
    return out


@dataclass(frozen=True)
class ShownFinding:
    """A finding with the words around it, as ``escalations/_coach_findings.html`` shows it."""

    finding: Finding
    before: str
    flagged: str
    after: str
    whole: bool


def shown(text: str, findings: list[Finding], context: int = 40) -> list[ShownFinding]:
    out = []
    for f in findings:
        before = text[max(0, f.start - context) : f.start]
        after = text[f.end : f.end + context]
        out.append(
            ShownFinding(
                finding=f,
                before=("…" if f.start > context else "") + before,
                flagged=text[f.start : f.end],
                after=after + ("…" if f.end + context < len(text) else ""),
                whole=f.start == 0 and f.end >= len(text.rstrip()),
            )
        )
    return out
