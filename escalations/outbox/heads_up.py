"""The heads-up to the author 10 minutes before an hourly update is due.

Owed by the stale scan (``escalations.outbox.reminder``), once per due time. Still owed
only while that due time stands and has not passed, and nothing was posted meanwhile.
"""

from __future__ import annotations

from datetime import datetime

from escalations import timetext
from escalations.models import DispatchPurpose, OutboxMessage
from escalations.outbox import mail
from escalations.timetext import clock


def heads_up_email(row: OutboxMessage, now: datetime) -> mail.Rendered:
    e = row.escalation
    tz = mail.author_zone(e)
    due = row.window_due_at or e.next_update_due_at or now
    return mail.note(
        row,
        subject=f"Update due at {clock(due, tz)} ({tz}): {e.title}",
        lines=[
            f"Your next update on “{e.title}” is due at {timetext.when(due, tz)} — in about "
            f"{max(1, round((due - now).total_seconds() / 60))} minutes.",
        ],
        action=("Post the update", mail.post_update_url(e)),
        to_executive=False,
    )


def heads_up_still_owed(row: OutboxMessage, now: datetime) -> str:
    e = row.escalation
    if (
        not e.is_open
        or row.window_due_at is None
        or e.next_update_due_at != row.window_due_at
        or now >= row.window_due_at
    ):
        return "The update was posted (or the due time passed) before the heads-up went out."
    return ""


KINDS: dict[str, mail.Kind] = {
    DispatchPurpose.HEADS_UP: mail.Kind(build=heads_up_email, still_owed=heads_up_still_owed)
}
