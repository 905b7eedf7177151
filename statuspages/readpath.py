"""The status page's one read path, on Django's cache framework (the ``statuspages`` cache,
django-redis: one client and connection pool per process).

Every request reads its *link entry* (``link3:<token sha256>``, a ``LinkHit``: the link's
state and its escalation's ``version``, state and due time) from Redis: that is what shows
a write on every host at once. A *rendering* (``page:<kind>:<token sha256>:<minute>``) is
immutable under its key and sent only if its version and overdue flag match the entry, so
each worker keeps those it used (``_local``; snapshots too) and asks Redis only for those it
lacks. A warm page view is one round trip: a pipeline of ``MGET`` and the view's ``INCR``.

Writers: every reader-visible write calls ``escalations.services.escalation_touch``, whose
signal reaches ``on_escalation_changed``: the entries are dropped inside the writer's
transaction and rewritten from PostgreSQL at its commit, before its response. A reader that
found no entry ``add``s one, never overwriting; a deleted link's entry says GONE; a write
that missed Redis is seen within ``LINK_SECONDS``.

Redis down: every cache call goes through ``_cached``, a small breaker (django-redis's
``IGNORE_EXCEPTIONS`` would hide the failure it needs): the worker answers from PostgreSQL,
leaves Redis alone for ``STATUSPAGE_REDIS_RETRY_SECONDS`` and warns once a minute.

Views: the ``INCR`` goes out before the link is known; a 404 takes it back. The beat task
``statuspages.fold_views`` folds the counts into the database for the author's sharing
panel; without Redis the caller writes the view there at once (``Lookup.counted`` False).
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple, TypeVar

import redis
from django.conf import settings
from django.core.cache import BaseCache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, Greatest
from django_redis.cache import RedisCache

from escalations.models import OPEN_STATES

from .models import Audience, ShareLink, hash_token

logger = logging.getLogger(__name__)
T = TypeVar("T")

CACHE = "statuspages"
# A real token is 43 characters; anything much longer is not worth hashing.
MAX_TOKEN_LENGTH = 128
# Writers rewrite entries at once; the lifetime only bounds a write that missed Redis.
LINK_SECONDS = 60
# A rendering is for one minute ("12 min ago"); kept a little longer for clock skew.
PAGE_SECONDS = 120
SNAPSHOT_SECONDS = 60 * 60 * 24
WARN_EVERY_SECONDS = 60.0
GONE = "gone"  # the entry of a deleted link


class LinkHit(NamedTuple):
    """A link and the few fields of its escalation that decide caching and the 404 (a
    tuple: it is unpickled on every request)."""

    link_id: int
    escalation_id: int
    version: int
    state: str
    next_update_due_at: datetime | None
    modified_at: datetime
    # The executive's own link: decision buttons and email settings on its page.
    for_executive: bool = False
    revoked: bool = False
    expires_at: datetime | None = None
    # Only for signed-in colleagues (``ShareLink.audience``): the views send anyone else to
    # sign in before anything of the page, cached or not, is read (statuspages/views.py).
    colleagues_only: bool = False

    def usable(self, now: datetime) -> bool:
        """Expiry is checked against the request's clock: an entry holds the instant."""
        return not self.revoked and (self.expires_at is None or now < self.expires_at)

    def overdue_by(self, now: datetime) -> timedelta | None:
        """Same rule as ``Escalation.overdue_by`` (a test holds them together)."""
        if self.state not in OPEN_STATES or self.next_update_due_at is None:
            return None
        return now - self.next_update_due_at if now > self.next_update_due_at else None

    def is_stale(self, now: datetime) -> bool:
        return self.overdue_by(now) is not None


# The link entry's fields in ``LinkHit``'s order, after the token hash.
_FIELDS = ("token_hash", "pk", "escalation_id", "escalation__version", "escalation__state",
           "escalation__next_update_due_at", "escalation__modified_at", "for_executive",
           "is_revoked", "expires_at", "colleagues_only")  # fmt: skip


def links_from_database(
    *, token_hashes: Iterable[str] = (), escalation_ids: Iterable[int] = ()
) -> dict[str, LinkHit]:
    """Link entries straight from PostgreSQL, by token hash or by escalation: one query."""
    rows = (
        ShareLink.objects.filter(
            Q(token_hash__in=list(token_hashes)) | Q(escalation_id__in=list(escalation_ids))
        )
        .annotate(
            is_revoked=Q(revoked_at__isnull=False), colleagues_only=Q(audience=Audience.COLLEAGUES)
        )
        .values_list(*_FIELDS)
    )
    return {row[0]: LinkHit._make(row[1:]) for row in rows}


def link_key(token_hash: str) -> str:
    # "link3": entries of an earlier shape (before ``colleagues_only``, or a dataclass) are
    # never read back as one.
    return f"link3:{token_hash}"


def page_key(kind: str, token_hash: str, minute: int) -> str:
    return f"page:{kind}:{token_hash}:{minute}"


def views_key(token_hash: str) -> str:
    return f"views:{token_hash}"


@dataclass(frozen=True, slots=True)
class Lookup:
    """One request's usable link, and the rendering to send if one is current."""

    hit: LinkHit
    token_hash: str
    cached_page: bytes | None
    counted: bool = False  # the view is counted in the cache (else the caller writes it)


def lookup(
    token: str, now: datetime, *, page: tuple[str, int] | None = None, count_view: bool = False
) -> Lookup | None:
    """The link for a raw token if it works at ``now``; None if unknown, revoked or expired
    (indistinguishable to the caller). ``page``: (kind, minute) of the rendering wanted; it
    comes back only if rendered for this version and overdue flag. ``count_view``: count a
    view of a usable link in the same round trip, if Redis can.
    """
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    token_hash = hash_token(token)
    keys = [link_key(token_hash)]
    rendering = page_key(page[0], token_hash, page[1]) if page else ""
    kept = _local.get(rendering) if page else None
    if page and kept is None:  # not rendered here yet: perhaps by another worker or host
        keys.append(rendering)
    views = views_key(token_hash) if count_view else None
    nothing: tuple[dict[str, Any], bool] = ({}, False)
    found, counted = _cached(lambda cache: _fetch(cache, keys, views), nothing)
    hit = found.get(keys[0])
    if hit is None:
        hit = links_from_database(token_hashes=[token_hash]).get(token_hash)
        if hit is not None:
            _cached(lambda cache: cache.add(keys[0], hit, LINK_SECONDS), False)
    if not isinstance(hit, LinkHit) or not hit.usable(now):  # unknown, GONE, revoked, expired
        if counted and views:  # not a view: take it back
            _cached(lambda cache: _uncount(cache, views, gone=not isinstance(hit, LinkHit)), None)
        return None
    if rendering in found:
        kept = found[rendering]
        _local.set(rendering, kept, PAGE_SECONDS)
    if kept is None or kept[:2] != (hit.version, hit.is_stale(now)):
        kept = (None, None, None)  # rendered for another version or overdue flag
    return Lookup(hit, token_hash, kept[2], counted)


def _fetch(cache: BaseCache, keys: list[str], views: str | None) -> tuple[dict[str, Any], bool]:
    """``get_many(keys)``, and with ``views`` its ``INCR`` in the same round trip: a pipeline
    on django-redis's raw client (its documented use), values decoded by its client."""
    if views is None or not isinstance(cache, RedisCache):
        return cache.get_many(keys), False
    pipeline = cache.client.get_client(write=True).pipeline(transaction=False)
    pipeline.mget([cache.make_key(key) for key in keys])
    pipeline.incr(cache.make_key(views))
    values, _ = pipeline.execute()
    decode = cache.client.decode
    return {k: decode(v) for k, v in zip(keys, values, strict=True) if v is not None}, True


def _uncount(cache: BaseCache, key: str, *, gone: bool) -> None:
    """Unknown or deleted: no count to keep. Revoked or expired: keep the link's earlier
    views (folded within a day of the revocation) but not this one."""
    if gone:
        cache.delete(key)
    else:
        with contextlib.suppress(ValueError):  # the key vanished meanwhile (Redis restarted)
            cache.decr(key)


def usable_link(token: str, now: datetime) -> LinkHit | None:
    """The link alone (the decision and email pages, which render nothing cached)."""
    return found.hit if (found := lookup(token, now)) else None


def page_store(kind: str, found: Lookup, minute: int, stale: bool, html: bytes) -> None:
    """Keep a rendering for the next request of this minute, here and on any host."""
    _keep(page_key(kind, found.token_hash, minute), (found.hit.version, stale, html), PAGE_SECONDS)


def snapshot_cached(escalation_id: int, version: int, build: Callable[[], T]) -> T:
    """The escalation's snapshot for ``version`` (immutable under it): kept, else built."""
    # The number moves when the snapshot's shape does (asks gained their options).
    key = f"snapshot2:{escalation_id}:{version}"
    value: T | None = _local.get(key)
    if value is None:
        value = _cached(lambda cache: cache.get(key), None)
        if value is None:
            value = build()
            _cached(lambda cache: cache.set(key, value, SNAPSHOT_SECONDS), None)
        _local.set(key, value, PAGE_SECONDS)
    return value


def _keep(key: str, value: Any, seconds: int) -> None:
    """An immutable value (its key carries its version): in this worker, and in the cache
    for every other one."""
    _local.set(key, value, min(seconds, PAGE_SECONDS))
    _cached(lambda cache: cache.set(key, value, seconds), None)


# --- writers keep the entries in step ---------------------------------------------------------
def links_refresh(
    *, escalation_ids: Iterable[int] = (), token_hashes: Iterable[str] = (), committed: bool = True
) -> None:
    """Rewrite these escalations' and links' entries from the committed database (GONE for a
    deleted link). ``committed=False``, inside the writer's transaction: only drop them, so
    until the commit readers ask the database (which shows the writer its own write)."""
    escalation_ids, token_hashes = list(escalation_ids), list(token_hashes)
    if not escalation_ids and not token_hashes:
        return
    fresh = links_from_database(token_hashes=token_hashes, escalation_ids=escalation_ids)
    if not committed:
        keys = [link_key(h) for h in {*token_hashes, *fresh}]
        _cached(lambda cache: cache.delete_many(keys), None)
        return
    # A deleted link's entry says so (GONE), so a late reader's ``add`` cannot revive it.
    entries: dict[str, LinkHit | str] = {link_key(h): GONE for h in token_hashes}
    entries |= {link_key(h): hit for h, hit in fresh.items()}
    _cached(lambda cache: cache.set_many(entries, LINK_SECONDS), None)


def on_escalation_changed(sender: Any, pks: Iterable[int], **kwargs: Any) -> None:
    """Receiver of ``escalation_changed`` (sent by ``escalation_touch`` only).

    Keeps the cache in step, nothing else. Sent inside the writer's transaction, it drops
    the entries at once and rewrites them at the commit; sent after it, it rewrites them at
    once. Either way the cache holds the committed state before the writer's response."""
    escalation_ids = list(pks)
    if transaction.get_connection().in_atomic_block:
        links_refresh(escalation_ids=escalation_ids, committed=False)
    transaction.on_commit(lambda: links_refresh(escalation_ids=escalation_ids), robust=True)


# --- page views ---------------------------------------------------------------------------------
def views_add(link_id: int, count: int, seen: datetime) -> None:
    """``view_count + n`` computed by PostgreSQL; ``last_viewed_at`` only moves forward."""
    ShareLink.objects.filter(pk=link_id).update(
        view_count=F("view_count") + count,
        last_viewed_at=Coalesce(Greatest(F("last_viewed_at"), Value(seen)), Value(seen)),
    )


def views_fold(now: datetime) -> int:
    """Move the views counted in the cache into the database; returns how many.

    Each link's count is taken with ``decr`` (atomic: views counted meanwhile stay for the
    next fold) inside the transaction that adds it to the database, so a failed decrement
    adds nothing. At most once: a commit that fails after the decrement loses those views.
    ``last_viewed_at`` is the fold's time (the beat tick's precision)."""
    candidates = ShareLink.objects.filter(
        Q(revoked_at__isnull=True) | Q(revoked_at__gte=now - timedelta(days=1))
    ).values_list("token_hash", "pk")
    keys = {views_key(token_hash): pk for token_hash, pk in candidates}
    counted: dict[str, int] = _cached(lambda cache: cache.get_many(list(keys)), {})
    folded = 0
    # Below 1: a view taken back after the fold took it; the next views make up for it.
    for key, count in ((k, n) for k, n in counted.items() if n > 0):

        def take(cache: BaseCache, key: str = key, count: int = count) -> bool:
            return cache.decr(key, count) is not None

        with transaction.atomic():
            views_add(keys[key], count, now)
            if not _cached(take, False):
                transaction.set_rollback(True)
                continue
        folded += count
    return folded


# --- Redis down: the breaker ---------------------------------------------------------------------
# Errors of the cache's client (refused, reset, timed out); LocMem and Dummy never raise them.
_ERRORS = (redis.RedisError, OSError)
_state = {"down_until": float("-inf"), "warned_at": float("-inf"), "down": False}
_clock = time.monotonic  # tests move it
# This worker's renderings and snapshots: immutable (keys carry their version), so never
# stale; bounded in number and kept for at most PAGE_SECONDS.
_local = LocMemCache("statuspages-this-worker", {"OPTIONS": {"MAX_ENTRIES": 100}})


def _cached(operation: Callable[[BaseCache], T], fallback: T) -> T:
    """Run one cache operation; on a Redis failure answer ``fallback`` and stay away."""
    now = _clock()
    if now < _state["down_until"]:
        return fallback
    try:
        result = operation(caches[CACHE])
    except _ERRORS as error:
        _state["down_until"] = now + float(settings.STATUSPAGE_REDIS_RETRY_SECONDS)
        _state["down"] = True
        if now - _state["warned_at"] >= WARN_EVERY_SECONDS:
            _state["warned_at"] = now
            logger.warning(
                "Redis unreachable for status pages (%r): answering from the database, trying "
                "again every %s s (this warning at most once a minute per worker)",
                error, settings.STATUSPAGE_REDIS_RETRY_SECONDS,
            )  # fmt: skip
        return fallback
    if _state["down"]:
        _state["down"] = False
        logger.warning("Redis reachable again: status pages use it again")
    return result


def breaker_reset(**kwargs: Any) -> None:
    """Tests change the cache's settings: start afresh (``setting_changed`` receiver)."""
    if kwargs.get("setting", "CACHES") in ("CACHES", "STATUSPAGE_REDIS_RETRY_SECONDS"):
        _state.update(down_until=float("-inf"), warned_at=float("-inf"), down=False)
        _local.clear()


setting_changed.connect(breaker_reset, dispatch_uid="statuspages-readpath")
