"""Celery tasks for subscriptions: thin, like ``escalations.outbox.tasks``."""

from __future__ import annotations

import logging

from celery import shared_task
from django.utils import timezone

from escalations.subscriptions.services import digests_scan

logger = logging.getLogger(__name__)


@shared_task(name="escalations.tick_digest", ignore_result=True)
def tick_digest() -> int:
    """Beat tick: owe today's digest to every digest subscriber whose local time has come."""
    result = digests_scan(now=timezone.now())
    if result.written:
        logger.info("Digest tick: %d digests owed", result.written)
    return result.written
