"""The wizard's order and what makes each step complete. Pure: no I/O beyond reading an
escalation loaded with ``selectors.escalation_full_queryset`` (its prefetched children).

docs/triage.md fixes the order — triage, then impact → root cause → ownership → remediation →
asks, then the prepared answers — and the server enforces it: a step can be opened only
when every earlier step is complete. Completeness is judged from what is *saved*, never
from an autosaved draft, so a half-typed later step cannot unlock anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from escalations.models import Escalation, Kind, TriageVerdict
from escalations.timetext import when
from escalations.wizard.briefing import money

MIN_QUESTIONS = 2


@dataclass(frozen=True)
class Step:
    slug: str
    number: int
    title: str
    # The one question the step answers, shown under its heading.
    prompt: str

    @property
    def label(self) -> str:
        return "Triage" if self.number == 0 else f"{self.number}. {self.title}"


STEPS: tuple[Step, ...] = (
    Step("triage", 0, "Triage", "Is this for the executive at all, and who are you telling?"),
    Step("impact", 1, "Impact", "What is the business consequence, in numbers?"),
    Step("cause", 2, "Root cause", "What broke and why — confirmed or preliminary?"),
    Step("ownership", 3, "Ownership", "What did I decide, approve, skip or fail to escalate?"),
    Step("remediation", 4, "Remediation", "What is in place now, and who does what by when?"),
    Step("asks", 5, "Asks", "Which decisions only the executive can make, and by when?"),
    Step("prepare", 6, "Prepare", "Which follow-up questions will they ask, and your answers?"),
)
BY_SLUG = {s.slug: s for s in STEPS}
SLUGS = tuple(BY_SLUG)


def get_step(slug: str) -> Step | None:
    return BY_SLUG.get(slug)


def next_step(step: Step) -> Step | None:
    return STEPS[step.number + 1] if step.number + 1 < len(STEPS) else None


def previous_step(step: Step) -> Step | None:
    return STEPS[step.number - 1] if step.number > 0 else None


# --- triage -------------------------------------------------------------------------------


def triage_verdict(
    *,
    business_impact: bool,
    severe: bool,
    normal_channels_tried: bool,
    reputational_risk: bool,
) -> tuple[str, str]:
    """(verdict, reason) from the four triage questions (docs/triage.md).

    Any of direct business impact, severity or reputational risk makes it the executive's
    business: executives hate surprises more than early news. Without any of them it is a
    normal-channel matter — one level up if the normal channels already failed.
    """
    grounds = []
    if business_impact:
        grounds.append("it directly hits revenue, customers, legal or strategy")
    if severe:
        grounds.append("it is severe (an outage, data at risk, or a security hole)")
    if reputational_risk:
        grounds.append("it carries reputational risk")
    if grounds:
        reason = "Executive-level: " + _join(grounds) + "."
        if not normal_channels_tried:
            reason += " Tell them now, while you work the normal channels — not after they fail."
        return TriageVerdict.EXECUTIVE, reason
    if normal_channels_tried:
        return (
            TriageVerdict.NORMAL_CHANNEL,
            "Route this to the normal channel: no direct business impact, severity or "
            "reputational risk. The normal channels have not worked, so take it one level up "
            "(your manager or the owning team's lead), not to the CTO or CEO.",
        )
    return (
        TriageVerdict.NORMAL_CHANNEL,
        "Route this to the normal channel: no direct business impact, severity or reputational "
        "risk. Raise it with the owning team, your manager or the ticket queue first.",
    )


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# --- completeness, step by step ------------------------------------------------------------


def has_impact_quantity(e: Escalation) -> bool:
    return any(
        [
            e.impact_customers_affected is not None,
            e.impact_revenue_per_hour is not None,
            e.impact_revenue_total is not None,
            e.impact_share_failing_pct is not None,
            e.impact_delay_days is not None,
            bool(e.impact_dates_moved.strip()),
            e.impact_metric_value is not None and bool(e.impact_metric_unit.strip()),
        ]
    )


def slip_needs_delay(kind: str, delay_days: int | None, dates_moved: str) -> bool:
    """A schedule slip must say how late: days of delay or the dates that moved."""
    return kind == Kind.SCHEDULE_SLIP and delay_days is None and not dates_moved.strip()


def before_detection(due: datetime | None, detected_at: datetime | None) -> bool:
    return due is not None and detected_at is not None and due < detected_at


def _triage(e: Escalation) -> list[str]:
    out = []
    if not e.title.strip():
        out.append("Give the escalation a title.")
    if e.executive_id is None:
        out.append("Say which executive you are telling.")
    answers = [
        e.triage_business_impact,
        e.triage_severe,
        e.triage_normal_channels_tried,
        e.triage_reputational_risk,
    ]
    if any(a is None for a in answers) or not e.triage_verdict:
        out.append("Answer the four triage questions.")
    elif e.triage_verdict == TriageVerdict.NORMAL_CHANNEL and not e.triage_override_reason.strip():
        out.append(
            "The triage says this belongs in the normal channel; to continue anyway, "
            "say why the executive must hear it."
        )
    return out


def _impact(e: Escalation) -> list[str]:
    out = []
    if not e.impact_headline.strip():
        out.append("Write the impact headline: one sentence with the business consequence.")
    if not has_impact_quantity(e):
        out.append(
            "Give at least one number: customers affected, revenue per hour, share failing, "
            "days of delay, a date moved, or your own metric."
        )
    if slip_needs_delay(e.kind, e.impact_delay_days, e.impact_dates_moved):
        out.append("A schedule slip needs the days of delay or the dates that moved.")
    return out


def _cause(e: Escalation) -> list[str]:
    out = []
    if not e.cause_statement.strip():
        out.append("Say what broke and why.")
    if not e.cause_confidence:
        out.append("Say whether the cause is confirmed or preliminary.")
    return out


def _ownership(e: Escalation) -> list[str]:
    if not e.ownership_statement.strip():
        return ["Say what you own: what I decided, approved, skipped or failed to escalate."]
    return []


def _remediation(e: Escalation) -> list[str]:
    out = []
    actions = list(e.actions.all())
    if not actions:
        out.append("Add at least one action with an owner and a due time.")
    for a in actions:
        if before_detection(a.due_at, e.detected_at):
            out.append(f"“{a.description}” is due before the problem started; check its due time.")
    if before_detection(e.remediation_expected_resolution_at, e.detected_at):
        out.append("The expected resolution is before the problem started; check it.")
    return out


def _asks(e: Escalation) -> list[str]:
    asks = list(e.asks.all())
    if asks:
        return []
    if e.asks_information_only and e.asks_information_only_reason.strip():
        return []
    if e.asks_information_only:
        return ["Say why no decision is needed."]
    return ["Add at least one ask with a decide-by time, or tick “No decision needed” and say why."]


def _prepare(e: Escalation) -> list[str]:
    answered = [q for q in e.questions.all() if q.question.strip() and q.answer.strip()]
    if len(answered) < MIN_QUESTIONS:
        return [f"Prepare at least {MIN_QUESTIONS} likely follow-up questions with your answers."]
    return []


_CHECKS = {
    "triage": _triage,
    "impact": _impact,
    "cause": _cause,
    "ownership": _ownership,
    "remediation": _remediation,
    "asks": _asks,
    "prepare": _prepare,
}


def problems(e: Escalation, step: Step) -> list[str]:
    """Why ``step`` is not complete yet, in words the author can act on; empty when done."""
    return _CHECKS[step.slug](e)


@dataclass(frozen=True)
class StepStatus:
    step: Step
    complete: bool
    # Every earlier step is complete, so this one may be shown and posted.
    open: bool
    problems: tuple[str, ...]


def statuses(e: Escalation) -> list[StepStatus]:
    out = []
    all_before_complete = True
    for step in STEPS:
        found = problems(e, step)
        out.append(StepStatus(step, not found, all_before_complete, tuple(found)))
        all_before_complete = all_before_complete and not found
    return out


def first_incomplete(e: Escalation) -> StepStatus | None:
    return next((s for s in statuses(e) if not s.complete), None)


def can_open(e: Escalation, step: Step) -> bool:
    return statuses(e)[step.number].open


def is_complete(e: Escalation) -> bool:
    return first_incomplete(e) is None


def blocked_message(blocker: StepStatus) -> str:
    """Why the author was sent back: the step to finish and what it is missing."""
    return f"Finish “{blocker.step.title}” first: {blocker.problems[0]}"


# --- what saving a step does to the others -------------------------------------------------


def complete_slugs(e: Escalation) -> frozenset[str]:
    """The steps complete now; taken before a save, to tell what the save undid."""
    return frozenset(s.step.slug for s in statuses(e) if s.complete)


def invalidated_by_save(
    e: Escalation, *, saved: Step, complete_before: frozenset[str]
) -> list[StepStatus]:
    """Later steps that were complete before ``saved`` was saved and no longer are (a new
    detection time puts an action's due time before it, say), in order: the author is
    sent to the first. ``e`` is the escalation as saved."""
    return [
        s
        for s in statuses(e)
        if s.step.number > saved.number and not s.complete and s.step.slug in complete_before
    ]


def invalidated_message(saved: Step, target: StepStatus) -> str:
    return (
        f"Saved “{saved.title}”. Your change means “{target.step.title}” needs another look: "
        f"{target.problems[0]}"
    )


def next_after_save(saved: Step, *, complete_before: frozenset[str]) -> Step | None:
    """Where a draft's author goes after saving ``saved``: the next step, or None for the
    review: after the last step, and after a fix made from the review (every step was
    already complete), rather than through every step again."""
    if len(complete_before) == len(STEPS):
        return None
    return next_step(saved)


# --- what an edit after escalation changed -------------------------------------------------

# The reader-visible parts of each section, as (field, label). Prepared answers are the
# author's own notes for the 1:1, so editing them tells the executive nothing.
SECTION_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "triage": (
        ("title", "Title"),
        ("kind", "Kind"),
        ("severity", "Severity"),
        ("executive", "Executive"),
    ),
    "impact": (
        ("impact_headline", "Impact"),
        ("detected_at", "Started"),
        ("impact_customers_affected", "Customers affected"),
        ("impact_revenue_per_hour", "Revenue at risk per hour"),
        ("impact_revenue_total", "Revenue lost so far"),
        ("impact_currency", "Currency"),
        ("impact_share_failing_pct", "Share failing (%)"),
        ("impact_delay_days", "Days of delay"),
        ("impact_dates_moved", "Dates moved"),
        ("impact_metric_value", "Other number"),
        ("impact_metric_unit", "Other number's unit"),
        ("impact_detail", "Impact detail"),
    ),
    "cause": (("cause_statement", "Root cause"), ("cause_confidence", "Cause is")),
    "ownership": (("ownership_statement", "Ownership"),),
    "remediation": (
        ("remediation_mitigation", "In place now"),
        ("remediation_expected_resolution_at", "Expected resolution"),
        ("remediation_depends_on", "Depends on"),
        ("remediation_alternatives", "Alternatives"),
        ("remediation_prevention", "Prevention"),
    ),
    "asks": (
        ("asks_information_only", "Information only"),
        ("asks_information_only_reason", "Why no decision is needed"),
        ("asks_decision_threshold", "Decision threshold"),
    ),
    "prepare": (),
}

_SHORT = 80


def _display(e: Escalation, name: str) -> str:
    field = e._meta.get_field(name)
    value = getattr(e, name)
    if value is None or value == "":
        return ""
    if getattr(field, "choices", None):
        return str(getattr(e, f"get_{name}_display")())
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return when(value, e.executive_zone)
    if isinstance(value, int):
        return f"{value:,}"
    if hasattr(value, "normalize"):
        return f"{value.normalize():,f}"
    return " ".join(str(value).split())


def section_snapshot(e: Escalation, step: Step) -> dict[str, tuple[str, str]]:
    """key → (label, text) for what a reader sees of one section; rows keyed by id."""
    snap: dict[str, tuple[str, str]] = {}
    for name, label in SECTION_FIELDS[step.slug]:
        text = _display(e, name)
        if text:
            snap[name] = (label, text)
    tz = e.executive_zone
    if step.slug == "cause":
        for f in e.contributing_factors.all():
            mine = " (the one I controlled)" if f.is_authors else ""
            snap[f"factor:{f.pk}"] = ("contributing factor", f"{f.description}{mine}")
    elif step.slug == "remediation":
        for a in e.actions.all():
            snap[f"action:{a.pk}"] = (
                "action",
                f"{a.description} — {a.owner_name}, by {when(a.due_at, tz)}",
            )
    elif step.slug == "asks":
        for ask in e.asks.all():
            amount = f" ({money(ask.amount, e.impact_currency)})" if ask.amount is not None else ""
            snap[f"ask:{ask.pk}"] = (
                "ask",
                f"{ask.decision}{amount} — decide by {when(ask.decide_by, tz)}",
            )
    return snap


def describe_changes(
    before: dict[str, tuple[str, str]], after: dict[str, tuple[str, str]]
) -> list[str]:
    """Markdown bullet texts saying what changed, in the section's own order."""
    lines: list[str] = []
    for key in [*before, *(k for k in after if k not in before)]:
        old = before.get(key)
        new = after.get(key)
        is_row = ":" in key
        if old and new:
            if old[1] == new[1]:
                continue
            if is_row:
                lines.append(f"Changed {new[0]}: {old[1]} → {new[1]}")
            elif len(old[1]) <= _SHORT and len(new[1]) <= _SHORT:
                lines.append(f"{new[0]}: {old[1]} → {new[1]}")
            else:
                lines.append(f"{new[0]} now reads: “{new[1]}”")
        elif new:
            lines.append(f"Added {new[0]}: {new[1]}" if is_row else f"{new[0]}: {new[1]}")
        elif old:
            lines.append(f"Removed {old[0]}: {old[1]}" if is_row else f"{old[0]}: removed")
    return lines
