"""Celery tasks for status pages: thin, like escalations/outbox/tasks.py."""

from __future__ import annotations

import logging

from celery import shared_task

from .services import share_link_views_flush

logger = logging.getLogger(__name__)


@shared_task(name="statuspages.fold_views", ignore_result=True)
def fold_views() -> int:
    """Beat tick: fold the page views counted in Redis into the share links' counts."""
    folded = share_link_views_flush()
    if folded:
        logger.info("Status-page views: %d folded into the database", folded)
    return folded
