"""Links into the status page, without escalations importing statuspages.

``statuspages`` registers a provider in its ``AppConfig.ready()``; emails built in
``escalations`` ask for a link through here and simply leave it out when no provider is
registered (so the dependency arrow keeps pointing one way).
"""

from __future__ import annotations

from collections.abc import Callable

from escalations.models import Escalation

StatusLinkProvider = Callable[[Escalation], str | None]

_provider: StatusLinkProvider | None = None
_channel_provider: StatusLinkProvider | None = None


def register_status_link_provider(provider: StatusLinkProvider | None) -> None:
    global _provider  # noqa: PLW0603 - a single process-wide registration point
    _provider = provider


def register_channel_link_provider(provider: StatusLinkProvider | None) -> None:
    """The link posted to chat: a link of its own, never the executive's personal one."""
    global _channel_provider  # noqa: PLW0603
    _channel_provider = provider


def channel_status_url(escalation: Escalation) -> str | None:
    """An absolute URL to the status page for a chat channel, or None."""
    return _channel_provider(escalation) if _channel_provider is not None else None


def executive_status_url(escalation: Escalation) -> str | None:
    """An absolute URL to the escalation's status page for the executive, or None."""
    return _provider(escalation) if _provider is not None else None


def ask_decision_url(status_url: str, ask_id: int, slug: str = "") -> str:
    """The confirmation page for one ask under the executive's status URL.

    ``statuspages`` serves ``/s/<token>/asks/<ask_id>/`` (all three answers) and
    ``/s/<token>/asks/<ask_id>/<slug>/`` (one answer to confirm); a GET there changes
    nothing, so a mail scanner prefetching the link decides nothing.
    """
    base = status_url if status_url.endswith("/") else status_url + "/"
    return f"{base}asks/{ask_id}/" + (f"{slug}/" if slug else "")
