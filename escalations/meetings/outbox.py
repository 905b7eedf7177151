"""The outbox: every email Upward owes someone is first an ``EmailDispatch`` row.

Data flows one way: a service writes a row here with its ``send_at`` → a beat tick hands due
rows to the broker (``escalations.meetings.delivery``) → a worker claims the row and sends it.
Nothing is ever scheduled with an ETA: scheduling writes a row, so a request succeeds with
the broker down and the email goes out on the first tick after it is back. A row that is due
at once is also handed to the broker right after the transaction commits, so the author does
not wait for the next tick.

The pre-read is one row per meeting (by constraint); moving or cancelling the 1:1 after it
went out writes a short note instead of a second pre-read; the written follow-up is one row
per meeting, so a double click sends one email.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction

from escalations.meetings.tasks import kick_send, kick_send_many
from escalations.models import (
    AskDecision,
    DecisionVia,
    DispatchPurpose,
    DispatchState,
    EmailDispatch,
    Escalation,
    Meeting,
)

logger = logging.getLogger(__name__)


PREREAD_LEAD = timedelta(minutes=30)


# --- meetings: the pre-read and its notes ------------------------------------------------


def preread_key(meeting: Meeting) -> str:
    return f"preread:meeting:{meeting.pk}"


def preread_send_at(starts_at: datetime, now: datetime) -> datetime:
    """30 minutes before the 1:1 — or now, when the meeting is closer than that."""
    return max(starts_at - PREREAD_LEAD, now)


def preread_schedule(*, meeting: Meeting, now: datetime) -> EmailDispatch:
    """Owe the executive a pre-read for this meeting (one per meeting, by constraint)."""
    escalation = meeting.escalation
    row = EmailDispatch.objects.create(
        escalation=escalation,
        meeting=meeting,
        purpose=DispatchPurpose.PREREAD,
        dedupe_key=preread_key(meeting),
        to_email=escalation.executive_email,
        send_at=preread_send_at(meeting.starts_at, now),
    )
    kick_if_due(row, now)
    return row


def preread_reschedule(
    *, meeting: Meeting, previous_starts_at: datetime, now: datetime
) -> EmailDispatch | None:
    """The meeting moved: move an unsent pre-read; once it has gone, send a "moved" note.

    Never a second pre-read. Returns the row that will tell the executive, if any. Call
    inside the transaction that saved the new ``starts_at``; the pre-read row is locked so a
    tick cannot claim it half-way (the claim also re-checks ``send_at``).
    """
    row = (
        EmailDispatch.objects.select_for_update()
        .filter(meeting=meeting, purpose=DispatchPurpose.PREREAD)
        .first()
    )
    if row is None:
        return preread_schedule(meeting=meeting, now=now)
    if row.state == DispatchState.PENDING:
        row.send_at = preread_send_at(meeting.starts_at, now)
        row.handed_over_at = None
        row.to_email = meeting.escalation.executive_email
        row.save(update_fields=["send_at", "handed_over_at", "to_email"])
        kick_if_due(row, now)
        return row
    if row.state in (DispatchState.SENDING, DispatchState.SENT):
        return _meeting_note(
            meeting=meeting,
            purpose=DispatchPurpose.MEETING_MOVED,
            previous_starts_at=previous_starts_at,
            now=now,
        )
    # failed or cancelled: the executive may or may not have it; the panel shows the state
    # and the author decides whether to resend.
    return None


class OutcomeUnknown(ValueError):
    """The failed row may have been delivered; resending needs the author's confirmation."""


def preread_requeue(*, meeting: Meeting, now: datetime, confirmed: bool = False) -> EmailDispatch:
    """The author looked at a failed pre-read and asks for it again (never automatic).

    A row whose outcome is unknown (it may have reached the executive) is only requeued with
    ``confirmed``; otherwise ``OutcomeUnknown`` is raised and nothing changes.
    """
    with transaction.atomic():
        row = (
            EmailDispatch.objects.select_for_update()
            .filter(meeting=meeting, purpose=DispatchPurpose.PREREAD)
            .get()
        )
        if row.state != DispatchState.FAILED:
            raise ValueError("Only a failed pre-read can be sent again.")
        if row.outcome_unknown and not confirmed:
            raise OutcomeUnknown(
                "This pre-read may already have been delivered. Tick “Send it again anyway” "
                "to confirm, after checking with the executive."
            )
        row.error = f"Sent again by the author at {now:%Y-%m-%d %H:%M} UTC after: {row.error}"
        row.state = DispatchState.PENDING
        row.outcome_unknown = False
        row.handed_over_at = None
        row.send_at = now
        row.to_email = meeting.escalation.executive_email
        row.save(
            update_fields=[
                "error",
                "state",
                "outcome_unknown",
                "handed_over_at",
                "send_at",
                "to_email",
            ]
        )
        kick_if_due(row, now)
    return row


def meeting_dispatches_cancel(*, meeting: Meeting, now: datetime) -> EmailDispatch | None:
    """The meeting was cancelled: cancel whatever is unsent; if the pre-read already went
    out, tell the executive in a short note. Returns that note, if any."""
    rows = list(EmailDispatch.objects.select_for_update().filter(meeting=meeting))
    known = _time_the_executive_knows(meeting, meeting.starts_at)
    EmailDispatch.objects.filter(meeting=meeting, state=DispatchState.PENDING).update(
        state=DispatchState.CANCELLED, error="The 1:1 was cancelled before this was sent."
    )
    told = any(
        r.purpose in (DispatchPurpose.PREREAD, DispatchPurpose.MEETING_MOVED)
        and r.state in (DispatchState.SENDING, DispatchState.SENT)
        for r in rows
    )
    if not told:
        return None
    return _meeting_note(
        meeting=meeting,
        purpose=DispatchPurpose.MEETING_CANCELLED,
        previous_starts_at=known,
        now=now,
    )


def _time_the_executive_knows(meeting: Meeting, default: datetime) -> datetime:
    """A "moved" note still waiting never reached the executive: the time they know is the
    one that note was correcting."""
    waiting = (
        EmailDispatch.objects.filter(
            meeting=meeting, purpose=DispatchPurpose.MEETING_MOVED, state=DispatchState.PENDING
        )
        .order_by("created_at")
        .values_list("previous_starts_at", flat=True)
        .first()
    )
    return waiting or default


def _meeting_note(
    *, meeting: Meeting, purpose: str, previous_starts_at: datetime, now: datetime
) -> EmailDispatch:
    known = _time_the_executive_knows(meeting, previous_starts_at)
    EmailDispatch.objects.filter(
        meeting=meeting, purpose=DispatchPurpose.MEETING_MOVED, state=DispatchState.PENDING
    ).update(state=DispatchState.CANCELLED, error="Superseded by a later change to the 1:1.")
    count = EmailDispatch.objects.filter(meeting=meeting, purpose=purpose).count()
    row = EmailDispatch.objects.create(
        escalation=meeting.escalation,
        meeting=meeting,
        purpose=purpose,
        dedupe_key=f"{purpose}:meeting:{meeting.pk}:{count + 1}",
        # For meeting notes: the time the executive last heard of (shown as "was …").
        previous_starts_at=known,
        to_email=meeting.escalation.executive_email,
        send_at=now,
    )
    kick_if_due(row, now)
    return row


def followup_enqueue(
    *, meeting: Meeting, subject: str, body: str, now: datetime
) -> tuple[EmailDispatch, bool]:
    """Queue the written follow-up to the executive; once per meeting, so a double click
    sends one email. Returns (row, created)."""
    try:
        with transaction.atomic():
            row = EmailDispatch.objects.create(
                escalation=meeting.escalation,
                meeting=meeting,
                purpose=DispatchPurpose.FOLLOWUP,
                dedupe_key=f"followup:meeting:{meeting.pk}",
                to_email=meeting.escalation.executive_email,
                send_at=now,
                subject=subject.strip()[:300],
                body_text=body.strip(),
            )
    except IntegrityError:
        return EmailDispatch.objects.get(dedupe_key=f"followup:meeting:{meeting.pk}"), False
    kick_if_due(row, now)
    return row, True


# --- decisions on asks ---------------------------------------------------------------------


def decision_notice_enqueue(
    *, decision: AskDecision, escalation: Escalation, now: datetime
) -> EmailDispatch | None:
    """Tell the author at once that the executive answered an ask (one email per answer).

    Nothing when the author recorded the answer themselves (they know), or has no address.
    Call inside the transaction that recorded the answer: the row commits with it.
    """
    if decision.via == DecisionVia.AUTHOR or not escalation.owner.email:
        return None
    row = EmailDispatch.objects.create(
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


def kick_if_due(row: EmailDispatch, now: datetime) -> None:
    """Don't make a due-now email wait for the next tick: publish it after commit.

    Best effort — with the broker down the row simply waits for a tick.
    """
    if row.send_at <= now:
        _publish_after_commit(kick_send, row.pk)


def kick_many(rows: list[EmailDispatch], now: datetime) -> None:
    """Several due-now rows (an update to every subscriber) in one broker message."""
    pks = [r.pk for r in rows if r.pk is not None and r.send_at <= now]
    if pks:
        _publish_after_commit(kick_send_many, pks)


def _publish_after_commit(publish: Callable[[Any], None], what: Any) -> None:
    def kick() -> None:
        try:
            publish(what)
        except Exception:
            logger.warning("Broker unavailable; dispatch %s waits for the next tick", what)

    transaction.on_commit(kick)
