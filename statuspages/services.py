"""Writes for share links: create, revoke, change expiry, count a view, and the links Upward
mints itself.

Every token comes from ``secrets`` (``new_token``). An author's link exists only as its
SHA-256 plus, once, the return value of ``share_link_create``. The links Upward mints for
itself — the executive's (its emails carry it again and again) and the demo's (printed on
every ``seed_demo`` run) — also keep their raw token in ``ShareLink.mailed_token``: a
reference found again by lookup, never re-derived from ``SECRET_KEY``. So does a link a
reader subscribed through (``share_link_keep_for_readers``): their emails and their
"You are subscribed" page carry it back to them.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from escalations.models import Escalation
from escalations.services import escalation_touch
from escalations.subscriptions.services import subscriptions_end_for_link

from . import readpath
from .models import Audience, ShareLink, hash_token, new_token

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
    audience: str = Audience.ANYONE,
) -> CreatedLink:
    """Mint a fresh link (``secrets.token_urlsafe(32)``); store its SHA-256, and the token
    itself only with ``keep_token`` (links Upward mints for its own emails and the demo).

    ``audience``: anyone with the link, or signed-in colleagues only. The executive's own
    link is always for anyone: they decide from it without an account."""
    if for_executive:
        audience = Audience.ANYONE
    token = new_token()
    link = ShareLink(
        escalation=escalation,
        created_by=created_by,
        label=label.strip(),
        token_hash=hash_token(token),
        expires_at=expires_at,
        for_executive=for_executive,
        mailed_token=token if keep_token else "",
        audience=audience,
    )
    link.full_clean(exclude=["escalation", "created_by"])
    link.save()
    return CreatedLink(link=link, token=token)


def share_link_revoke(*, link: ShareLink, now: datetime | None = None) -> ShareLink:
    """Stop the link working from the very next request, on every host.

    ``escalation_touch`` has the status pages' cache rewrite this escalation's link
    entries at the commit (``readpath.on_escalation_changed``), before this returns.
    """
    now = now or timezone.now()
    with transaction.atomic():
        ShareLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(revoked_at=now)
        # Readers who subscribed through this link stop getting the updates too.
        subscriptions_end_for_link(link_id=link.pk, now=now)
        escalation_touch(escalation=link.escalation)
    link.refresh_from_db(fields=["revoked_at"])
    return link


def share_link_keep_for_readers(*, link_id: int, token: str) -> None:
    """A reader subscribes through this link: keep its token, so the emails Upward sends
    them link back to the page they subscribed from (their own link, revocable with their
    subscription). Written once; a token that is not this link's is ignored."""
    ShareLink.objects.filter(pk=link_id, mailed_token="", token_hash=hash_token(token)).update(
        mailed_token=token
    )


def reader_status_url(link_id: int | None) -> str | None:
    """Absolute URL of the link a reader subscribed through (registered with escalations'
    outbox links), or None: unknown, not kept, revoked or expired. Never mints."""
    if link_id is None:
        return None
    link = ShareLink.objects.filter(pk=link_id).exclude(mailed_token="").first()
    if link is None or not link.is_usable(timezone.now()):
        return None
    return settings.SITE_URL + status_path(link.mailed_token)


def share_link_set_expiry(*, link: ShareLink, expires_at: datetime | None) -> ShareLink:
    """Change when the link stops working (None: until revoked), on every host at once."""
    with transaction.atomic():
        ShareLink.objects.filter(pk=link.pk).update(expires_at=expires_at)
        escalation_touch(escalation=link.escalation)
    link.refresh_from_db(fields=["expires_at"])
    return link


# What the admin may change on a link; everything else is written by the app.
ADMIN_EDITABLE = ("label", "expires_at", "revoked_at")


def share_link_admin_save(*, link: ShareLink, changed: Collection[str]) -> ShareLink:
    """Save an admin's edit of a link: only the fields they changed (a view counted
    meanwhile is kept), and the version moves so every host sees the link's new state."""
    fields = [name for name in ADMIN_EDITABLE if name in changed]
    if not fields:
        return link
    with transaction.atomic():
        link.save(update_fields=fields)
        escalation_touch(pks=[link.escalation_id])
    return link


def share_link_delete(*, link: ShareLink) -> None:
    """Delete a link (the admin): its cache entry goes at the commit, on every host."""
    token_hash = link.token_hash
    with transaction.atomic():
        link.delete()
        readpath.links_refresh(token_hashes=[token_hash], committed=False)
        transaction.on_commit(lambda: readpath.links_refresh(token_hashes=[token_hash]))


# --- view counts --------------------------------------------------------------------------
# A page view is one ``INCR`` in the status pages' cache, sent with the link lookup
# (``readpath.lookup(count_view=True)``); a beat task (``statuspages.fold_views``, every
# UPWARD_TICK_SECONDS) folds the counts into ``view_count`` / ``last_viewed_at``, so the
# author's list is at most one tick behind. Without Redis (``make run``) or while it is
# down, the lookup could not count it and the view is written here, straight to the
# database.


def share_link_count_view(*, link_id: int, now: datetime) -> None:
    """Count one view, in the database, of a link that was usable when it was viewed (the
    cache could not count it)."""
    readpath.views_add(link_id, 1, now)


def share_link_views_flush(*, now: datetime | None = None) -> int:
    """Fold the views counted in the cache into the database; returns how many were folded
    (at most once: see ``readpath.views_fold``)."""
    return readpath.views_fold(now or timezone.now())


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


def executive_link_find_or_mint(*, escalation: Escalation) -> ShareLink:
    """The executive's current link (its ``mailed_token`` is the token), minting one (from
    ``secrets``) if none is usable: once the author revokes it, the next email carries a new
    one, never a dead one.

    Two workers minting at the same moment make two working links; both are listed on the
    escalation page and either can be revoked.
    """
    name = escalation.executive_label or "Executive"
    return _minted_link(escalation=escalation, label=f"{name} (emails)", for_executive=True)


def executive_link_token(*, escalation: Escalation) -> str:
    """The token of the executive's current link (see ``executive_link_find_or_mint``)."""
    return executive_link_find_or_mint(escalation=escalation).mailed_token


def channel_link_token(*, escalation: Escalation) -> str:
    """The token of the link posted to the chat channel (its own, revocable on its own)."""
    return _minted_link(
        escalation=escalation, label="Chat channel", for_executive=False
    ).mailed_token


def _current_link(*, escalation: Escalation, label: str, for_executive: bool) -> ShareLink | None:
    now = timezone.now()
    mine = ShareLink.objects.filter(escalation=escalation, for_executive=for_executive)
    if not for_executive:
        # The executive's label follows their name, so their links are found by the flag;
        # others (the chat channel's) by their label.
        mine = mine.filter(label=label[:80])
    for link in mine.exclude(mailed_token="").order_by("-created_at"):
        if link.is_usable(now):
            return link
    return None


def _minted_link(*, escalation: Escalation, label: str, for_executive: bool) -> ShareLink:
    found = _current_link(escalation=escalation, label=label, for_executive=for_executive)
    if found is not None:
        return found
    return share_link_create(
        escalation=escalation,
        created_by=escalation.owner,
        label=label[:80],
        for_executive=for_executive,
        keep_token=True,
    ).link


def executive_status_url(escalation: Escalation, mint: bool = True) -> str | None:
    """Absolute URL for the executive's emails (registered with escalations' outbox links):
    minted when an email is owed; when it is rendered (``mint`` False) None if revoked."""
    if mint:
        token = executive_link_token(escalation=escalation)
    else:
        link = _current_link(escalation=escalation, label="", for_executive=True)
        if link is None:
            return None
        token = link.mailed_token
    return settings.SITE_URL + status_path(token)


def channel_status_url(escalation: Escalation, mint: bool = True) -> str | None:
    """Absolute URL for chat posts (registered with escalations' outbox links), minted when
    the post is owed; when it is rendered (``mint`` False) None if revoked."""
    if mint:
        token = channel_link_token(escalation=escalation)
    else:
        link = _current_link(escalation=escalation, label="Chat channel", for_executive=False)
        if link is None:
            return None
        token = link.mailed_token
    return settings.SITE_URL + status_path(token)
