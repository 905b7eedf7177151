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
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
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
class ChecklistItem:
    """One line of a section's checklist: something the section as a whole must carry.

    Not anchored in the words: a good sentence that leaves the owner to another field or
    another sentence is not marked. `answered_by` says what supplied it ("text", or the
    structured field that did, such as "due time"); `met` is False only when neither did.
    """

    rule: str
    item: str
    severity: str
    message: str
    suggestion: str
    met: bool
    answered_by: str = ""
    # Where it is missing (a remediation sentence with no owner), for counting and tests;
    # the UI lists the item, it does not mark these words.
    missing_in: tuple[Span, ...] = ()

    def as_dict(self) -> dict[str, str | bool]:
        """The shape of a `checklist` entry in the `coach --jsonl` contract."""
        return {
            "rule": self.rule,
            "item": self.item,
            "severity": self.severity,
            "met": self.met,
            "answered_by": self.answered_by,
            "message": self.message,
            "suggestion": self.suggestion,
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

    # For a completeness check: the checklist line, what the section must carry.
    item: str = ""

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
        if self.completeness != bool(self.item):
            raise ValueError(f"rule {self.id}: a checklist line is for completeness checks only")


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
    # Alternatives that can only start with a letter share a look-ahead for one, so at the
    # start of a number ("1,1,1,…" has one word start per digit) they fail in one step.
    letters = [p for p in at_word if _starts_with_letter(p)]
    rest = [p for p in at_word if not _starts_with_letter(p)]
    if rest:
        branches.insert(0, r"\b(?:" + "|".join(f"(?:{p})" for p in rest) + ")")
    if letters:
        branches.insert(0, r"\b(?=[a-z])(?:" + "|".join(f"(?:{p})" for p in letters) + ")")
    return re.compile("|".join(branches))


def _starts_with_letter(pattern: str) -> bool:
    """Whether every match of the pattern starts with a lower-case ASCII letter.

    Conservative: it reads a literal letter, or a non-capturing group whose top-level
    alternatives all do so (recursively); anything else (a class, an escape, a look-around,
    a quantifier on the group) answers False.
    """
    if pattern[:1].isascii() and pattern[:1].islower():
        return pattern[1:2] not in ("?", "*", "{")
    if not pattern.startswith("(?:"):
        return False
    depth, start, alternatives = 0, 3, []
    for i in range(3, len(pattern)):
        ch = pattern[i]
        if ch == "\\":
            continue
        if pattern[i - 1] == "\\":
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                alternatives.append(pattern[start:i])
                if pattern[i + 1 : i + 2] in ("?", "*", "{"):
                    return False
                return all(_starts_with_letter(a) for a in alternatives)
            depth -= 1
        elif ch == "|" and depth == 0:
            alternatives.append(pattern[start:i])
            start = i + 1
    return False


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


# "10:25 a.m. ET" does not end a sentence at "a.m.": the clock time belongs to what follows.
_SENTENCE_END = re.compile(r"[.!?](?<!\ba\.m\.)(?<!\bp\.m\.)[.!?]*(?=\s|$)|\n")
_ALNUM = re.compile(r"[^\W_]")


def sentences(norm: str) -> Iterator[Span]:
    """Split into sentences or lines, trimmed, skipping blanks.

    A full stop only ends a sentence when whitespace follows, so '0.3%', 'v4.12.1' and
    'invoices.account_id' stay whole, and never after "a.m." or "p.m.".
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
    """Run the given language rules over the text and return findings sorted by position.

    One finding per span: when several findings mark overlapping characters, the author
    sees only the most severe (then the rule listed first); and one rule
    reports a sentence once ("still working on it, soon, hopefully" is one plan without a
    date, not three).
    """
    if not text.strip():
        # Nothing typed yet: no point telling an author about an empty box.
        return []
    norm = normalise(text)
    found: list[tuple[tuple[int, int, int], Span, Rule]] = []
    for order, rule in enumerate(rules):
        for start, end in rule.check(norm, text):
            found.append(((_SEVERITY_RANK[rule.severity], order, start), (start, end), rule))
    # Most severe first, then the rule listed first (rules.py lists the specific before the
    # general), then position.
    found.sort(key=lambda entry: entry[0])
    # Kept spans never overlap, so sorted starts and ends find a clash in O(log n).
    starts: list[int] = []
    ends: list[int] = []
    findings: list[Finding] = []
    sentence_of = _sentence_index(norm)
    seen: set[tuple[str, int]] = set()
    for _, (start, end), rule in found:
        i = bisect_right(starts, start)
        if (i and ends[i - 1] > start) or (i < len(starts) and starts[i] < end):
            continue
        key = (rule.id, sentence_of(start))
        if key in seen:
            continue
        seen.add(key)
        starts.insert(i, start)
        ends.insert(i, end)
        findings.append(Finding(rule.id, rule.severity, rule.message, rule.suggestion, start, end))
    findings.sort(key=lambda f: (f.start, f.end, _SEVERITY_RANK[f.severity], f.rule))
    return findings


def _sentence_index(norm: str) -> Callable[[int], int]:
    """Which sentence (by order) a position falls in."""
    starts = [start for start, _ in sentences(norm)]

    def index(pos: int) -> int:
        return bisect_right(starts, pos)

    return index


def evaluate_checklist(
    rules: Sequence[Rule], text: str, answered: Mapping[str, str] | None = None
) -> list[ChecklistItem]:
    """The section's checklist: for each completeness rule, whether it is met.

    `answered` maps a rule id to the structured field that supplies it (an action's due
    time, an ask's decide-by); such an item is met whatever the words say. Blank text has
    an empty checklist, like it has no findings.
    """
    if not text.strip():
        return []
    answered = answered or {}
    norm = normalise(text)
    items = []
    for rule in rules:
        missing: tuple[Span, ...] = ()
        if rule.id in answered:
            by = answered[rule.id]
        else:
            missing = tuple(rule.check(norm, text))
            by = "" if missing else "text"
        items.append(
            ChecklistItem(
                rule.id,
                rule.item,
                rule.severity,
                rule.message,
                rule.suggestion,
                not missing,
                by,
                missing,
            )
        )
    return items
