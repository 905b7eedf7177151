"""Celery tasks of the outbox: thin — take ids, call the engine or the reminders scan.

Beat only ticks (see ``CELERY_BEAT_SCHEDULE``): every tick reads due rows from PostgreSQL.
Nothing here is ever published with an ETA or a countdown: Redis redelivers long-ETA tasks
after the visibility timeout, and a row in the database survives a broker restart anyway.
Delivery is at-most-once; ``escalations.outbox.engine`` explains why.
"""

from __future__ import annotations

import logging

from celery import current_app, shared_task
from django.utils import timezone

from escalations.outbox import engine, reminder

logger = logging.getLogger(__name__)


@shared_task(name="escalations.send_dispatch", ignore_result=True, soft_time_limit=120)
def send_dispatch(pk: int) -> str:
    """Claim dispatch row ``pk`` (pending → sending, conditional UPDATE) and send it."""
    return engine.dispatch_send(pk=pk)


@shared_task(name="escalations.send_dispatches", ignore_result=True, soft_time_limit=600)
def send_dispatches(pks: list[int]) -> int:
    """Claim and send each of a chunk of dispatch rows, one by one (see ``send_dispatch``)."""
    return sum(engine.dispatch_send(pk=pk) == "sent" for pk in pks)


@shared_task(name="escalations.tick_dispatch", ignore_result=True)
def tick_dispatch() -> int:
    """Beat tick: fail rows stuck in sending, then hand due rows to the workers."""
    now = timezone.now()
    stuck = engine.dispatches_fail_stuck(now=now)
    # One broker connection for the whole batch: 1,000 due rows publish in milliseconds.
    with current_app.producer_or_acquire() as producer:

        def enqueue(pks: list[int]) -> None:
            send_dispatches.apply_async((pks,), retry=False, producer=producer)

        queued = engine.dispatches_queue_due(now=now, enqueue=enqueue)
    if stuck or queued:
        logger.info(
            "Dispatch tick: %d queued, %d stuck rows marked failed", len(queued), len(stuck)
        )
    return len(queued)


@shared_task(name="escalations.tick_stale", ignore_result=True)
def tick_stale() -> int:
    """Beat tick: flag overdue escalations and owe their reminders and notices."""
    result = reminder.stale_scan(now=timezone.now())
    if result.overdue or result.heads_ups:
        logger.info(
            "Stale tick: %d overdue (%d newly), %d notices, %d heads-ups considered",
            result.overdue,
            result.newly_stale,
            result.notices,
            result.heads_ups,
        )
    return result.overdue
