"""The note to the author that a preventive action passed its due date.

Owed by the stale scan (``escalations.outbox.reminder`` adds ``preventive_overdue_owed``):
once per action and due date, so a moved date that passes
again is news again. The row carries the action's text (``subject``) and due date
(``window_due_at``). Still owed only while an open action of the escalation's RCA is due at
that time (not done, not accepted as not doing, its date not moved).
"""

from __future__ import annotations

from datetime import datetime

from escalations.models import DispatchPurpose, OutboxMessage, PreventiveAction
from escalations.outbox import mail
from escalations.outbox.owe import owed
from escalations.rca.selectors import preventive_overdue


def preventive_overdue_owed(now: datetime) -> list[OutboxMessage]:
    """One note per open preventive action past its due date (rows only)."""
    return [
        owed(
            purpose=DispatchPurpose.PREVENTIVE_OVERDUE,
            about=a.pk,
            escalation_id=a.rca.escalation_id,
            to_email=a.rca.escalation.owner.email,
            due=a.due_at,
            now=now,
            subject=a.description[:300],
        )
        for a in preventive_overdue(now)
        if a.rca.escalation.owner.email
    ]


def preventive_overdue_email(row: OutboxMessage, now: datetime) -> mail.Rendered:
    """A preventive action passed its due date: the author hears it once per due date."""
    return mail.overdue_note(
        row,
        noun="Preventive action",
        text=row.subject or "A preventive action",
        was="was due",
        still="and is not marked done.",
        advice="Mark it done, move its date, or accept it as not doing with a reason: the "
        "escalation closes only when every preventive action is settled.",
        action=("Open the preventive actions", mail.escalation_url(row.escalation, "#rca")),
        footer="Upward tells you once per action and due date.",
    )


def preventive_still_owed(row: OutboxMessage, now: datetime) -> str:
    if row.window_due_at is None:
        return ""
    still_open = PreventiveAction.objects.filter(
        rca__escalation_id=row.escalation_id,
        due_at=row.window_due_at,
        done_at__isnull=True,
        not_doing_at__isnull=True,
    ).exists()
    if not still_open:
        return "The preventive action was settled or its date moved before this note went out."
    return ""


KINDS: dict[str, mail.Kind] = {
    DispatchPurpose.PREVENTIVE_OVERDUE: mail.Kind(
        build=preventive_overdue_email, still_owed=preventive_still_owed
    )
}
