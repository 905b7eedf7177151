"""Keeping Redis's link records in step with PostgreSQL, before a writer's response returns.

Every write a reader could notice reaches here: a link created, edited (the admin), revoked
or deleted; an update posted, a state or cadence change, a wizard edit, the stale tick's flag
— through ``post_save`` / ``post_delete`` or ``escalations.models.escalation_changed``
(connected in ``StatuspagesConfig.ready``). For the links concerned:

1. at once, inside the writer's transaction, their records are deleted from Redis (and so,
   through tracking, from every process's mirror on every host): the next reader asks the
   database, which in the writer's own connection already shows the write;
2. when the transaction commits, fresh records are read from the database and published
   with a guarded write that never replaces a newer one; deleted links get a tombstone.

So when the writer's response goes out, Redis holds the committed state, and a reader on
any host sees it on its very next request. Changes to a link itself bump its escalation's
``version`` (``share_link_revoke`` …), which is what orders records and names renderings.

If Redis cannot be reached the write still succeeds: the database is right, readers that
cannot reach Redis either use it, and a record Redis already held expires within
``store.RECORD_SECONDS``; a warning says so.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from contextlib import suppress
from typing import Any

from django.db import transaction
from django.db.models import Q

from escalations.models import Escalation

from .models import ShareLink
from .selectors import encode_record, fetch_link_states
from .store import RECORD_SECONDS, RedisUnavailable, status_redis

logger = logging.getLogger(__name__)


def links_changed(*, escalation_ids: Iterable[int] = (), link_ids: Iterable[int] = ()) -> None:
    """Call right after a reader-visible write, inside or outside a transaction."""
    store = status_redis()
    if store is None:
        return
    escalation_ids, link_ids = list(escalation_ids), list(link_ids)
    hashes = list(
        ShareLink.objects.filter(Q(escalation_id__in=escalation_ids) | Q(pk__in=link_ids))
        .order_by()
        .values_list("token_hash", flat=True)
    )
    if not hashes:
        return
    with suppress(RedisUnavailable):
        store.forget_links(hashes)
    transaction.on_commit(lambda: publish_links(hashes))


def links_deleted(token_hashes: Iterable[str]) -> None:
    store = status_redis()
    if store is None:
        return
    hashes = list(token_hashes)
    with suppress(RedisUnavailable):
        store.forget_links(hashes)
    transaction.on_commit(lambda: publish_links(hashes))


def publish_links(token_hashes: list[str]) -> None:
    """Publish the committed state of these links (a tombstone for each one gone)."""
    store = status_redis()
    if store is None:
        return
    try:
        if not store.available():
            raise RedisUnavailable
        states = fetch_link_states(token_hashes=token_hashes)
        gone = [h for h in token_hashes if h not in states]
        store.publish_links(
            [encode_record(h, state) for h, state in states.items() if state.hit], gone
        )
    except RedisUnavailable:
        logger.warning(
            "Redis unreachable: %d status-page link record(s) not updated; hosts that still "
            "reach Redis may show the previous state for up to %d s",
            len(token_hashes),
            RECORD_SECONDS,
        )


# --- receivers (connected in apps.py) -------------------------------------------------------
def on_escalation_changed(sender: Any, pks: Iterable[int], **kwargs: Any) -> None:
    links_changed(escalation_ids=pks)


def on_escalation_saved(
    sender: Any, instance: Escalation, raw: bool = False, **kwargs: Any
) -> None:
    if not raw:
        links_changed(escalation_ids=[instance.pk])


def on_link_saved(
    sender: Any, instance: ShareLink, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if not raw:
        # An edit (the admin's) also moved the version, through share_link_admin_save.
        links_changed(link_ids=[instance.pk])


def on_link_deleted(sender: Any, instance: ShareLink, **kwargs: Any) -> None:
    links_deleted([instance.token_hash])
