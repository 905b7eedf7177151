"""Links into the status page, without escalations importing statuspages.

``statuspages`` registers a provider in its ``AppConfig.ready()``; emails built in
``escalations`` ask for a link through here and simply leave it out when no provider is
registered (so the dependency arrow keeps pointing one way).

A link is minted when a message that carries it is owed (the service writing the outbox
row calls ``executive_link_owed`` or ``channel_link_owed``), never while an email is being
rendered: rendering only reads (``executive_status_url``, ``channel_status_url``), so
building a message writes nothing. A link the author revoked between the two is left out.
(The executive's notice, owed by the stale tick in bulk, and the daily digest, owed by the
digest tick in bulk, have their link minted by the engine when it claims the row, before
building it: ``Kind.mints_link``.)
"""

from __future__ import annotations

from collections.abc import Callable

from escalations.models import Escalation

# ``provider(escalation, mint)``: the absolute URL of the current link, minting one first
# when ``mint`` and none is usable; without ``mint`` None when none is usable.
StatusLinkProvider = Callable[[Escalation, bool], str | None]

_provider: StatusLinkProvider | None = None
_channel_provider: StatusLinkProvider | None = None
# ``reader_provider(via_link_id)``: the URL of the link a reader subscribed through, or None.
ReaderLinkProvider = Callable[[int | None], str | None]
_reader_provider: ReaderLinkProvider | None = None


def register_status_link_provider(provider: StatusLinkProvider | None) -> None:
    global _provider  # noqa: PLW0603 - a single process-wide registration point
    _provider = provider


def register_channel_link_provider(provider: StatusLinkProvider | None) -> None:
    """The link posted to chat: a link of its own, never the executive's personal one."""
    global _channel_provider  # noqa: PLW0603
    _channel_provider = provider


def register_reader_link_provider(provider: ReaderLinkProvider | None) -> None:
    """The link in a reader's emails: the one they subscribed through, their own."""
    global _reader_provider  # noqa: PLW0603
    _reader_provider = provider


def reader_status_url(via_link_id: int | None) -> str | None:
    """The status page URL a subscriber reached through (``Subscription.via_link_id``), for
    an email being rendered or their confirmation page; None when that link is unknown,
    revoked or expired (never another reader's link)."""
    return _reader_provider(via_link_id) if _reader_provider is not None else None


def executive_link_owed(escalation: Escalation) -> str | None:
    """A message carrying the executive's link is owed: make sure a usable link exists."""
    return _provider(escalation, True) if _provider is not None else None


def channel_link_owed(escalation: Escalation) -> str | None:
    """A chat post is owed: make sure the channel's own link exists."""
    return _channel_provider(escalation, True) if _channel_provider is not None else None


def executive_status_url(escalation: Escalation) -> str | None:
    """The executive's status page URL for an email being rendered, or None (never mints)."""
    return _provider(escalation, False) if _provider is not None else None


def channel_status_url(escalation: Escalation) -> str | None:
    """The chat channel's status page URL for a card being rendered, or None (never mints)."""
    return _channel_provider(escalation, False) if _channel_provider is not None else None


def ask_decision_url(status_url: str, ask_id: int, slug: str = "") -> str:
    """The confirmation page for one ask under the executive's status URL.

    ``statuspages`` serves ``/s/<token>/asks/<ask_id>/`` (all three answers) and
    ``/s/<token>/asks/<ask_id>/<slug>/`` (one answer to confirm); a GET there changes
    nothing, so a mail scanner prefetching the link decides nothing.
    """
    base = status_url if status_url.endswith("/") else status_url + "/"
    return f"{base}asks/{ask_id}/" + (f"{slug}/" if slug else "")
