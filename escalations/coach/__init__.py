"""The clarity coach: flags vague, hedged, diffused or blaming language per section.

Public API (the wizard, the update form and `manage.py coach` all use only this)::

    from escalations.coach import check, Finding, SECTIONS, RULES

    check("impact", "A few users might be affected")  # -> list[Finding], sorted by start

Pure Python with no Django import, so it is cheap enough to run on every keystroke.
"""

from __future__ import annotations

from collections.abc import Collection

from .engine import SECTIONS, Finding, Rule, evaluate
from .rules import RULES

__all__ = ["RULES", "SECTIONS", "Finding", "Rule", "check"]

# Resolved once at import: each keystroke only pays for the rules of its own section.
_RULES_BY_SECTION: dict[str, tuple[Rule, ...]] = {
    section: tuple(rule for rule in RULES if section in rule.sections) for section in SECTIONS
}


def check(section: str, text: str, *, skip: Collection[str] = ()) -> list[Finding]:
    """Return the coach's findings for one section's text, sorted by start offset.

    Offsets index the text exactly as given (curly quotes and all). Empty or blank text
    has no findings: an author who has not started typing has nothing to fix yet.
    No two findings share a span (the most severe is kept). `skip` names rules not to run
    at all, for a field whose structure already guarantees what they check (an action
    row's owner and due date); skipping them here rather than filtering afterwards means
    they can never hide a language finding on the same span.
    Raises ValueError for a section the coach does not know.
    """
    try:
        rules = _RULES_BY_SECTION[section]
    except (KeyError, TypeError):
        raise ValueError(
            f"unknown section {section!r}; expected one of: {', '.join(SECTIONS)}"
        ) from None
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    if skip:
        rules = tuple(rule for rule in rules if rule.id not in skip)
    return evaluate(rules, text)
