"""Where the coach meets the forms: which field is which section, and what is still open.

The engine (``escalations.coach``) knows sections; the app knows fields. Structured fields
already carry what some positive checks look for — an action row has its own owner and
due time, an ask row its own decide-by — so those checks are dropped for such fields
rather than nagging the author about something the form already guarantees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from escalations.coach import Finding, check
from escalations.models import Escalation

# Which finding a span keeps when two sections flag it.
SEVERITY_RANK = {"hint": 0, "warning": 1, "error": 2}

OPENER_POSITIVE = frozenset({"opener-needs-impact", "opener-needs-owner"})
REMEDIATION_POSITIVE = frozenset({"remediation-needs-owner", "remediation-needs-date"})


@dataclass(frozen=True)
class FieldCoaching:
    label: str
    sections: tuple[str, ...]
    skip_rules: frozenset[str] = frozenset()
    # The wizard step where it is fixed, when the section alone does not say (answers).
    fixed_in: str = ""

    @property
    def section(self) -> str:
        """The section a finding is filed under (the last, most specific one)."""
        return self.sections[-1]

    @property
    def step(self) -> str:
        """The wizard step where the author fixes it."""
        return self.fixed_in or STEP_FOR_SECTION.get(self.section, self.section)


STEP_FOR_SECTION = {"opener": "impact", "ask": "asks", "update": "update"}


# Keyed by the model/form field name; formset rows ("actions-0-description") are matched
# by their prefix and field name below.
FIELDS: dict[str, FieldCoaching] = {
    "impact_headline": FieldCoaching("Impact", ("opener", "impact"), OPENER_POSITIVE),
    "impact_detail": FieldCoaching("Impact", ("impact",), frozenset({"impact-needs-number"})),
    "cause_statement": FieldCoaching("Root cause", ("cause",)),
    "ownership_statement": FieldCoaching("Ownership", ("ownership",)),
    "remediation_mitigation": FieldCoaching("Remediation", ("remediation",), REMEDIATION_POSITIVE),
    "remediation_depends_on": FieldCoaching("Remediation", ("remediation",), REMEDIATION_POSITIVE),
    "remediation_alternatives": FieldCoaching(
        "Remediation", ("remediation",), REMEDIATION_POSITIVE
    ),
    "remediation_prevention": FieldCoaching("Remediation", ("remediation",), REMEDIATION_POSITIVE),
    # What the author will drive without approval: commitments, read like remediation.
    "asks_decision_threshold": FieldCoaching("Asks", ("remediation",), REMEDIATION_POSITIVE),
    "body": FieldCoaching("Update", ("update",)),
    # The note of a state change is posted to the timeline: it is an update.
    "note": FieldCoaching("Update", ("update",)),
}
# A prepared answer is read like a root cause: specific, owned, no hedging or brush-off.
ANSWER = FieldCoaching("Prepared answers", ("cause",), fixed_in="prepare")
ROW_FIELDS: dict[tuple[str, str], FieldCoaching] = {
    ("action", "description"): FieldCoaching("Remediation", ("remediation",), REMEDIATION_POSITIVE),
    ("factor", "description"): FieldCoaching("Root cause", ("cause",)),
    ("ask", "decision"): FieldCoaching("Asks", ("ask",), frozenset({"ask-needs-deadline"})),
    ("question", "answer"): ANSWER,
}
_ROW_NAME = re.compile(r"^(?P<prefix>[a-z_]+?)s?-(?:\d+|__prefix__)-(?P<field>[a-z_]+)$")


def coaching_for(field_name: str) -> FieldCoaching | None:
    """The coaching that applies to a form field name, or None if the coach stays quiet."""
    if field_name in FIELDS:
        return FIELDS[field_name]
    match = _ROW_NAME.match(field_name)
    if not match:
        return None
    prefix, field = match["prefix"], match["field"]
    for (row_kind, row_field), coaching in ROW_FIELDS.items():
        if field == row_field and row_kind in prefix:
            return coaching
    return None


def check_field(field_name: str, text: str) -> list[Finding]:
    coaching = coaching_for(field_name)
    return [] if coaching is None else check_field_with(coaching, text)


@dataclass(frozen=True)
class FieldFindings:
    field: str
    label: str
    section: str
    step: str
    text: str
    findings: list[Finding]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def key(self, finding: Finding) -> str:
        """Stable while the text is unchanged; names the finding in an override form."""
        return f"{self.field}:{finding.rule}:{finding.start}-{finding.end}"


def escalation_findings(e: Escalation) -> list[FieldFindings]:
    """Every coached text of an escalation with its findings (rows from the prefetch)."""
    out: list[FieldFindings] = []

    def add(field: str, text: str, coaching: FieldCoaching | None = None) -> None:
        coaching = coaching or FIELDS.get(field)
        if coaching is None or not text.strip():
            return
        findings = check_field_with(coaching, text)
        out.append(
            FieldFindings(field, coaching.label, coaching.section, coaching.step, text, findings)
        )

    add("impact_headline", e.impact_headline)
    add("impact_detail", e.impact_detail)
    add("cause_statement", e.cause_statement)
    for i, factor in enumerate(e.contributing_factors.all()):
        add(f"factors-{i}-description", factor.description, ROW_FIELDS[("factor", "description")])
    add("ownership_statement", e.ownership_statement)
    add("remediation_mitigation", e.remediation_mitigation)
    for i, action in enumerate(e.actions.all()):
        add(f"actions-{i}-description", action.description, ROW_FIELDS[("action", "description")])
    add("remediation_depends_on", e.remediation_depends_on)
    add("remediation_alternatives", e.remediation_alternatives)
    add("remediation_prevention", e.remediation_prevention)
    for i, ask in enumerate(e.asks.all()):
        add(f"asks-{i}-decision", ask.decision, ROW_FIELDS[("ask", "decision")])
    add("asks_decision_threshold", e.asks_decision_threshold)
    for i, question in enumerate(e.questions.all()):
        add(f"questions-{i}-answer", question.answer, ANSWER)
    return out


def check_field_with(coaching: FieldCoaching, text: str) -> list[Finding]:
    """One finding per span, the most severe, across every section the field is read as
    (the opener is read as impact too); rules the field's structure covers are not run."""
    best: dict[tuple[int, int], Finding] = {}
    for section in coaching.sections:
        for finding in check(section, text, skip=coaching.skip_rules):
            span = (finding.start, finding.end)
            kept = best.get(span)
            if kept is None or SEVERITY_RANK[finding.severity] > SEVERITY_RANK[kept.severity]:
                best[span] = finding
    return sorted(best.values(), key=lambda f: (f.start, f.end))


def open_errors(e: Escalation) -> list[tuple[FieldFindings, Finding]]:
    """Errors that block escalating until fixed or overridden with a reason."""
    return [(ff, f) for ff in escalation_findings(e) for f in ff.errors]


@dataclass(frozen=True)
class SectionSummary:
    label: str
    step: str
    errors: int
    warnings: int
    hints: int
    items: list[tuple[FieldFindings, Finding]]


def summary_by_section(e: Escalation) -> list[SectionSummary]:
    """Per-section counts and findings, in the fixed order of an escalation."""
    order = ["Impact", "Root cause", "Ownership", "Remediation", "Asks", "Prepared answers"]
    grouped: dict[str, list[FieldFindings]] = {label: [] for label in order}
    for ff in escalation_findings(e):
        grouped.setdefault(ff.label, []).append(ff)
    out = []
    for label, fields in grouped.items():
        items = [(ff, f) for ff in fields for f in ff.findings]
        severities = [f.severity for _, f in items]
        step = fields[0].step if fields else {
            "Impact": "impact", "Root cause": "cause", "Ownership": "ownership",
            "Remediation": "remediation", "Asks": "asks", "Prepared answers": "prepare",
        }.get(label, "impact")  # fmt: skip
        out.append(
            SectionSummary(
                label=label,
                step=step,
                errors=severities.count("error"),
                warnings=severities.count("warning"),
                hints=severities.count("hint"),
                items=items,
            )
        )
    return out


def excerpt(text: str, finding: Finding, context: int = 40) -> tuple[str, str, str]:
    """(before, flagged, after) around a finding, trimmed for display."""
    start, end = finding.start, finding.end
    before = text[max(0, start - context) : start]
    after = text[end : end + context]
    if start - context > 0:
        before = "…" + before
    if end + context < len(text):
        after = after + "…"
    return before, text[start:end], after
