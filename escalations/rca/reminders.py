"""What the RCA owes its author by email, found by the stale scan every tick
(``escalations.meetings.reminders.stale_scan`` adds these rows to its own):

- the RCA still to write: one reminder a day from the day after containment or resolution,
  until it is complete or dismissed with a reason (keyed by escalation and day number);
- a preventive action past its due date: once per action and due date (a moved due date that
  passes again is news again).

Rows only, unique by ``dedupe_key``; the outbox sends them (at most once).
"""

from __future__ import annotations

from datetime import UTC, datetime

from escalations.models import DispatchPurpose, EmailDispatch
from escalations.rca.selectors import REMIND_EVERY, preventive_overdue, rca_asked_at, rcas_owed


def _stamp(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def rca_notices_owed(now: datetime) -> list[EmailDispatch]:
    rows = []
    for e in rcas_owed(now):
        asked = rca_asked_at(e)
        if asked is None or not e.owner.email:
            continue
        day = (now - asked) // REMIND_EVERY
        rows.append(
            EmailDispatch(
                escalation=e,
                purpose=DispatchPurpose.RCA_REMINDER,
                dedupe_key=f"rca_reminder:{e.pk}:{day}",
                window_due_at=asked + day * REMIND_EVERY,
                to_email=e.owner.email,
                send_at=now,
            )
        )
    for a in preventive_overdue(now):
        e = a.rca.escalation
        if not e.owner.email:
            continue
        rows.append(
            EmailDispatch(
                escalation=e,
                purpose=DispatchPurpose.PREVENTIVE_OVERDUE,
                dedupe_key=f"preventive_overdue:{a.pk}:{_stamp(a.due_at)}",
                window_due_at=a.due_at,
                to_email=e.owner.email,
                subject=a.description[:300],
                send_at=now,
            )
        )
    return rows
