"""Celery tasks: thin — take ids, load, call a service in ``escalations.dispatch``.

Beat only ticks (see ``CELERY_BEAT_SCHEDULE``): every tick reads due rows from PostgreSQL.
Nothing here is ever published with an ETA or a countdown: Redis redelivers long-ETA tasks
after the visibility timeout, and a row in the database survives a broker restart anyway.
Delivery is at-most-once; ``escalations.dispatch`` explains why.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.utils import timezone

from . import dispatch

logger = logging.getLogger(__name__)


def publish_send(pk: int) -> None:
    """Hand one dispatch row to a worker now. Raises if the broker is unreachable; callers
    decide whether that matters (the row stays pending either way)."""
    # retry=False: a request or a tick must not hang on a dead broker; the next tick retries.
    send_dispatch.apply_async((pk,), retry=False)


@shared_task(name="escalations.send_dispatch", ignore_result=True, soft_time_limit=120)
def send_dispatch(pk: int) -> str:
    """Claim dispatch row ``pk`` (pending → sending, conditional UPDATE) and send it."""
    return dispatch.dispatch_send(pk=pk)


@shared_task(name="escalations.tick_dispatch", ignore_result=True)
def tick_dispatch() -> int:
    """Beat tick: fail rows stuck in sending, then hand due rows to the workers."""
    now = timezone.now()
    stuck = dispatch.dispatches_fail_stuck(now=now)
    queued = dispatch.dispatches_queue_due(now=now, enqueue=publish_send)
    if stuck or queued:
        logger.info(
            "Dispatch tick: %d queued, %d stuck rows marked failed", len(queued), len(stuck)
        )
    return len(queued)


@shared_task(name="escalations.tick_stale", ignore_result=True)
def tick_stale() -> int:
    """Beat tick: flag overdue escalations and owe their reminders and notices."""
    result = dispatch.stale_scan(now=timezone.now())
    if result.overdue or result.heads_ups:
        logger.info(
            "Stale tick: %d overdue (%d newly), %d notices, %d heads-ups considered",
            result.overdue,
            result.newly_stale,
            result.notices,
            result.heads_ups,
        )
    return result.overdue
