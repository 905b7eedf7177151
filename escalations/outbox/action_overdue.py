"""The note to the author that a remediation action (in force during the incident) passed
its due time and is not done: the page flags it, and this email says it where the author is.

Owed by the stale scan (``escalations.outbox.reminder`` adds ``actions_overdue_owed``): one
note per action per cadence window while it stays overdue, the windows stepping from its
due time by the interval in force (``cadence.current_interval``), like the overdue-update
reminder. Keyed by action and window, so a second tick, or two at once, owe nothing twice.
The row carries the action's text (``subject``) and due time (``window_due_at``). Still owed
only while that action is not done, its due time not moved, and the escalation open.
"""

from __future__ import annotations

from datetime import datetime

from escalations import cadence
from escalations.models import (
    OPEN_STATES,
    CadencePolicy,
    DispatchPurpose,
    OutboxMessage,
    RemediationAction,
)
from escalations.outbox import mail
from escalations.outbox.owe import key_stamp, owed


def actions_overdue_owed(now: datetime, policies: dict[str, CadencePolicy]) -> list[OutboxMessage]:
    """One note per overdue action of an open escalation, per cadence window (rows only)."""
    rows = []
    overdue = (
        RemediationAction.objects.filter(
            done_at__isnull=True, due_at__lt=now, escalation__state__in=OPEN_STATES
        )
        .select_related("escalation__owner")
        .only(
            "id",
            "description",
            "due_at",
            "escalation__id",
            "escalation__kind",
            "escalation__state",
            "escalation__cadence_interval",
            "escalation__owner__email",
        )
        .order_by()
    )
    for a in overdue:
        e = a.escalation
        if not e.owner.email:
            continue
        every = cadence.current_interval(e, policies.get(e.kind))
        window = a.due_at + ((now - a.due_at) // every) * every
        rows.append(
            owed(
                purpose=DispatchPurpose.ACTION_OVERDUE,
                about=a.pk,
                escalation_id=e.pk,
                to_email=e.owner.email,
                due=a.due_at,
                window=key_stamp(window),
                now=now,
                subject=a.description[:300],
            )
        )
    return rows


def action_overdue_email(row: OutboxMessage, now: datetime) -> mail.Rendered:
    """An action is past its due time and not done: once per cadence window."""
    return mail.overdue_note(
        row,
        noun="Action",
        text=row.subject or "An action",
        was="was due",
        still="and is not marked done.",
        advice="Mark it done (with a note if it helps), or say in the next update when it "
        "will be: the executive reads the actions' progress on the status page.",
        action=("Open the actions", mail.escalation_url(row.escalation, "#actions")),
        footer="Upward reminds you once per update window while an action is overdue.",
    )


def action_still_owed(row: OutboxMessage, now: datetime) -> str:
    if row.window_due_at is None:
        return ""
    if not row.escalation.is_open:
        return "The escalation was resolved before this reminder went out."
    still_open = RemediationAction.objects.filter(
        escalation_id=row.escalation_id, due_at=row.window_due_at, done_at__isnull=True
    ).exists()
    if not still_open:
        return "The action was marked done, or its due time moved, before this reminder went out."
    return ""


KINDS: dict[str, mail.Kind] = {
    DispatchPurpose.ACTION_OVERDUE: mail.Kind(
        build=action_overdue_email, still_owed=action_still_owed
    )
}
