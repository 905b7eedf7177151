"""Writes for share links: create, revoke, count a view, and the links Upward mints itself.

Every token comes from ``secrets`` (``new_token``). An author's link exists only as its
SHA-256 plus, once, the return value of ``share_link_create``. The links Upward mints for
itself — the executive's (its emails carry it again and again) and the demo's (printed on
every ``seed_demo`` run) — also keep their raw token in ``ShareLink.mailed_token``: a
reference found again by lookup, never re-derived from ``SECRET_KEY``.
"""

from __future__ import annotations

import atexit
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

from escalations.beacon import announce_change
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
    keep_token: bool = False,
) -> CreatedLink:
    """Mint a fresh link (``secrets.token_urlsafe(32)``); store its SHA-256, and the token
    itself only with ``keep_token`` (links Upward mints for its own emails and the demo)."""
    token = new_token()
    link = ShareLink(
        escalation=escalation,
        created_by=created_by,
        label=label.strip(),
        token_hash=hash_token(token),
        expires_at=expires_at,
        for_executive=for_executive,
        mailed_token=token if keep_token else "",
    )
    link.full_clean(exclude=["escalation", "created_by"])
    link.save()
    return CreatedLink(link=link, token=token)


def share_link_revoke(*, link: ShareLink, now: datetime | None = None) -> ShareLink:
    """Stop the link working from the very next request, in every worker on the host.

    Workers answer from an in-process copy of the link until the change beacon moves
    (``statuspages.selectors.LocalLinkCache``): ``announce_change`` moves it before this
    returns. The version bump also retires any rendering keyed by the escalation's version.
    """
    now = now or timezone.now()
    with transaction.atomic():
        ShareLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(revoked_at=now)
        announce_change()
        escalation_bump_version(escalation=link.escalation)
    link.refresh_from_db(fields=["revoked_at"])
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
DEMO_LABEL = "Demo"


def demo_status_url(*, escalation: Escalation) -> str | None:
    """The demo escalation's status page path ("/s/<token>/"), the same on every run.

    Minted once from ``secrets`` and found again through its stored token. A demo link the
    author revoked, or that expired, stays dead: the answer is then None. A link from
    before tokens were stored was derived from SECRET_KEY (published for ``make run``), so
    it is revoked and replaced.
    """
    now = timezone.now()
    links = ShareLink.objects.filter(escalation=escalation, label=DEMO_LABEL, for_executive=False)
    current = links.exclude(mailed_token="").order_by("-created_at").first()
    if current is not None:
        return status_path(current.mailed_token) if current.is_usable(now) else None
    legacy = list(links)
    if legacy and not any(link.is_usable(now) for link in legacy):
        return None
    for link in legacy:
        share_link_revoke(link=link, now=now)
    created = share_link_create(
        escalation=escalation, created_by=escalation.owner, label=DEMO_LABEL, keep_token=True
    )
    return created.path


def executive_link_token(*, escalation: Escalation) -> str:
    """The token of the executive's current link, minting one (from ``secrets``) if none is
    usable: once the author revokes it, the next email carries a new one, never a dead one.

    Two workers minting at the same moment make two working links; both are listed on the
    escalation page and either can be revoked.
    """
    name = escalation.executive_name or "Executive"
    return _minted_link_token(
        escalation=escalation, purpose="executive", label=f"{name} (emails)", for_executive=True
    )


def channel_link_token(*, escalation: Escalation) -> str:
    """The token of the link posted to the chat channel (its own, revocable on its own)."""
    return _minted_link_token(
        escalation=escalation, purpose="channel", label="Chat channel", for_executive=False
    )


def _minted_link_token(
    *, escalation: Escalation, purpose: str, label: str, for_executive: bool
) -> str:
    now = timezone.now()
    mine = ShareLink.objects.filter(escalation=escalation, for_executive=for_executive)
    if not for_executive:
        # The executive's label follows their name, so their links are found by the flag;
        # others (the chat channel's) by their label.
        mine = mine.filter(label=label[:80])
    for link in mine.exclude(mailed_token="").order_by("-created_at"):
        if link.is_usable(now):
            return link.mailed_token
    created = share_link_create(
        escalation=escalation,
        created_by=escalation.owner,
        label=label[:80],
        for_executive=for_executive,
        keep_token=True,
    )
    return created.token


def executive_status_url(escalation: Escalation) -> str:
    """Absolute URL for the executive's emails (registered with escalations.links)."""
    return settings.SITE_URL + status_path(executive_link_token(escalation=escalation))


def channel_status_url(escalation: Escalation) -> str:
    """Absolute URL for chat posts (registered with escalations.links)."""
    return settings.SITE_URL + status_path(channel_link_token(escalation=escalation))
