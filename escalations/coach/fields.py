"""Where the coach meets the forms: which field is which section, and what is still open.

The engine (``escalations.coach``) knows sections; the app knows fields. Two kinds of
feedback come back per field: language findings, marked in the words, and the section's
checklist (a number, an owner, a date, a decision, the next update). Structured fields
already answer some checklist items — an action row has its own owner and due time, an
ask row its own decide-by, an update the cadence's next due time — so those items are met
by the field and never ask the author for a reason; items that do not apply to a field
(the opener's owner on the impact headline) are left off its checklist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from escalations.coach import ChecklistItem, Finding, check, checklist
from escalations.models import Escalation

# Which finding a span keeps when two sections flag it.
SEVERITY_RANK = {"hint": 0, "warning": 1, "error": 2}

OPENER_POSITIVE = frozenset({"opener-needs-impact", "opener-needs-owner"})
# "Nothing checkable" asks the words for a figure, a time, an owner or "I"; where the form
# holds those in fields of its own (an action's owner and due time, an ask's decide-by, an
# update's next-update time) or the field is context rather than a claim, it does not apply.
FACTS_IN_FIELDS = frozenset({"nothing-checkable"})
# A contributing factor is one line of a list under the root cause, and a prepared answer
# replies to a question: neither has to tell the mechanism on its own.
MECHANISM_ELSEWHERE = frozenset({"cause-without-mechanism"})
REMEDIATION_POSITIVE = (
    frozenset({"remediation-needs-owner", "remediation-needs-date"}) | FACTS_IN_FIELDS
)
# An action row's own owner and due time answer the remediation checklist.
ACTION_ANSWERS = (("remediation-needs-owner", "owner"), ("remediation-needs-date", "due time"))
# Every update restarts the cadence clock, and readers see when the next one is due.
UPDATE_ANSWERS = (("update-needs-next-time", "next update due time"),)


@dataclass(frozen=True)
class FieldCoaching:
    label: str
    sections: tuple[str, ...]
    # Checks that do not apply to this field (language rules not run, checklist items left off).
    skip_rules: frozenset[str] = frozenset()
    # The wizard step where it is fixed, when the section alone does not say (answers).
    fixed_in: str = ""
    # Checklist items a structured field of the same form answers: (rule id, field name).
    answered: tuple[tuple[str, str], ...] = ()
    # What an error holds up: escalating (the wizard) or posting (updates, state notes).
    holds_up: str = "escalating"

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
    "impact_detail": FieldCoaching(
        "Impact", ("impact",), frozenset({"impact-needs-number"}) | FACTS_IN_FIELDS
    ),
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
    "body": FieldCoaching(
        "Update", ("update",), FACTS_IN_FIELDS, answered=UPDATE_ANSWERS, holds_up="posting"
    ),
    # The note of a state change is posted to the timeline: it is an update.
    "note": FieldCoaching(
        "Update", ("update",), FACTS_IN_FIELDS, answered=UPDATE_ANSWERS, holds_up="posting"
    ),
}
# A prepared answer is read like a root cause: specific, owned, no hedging or brush-off.
ANSWER = FieldCoaching("Prepared answers", ("cause",), MECHANISM_ELSEWHERE, fixed_in="prepare")
ROW_FIELDS: dict[tuple[str, str], FieldCoaching] = {
    # The due time is a field of the row, so the words need not carry one.
    ("action", "description"): FieldCoaching(
        "Remediation",
        ("remediation",),
        frozenset({"untimed-plan"}) | FACTS_IN_FIELDS,
        answered=ACTION_ANSWERS,
    ),
    ("factor", "description"): FieldCoaching("Root cause", ("cause",), MECHANISM_ELSEWHERE),
    ("ask", "decision"): FieldCoaching(
        "Asks", ("ask",), FACTS_IN_FIELDS, answered=(("ask-needs-deadline", "decide-by"),)
    ),
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
    """The language findings for a form field's text (none for a field not coached)."""
    coaching = coaching_for(field_name)
    return [] if coaching is None else check_field_with(coaching, text)


def checklist_for_field(field_name: str, text: str) -> list[ChecklistItem]:
    """The checklist for a form field's text (empty for a field not coached)."""
    coaching = coaching_for(field_name)
    return [] if coaching is None else checklist_with(coaching, text)


@dataclass(frozen=True)
class FieldFindings:
    field: str
    label: str
    section: str
    step: str
    text: str
    findings: list[Finding]
    checklist: list[ChecklistItem]

    @property
    def open_items(self) -> list[Finding]:
        """Checklist items the text misses and no field answers, at error severity, as
        findings about the whole text (they are not marks on any words)."""
        return [
            Finding(i.rule, i.severity, i.message, i.suggestion, 0, len(self.text))
            for i in self.checklist
            if not i.met and i.severity == "error"
        ]

    @property
    def errors(self) -> list[Finding]:
        """What needs a fix or a reason: language errors and unanswered error items."""
        return [f for f in self.findings if f.severity == "error"] + self.open_items

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
        out.append(
            FieldFindings(
                field,
                coaching.label,
                coaching.section,
                coaching.step,
                text,
                check_field_with(coaching, text),
                checklist_with(coaching, text),
            )
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
    (the opener is read as impact too): a finding overlapping a kept one is dropped.

    "Nothing checkable" is left to the checklist when the checklist already names what the
    field lacks ("a number that sizes the impact"): one message per gap, the specific one.
    """
    found = _field_findings(coaching, text)
    if any(f.rule in FACTS_IN_FIELDS for f in found) and any(
        not item.met for item in checklist_with(coaching, text)
    ):
        found = [f for f in found if f.rule not in FACTS_IN_FIELDS]
    return found


def _field_findings(coaching: FieldCoaching, text: str) -> list[Finding]:
    if len(coaching.sections) == 1:
        return check(coaching.sections[0], text, skip=coaching.skip_rules)
    found = [
        f for section in coaching.sections for f in check(section, text, skip=coaching.skip_rules)
    ]
    found.sort(key=lambda f: (-SEVERITY_RANK[f.severity], f.start))
    kept: list[Finding] = []
    for finding in found:
        if not any(finding.start < k.end and k.start < finding.end for k in kept):
            kept.append(finding)
    return sorted(kept, key=lambda f: (f.start, f.end))


def checklist_with(coaching: FieldCoaching, text: str) -> list[ChecklistItem]:
    """The field's checklist across its sections, each item once; items a structured
    field answers are met by it, items that do not apply to the field are left off."""
    answered = dict(coaching.answered)
    items: dict[str, ChecklistItem] = {}
    for section in coaching.sections:
        for item in checklist(section, text, answered=answered):
            if item.rule not in coaching.skip_rules:
                items.setdefault(item.rule, item)
    return list(items.values())


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
        items = [(ff, f) for ff in fields for f in ff.findings + ff.open_items]
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
