"""Signed links for subscribers: confirm an address, unsubscribe in one click.

No link is stored: a token is ``django.core.signing`` over (subscription id, ``link_key``)
with a salt per action, so a database dump alone cannot forge one, and a confirmation link
cannot be used to unsubscribe or the other way round. Both expire, since a link in a log,
a forwarded email or a shared mailbox is a credential: confirmation links after 3 days,
unsubscribe links 60 days after the email carrying them was sent. Every email carries a fresh
unsubscribe link, so the latest one always works while updates still arrive (and RFC 8058's
one-click POST comes from the mail provider within moments of delivery).
"""

from __future__ import annotations

import hmac
import re
import secrets
from datetime import timedelta
from typing import Literal

from django.conf import settings
from django.core import signing
from django.urls import reverse

from escalations.models import Subscription

Action = Literal["confirm", "unsubscribe"]
CONFIRM_MAX_AGE = timedelta(days=3)
UNSUBSCRIBE_MAX_AGE = timedelta(days=60)


def new_link_key() -> str:
    return secrets.token_urlsafe(16)[:22]


def _salt(action: Action) -> str:
    return f"upward.subscription.{action}"


def make_token(subscription: Subscription, action: Action) -> str:
    return signing.dumps([subscription.pk, subscription.link_key], salt=_salt(action))


def read_token(token: str, action: Action) -> Subscription | None:
    """The subscription a token is for, or None (forged, expired, or for another action)."""
    max_age = CONFIRM_MAX_AGE if action == "confirm" else UNSUBSCRIBE_MAX_AGE
    try:
        pk, key = signing.loads(token, salt=_salt(action), max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    sub = (
        Subscription.objects.select_related("escalation").filter(pk=pk).first()
        if isinstance(pk, int)
        else None
    )
    if sub is None or not isinstance(key, str) or not hmac.compare_digest(sub.link_key, key):
        return None
    return sub


def subscription_url(subscription: Subscription, action: Action) -> str:
    """Absolute URL for emails."""
    name = "escalations:subscription_" + action
    return settings.SITE_URL + reverse(name, args=[make_token(subscription, action)])


def status_page_cookie(escalation_id: int) -> str:
    """The cookie that remembers, in the subscriber's own browser, which status page they
    subscribed from: the confirmation page's way back when the link's token is not kept
    (subscriptions from before links kept it; ``statuspages.services``)."""
    return f"upward_sp_{escalation_id}"


# What that cookie may hold: a status page's path, nothing else.
STATUS_PAGE_PATH = re.compile(r"^/s/[A-Za-z0-9_-]{20,80}/$")
