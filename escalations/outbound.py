"""The one HTTP client for URLs a user gave us (today: the chat webhook).

A webhook URL is typed by an author, so it could name anything the server can reach: the
cloud metadata address, Redis, PostgreSQL, an admin port on localhost. Every request to
such a URL goes through ``post`` here, which holds four rules (docs/security.md, "Chat
webhooks"):

- the URL is ``https`` on port 443, and its host is on the allow-list of chat hosts
  (``CHAT_WEBHOOK_HOSTS``, widened by ``CHAT_WEBHOOK_EXTRA_HOSTS``);
- the address actually connected to is public, checked after the TCP connect and before a
  byte of the request is sent, so a name that resolved to a public address when the URL was
  saved and resolves to 127.0.0.1 now (DNS rebinding) is refused;
- redirects are never followed (a 3xx is an answer, not a new destination);
- the whole exchange, from DNS to the last byte read, has one deadline, whatever a server
  trickles.

``check_url`` applies the same URL rules and resolves the host, for the form that saves it.

Tests reach a receiver on 127.0.0.1 only through ``OUTBOUND_TEST_ORIGINS``, a setting no
environment variable sets and production refuses: an origin listed there
(``http://127.0.0.1:54321``) skips the URL rules, and its literal address is the only
non-public peer it may connect to. A name (``localhost``) is always checked.

Built on httpx's public API: the ``trace`` request extension reports the connected stream,
whose ``server_addr`` is checked; no private attribute is touched.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Callable, Coroutine, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
from django.conf import settings

# Enough of the answer to tell success from failure; the rest is not read.
READ_LIMIT = 1024


class OutboundRefused(Exception):
    """The URL or the address it leads to is not one we send to. The message is for people."""


class OutboundTimeout(Exception):
    """The whole exchange did not finish within its deadline."""


class OutboundFailed(Exception):
    """A network failure (refused, reset, TLS); the message names its kind only."""


@dataclass(frozen=True)
class Answer:
    status: int
    head: bytes


def _origin(url: str) -> str:
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{parts.scheme}://{(parts.hostname or '').lower()}:{port}"


def _test_origins() -> set[str]:
    return {_origin(o) for o in getattr(settings, "OUTBOUND_TEST_ORIGINS", [])}


def allowed_hosts() -> list[str]:
    return [
        h.strip().lower()
        for h in [*settings.CHAT_WEBHOOK_HOSTS, *settings.CHAT_WEBHOOK_EXTRA_HOSTS]
        if h.strip()
    ]


def _host_allowed(host: str) -> bool:
    for pattern in allowed_hosts():
        if pattern.startswith("*."):
            if host.endswith(pattern[1:]) and len(host) > len(pattern) - 1:
                return True
        elif host == pattern:
            return True
    return False


def is_public(address: str) -> bool:
    """A global unicast address (not loopback, private, link-local, CGNAT, reserved…)."""
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _check_url_rules(url: str) -> str:
    """The host, if the URL's scheme, port and host are ones we post to."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if _origin(url) in _test_origins():
        return host
    if parts.scheme != "https":
        raise OutboundRefused(
            "Use the https:// address: the webhook URL is a secret and must not travel unencrypted."
        )
    try:
        port = parts.port
    except ValueError:
        port = -1
    if port not in (None, 443):
        raise OutboundRefused("Use the address on the standard https port (443).")
    if parts.username or parts.password:
        raise OutboundRefused("Leave out the user name and password: paste the webhook URL.")
    if not host or not _host_allowed(host):
        raise OutboundRefused(
            "Upward posts only to chat services' webhook hosts ("
            + ", ".join(allowed_hosts())
            + "). Paste the incoming-webhook URL your chat app gave you."
        )
    return host


def check_url(url: str) -> None:
    """Raise ``OutboundRefused`` unless ``url`` may be posted to, resolving its host now.

    A host that resolves to any non-public address is refused. One that does not resolve at
    all is let through: it can reach nothing, and every send checks the address it connects
    to anyway.
    """
    host = _check_url_rules(url)
    if _origin(url) in _test_origins():
        return
    try:
        infos = socket.getaddrinfo(host, 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        return
    if any(not is_public(str(info[4][0])) for info in infos):
        raise OutboundRefused(
            "That address leads inside a private network; use your chat app's public webhook URL."
        )


def _peer_allowed(url: str, peer: str) -> bool:
    if is_public(peer):
        return True
    # A test origin's literal address (never a name) is the one exception.
    return _origin(url) in _test_origins() and (urlsplit(url).hostname or "") == peer


async def _post(url: str, body: bytes, headers: Mapping[str, str], deadline: float) -> Answer:
    refused: list[str] = []

    async def trace(event: str, info: dict[str, Any]) -> None:
        if event == "connection.connect_tcp.complete":
            stream = info["return_value"]
            server = stream.get_extra_info("server_addr")
            peer = str(server[0]) if server else ""
            if not _peer_allowed(url, peer):
                refused.append(peer)
                raise OutboundRefused("The webhook's host leads to a private address.")

    async with (
        # httpx's own timeouts are per operation; asyncio.wait_for below bounds the whole.
        httpx.AsyncClient(follow_redirects=False, trust_env=False, timeout=deadline) as client,
        client.stream(
            "POST", url, content=body, headers=dict(headers), extensions={"trace": trace}
        ) as response,
    ):
        head = b""
        async for chunk in response.aiter_raw():
            head += chunk
            if len(head) >= READ_LIMIT:
                break
        return Answer(status=response.status_code, head=head[:READ_LIMIT])


def _run(make: Callable[[], Coroutine[Any, Any, Answer]]) -> Answer:
    """Run the exchange on an event loop of its own; in a thread of its own if the caller
    already runs one (a browser test's thread), where ``asyncio.run`` is not allowed."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make())
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make())).result()


def post(url: str, *, body: bytes, headers: Mapping[str, str], deadline: float) -> Answer:
    """POST ``body`` to ``url`` under the rules above, all of it within ``deadline`` seconds.

    Any status is an ``Answer`` (a 3xx too: redirects are not followed). Raises
    ``OutboundRefused``, ``OutboundTimeout`` or ``OutboundFailed``; none of their messages
    contains the URL.
    """
    _check_url_rules(url)

    async def bounded() -> Answer:
        return await asyncio.wait_for(_post(url, body, headers, deadline), timeout=deadline)

    try:
        return _run(bounded)
    except OutboundRefused:
        raise
    except (TimeoutError, httpx.TimeoutException) as exc:
        raise OutboundTimeout("The webhook did not answer in time.") from exc
    except httpx.HTTPError as exc:
        raise OutboundFailed(f"Could not reach the webhook ({type(exc).__name__}).") from exc
    except OSError as exc:
        raise OutboundFailed(f"Could not reach the webhook ({type(exc).__name__}).") from exc
