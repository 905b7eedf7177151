"""What the RCA says, written for its readers: the executive's summary (the RCA review's
pre-read, ≤ 250 words) and the whole RCA as Markdown (export and print).

Pure reads of the prefetched escalation and RCA; times in the reader's zone.
"""

from __future__ import annotations

from escalations import timetext
from escalations.models import Escalation, Meeting, PreventiveAction, Rca
from escalations.rca.selectors import preventive_progress, rca_closed_at, rca_full
from escalations.wizard.briefing import (
    PREREAD_WORD_TARGET,
    AskLine,
    Part,
    Preread,
    impact_quantities,
    short_sentence,
)

SUMMARY_TITLES = ("Confirmed cause", "Final impact", "Preventive actions", "What I need")
SUMMARY_WORD_LIMIT = PREREAD_WORD_TARGET
# A summary lists this many actions at most, then "and N more": it must stay ≤ 250 words.
SUMMARY_ACTIONS = 5
SUMMARY_SENTENCE_WORDS = 35


def _action_line(a: PreventiveAction, tz: str, words: int = 20) -> str:
    text = short_sentence(a.description, words)
    if a.is_done:
        return f"{text} — {a.owner_name}, done {timetext.in_zone(a.done_at, tz, '%d %b')}"
    if a.is_not_doing:
        return f"{text} — not doing: {short_sentence(a.not_doing_reason, 15)}"
    return f"{text} — {a.owner_name}, by {timetext.in_zone(a.due_at, tz, '%a %d %b')}"


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def final_impact(e: Escalation, rca: Rca) -> str:
    said = short_sentence(rca.impact_final or e.impact_headline, SUMMARY_SENTENCE_WORDS)
    numbers = impact_quantities(e)
    return "\n\n".join(b for b in (said, _bullets(numbers[:3]) if numbers else "") if b)


def rca_summary(e: Escalation, rca: Rca) -> Preread:
    """The RCA review's pre-read: confirmed cause, final impact, preventive actions, and
    anything waiting on the executive (each open ask, with its decide link in the email).
    At most ``SUMMARY_WORD_LIMIT`` words, whatever the author wrote. In the executive's zone;
    ``e`` loaded with ``selectors.escalation_full_queryset``, ``rca`` with ``rca_full``."""
    tz = e.executive_zone
    cause = short_sentence(rca.cause_statement, SUMMARY_SENTENCE_WORDS)
    confidence = rca.get_cause_confidence_display().split(" — ")[0].lower()
    cause_md = f"{cause} ({confidence} confidence)" if cause and confidence else cause
    if e.cause_statement.strip():
        cause_md += (
            "\n\nWhat I said at the time"
            f"{' (' + e.get_cause_confidence_display().lower() + ')' if e.cause_confidence else ''}: "
            f"{short_sentence(e.cause_statement, 20)}"
        )
    actions = list(rca.preventive_actions.all())
    done, not_doing, total = preventive_progress(rca)
    lines = [_action_line(a, tz) for a in actions[:SUMMARY_ACTIONS]]
    if total > SUMMARY_ACTIONS:
        lines.append(f"and {total - SUMMARY_ACTIONS} more")
    actions_md = f"{done} of {total} done." + (f"\n\n{_bullets(lines)}" if lines else "")
    open_asks = [a for a in e.asks.all() if a.is_open]
    asks = [
        AskLine(
            pk=a.pk,
            text=f"{short_sentence(a.decision, 25)} — decide by {timetext.when(a.decide_by, tz)}",
            is_open=True,
        )
        for a in open_asks
    ]
    needs = _bullets([a.text for a in asks]) if asks else "Nothing to decide: this is to review."
    parts = [
        Part(SUMMARY_TITLES[0], cause_md),
        Part(SUMMARY_TITLES[1], final_impact(e, rca)),
        Part(SUMMARY_TITLES[2], actions_md),
        Part(SUMMARY_TITLES[3], needs, asks=asks),
    ]
    summary = Preread(subject=f"RCA review: {e.title}", parts=parts)
    # Long action lists or many asks: shorten the actions, then drop them, until it fits.
    for keep in range(SUMMARY_ACTIONS - 1, -1, -1):
        if summary.word_count <= SUMMARY_WORD_LIMIT:
            break
        short = [_action_line(a, tz, 10) for a in actions[:keep]]
        rest = total - keep
        if rest:
            short.append(f"and {rest} more on the RCA page")
        parts[2] = Part(SUMMARY_TITLES[2], f"{done} of {total} done.\n\n{_bullets(short)}")
    return summary


def rca_markdown(e: Escalation, rca: Rca) -> str:
    """The whole RCA as one Markdown document (export and the one-page print view), in the
    author's words, times in the executive's zone (the reader it is written for)."""
    tz = e.executive_zone
    done, not_doing, total = preventive_progress(rca)
    closed = rca_closed_at(rca)
    facts = [
        f"- Kind: {e.get_kind_display()} · {e.get_severity_display()}",
        f"- Owner: {e.owner.get_full_name() or e.owner.get_username()}",
    ]
    for label, at in (
        ("Detected", e.detected_at),
        ("Escalated", e.escalated_at),
        ("Contained", e.contained_at),
        ("Resolved", e.resolved_at),
        ("Closed", closed),
    ):
        if at:
            facts.append(f"- {label}: {timetext.when(at, tz)} ({tz})")
    facts.append(
        f"- Preventive actions: {done} of {total} done"
        + (f", {not_doing} accepted as not doing" if not_doing else "")
    )
    blocks = [f"# RCA: {e.title}", "\n".join(facts)]
    if rca.is_dismissed:
        blocks.append(f"**No RCA:** {rca.dismissed_reason}")
    blocks.append(
        "## Root cause\n\n"
        + (rca.cause_statement.strip() or "_Not written yet._")
        + (
            f"\n\nConfidence: {rca.get_cause_confidence_display()}. "
            f"Kind of cause: {rca.get_cause_category_display()}."
            if rca.cause_confidence and rca.cause_category
            else ""
        )
    )
    if e.cause_statement.strip():
        said = e.get_cause_confidence_display().lower() if e.cause_confidence else "at the time"
        blocks.append(f"_Said at the time ({said}):_ {e.cause_statement.strip()}")
    impact = rca.impact_final.strip() or e.impact_headline.strip()
    numbers = impact_quantities(e)
    blocks.append(
        "## Final impact\n\n"
        + "\n\n".join(b for b in (impact, _bullets(numbers) if numbers else "") if b)
    )
    entries = list(rca.timeline.all())
    if entries:
        blocks.append(
            "## Timeline\n\n"
            + _bullets([f"{timetext.in_zone(t.at, tz)} — {t.text}" for t in entries])
        )
    if rca.went_well.strip():
        blocks.append(f"## What went well\n\n{rca.went_well.strip()}")
    if rca.went_badly.strip():
        blocks.append(f"## What did not go well\n\n{rca.went_badly.strip()}")
    actions = list(rca.preventive_actions.all())
    if actions:
        lines = []
        for a in actions:
            line = _action_line(a, tz, 60)
            if a.is_done and a.done_note:
                line += f" ({a.done_note.strip()})"
            lines.append(line)
        blocks.append("## Preventive actions\n\n" + _bullets(lines))
    agreed = [m.agreed.strip() for m in e.meetings.all() if m.is_rca_review and m.agreed.strip()]
    if agreed:
        blocks.append("## Agreed in the RCA review\n\n" + "\n\n".join(agreed))
    return "\n\n".join(blocks) + "\n"


def rca_preread(e: Escalation, meeting: Meeting) -> Preread | None:
    """The pre-read of an RCA review (the RCA summary); None for any other meeting, whose
    pre-read is the escalation's own. The one hook the outbox's pre-read email calls."""
    if not meeting.is_rca_review:
        return None
    rca = rca_full(e)
    if rca is None:
        return None
    return rca_summary(e, rca)
