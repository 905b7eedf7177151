"""Moving an escalation on from its page, with what the move leaves behind.

Crosses rooms (the lifecycle in the core, the 1:1s in meetings), so it lives here, above
both, not in the core's ``services.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from escalations.lifecycle import services
from escalations.meetings.services import meeting_cancel
from escalations.models import Escalation, Meeting


def escalation_move(
    *,
    escalation: Escalation,
    state: str,
    by: User,
    note: str,
    impact: str = "",
    cancel: Sequence[Meeting] = (),
    now: datetime | None = None,
) -> list[Meeting]:
    """Move ``escalation`` to ``state`` with the author's note as the timeline entry (and
    so the update email) and, when containing or resolving, the final ``impact``; cancel the coming 1:1s the author chose to cancel with it.
    Returns the 1:1s cancelled. Raises ``TransitionNotAllowed`` and cancels nothing if the
    move is refused."""
    now = now or timezone.now()
    with transaction.atomic():
        services.escalation_set_state(
            escalation=escalation, state=state, by=by, note=note, impact=impact, now=now
        )
        cancelled = []
        for meeting in cancel:
            if meeting.escalation_id == escalation.pk and not meeting.is_cancelled:
                meeting_cancel(meeting=meeting, now=now)
                cancelled.append(meeting)
    return cancelled
