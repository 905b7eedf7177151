"""Escalating tells the executive once: the "Escalated to you" note.

Owed with the escalation's own update (kind ``escalated``) like any update to the
executive, but held ``ESCALATED_HOLD``, so a 1:1 the author schedules right after
escalating can make the pre-read the one message.

Built: a short note that says when the pre-read comes, under the open asks (with their
buttons) and where it stands (``mail.note`` carries both to the executive).

Still owed only while no pre-read has gone, or goes soon (``preread_carries_escalation``):
then the pre-read is the one message and this note is dropped.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from escalations import timetext
from escalations.models import OutboxMessage, Update, UpdateKind
from escalations.outbox import links, mail
from escalations.selectors import preread_carries_escalation

ESCALATED_HOLD = timedelta(minutes=10)


def held(update: Update, *, for_executive: bool) -> bool:
    """The executive's copy of the escalation's own update waits ``ESCALATED_HOLD``."""
    return for_executive and update.kind == UpdateKind.ESCALATED


def is_escalated_note(row: OutboxMessage) -> bool:
    sub = row.subscription
    return (
        sub is not None
        and sub.for_executive
        and row.update is not None
        and row.update.kind == UpdateKind.ESCALATED
    )


def escalated_email(row: OutboxMessage, now: datetime) -> mail.Rendered:
    """Escalating sends the executive one message: this short note when the pre-read is
    not about to go (the pre-read itself when it is: ``still_owed`` drops this note). It
    points to the pre-read, and carries the asks and where it stands."""
    e = row.escalation
    tz = e.executive_zone
    meeting = e.meetings.filter(cancelled_at__isnull=True, starts_at__gt=now).first()
    if meeting is not None:
        pointer = (
            f"The written pre-read reaches you 30 minutes before our 1:1 on "
            f"{timetext.when(meeting.starts_at, tz)} ({tz})."
        )
    else:
        pointer = "I will send the written pre-read before we talk."
    status_url = links.executive_status_url(e)
    author = mail.author_name(e)
    return mail.note(
        row,
        subject=f"Escalated to you: {e.title}",
        lines=[f"{author} has escalated “{e.title}” to you.", pointer],
        action=("Open the status page", status_url) if status_url else None,
        footer=f"{author}, via Upward. Reply to reach me directly.",
        to_executive=True,
    )


def still_owed(row: OutboxMessage, now: datetime) -> str:
    if is_escalated_note(row) and preread_carries_escalation(
        escalation_id=row.escalation_id, now=now
    ):
        return "The pre-read carries the news: the executive gets one message, not two."
    return ""
