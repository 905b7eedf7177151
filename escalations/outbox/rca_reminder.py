"""The reminder to the author that the RCA is still to write.

Owed by the stale scan (``escalations.outbox.reminder`` adds ``rca_reminders_owed``): once
a day from the day after containment or resolution, keyed by escalation and day number. Still owed only while the RCA is neither complete nor
dismissed with a reason.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Exists, OuterRef, QuerySet

from escalations import timetext
from escalations.models import DispatchPurpose, Escalation, OutboxMessage
from escalations.outbox import mail
from escalations.outbox.owe import owed
from escalations.rca.selectors import REMIND_EVERY, rca_asked_at, rca_of, rcas_owed

# At most this many RCA reminders a tick; the rest come on the next ticks, seconds later.
# Keeps every tick short when thousands come due at once (a first start over years of
# resolved escalations).
RCA_REMINDERS_PER_TICK = 200


def rca_reminders_owed(now: datetime) -> list[OutboxMessage]:
    """One reminder a day per RCA asked for and neither complete nor dismissed (rows only),
    keyed by the day's number since it was asked; at most ``RCA_REMINDERS_PER_TICK`` a tick.
    """
    rows = []
    for e in rcas_to_remind(now):
        asked = rca_asked_at(e)
        if asked is None or not e.owner.email:
            continue
        day = (now - asked) // REMIND_EVERY
        rows.append(
            owed(
                purpose=DispatchPurpose.RCA_REMINDER,
                about=e.pk,
                escalation_id=e.pk,
                to_email=e.owner.email,
                due=asked + day * REMIND_EVERY,
                window=str(day),
                now=now,
            )
        )
    return rows


def rcas_to_remind(now: datetime) -> QuerySet[Escalation]:
    """The first ``RCA_REMINDERS_PER_TICK`` escalations whose RCA is owed today's reminder.

    Today's reminder is the one whose window began within the last ``REMIND_EVERY`` (windows
    start at asked + n days): an RCA that has it is left out in SQL (through
    ``outbox_rca_reminder_idx``), so a later tick of the same day builds nothing for it.
    Unordered (``order_by()`` drops the model's ``-created_at``), so the query stops at the
    first few it finds: sorting every RCA owed to take 200 cost a tick 150-230 ms at
    100,000 escalations (docs/performance.md, "The beat ticks").
    """
    reminded_today = OutboxMessage.objects.filter(
        escalation=OuterRef("pk"),
        purpose=DispatchPurpose.RCA_REMINDER,
        window_due_at__gt=now - REMIND_EVERY,
    )
    return (
        rcas_owed(now)
        .exclude(Exists(reminded_today))
        .only("id", "state", "contained_at", "resolved_at", "owner__email")
        .order_by()[:RCA_REMINDERS_PER_TICK]
    )


def rca_reminder_email(row: OutboxMessage, now: datetime) -> mail.Rendered:
    """The RCA is still to write: once a day until complete or dismissed with a reason."""
    e = row.escalation
    tz = mail.author_zone(e)
    since = row.window_due_at or now
    return mail.note(
        row,
        subject=f"RCA still to write: {e.title}",
        lines=[
            f"“{e.title}” is {e.get_state_display().lower()}. The root-cause analysis is "
            "still to write: the confirmed cause, the key moments, what went well and what "
            "did not, and the preventive actions with owners and dates.",
            f"Reminded daily since {timetext.when(since, tz)} ({tz}). If no RCA is needed, "
            "say why on the escalation page and the reminders stop.",
        ],
        action=("Write the RCA", mail.escalation_url(e, "#rca")),
        footer="Upward reminds you once a day until the RCA is complete or dismissed.",
        to_executive=False,
    )


def rca_still_owed(row: OutboxMessage, now: datetime) -> str:
    rca = rca_of(row.escalation)
    if rca is not None and rca.completed_at is not None:
        return "The RCA was completed before this reminder went out."
    if rca is not None and rca.dismissed_at is not None:
        return "The RCA was dismissed with a reason before this reminder went out."
    return ""


KINDS: dict[str, mail.Kind] = {
    DispatchPurpose.RCA_REMINDER: mail.Kind(build=rca_reminder_email, still_owed=rca_still_owed)
}
