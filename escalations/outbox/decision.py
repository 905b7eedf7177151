"""Decisions on asks, to the author: "the executive answered" at once, and "nobody has
decided yet" once an ask passes its decide-by time.

Owed: the answer by ``escalations.decisions.services`` in the transaction that recorded it
(one per answer); the overdue flag by the stale scan (``escalations.outbox.reminder``), once
per ask and deadline. The overdue flag is still owed only while the ask is open with that
same deadline on an open escalation.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, QuerySet

from escalations import timetext
from escalations.models import (
    OPEN_STATES,
    Ask,
    AskDecision,
    AskStatus,
    DecisionVia,
    DispatchPurpose,
    Escalation,
    OutboxMessage,
)
from escalations.outbox import mail
from escalations.outbox.owe import kick_if_due, owed

# An ask whose deadline passed longer ago than this without a flag (the beat was down, or
# the ask was written with a past deadline) is not worth a late email: the page shows it.
ASK_OVERDUE_LOOKBACK = timedelta(days=7)


def decision_notice_enqueue(
    *, decision: AskDecision, escalation: Escalation, now: datetime
) -> OutboxMessage | None:
    """Tell the author at once that the executive answered an ask (one email per answer).

    Nothing when the author recorded the answer themselves (they know), or has no address.
    Call inside the transaction that recorded the answer: the row commits with it.
    """
    if decision.via == DecisionVia.AUTHOR or not escalation.owner.email:
        return None
    row = OutboxMessage.objects.create(
        escalation=escalation,
        ask_id=decision.ask_id,
        ask_decision=decision,
        purpose=DispatchPurpose.DECISION_RECORDED,
        dedupe_key=f"decision_recorded:{decision.pk}",
        to_email=escalation.owner.email,
        send_at=now,
    )
    kick_if_due(row, now)
    return row


def asks_overdue_rows(now: datetime) -> list[OutboxMessage]:
    """One email to the author per ask left unanswered past its decide-by time.

    Keyed on the ask and its deadline: a moved deadline that passes again is news again.
    An index scan (``ask_open_due_idx``) over the last ``ASK_OVERDUE_LOOKBACK`` only.
    Returned unsaved: the stale scan inserts them with its other notices.
    """
    # Plain values, not model instances: a tick may owe a thousand of these at once.
    overdue = asks_overdue(now).values_list(
        "pk", "escalation_id", "decide_by", "escalation__owner__email"
    )
    return [
        owed(
            purpose=DispatchPurpose.ASK_OVERDUE,
            about=pk,
            escalation_id=escalation_id,
            to_email=email,
            due=decide_by,
            now=now,
            ask_id=pk,
        )
        for pk, escalation_id, decide_by, email in overdue
        if email
    ]


def asks_overdue(now: datetime) -> QuerySet[Ask]:
    """Open asks of open escalations whose decide-by time passed within the lookback, and
    whose author has not been told yet (most ticks: none, found through two indexes)."""
    told = OutboxMessage.objects.filter(
        ask=OuterRef("pk"),
        purpose=DispatchPurpose.ASK_OVERDUE,
        window_due_at=OuterRef("decide_by"),
    )
    return (
        Ask.objects.filter(
            status=AskStatus.OPEN,
            decide_by__lt=now,
            decide_by__gte=now - ASK_OVERDUE_LOOKBACK,
            escalation__state__in=OPEN_STATES,
        )
        .exclude(Exists(told))
        .select_related("escalation__owner")
        .only("id", "decide_by", "escalation", "escalation__owner", "escalation__owner__email")
        .order_by()
    )


# --- how they are built -------------------------------------------------------------


def _ask(row: OutboxMessage) -> Ask:
    if row.ask is None:
        raise ValueError(f"Dispatch {row.pk} ({row.purpose}) has no ask")
    return row.ask


def decision_recorded_email(row: OutboxMessage, now: datetime) -> mail.Rendered:
    """ "Maya Chen approved: …" — the executive answered; the author hears at once."""
    if row.ask_decision is None:
        raise ValueError(f"Dispatch {row.pk} ({row.purpose}) has no decision")
    decision = row.ask_decision
    ask = _ask(row)
    e = row.escalation
    tz = mail.author_zone(e)
    text = ask.decision.strip()
    # The answer this one followed (rows are only ever added, so an earlier id is earlier).
    previous = ask.decisions.filter(pk__lt=decision.pk).order_by("-pk").first()
    lines = [
        f"{decision.decided_by_name} {decision.answer} “{text}” on “{e.title}” at "
        f"{timetext.when(decision.created_at, tz)} ({tz}).",
    ]
    subject = f"{decision.decided_by_name} {decision.answer}: {text}"
    if decision.changes(previous) and previous is not None:
        # A reversal is news in itself: it leads the subject and the email.
        lines.insert(
            0,
            f"Changed answer: {previous.answer} → {decision.answer} (the earlier answer was "
            f"given {timetext.when(previous.created_at, tz)}).",
        )
        subject = f"Changed: {previous.answer} → {decision.answer}: {text}"
    if decision.note:
        lines.append("Their note:")
    return mail.note(
        row,
        subject=mail.subject_part(subject, mail.SUBJECT_MAX),
        lines=lines,
        quote=decision.note,
        action=("Open the escalation", mail.escalation_url(e, "#asks")),
        footer="Upward emails you each time an ask is answered; the timeline shows it too.",
        to_executive=False,
    )


def ask_overdue_email(row: OutboxMessage, now: datetime) -> mail.Rendered:
    """An ask passed its decide-by time with no answer: the author hears it once."""
    ask = _ask(row)
    e = row.escalation
    return mail.overdue_note(
        row,
        noun="Decision",
        text=ask.decision.strip(),
        due=row.window_due_at or ask.decide_by,
        was="was to be decided by",
        still=f"and {e.executive_label or 'the executive'} has not answered yet.",
        advice="Ask again in one line, with what happens if nobody decides — or, if it was "
        "decided in a 1:1 or by chat, record the decision so everyone sees it.",
        action=("Record or chase the decision", mail.escalation_url(e, "#asks")),
        footer="Upward tells you once per ask and deadline.",
    )


def ask_overdue_still_owed(row: OutboxMessage, now: datetime) -> str:
    e = row.escalation
    if (
        row.ask is None
        or row.ask.status != AskStatus.OPEN
        or row.ask.decide_by != row.window_due_at
        or not e.is_open
    ):
        return "The ask was answered (or its deadline moved) before this reminder went out."
    return ""


KINDS: dict[str, mail.Kind] = {
    DispatchPurpose.DECISION_RECORDED: mail.Kind(build=decision_recorded_email),
    DispatchPurpose.ASK_OVERDUE: mail.Kind(
        build=ask_overdue_email, still_owed=ask_overdue_still_owed
    ),
}
