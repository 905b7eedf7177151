"""What every module owing a message shares: the row owed once per thing and window (its
dedupe key), the time stamp in dedupe keys, and publishing a due-now row after the commit so
it does not wait for the next tick.

Publishing is best effort: with the broker down the row simply waits for the next tick, which reads due
rows from PostgreSQL. Published by task name (``escalations.outbox.tasks``), so the modules
that owe messages need not import the worker's side.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from celery import current_app
from django.db import transaction

from escalations.models import DispatchPurpose, Escalation, OutboxMessage

logger = logging.getLogger(__name__)

SEND_MANY = "escalations.send_dispatches"
FAN_OUT = "escalations.fan_out_update"

# One quick connection attempt: a web request must not wait on a dead broker.
FAIL_FAST = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.1,
    "interval_max": 0.2,
    "socket_connect_timeout": 2,
    "socket_timeout": 2,
}


def key_stamp(dt: datetime) -> str:
    """An instant in a dedupe key: UTC, to the second ("20260101T100000Z")."""
    return dt.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def owed(
    *,
    purpose: str,
    about: int,
    escalation_id: int,
    to_email: str,
    due: datetime,
    now: datetime,
    window: str = "",
    **fields: object,
) -> OutboxMessage:
    """A notice owed once per (purpose, what it is about, window), unsaved.

    ``about`` is the id of the escalation, ask or action the notice is about; ``due`` the
    time it speaks of (``window_due_at``, read by its still-owed check); ``window`` names the
    window in the key (default: ``due``). The stale scan inserts the rows with ON CONFLICT
    DO NOTHING on ``dedupe_key``, so a second tick in the same window, or two ticks at once,
    owe nothing twice.
    """
    return OutboxMessage(
        escalation_id=escalation_id,
        purpose=purpose,
        dedupe_key=f"{purpose}:{about}:{window or key_stamp(due)}",
        window_due_at=due,
        to_email=to_email,
        send_at=now,
        **fields,
    )


# The notices owed to whoever writes the escalation: its author, and each co-author gets
# the same notice (docs/access.md). The executive's notices are not among them.
WRITERS_NOTICES = frozenset(
    {
        DispatchPurpose.STALE_REMINDER,
        DispatchPurpose.HEADS_UP,
        DispatchPurpose.ASK_OVERDUE,
        DispatchPurpose.RCA_REMINDER,
        DispatchPurpose.PREVENTIVE_OVERDUE,
        DispatchPurpose.ACTION_OVERDUE,
    }
)


def copies_for_coauthors(rows: list[OutboxMessage]) -> list[OutboxMessage]:
    """For each author's notice in ``rows``, the same notice to each active co-author with an
    address (one query for all of them). Each copy's key is the author's key with ``:u<id>``,
    so it too is owed once, and the author's own keys stay what they always were."""
    owed = [r for r in rows if r.purpose in WRITERS_NOTICES]
    if not owed:
        return []
    pairs = (
        Escalation.coauthors.through.objects.filter(
            escalation_id__in={r.escalation_id for r in owed}, user__is_active=True
        )
        .exclude(user__email="")
        .values_list("escalation_id", "user_id", "user__email")
        .order_by("user_id")
    )
    by_escalation: dict[int, list[tuple[int, str]]] = {}
    for escalation_id, user_id, email in pairs:
        by_escalation.setdefault(escalation_id, []).append((user_id, email))
    fields = [f.attname for f in OutboxMessage._meta.concrete_fields if not f.primary_key]
    copies = []
    for row in owed:
        for user_id, email in by_escalation.get(row.escalation_id, []):
            if email.lower() == (row.to_email or "").lower():
                continue
            copy = OutboxMessage(**{name: getattr(row, name) for name in fields})
            copy.to_email = email
            copy.dedupe_key = f"{row.dedupe_key}:u{user_id}"
            copies.append(copy)
    return copies


def publish_now(task: str, arg: object) -> None:
    """Hand work to a worker from a web request, failing fast when the broker is down."""
    with current_app.connection_for_write(transport_options=FAIL_FAST) as conn:
        current_app.send_task(task, (arg,), retry=False, connection=conn)


def publish_after_commit(task: str, arg: object) -> None:
    """Best effort, after the commit: the dispatch tick finds whatever is still owed."""

    def kick() -> None:
        try:
            publish_now(task, arg)
        except Exception:
            logger.warning("Broker unavailable; %s(%s) waits for the next tick", task, arg)

    transaction.on_commit(kick)


def kick_if_due(row: OutboxMessage, now: datetime) -> None:
    """One row owed now: publish it after commit."""
    kick_many([row], now)


def kick_many(rows: list[OutboxMessage], now: datetime) -> None:
    """Several due-now rows (an update to every subscriber) in one broker message."""
    pks = [r.pk for r in rows if r.pk is not None and r.send_at <= now]
    if pks:
        publish_after_commit(SEND_MANY, pks)
