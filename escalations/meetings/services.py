"""Services for the 1:1 with the executive: schedule, reschedule, cancel, record how it went,
and the written follow-up. Each writes rows only; email leaves through outbox rows (escalations/outbox/).

Keyword-only, typed, ``<noun>_<verb>``, atomic where several rows change.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from escalations import cadence, timetext
from escalations.models import (
    Escalation,
    Meeting,
    MeetingOutcome,
    MeetingPurpose,
    OutboxMessage,
    State,
)
from escalations.outbox import followup, preread
from escalations.services import escalation_touch

FOLLOWUP_WITHIN = timedelta(minutes=30)


class MeetingError(ValueError):
    """A change to a meeting that cannot be made; the message is for the author."""


def meeting_schedule(
    *,
    escalation: Escalation,
    starts_at: datetime,
    time_zone: str,
    duration_minutes: int = 30,
    video_link: str = "",
    purpose: str = MeetingPurpose.ONE_ON_ONE,
    now: datetime | None = None,
) -> Meeting:
    """Book the 1:1 and owe the executive a pre-read 30 minutes before it.

    ``purpose`` RCA review: the meeting after resolution where the executive reviews the
    RCA; its pre-read is the RCA summary (escalations/outbox/preread.py picks it), and it
    can be booked on a reviewed escalation too.

    Only rows are written — no broker call is needed for the request to succeed; a due-now
    pre-read is handed to the broker after commit, best effort, and otherwise by the tick.
    """
    now = now or timezone.now()
    if starts_at <= now:
        raise MeetingError("That time has already passed. Pick a time in the future.")
    with transaction.atomic():
        locked = Escalation.objects.select_for_update().get(pk=escalation.pk)
        if locked.state == State.REVIEWED and purpose != MeetingPurpose.RCA_REVIEW:
            raise MeetingError("This escalation has been reviewed; no more 1:1s are scheduled.")
        if locked.state == State.DRAFT:
            raise MeetingError(
                "Escalate first: the pre-read sent before the 1:1 is built from the finished "
                "escalation, and a draft is not ready for the executive."
            )
        if not locked.executive_address:
            raise MeetingError(
                "Say who you are telling first (the triage step): the pre-read goes to them."
            )
        meeting = Meeting.objects.create(
            escalation=locked,
            starts_at=starts_at,
            time_zone=time_zone,
            duration_minutes=duration_minutes,
            video_link=video_link,
            purpose=purpose,
        )
        preread.preread_schedule(meeting=meeting, now=now)
    escalation.refresh_from_db()
    return meeting


def meeting_reschedule(
    *,
    meeting: Meeting,
    starts_at: datetime,
    time_zone: str,
    now: datetime | None = None,
) -> OutboxMessage | None:
    """Move the 1:1. An unsent pre-read moves with it; a sent one is never sent twice —
    the executive gets a short "moved to …" note instead. Returns that row, if any."""
    now = now or timezone.now()
    if starts_at <= now:
        raise MeetingError("That time has already passed. Pick a time in the future.")
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().select_related("escalation").get(pk=meeting.pk)
        if locked.is_cancelled:
            raise MeetingError("This 1:1 was cancelled. Schedule a new one instead.")
        if locked.starts_at <= now:
            raise MeetingError("This 1:1 has already started; schedule a new one instead.")
        previous = locked.starts_at
        if starts_at == previous and time_zone == locked.time_zone:
            return None
        locked.starts_at = starts_at
        locked.time_zone = time_zone
        locked.save(update_fields=["starts_at", "time_zone"])
        row = preread.preread_reschedule(meeting=locked, previous_starts_at=previous, now=now)
    meeting.refresh_from_db()
    return row


def meeting_cancel(*, meeting: Meeting, now: datetime | None = None) -> OutboxMessage | None:
    """Cancel the 1:1 and every email about it not yet sent; if the pre-read already went
    out, the executive gets a short cancellation note. Returns that note, if any."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().select_related("escalation").get(pk=meeting.pk)
        if locked.is_cancelled:
            return None
        locked.cancelled_at = now
        locked.save(update_fields=["cancelled_at"])
        note = preread.meeting_dispatches_cancel(meeting=locked, now=now)
    meeting.refresh_from_db()
    return note


def meeting_record_outcome(
    *,
    meeting: Meeting,
    outcome: str,
    notes: str = "",
    agreed: str = "",
    now: datetime | None = None,
) -> Meeting:
    """How the 1:1 went, once it has started. Notes are the author's, never emailed; what
    was agreed goes into the written follow-up."""
    now = now or timezone.now()
    if meeting.is_cancelled:
        raise MeetingError("This 1:1 was cancelled.")
    if meeting.starts_at > now:
        raise MeetingError("You can record how the 1:1 went once it has started.")
    if outcome not in MeetingOutcome.values or outcome == MeetingOutcome.PENDING:
        raise MeetingError("Choose how the 1:1 went.")
    Meeting.objects.filter(pk=meeting.pk).update(
        outcome=outcome, outcome_notes=notes.strip(), agreed=agreed.strip()
    )
    meeting.refresh_from_db()
    return meeting


def meeting_ends_at(meeting: Meeting) -> datetime:
    return meeting.starts_at + timedelta(minutes=meeting.duration_minutes)


def followup_due_by(meeting: Meeting) -> datetime:
    """docs/preread.md: after a 1:1 that went badly, the written follow-up within 30 minutes."""
    return meeting_ends_at(meeting) + FOLLOWUP_WITHIN


def followup_draft(
    escalation: Escalation, meeting: Meeting, now: datetime | None = None
) -> tuple[str, str]:
    """(subject, Markdown body) for the written record of a 1:1, in the executive's zone:
    what we agreed (the author's words, and the asks decided since the 1:1 began) and what
    happens next (open actions and asks, the next update, the next 1:1). Not the pre-read
    again: they have read it. The author's private notes are never used.

    ``escalation`` must be loaded with ``selectors.escalation_full_queryset``.
    """
    now = now or timezone.now()
    tz = escalation.executive_zone
    day = timetext.in_zone(meeting.starts_at, tz, "%a %d %b")
    agreed = [meeting.agreed.strip()] if meeting.agreed.strip() else []
    decided = [
        f"- {ask.get_status_display()}: {ask.decision.strip()}"
        for ask in escalation.asks.all()
        if not ask.is_open and ask.decided_at and ask.decided_at >= meeting.starts_at
    ]
    if decided:
        agreed.append("\n".join(decided))
    nxt = [
        f"- {a.description} — {a.owner_name}, by {timetext.when(a.due_at, tz)}"
        for a in escalation.actions.all()
        if not a.is_done
    ]
    nxt += [
        f"- Your decision: {ask.decision.strip()} — by {timetext.when(ask.decide_by, tz)}"
        for ask in escalation.asks.all()
        if ask.is_open
    ]
    if escalation.is_open and escalation.next_update_due_at:
        nxt.append(
            f"- My next written update: by {timetext.when(escalation.next_update_due_at, tz)}"
        )
    later = [
        m
        for m in escalation.meetings.all()
        if not m.is_cancelled and m.starts_at > max(meeting.starts_at, now)
    ]
    if later:
        nxt.append(f"- Our next 1:1: {timetext.when(later[0].starts_at, tz)}")
    blocks = [
        f"Thank you for the time today. For the record, what we agreed in our 1:1 on {day}:",
        f"**What we agreed**\n\n{chr(10).join(agreed) if agreed else '- '}",
        "**What happens next**\n\n" + ("\n".join(nxt) if nxt else "- "),
    ]
    return f"Our 1:1 on {day}: {escalation.title} — what we agreed", "\n\n".join(blocks)


def followup_send(
    *, meeting: Meeting, subject: str, body: str, now: datetime | None = None
) -> tuple[OutboxMessage, bool]:
    """Send the written follow-up to the executive, once per meeting (a double click sends
    one email). Returns (row, created)."""
    now = now or timezone.now()
    if meeting.outcome == MeetingOutcome.PENDING:
        raise MeetingError("Record how the 1:1 went first.")
    if not body.strip():
        raise MeetingError("The follow-up is empty.")
    if not meeting.escalation.executive_address:
        raise MeetingError("Say who you are telling first (the triage step).")
    return followup.followup_enqueue(meeting=meeting, subject=subject, body=body, now=now)


def preread_resend(
    *, meeting: Meeting, now: datetime | None = None, confirmed: bool = False
) -> OutboxMessage:
    """Send a failed pre-read again, because the author looked and asked for it; one that
    may already have been delivered needs ``confirmed`` too."""
    now = now or timezone.now()
    if meeting.is_cancelled or meeting_ends_at(meeting) <= now:
        raise MeetingError("This 1:1 is over or cancelled; a pre-read now would only confuse.")
    try:
        return preread.preread_requeue(meeting=meeting, now=now, confirmed=confirmed)
    except preread.OutcomeUnknown as exc:
        raise MeetingError(str(exc)) from exc
    except (ValueError, OutboxMessage.DoesNotExist) as exc:
        raise MeetingError("Only a failed pre-read can be sent again.") from exc


# --- cadence override ---------------------------------------------------------------------


def escalation_set_cadence(
    *,
    escalation: Escalation,
    interval: timedelta | None,
    daily_at: time | None,
    time_zone: str,
    now: datetime | None = None,
) -> Escalation:
    """The author commits to a stricter rhythm: a shorter interval, or a fixed daily time in
    their zone. The next due time is recomputed through ``cadence.next_update_due``; it can
    only come earlier, never later, and never earlier than now (a new commitment does not
    make past windows "missed")."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Escalation.objects.select_for_update().get(pk=escalation.pk)
        locked.cadence_interval = interval
        locked.cadence_daily_at = daily_at
        locked.cadence_time_zone = time_zone
        fields = ["cadence_interval", "cadence_daily_at", "cadence_time_zone", "modified_at"]
        if locked.is_open:
            candidate = cadence.next_update_due(locked, after=now)
            current = locked.next_update_due_at
            if candidate is not None and (current is None or candidate < current):
                locked.next_update_due_at = candidate
                fields.append("next_update_due_at")
        locked.save(update_fields=fields)
        escalation_touch(escalation=locked)
    escalation.refresh_from_db()
    return escalation
