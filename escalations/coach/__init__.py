"""The clarity coach: two kinds of feedback on what the author writes, per section.

- *Language findings* (``check``): hedging, blame, minimising, diffused ownership, an
  actorless fault, a vague amount… each anchored in the words, with a reason and a
  rewrite; an error needs a fix or a reason to override it.
- *The checklist* (``checklist``): what the section as a whole must carry — a number, an
  owner, a date, a decision, the next update time. It never marks words, and an item a
  structured field already answers (an action's owner and due time, an ask's decide-by,
  the cadence's next update) is met.

Public API (the wizard, the update form and `manage.py coach` all use only this)::

    from escalations.coach import check, checklist, Finding, ChecklistItem, SECTIONS, RULES

    check("impact", "A few users might be affected")  # -> list[Finding], sorted by start
    checklist("impact", "A few users might be affected")  # -> [ChecklistItem(met=False…)]

Pure Python with no Django import, so it is cheap enough to run on every keystroke.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from .engine import SECTIONS, ChecklistItem, Finding, Rule, evaluate, evaluate_checklist
from .rules import RULES

__all__ = ["RULES", "SECTIONS", "ChecklistItem", "Finding", "Rule", "check", "checklist"]

# Resolved once at import: each keystroke only pays for the rules of its own section.
_LANGUAGE: dict[str, tuple[Rule, ...]] = {
    section: tuple(r for r in RULES if section in r.sections and not r.completeness)
    for section in SECTIONS
}
_CHECKLIST: dict[str, tuple[Rule, ...]] = {
    section: tuple(r for r in RULES if section in r.sections and r.completeness)
    for section in SECTIONS
}


def _rules_for(table: dict[str, tuple[Rule, ...]], section: str, text: object) -> tuple[Rule, ...]:
    try:
        rules = table[section]
    except (KeyError, TypeError):
        raise ValueError(
            f"unknown section {section!r}; expected one of: {', '.join(SECTIONS)}"
        ) from None
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    return rules


def check(section: str, text: str, *, skip: Collection[str] = ()) -> list[Finding]:
    """Return the language findings for one section's text, sorted by start offset.

    Offsets index the text exactly as given (curly quotes and all). Empty or blank text
    has no findings: an author who has not started typing has nothing to fix yet.
    No two findings overlap (the most severe is kept) and a rule reports a sentence once.
    `skip` names rules not to run at all. Raises ValueError for an unknown section.
    """
    rules = _rules_for(_LANGUAGE, section, text)
    if skip:
        rules = tuple(rule for rule in rules if rule.id not in skip)
    return evaluate(rules, text)


def checklist(
    section: str, text: str, *, answered: Mapping[str, str] | None = None
) -> list[ChecklistItem]:
    """The section's completeness checklist, one item per thing it must carry.

    `answered` maps a checklist rule id to the structured field that already supplies it
    ("due time", "decide-by"): that item is met without reading the words.
    """
    return evaluate_checklist(_rules_for(_CHECKLIST, section, text), text, answered)
