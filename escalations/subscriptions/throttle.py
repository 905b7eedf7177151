"""How often the status page's subscribe form may send a confirmation email.

Anyone with a status-page link can type any address, so the form could mail strangers on
the escalation's behalf. Three counters in Django's cache (Redis in production, shared by
every web process), each a fixed window:

- per share link: ``PER_LINK`` requests an hour;
- per client address (``config.auth.client_ip``, the login throttle's): ``PER_CLIENT`` an hour;
- per mailbox: ``PER_MAILBOX`` confirmations a day for one escalation, where case and
  plus-tags do not make a new mailbox (``Sam+1@Example.com`` is ``sam@example.com``).

The first two answer the person with a "try again later" (it says nothing about who is
subscribed); the mailbox limit is silent, so the answer stays the same whatever was sent.
"""

from __future__ import annotations

import hashlib
import ipaddress

from django.core.cache import cache
from django.core.exceptions import ValidationError

PER_LINK = 30
PER_CLIENT = 10
PER_MAILBOX = 3
HOUR = 60 * 60
DAY = 24 * HOUR


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _count(key: str, window: int) -> int:
    """One more in this window; the window starts with the first."""
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def mailbox(email: str) -> str:
    """The mailbox an address delivers to, for counting: lower case, no plus-tag."""
    local, _, domain = email.strip().lower().rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}"


def request_allowed(*, token: str, client: str | None) -> bool:
    """Count a subscribe request; False once the link or the client address is over."""
    link_ok = _count(f"subscribe:link:{_digest(token)}", HOUR) <= PER_LINK
    client_ok = _count(f"subscribe:client:{_digest(client or '-')}", HOUR) <= PER_CLIENT
    return link_ok and client_ok


def mailbox_allowed(*, escalation_id: int, email: str) -> bool:
    """Count a confirmation to this mailbox; False once it is over for the day."""
    key = f"subscribe:mailbox:{escalation_id}:{_digest(mailbox(email))}"
    return _count(key, DAY) <= PER_MAILBOX


def validate_subscriber_domain(email: str) -> None:
    """Refuse addresses no reader has: an IP literal or a domain without a dot."""
    domain = email.rpartition("@")[2].strip().strip("[]")
    try:
        ipaddress.ip_address(domain.removeprefix("IPv6:"))
    except ValueError:
        pass
    else:
        raise ValidationError("Use an address at a domain name (name@example.com).")
    if "." not in domain.strip("."):
        raise ValidationError("Use an address at a domain name (name@example.com).")
