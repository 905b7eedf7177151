"""What the wizard produces from the five sections: the opening line, the 1:1 talk track and
the written pre-read. Pure functions of an escalation loaded with
``selectors.escalation_full_queryset`` (no extra queries beyond its prefetches).

Everything is Markdown; pages render it through ``escalations.markdown`` and emails use the
same text for their plain part. Times are written in the reader's zone: the executive's for
the pre-read, whichever zone the caller passes for the talk track.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from escalations import timetext
from escalations.markdown import markdown_to_plain
from escalations.models import Escalation, Kind, Meeting, State, UpdateKind
from escalations.timetext import humanize_delta, in_zone, when, when_both

PREREAD_WORD_TARGET = 250
# Above this the pre-read no longer fits on a phone at all: escalating needs a reason.
PREREAD_WORD_LIMIT = 400
# One sentence of a section, but never a wall: a 20,000-character root cause without a full
# stop must not become a 3,000-word pre-read.
PREREAD_SENTENCE_WORDS = 45
PREREAD_ANSWERS_TITLE = "Questions you may ask"
PREREAD_HEADINGS = ("What happened", "Why it matters", "What we're doing", "What I need")
CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])")


def first_sentence(text: str) -> str:
    text = " ".join((text or "").split())
    if not text:
        return ""
    return _SENTENCE_END.split(text, maxsplit=1)[0].strip()


_CLAUSE_END = re.compile(r",\s+and\s+|;\s+|\s+[—–]\s+|,\s+but\s+")


def first_clause(text: str) -> str:
    """The first sentence cut at its first 'and'/semicolon/dash: enough for an opening line."""
    return _CLAUSE_END.split(first_sentence(text), maxsplit=1)[0].strip().rstrip(".!")


# Sentence openers that can be lower-cased mid-sentence; anything else (a name, an
# acronym such as "AWS", "I") keeps its capital.
_COMMON_OPENERS = frozenset(
    [
        "a",
        "an",
        "the",
        "our",
        "we",
        "my",
        "this",
        "that",
        "these",
        "those",
        "their",
        "its",
        "it",
        "some",
        "every",
        "all",
        "one",
        "two",
        "three",
        "several",
        "most",
        "many",
        "no",
        "there",
        "after",
        "before",
        "during",
        "since",
        "when",
        "while",
        "because",
    ]
)


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    if first.lower() in _COMMON_OPENERS and first[1:] == first[1:].lower():
        return text[:1].lower() + text[1:]
    return text


def money(amount: Decimal | None, currency: str = "USD") -> str:
    if amount is None:
        return ""
    symbol = CURRENCY_SYMBOLS.get(currency.upper(), "")
    whole = amount == amount.to_integral_value()
    number = f"{amount:,.0f}" if whole else f"{amount:,.2f}"
    return f"{symbol}{number}" if symbol else f"{number} {currency.upper()}"


def _percent(value: Decimal) -> str:
    return f"{value.normalize():f}%"


def revenue_phrase(e: Escalation) -> str:
    """Revenue impact that stays true: at risk per hour (and lost so far) while it lasts;
    once contained, what was lost — stated by the author, or worked out from the hourly
    figure and the time from detection to containment."""
    per_hour, total, cur = e.impact_revenue_per_hour, e.impact_revenue_total, e.impact_currency
    if per_hour is None and total is None:
        return ""
    if e.state not in (State.CONTAINED, State.RESOLVED, State.REVIEWED):
        parts = []
        if per_hour is not None:
            parts.append(f"{money(per_hour, cur)} revenue per hour at risk while it lasts")
        if total is not None:
            parts.append(f"{money(total, cur)} lost so far")
        return "; ".join(parts)
    if total is not None:
        return f"{money(total, cur)} revenue lost"
    assert per_hour is not None  # noqa: S101 - one of the two is set (checked above)
    if e.detected_at and e.contained_at and e.contained_at > e.detected_at:
        lasted = e.contained_at - e.detected_at
        lost = (per_hour * Decimal(lasted.total_seconds()) / Decimal(3600)).quantize(Decimal(1))
        return (
            f"about {money(lost, cur)} revenue lost ({money(per_hour, cur)} per hour for "
            f"{humanize_delta(lasted)}, until contained)"
        )
    return f"{money(per_hour, cur)} revenue per hour was at risk until contained"


def impact_quantities(e: Escalation) -> list[str]:
    """The structured impact numbers as short phrases, in the order an executive weighs them."""
    items: list[str] = []
    if e.impact_customers_affected is not None:
        items.append(f"{e.impact_customers_affected:,} customers or accounts affected")
    revenue = revenue_phrase(e)
    if revenue:
        items.append(revenue)
    if e.impact_share_failing_pct is not None:
        items.append(f"{_percent(e.impact_share_failing_pct)} of requests or transactions failing")
    if e.impact_delay_days is not None:
        unit = "day" if e.impact_delay_days == 1 else "days"
        items.append(f"{e.impact_delay_days} {unit} of delay")
    if e.impact_dates_moved:
        items.append(f"dates moved: {e.impact_dates_moved}")
    if e.impact_metric_value is not None and e.impact_metric_unit:
        items.append(f"{e.impact_metric_value.normalize():f} {e.impact_metric_unit}")
    return items


def opening_line(e: Escalation) -> str:
    """Impact and ownership in one sentence: no warm-up, no "have you seen…?"."""
    impact = first_sentence(e.impact_headline).rstrip(".!") or "We have a problem"
    owned = first_clause(e.ownership_statement)
    if not owned:
        return f"{impact}, and I own it."
    return f"{impact}, and that is on me: {_lower_first(owned)}."


@dataclass(frozen=True)
class AskLine:
    """One ask as the pre-read states it, so emails can put its decision links beside it."""

    pk: int
    text: str
    is_open: bool


@dataclass
class Part:
    title: str
    markdown: str
    # "What I need": the asks one by one, then ``after`` (information-only note, threshold).
    # ``markdown`` is still the whole part.
    asks: list[AskLine] = field(default_factory=list)
    after: str = ""


@dataclass
class Preread:
    subject: str
    parts: list[Part] = field(default_factory=list)

    @property
    def markdown(self) -> str:
        return "\n\n".join(f"**{p.title}**\n\n{p.markdown}" for p in self.parts)

    @property
    def word_count(self) -> int:
        return count_words(self.markdown)

    @property
    def within_target(self) -> bool:
        return self.word_count <= PREREAD_WORD_TARGET

    @property
    def within_limit(self) -> bool:
        return self.word_count <= PREREAD_WORD_LIMIT


def count_words(markdown_text: str) -> int:
    return len(re.findall(r"[\w’'€$£%.,:/-]*\w[\w’'€$£%.,:/-]*", markdown_text.replace("**", "")))


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"- {line}" for line in lines if line)


def _first_name(e: Escalation) -> str:
    return (e.executive_label or "").split(" ")[0].split("(")[0].strip()


def _actions(e: Escalation, tz: str, also: str | None = None) -> list[str]:
    out = []
    for a in e.actions.all():
        done = " ✓ done" if a.done_at else ""
        due = when_both(a.due_at, tz, also, _first_name(e))
        out.append(f"{a.description} — {a.owner_name}, by {due}{done}")
    return out


def _asks(e: Escalation, tz: str, also: str | None = None) -> list[str]:
    out = []
    for ask in e.asks.all():
        amount = ""
        if ask.amount is not None:
            figure = money(ask.amount, e.impact_currency)
            # Only add the figure when the author did not already write it.
            amount = "" if f"{ask.amount:,.0f}" in ask.decision else f" ({figure})"
        status = "" if ask.is_open else f" — {ask.get_status_display().lower()}"
        deadline = when_both(ask.decide_by, tz, also, _first_name(e))
        out.append(f"{ask.decision}{amount} — decide by {deadline}{status}")
    return out


def _cause(e: Escalation) -> str:
    confidence = f" ({e.get_cause_confidence_display().lower()})" if e.cause_confidence else ""
    text = f"{e.cause_statement.strip()}{confidence}"
    factors = list(e.contributing_factors.all())
    if factors:
        text += "\n\nContributing factors:\n\n" + _bullets(
            [f"{f.description}{' — the one I controlled' if f.is_authors else ''}" for f in factors]
        )
    return text


def _remediation(e: Escalation, tz: str, also: str | None = None) -> str:
    blocks = []
    if e.remediation_mitigation.strip():
        blocks.append(f"In place now: {e.remediation_mitigation.strip()}")
    actions = _actions(e, tz, also)
    if actions:
        blocks.append(f"{e.actions_progress}:\n\n{_bullets(actions)}")
    if e.remediation_expected_resolution_at:
        depends = (
            f", depending on {_lower_first(e.remediation_depends_on.strip().rstrip('.'))}"
            if e.remediation_depends_on.strip()
            else ""
        )
        blocks.append(
            f"Expected resolution: {when_both(e.remediation_expected_resolution_at, tz, also, _first_name(e))}{depends}."
        )
    if e.remediation_alternatives.strip():
        blocks.append(f"Tried or considered: {e.remediation_alternatives.strip()}")
    if e.remediation_prevention.strip():
        blocks.append(f"So it does not happen again: {e.remediation_prevention.strip()}")
    return "\n\n".join(blocks)


def _needs(e: Escalation, tz: str, also: str | None = None) -> str:
    asks = _asks(e, tz, also)
    rest = _needs_after(e, bool(asks))
    return "\n\n".join(b for b in (_bullets(asks), rest) if b)


def _needs_after(e: Escalation, has_asks: bool) -> str:
    blocks = []
    if not has_asks and e.asks_information_only:
        reason = e.asks_information_only_reason.strip()
        blocks.append(
            "No decision needed — this is for your information" + (f": {reason}" if reason else ".")
        )
    threshold = e.asks_decision_threshold.strip()
    if threshold:
        blocks.append(
            f"Decision threshold — what I will drive without your approval: {_lower_first(threshold)}"
        )
    return "\n\n".join(blocks)


def talk_track(e: Escalation, tz_name: str, *, executive_tz: str | None = None) -> list[Part]:
    """The 1:1 in the fixed order: impact, cause, ownership, remediation, asks; then the
    prepared answers to the likeliest questions; then the asks again, with their deadlines.

    Times are in ``tz_name`` (the author's); with ``executive_tz`` the executive's wall clock
    follows in brackets where it differs, so "by 16:00" means the same to both."""
    impact = e.impact_headline.strip()
    quantities = impact_quantities(e)
    if quantities:
        impact += "\n\n" + _bullets(quantities)
    parts = [
        Part("Open with", opening_line(e)),
        Part("1. Impact", impact),
        Part("2. Root cause", _cause(e)),
        Part("3. Ownership", e.ownership_statement.strip()),
        Part("4. Remediation", _remediation(e, tz_name, executive_tz)),
        Part("5. Asks", _needs(e, tz_name, executive_tz)),
    ]
    questions = list(e.questions.all())
    if questions:
        parts.append(
            Part(
                "If they ask",
                "\n\n".join(f"**{q.question.strip()}**  \n{q.answer.strip()}" for q in questions),
            )
        )
    asks = _asks(e, tz_name, executive_tz)
    if asks:
        parts.append(Part("Close with the asks", _bullets(asks)))
    return parts


def short_sentence(text: str, limit: int = PREREAD_SENTENCE_WORDS) -> str:
    """The first sentence, cut at ``limit`` words (with "…") when it runs on."""
    sentence = first_sentence(text)
    words = sentence.split(" ")
    if len(words) <= limit:
        return sentence
    return " ".join(words[:limit]).rstrip(",;:") + "…"


SINCE_ITEMS = 6


def previous_meeting(e: Escalation, meeting: Meeting | None) -> Meeting | None:
    """The last 1:1 before ``meeting`` that was not cancelled (from the prefetched rows)."""
    if meeting is None:
        return None
    earlier = [
        m
        for m in e.meetings.all()
        if m.pk != meeting.pk and not m.is_cancelled and m.starts_at < meeting.starts_at
    ]
    return max(earlier, key=lambda m: m.starts_at, default=None)


def agreed_last_time(e: Escalation, previous: Meeting, tz: str) -> Part:
    """What was agreed at the last 1:1 (the author's record of it) and what became of it:
    actions done and asks answered since it began."""
    since = previous.starts_at
    agreed = [
        line.strip().lstrip("-•*").strip() for line in previous.agreed.splitlines() if line.strip()
    ]
    outcome: list[str] = []
    for a in e.actions.all():
        if a.done_at and a.done_at > since:
            outcome.append(f"Done: {a.description} — {a.owner_name}")
    for ask in e.asks.all():
        if ask.decided_at and ask.decided_at > since and not ask.is_open:
            outcome.append(f"{ask.answer_label}: {ask.decision.strip()}")
    blocks = [_bullets(agreed) if agreed else "Nothing was recorded as agreed."]
    if outcome:
        blocks.append("Since then:\n\n" + _bullets(outcome))
    title = f"Agreed at our last 1:1 ({in_zone(previous.starts_at, tz, '%a %d %b')})"
    return Part(title, "\n\n".join(blocks))


def since_last_meeting(e: Escalation, previous: Meeting, tz: str) -> Part:
    """What changed since the last 1:1: the impact as it stands, then the updates posted
    since it began (decisions are in ``agreed_last_time``)."""
    since = previous.starts_at
    lines: list[str] = []
    if e.impact_now.strip():
        lines.append(f"{e.impact_now_label}: {short_sentence(e.impact_now, 30)}")
    updates = sorted(
        (
            u
            for u in e.updates.all()
            if u.created_at > since and u.kind not in (UpdateKind.ESCALATED, UpdateKind.DECISION)
        ),
        key=lambda u: u.created_at,
    )
    for u in updates[-SINCE_ITEMS:]:
        lines.append(
            f"{in_zone(u.created_at, tz)}: {short_sentence(markdown_to_plain(u.body), 25)}"
        )
    if len(lines) < 2:
        lines.append("No update since then.")
    title = f"Since our last 1:1 ({in_zone(previous.starts_at, tz, '%a %d %b')})"
    return Part(title, _bullets(lines))


def preread(e: Escalation, meeting: Meeting | None = None) -> Preread:
    """The written pre-read — and the emailed one, word for word: four headings, numbers and
    dates, each ask once, readable on a phone in a minute. The author's prepared answers
    follow only when they chose to include them. For a 1:1 after an earlier one it opens
    with what changed since. Times are in the executive's zone."""
    tz = e.executive_zone
    happened = short_sentence(e.impact_headline)
    cause = short_sentence(e.cause_statement)
    if cause:
        confidence = e.get_cause_confidence_display().lower() if e.cause_confidence else ""
        happened += f" Cause{f' ({confidence})' if confidence else ''}: {_lower_first(cause)}"
    owned = first_clause(short_sentence(e.ownership_statement))
    if owned:
        happened += f" {owned}."
    # Each figure once: a number the first lines already give is not repeated as a bullet
    # (the pre-read is read on a phone, against a word budget).
    quantities = impact_quantities(e)
    matters_lines = [q for q in quantities if q.split(" ", 1)[0] not in happened]
    detail = short_sentence(e.impact_detail)
    if not matters_lines and not detail:
        matters_lines = quantities
    if matters_lines:
        # Numbers first; one sentence of context (who exactly, which SLA) if the author gave it.
        matters = _bullets(matters_lines) + (f"\n\n{detail}" if detail else "")
    else:
        matters = detail or happened
    doing_blocks = []
    if e.remediation_mitigation.strip():
        doing_blocks.append(short_sentence(e.remediation_mitigation))
    actions = _actions(e, tz)
    if actions:
        doing_blocks.append(f"{e.actions_progress}:\n\n{_bullets(actions)}")
    if e.remediation_expected_resolution_at:
        doing_blocks.append(
            f"Expected resolution: {when(e.remediation_expected_resolution_at, tz)}."
        )
    ask_texts = _asks(e, tz)
    asks = [
        AskLine(pk=ask.pk, text=text, is_open=ask.is_open)
        for ask, text in zip(e.asks.all(), ask_texts, strict=True)
    ]
    parts = [
        Part(PREREAD_HEADINGS[0], happened.strip()),
        Part(PREREAD_HEADINGS[1], matters),
        Part(PREREAD_HEADINGS[2], "\n\n".join(doing_blocks)),
        Part(PREREAD_HEADINGS[3], _needs(e, tz), asks=asks, after=_needs_after(e, bool(asks))),
    ]
    previous = previous_meeting(e, meeting)
    if previous is not None:
        # The executive has the story from the first 1:1: a later pre-read continues the
        # conversation (agreed, what became of it, what changed) instead of retelling it;
        # what we're doing and what waits on them follow.
        parts = [
            agreed_last_time(e, previous, tz),
            since_last_meeting(e, previous, tz),
            *parts[2:],
        ]
    if e.preread_include_answers:
        questions = list(e.questions.all())
        if questions:
            parts.append(
                Part(
                    PREREAD_ANSWERS_TITLE,
                    "\n\n".join(
                        f"**{q.question.strip()}**  \n{q.answer.strip()}" for q in questions
                    ),
                )
            )
    return Preread(subject=f"Pre-read: {e.title}", parts=parts)


def talk_track_markdown(parts: list[Part]) -> str:
    return "\n\n".join(f"### {p.title}\n\n{p.markdown}" for p in parts)


# How long after the impact started an escalation of each kind is still "prompt". Beyond it
# the executive will ask "why am I hearing this only now?": better to say it first.
LATE_AFTER = {
    Kind.MAJOR_INCIDENT: timedelta(hours=1),
    Kind.SECURITY_INCIDENT: timedelta(hours=1),
    Kind.THIRD_PARTY_OUTAGE: timedelta(hours=1),
    Kind.SCHEDULE_SLIP: timedelta(days=1),
    Kind.TECH_DEBT: timedelta(days=7),
}


@dataclass(frozen=True)
class LateNote:
    delay: str
    threshold: str
    sentence: str


def late_escalation(e: Escalation, now: datetime) -> LateNote | None:
    """Whether this escalation comes (or came) later than its kind allows after the impact
    started, with a sentence that owns the delay instead of leaving it to be discovered."""
    threshold = LATE_AFTER.get(Kind(e.kind)) if e.kind else None
    if threshold is None or e.detected_at is None:
        return None
    delay = (e.escalated_at or now) - e.detected_at
    if delay <= threshold:
        return None
    said = timetext.humanize_delta(delay)
    return LateNote(
        delay=said,
        threshold=timetext.humanize_delta(threshold),
        sentence=(
            f"I should have raised this sooner: it started {said} before I brought it to you. "
            "That delay is mine, and from now on I will flag anything like it within "
            f"{timetext.humanize_delta(threshold)}."
        ),
    )
