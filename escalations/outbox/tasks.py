"""Celery tasks of the outbox: thin — take ids, call the engine or the reminders scan.

Beat only ticks (see ``CELERY_BEAT_SCHEDULE``): every tick reads due rows from PostgreSQL.
Nothing here is ever published with an ETA or a countdown: Redis redelivers long-ETA tasks
after the visibility timeout, and a row in the database survives a broker restart anyway.
Delivery is at-most-once; ``escalations.outbox.engine`` explains why. Every send task
takes a batch of row ids (one row is a batch of one).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from celery import current_app, shared_task
from django.utils import timezone

from escalations.outbox import engine, reminder

logger = logging.getLogger(__name__)


@shared_task(name="escalations.send_dispatches", ignore_result=True, soft_time_limit=600)
def send_dispatches(pks: list[int]) -> int:
    """Claim a batch of outbox rows at once and send their emails over one connection."""
    return sum(state == "sent" for state in engine.dispatches_send(pks=pks).values())


@shared_task(name="escalations.send_chat_posts", ignore_result=True, soft_time_limit=300)
def send_chat_posts(pks: list[int]) -> int:
    """The same for chat posts, on their own queue (``chat``, see ``CELERY_TASK_ROUTES``):
    a slow webhook never holds up an email."""
    return sum(state == "sent" for state in engine.dispatches_send(pks=pks).values())


@shared_task(name="escalations.fan_out_update", ignore_result=True, soft_time_limit=1800)
def fan_out_update(update_id: int) -> int:
    """Write an owed update's readers' rows in batches, handing each batch on as it commits."""
    with current_app.producer_or_acquire() as producer:
        enqueue, enqueue_chat = _enqueuers(producer)
        handed = engine.update_fan_out(
            update_id=update_id,
            now=timezone.now(),
            enqueue=enqueue,
            enqueue_chat=enqueue_chat,
            wait=True,
        )
    return len(handed)


@shared_task(name="escalations.tick_dispatch", ignore_result=True)
def tick_dispatch() -> int:
    """Beat tick: fail rows stuck in sending, write what owed updates still lack, then hand
    due rows to the workers."""
    now = timezone.now()
    stuck = engine.dispatches_fail_stuck(now=now)
    queued = hand_over_due(now=now)
    if stuck or queued:
        logger.info(
            "Dispatch tick: %d queued, %d stuck rows marked failed", len(queued), len(stuck)
        )
    return len(queued)


def hand_over_due(*, now: datetime, limit: int = engine.TICK_BATCH) -> list[int]:
    """Hand up to ``limit`` due rows to the workers, ``engine.HAND_OVER_CHUNK`` a message
    (``engine.dispatches_queue_due``). One broker connection for all of them: 1,000 due rows
    publish in milliseconds. Returns the ids handed over."""
    with current_app.producer_or_acquire() as producer:
        enqueue, enqueue_chat = _enqueuers(producer)
        return engine.dispatches_queue_due(
            now=now, enqueue=enqueue, enqueue_chat=enqueue_chat, limit=limit
        )


def _enqueuers(producer: Any) -> tuple[engine.Enqueue, engine.Enqueue]:
    """Emails to the default queue, chat posts to their own, over one broker connection."""

    def enqueue(pks: list[int]) -> None:
        send_dispatches.apply_async((pks,), retry=False, producer=producer)

    def enqueue_chat(pks: list[int]) -> None:
        send_chat_posts.apply_async((pks,), retry=False, producer=producer)

    return enqueue, enqueue_chat


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
