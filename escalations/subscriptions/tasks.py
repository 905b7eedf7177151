"""Celery tasks for subscriptions: thin, like ``escalations.outbox.tasks``."""

from __future__ import annotations

import logging

from celery import current_app, shared_task
from django.utils import timezone

from escalations.models import Escalation
from escalations.outbox.desk_digest import executive_digests_scan
from escalations.outbox.owe import FAIL_FAST
from escalations.outbox.tasks import hand_over_due
from escalations.subscriptions.services import digests_scan, subscription_request_from_page

logger = logging.getLogger(__name__)


@shared_task(name="escalations.tick_digest", ignore_result=True)
def tick_digest() -> int:
    """Beat tick: owe today's digest to every digest subscriber whose local time has come,
    and to every executive on the daily digest of their desk."""
    now = timezone.now()
    result = digests_scan(now=now)
    # The executives' digests of their desk, at the same tick.
    desks = executive_digests_scan(now=now)
    if result.written:
        # Thousands of readers may take their digest at the same hour: their rows go to the
        # workers now, a hundred a message, as the dispatch tick hands rows over (rows the
        # broker did not take wait for the dispatch tick).
        hand_over_due(now=now, limit=result.written + desks.written)
    if result.written or desks.written:
        logger.info(
            "Digest tick: %d digests owed, %d executives' desk digests",
            result.written,
            desks.written,
        )
    return result.written + desks.written


@shared_task(name="escalations.subscription_request", ignore_result=True)
def subscription_request_task(
    escalation_id: int, email: str, time_zone: str, via_link_id: int | None = None
) -> None:
    """The status page's subscribe form, done off the request."""
    escalation = Escalation.objects.filter(pk=escalation_id).first()
    if escalation is not None:
        subscription_request_from_page(
            escalation=escalation, email=email, time_zone=time_zone, via_link_id=via_link_id
        )


def subscription_request_later(
    *, escalation: Escalation, email: str, time_zone: str, via_link_id: int | None = None
) -> None:
    """Queue the subscribe form's work, so the page answers the same, in the same time,
    whether or not a row is written, an email owed or the mailbox over its limit. With the
    broker down the work is done here instead: slower, but the reader still gets their
    confirmation."""
    args = (escalation.pk, email, time_zone, via_link_id)
    try:
        with current_app.connection_for_write(transport_options=FAIL_FAST) as conn:
            subscription_request_task.apply_async(args, retry=False, connection=conn)  # type: ignore[call-arg]
    except Exception:
        logger.warning("Broker unavailable; subscribe request handled in the web process")
        subscription_request_task(*args)
