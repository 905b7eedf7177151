"""Writes for share links: create, revoke, change expiry, count a view, and the links Upward
mints itself.

The raw token exists only in the return value of ``share_link_create`` (shown to the author
once) and, for the demo and executive links, is re-derived on demand from ``SECRET_KEY``.
The database only ever holds its SHA-256.
"""

from __future__ import annotations

import atexit
import base64
import hashlib
import hmac
import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import connections, transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone

from escalations.models import Escalation
from escalations.services import escalation_bump_version

from .models import ShareLink, hash_token, new_token

logger = logging.getLogger(__name__)

# The expiry choices offered to the author (label, lifetime); None = until revoked.
EXPIRY_CHOICES: list[tuple[str, str, timedelta | None]] = [
    ("never", "Until I revoke it", None),
    ("1d", "24 hours", timedelta(days=1)),
    ("7d", "7 days", timedelta(days=7)),
    ("30d", "30 days", timedelta(days=30)),
]
EXPIRY_LIFETIMES = {key: lifetime for key, _label, lifetime in EXPIRY_CHOICES}


@dataclass(frozen=True)
class CreatedLink:
    """A new link and its raw token: the only moment the token is known."""

    link: ShareLink
    token: str

    @property
    def path(self) -> str:
        return status_path(self.token)


def status_path(token: str) -> str:
    return reverse("statuspages:page", kwargs={"token": token})


def share_link_create(
    *,
    escalation: Escalation,
    created_by: User,
    label: str,
    expires_at: datetime | None = None,
    for_executive: bool = False,
) -> CreatedLink:
    """Mint a fresh link (``secrets.token_urlsafe(32)``); store only its SHA-256."""
    token = new_token()
    link = ShareLink(
        escalation=escalation,
        created_by=created_by,
        label=label.strip(),
        token_hash=hash_token(token),
        expires_at=expires_at,
        for_executive=for_executive,
    )
    link.full_clean(exclude=["escalation", "created_by"])
    link.save()
    return CreatedLink(link=link, token=token)


def share_link_revoke(*, link: ShareLink, now: datetime | None = None) -> ShareLink:
    """Stop the link working from the very next request, on every host.

    The version bump orders the new link record after any older one and, through
    ``escalation_changed``, has ``statuspages.sync`` publish it to Redis before this
    returns (at the commit); it also retires renderings keyed by the old version.
    """
    now = now or timezone.now()
    with transaction.atomic():
        ShareLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(revoked_at=now)
        escalation_bump_version(escalation=link.escalation)
    link.refresh_from_db(fields=["revoked_at"])
    return link


def share_link_set_expiry(*, link: ShareLink, expires_at: datetime | None) -> ShareLink:
    """Change when the link stops working (None: until revoked), on every host at once."""
    with transaction.atomic():
        ShareLink.objects.filter(pk=link.pk).update(expires_at=expires_at)
        escalation_bump_version(escalation=link.escalation)
    link.refresh_from_db(fields=["expires_at"])
    return link


# Views are counted in the worker and written in batches: a page view then costs one
# indexed read instead of a read plus a durable write (which alone took longer than the
# rest of a cached page view). A background timer writes them within this many seconds;
# 0 writes every view at once (the tests use that). A worker killed hard (SIGKILL) loses at
# most that window of view counts; a normal shutdown writes them at exit.
def _flush_interval() -> float:
    return float(getattr(settings, "STATUSPAGE_VIEW_FLUSH_SECONDS", 10))


_pending_views: dict[int, tuple[int, datetime]] = {}
_pending_lock = threading.Lock()
_flush_timer: threading.Timer | None = None


def share_link_count_view(*, link_id: int, now: datetime) -> None:
    """Count one view of a link that was usable when it was viewed."""
    global _flush_timer  # noqa: PLW0603 - one buffer per worker process
    interval = _flush_interval()
    with _pending_lock:
        count, seen = _pending_views.get(link_id, (0, now))
        _pending_views[link_id] = (count + 1, max(seen, now))
        if interval > 0 and _flush_timer is None:
            _flush_timer = threading.Timer(interval, _flush_in_background)
            _flush_timer.daemon = True
            _flush_timer.start()
    if interval <= 0:
        share_link_views_flush()


def _flush_in_background() -> None:
    global _flush_timer  # noqa: PLW0603
    with _pending_lock:
        _flush_timer = None
    try:
        share_link_views_flush()
    except Exception:
        logger.exception("could not write status-page view counts; they are lost")
    finally:
        connections.close_all()  # this timer thread's own connection


def share_link_views_flush() -> None:
    """Write buffered views with a conditional ``F()`` update per link: no lost increments.

    ``view_count + n`` is computed by the database, and ``last_viewed_at`` only moves
    forward (GREATEST ignores the NULL of a never-viewed link), so workers flushing in any
    order agree. Only the two statistics columns change.
    """
    global _flush_timer  # noqa: PLW0603
    with _pending_lock:
        pending = dict(_pending_views)
        _pending_views.clear()
        if _flush_timer is not None:  # everything is written now; no timer needed
            _flush_timer.cancel()
            _flush_timer = None
    for link_id, (count, seen) in pending.items():
        ShareLink.objects.filter(pk=link_id).update(
            view_count=F("view_count") + count,
            # SQLite's MAX() is NULL if either side is: Coalesce keeps a first view.
            last_viewed_at=Coalesce(Greatest(F("last_viewed_at"), Value(seen)), Value(seen)),
        )


def _flush_at_exit() -> None:
    if not _pending_views:
        return
    try:
        share_link_views_flush()
    except Exception:  # the database may already be gone at shutdown
        logger.warning("could not write buffered status-page views", exc_info=True)


atexit.register(_flush_at_exit)


# --- links Upward mints itself ------------------------------------------------------------
def _derived_token(purpose: str) -> str:
    """A deterministic, unguessable token: HMAC-SHA256(SECRET_KEY, purpose), base64url (43 chars)."""
    digest = hmac.new(settings.SECRET_KEY.encode(), purpose.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def demo_status_url(*, escalation: Escalation) -> str:
    """The demo escalation's status page path ("/s/<token>/"), the same on every run.

    Only the hash is stored, so the token is derived from SECRET_KEY; a revoked or expired
    demo link is brought back to life rather than duplicated.
    """
    token = _derived_token(f"demo:{escalation.pk}")
    link, created = ShareLink.objects.get_or_create(
        token_hash=hash_token(token),
        defaults={"escalation": escalation, "created_by": escalation.owner, "label": "Demo"},
    )
    if not created and not link.is_usable(timezone.now()):
        with transaction.atomic():
            ShareLink.objects.filter(pk=link.pk).update(revoked_at=None, expires_at=None)
            escalation_bump_version(escalation=link.escalation)
    return status_path(token)


def executive_link_token(*, escalation: Escalation) -> str:
    """The token of the executive's current link, minting one if none is usable.

    Derived from SECRET_KEY, the escalation and a rotation counter: link n is usable until
    the author revokes it; then link n+1 is minted, so emails never carry a dead link.
    """
    now = timezone.now()
    existing = {
        link.token_hash: link
        for link in ShareLink.objects.filter(escalation=escalation, for_executive=True)
    }
    for rotation in range(len(existing) + 1):
        token = _derived_token(f"executive:{escalation.pk}:{rotation}")
        link = existing.get(hash_token(token))
        if link is None:
            name = escalation.executive_name or "Executive"
            ShareLink.objects.get_or_create(
                token_hash=hash_token(token),
                defaults={
                    "escalation": escalation,
                    "created_by": escalation.owner,
                    "label": f"{name} (emails)"[:80],
                    "for_executive": True,
                },
            )
            return token
        if link.is_usable(now):
            return token
    raise AssertionError("unreachable: the loop always ends on an unused rotation")


def executive_status_url(escalation: Escalation) -> str:
    """Absolute URL for the executive's emails (registered with escalations.links)."""
    return settings.SITE_URL + status_path(executive_link_token(escalation=escalation))
