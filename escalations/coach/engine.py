"""The coach's small engine: normalise text, run data-defined rules, return findings.

Pure Python on purpose (no Django import) so it can run on every keystroke, from the
CLI and from the bench without a settings module, and be tested in milliseconds.

Every pattern is matched against a *normalised* copy of the text that has exactly the
same length as the original (lower case, curly quotes and dashes straightened), so a
match's offsets are valid offsets into the text the author typed and the UI can
highlight the very characters that triggered a finding.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

SECTIONS: tuple[str, ...] = (
    "opener",
    "impact",
    "cause",
    "ownership",
    "remediation",
    "ask",
    "update",
)
SEVERITIES: tuple[str, ...] = ("error", "warning", "hint")
_SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}

Span = tuple[int, int]
# A check sees the normalised text (for matching) and the original (for the few checks
# that need capitalisation, such as spotting a person's name) and yields spans.
Check = Callable[[str, str], Iterable[Span]]


@dataclass(frozen=True)
class Finding:
    """One thing the coach wants the author to look at, anchored in the original text."""

    rule: str
    severity: str
    message: str
    suggestion: str
    start: int
    end: int

    def as_dict(self) -> dict[str, str | int]:
        """The exact shape of the `coach --jsonl` contract; other tools rely on these keys."""
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "suggestion": self.suggestion,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class Rule:
    """A habit the coach catches, written as data so rules can be reviewed like copy."""

    id: str
    sections: frozenset[str]
    severity: str
    message: str
    suggestion: str
    check: Check

    @property
    def completeness(self) -> bool:
        """A check for something the section must carry (ids with `-needs-`), not language."""
        return "-needs-" in self.id

    def __post_init__(self) -> None:
        # Fail at import, not in front of an author, if a rule is mistyped.
        if self.severity not in _SEVERITY_RANK:
            raise ValueError(f"rule {self.id}: unknown severity {self.severity!r}")
        unknown = self.sections - set(SECTIONS)
        if unknown or not self.sections:
            raise ValueError(f"rule {self.id}: bad sections {sorted(unknown)}")


# ---------------------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------------------

_FOLD = str.maketrans(
    {
        "\u2018": "'",  # ‘
        "\u2019": "'",  # ’
        "\u201a": "'",  # ‚
        "\u201b": "'",  # ‛
        "\u02bc": "'",  # ʼ
        "\u2032": "'",  # ′
        "\u00b4": "'",  # ´
        "`": "'",
        "\u201c": '"',  # “
        "\u201d": '"',  # ”
        "\u201e": '"',  # „
        "\u2033": '"',  # ″
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",  # figure dash
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2212": "-",  # minus
        "\u00a0": " ",  # no-break space
        "\u2007": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u200b": " ",  # zero-width space: treat as a word break, keep the length
    }
)


def normalise(text: str) -> str:
    """Lower-case and straighten quotes/dashes/spaces without changing the length.

    The length guarantee is what keeps finding offsets valid in the original text, so
    characters whose lower-case form is longer (such as 'İ') are left as they are.
    """
    folded = text.translate(_FOLD)
    lowered = folded.lower()
    if len(lowered) == len(folded):
        # str.lower() never shortens a character, so equal length means no expansion.
        return lowered
    return "".join(ch if len(low := ch.lower()) != 1 else low for ch in folded)


# ---------------------------------------------------------------------------------------
# Building blocks for rules
# ---------------------------------------------------------------------------------------


def compile_any(patterns: Sequence[str]) -> re.Pattern[str]:
    """Join alternatives into one precompiled regex (one scan of the text per rule).

    Alternatives that start at a word boundary share one leading `\\b`, so at the many
    positions inside a word the engine fails once instead of once per alternative; that
    alone makes a 100 KB paste several times cheaper. (Each pattern must be a single
    alternative at its top level, which all of ours are.)
    """
    at_word = [p[2:] for p in patterns if p.startswith(r"\b")]
    others = [p for p in patterns if not p.startswith(r"\b")]
    branches = [f"(?:{p})" for p in others]
    if at_word:
        branches.insert(0, r"\b(?:" + "|".join(f"(?:{p})" for p in at_word) + ")")
    return re.compile("|".join(branches))


def phrases(*patterns: str) -> Check:
    """A check that flags every occurrence of any of the patterns."""
    regex = compile_any(patterns)

    def check(norm: str, original: str) -> Iterator[Span]:
        for match in regex.finditer(norm):
            if match.end() > match.start():
                yield match.span()

    return check


def whole(norm: str) -> Span:
    """The span positive checks report: the whole text, so the field itself is marked."""
    return (0, len(norm))


def requires(pattern: re.Pattern[str]) -> Check:
    """A positive check: flag the whole text when the pattern appears nowhere in it."""

    def check(norm: str, original: str) -> Iterator[Span]:
        if pattern.search(norm) is None:
            yield whole(norm)

    return check


_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n")
_ALNUM = re.compile(r"[^\W_]")


def sentences(norm: str) -> Iterator[Span]:
    """Split into sentences or lines, trimmed, skipping blanks.

    A full stop only ends a sentence when whitespace follows, so '0.3%', 'v4.12.1' and
    'invoices.account_id' stay whole.
    """
    start = 0
    for match in _SENTENCE_END.finditer(norm):
        yield from _trimmed(norm, start, match.end())
        start = match.end()
    yield from _trimmed(norm, start, len(norm))


def _trimmed(norm: str, start: int, end: int) -> Iterator[Span]:
    while start < end and norm[start].isspace():
        start += 1
    while end > start and norm[end - 1].isspace():
        end -= 1
    if end > start and _ALNUM.search(norm, start, end):
        yield (start, end)


def evaluate(rules: Sequence[Rule], text: str) -> list[Finding]:
    """Run the given rules over the text and return findings sorted by position.

    One finding per span: when several rules mark exactly the same characters (a
    sentence with neither owner nor date, an ask with neither decision nor deadline),
    the author sees only the most severe. At equal severity a language rule wins over a
    completeness check (its message is the more specific), then the earlier rule.
    """
    if not text.strip():
        # Nothing typed yet: no point telling an author an empty box lacks a number.
        return []
    norm = normalise(text)
    best: dict[Span, tuple[tuple[int, bool, int], Finding]] = {}
    for order, rule in enumerate(rules):
        rank = (_SEVERITY_RANK[rule.severity], rule.completeness, order)
        for span in rule.check(norm, text):
            kept = best.get(span)
            if kept is None or rank < kept[0]:
                start, end = span
                finding = Finding(rule.id, rule.severity, rule.message, rule.suggestion, start, end)
                best[span] = (rank, finding)
    findings = [finding for _, finding in best.values()]
    findings.sort(key=lambda f: (f.start, f.end, _SEVERITY_RANK[f.severity], f.rule))
    return findings
