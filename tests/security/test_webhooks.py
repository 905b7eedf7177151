"""Chat webhooks reach chat services only: https on 443, an allow-listed host, public
addresses (when saved and again at the address actually connected to), no redirects, and
one deadline for the whole post however slowly the server trickles.

The receivers are real HTTP servers on 127.0.0.1, reached only through the test-only
``OUTBOUND_TEST_ORIGINS`` setting (escalations/outbound.py); the default rules are never
weakened.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import override_settings

from escalations import models as m
from escalations.outbox import chat
from tests import factories as f

pytestmark = pytest.mark.django_db

INSIDE = [
    "https://127.0.0.1/hook",
    "https://localhost/hook",
    "https://[::1]/hook",
    "https://10.0.0.1/hook",
    "https://169.254.169.254/latest/meta-data/",
    "https://0.0.0.0/hook",
    "https://[fd00::1]/hook",
    "https://hooks.slack.com:22/services/x",
    "https://hooks.slack.com:5432/services/x",
    "https://hooks.slack.com:6379/services/x",
    "http://hooks.slack.com/services/x",
    "https://example.com/services/x",
    "https://hooks.slack.com.evil.example/services/x",
    "https://user:pw@hooks.slack.com/services/x",
]
CHAT_SERVICES = [
    "https://hooks.slack.com/services/T0/B0/abcd",
    "https://acme.webhook.office.com/webhookb2/abcd",
    "https://prod-12.westeurope.logic.azure.com:443/workflows/abcd/triggers/manual/paths/invoke",
]


def _set(client, e, url):
    return client.post(f"/escalations/{e.pk}/chat/", {"url": url, "format": "auto"})


@pytest.mark.parametrize("url", INSIDE)
def test_the_form_refuses_anything_but_a_chat_services_https_host(author_client, user, url):
    e = f.EscalatedFactory(owner=user)
    response = _set(author_client, e, url)
    assert response.status_code == 400
    assert not m.ChatWebhook.objects.exists()


@pytest.mark.parametrize("url", CHAT_SERVICES)
def test_the_form_accepts_slack_and_microsoft_webhook_hosts(author_client, user, url):
    e = f.EscalatedFactory(owner=user)
    assert _set(author_client, e, url).status_code == 302
    assert m.ChatWebhook.objects.get(escalation=e).url == url


def test_a_widened_allow_list_still_refuses_a_host_that_resolves_inside(
    author_client, user, settings
):
    settings.CHAT_WEBHOOK_EXTRA_HOSTS = ["localhost"]
    e = f.EscalatedFactory(owner=user)
    response = _set(author_client, e, "https://localhost/hook")
    assert response.status_code == 400
    assert "private network" in response.content.decode()
    assert not m.ChatWebhook.objects.exists()


@contextmanager
def receiver(handler_post) -> Iterator[tuple[int, list[str]]]:
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:  # noqa: N802
            hits.append(self.path)
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            handler_post(self)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1], hits
    finally:
        server.shutdown()
        server.server_close()


def _ok(h: BaseHTTPRequestHandler) -> None:
    h.send_response(200)
    h.send_header("Content-Length", "2")
    h.end_headers()
    h.wfile.write(b"ok")


def test_a_name_that_now_resolves_to_loopback_is_refused_at_the_connected_address():
    """DNS rebinding: the URL passed the rules; the address connected to is checked again.
    ``localhost`` stands for a name whose DNS answer changed: only the literal 127.0.0.1
    origin is the test's exception, a name leading there is not."""
    with receiver(_ok) as (port, hits):
        url = f"http://localhost:{port}/hook"
        with override_settings(OUTBOUND_TEST_ORIGINS=[url]):
            result = chat.post(url, b"{}")
    assert hits == []
    assert (result.ok, result.retry) == (False, False)
    assert "private address" in result.error


def test_a_saved_internal_url_is_refused_at_send_time_too():
    # A row written before these rules, or by a script: the post checks again.
    result = chat.post("https://169.254.169.254/latest/meta-data/", b"{}")
    assert (result.ok, result.retry) == (False, False)


def test_a_redirect_is_not_followed():
    with receiver(_ok) as (inner_port, inner_hits):

        def redirect(h: BaseHTTPRequestHandler) -> None:
            h.send_response(302)
            h.send_header("Location", f"http://127.0.0.1:{inner_port}/stolen")
            h.send_header("Content-Length", "0")
            h.end_headers()

        with receiver(redirect) as (port, hits):
            url = f"http://127.0.0.1:{port}/hook"
            with override_settings(OUTBOUND_TEST_ORIGINS=[url, f"http://127.0.0.1:{inner_port}"]):
                result = chat.post(url, b"{}")
    assert hits == ["/hook"]
    assert inner_hits == []
    assert (result.ok, result.retry) == (False, False)
    assert "HTTP 302" in result.error


def test_a_trickling_server_cannot_hold_a_post_past_its_deadline(monkeypatch):
    """One header line every 0.3 s for 10 s: each read is quick, the whole is not."""
    monkeypatch.setattr(chat, "TIMEOUT_SECONDS", 1.5)

    def trickle(h: BaseHTTPRequestHandler) -> None:
        h.wfile.write(b"HTTP/1.1 200 OK\r\n")
        h.wfile.flush()
        for i in range(33):
            time.sleep(0.3)
            try:
                h.wfile.write(f"X-Slow-{i}: 1\r\n".encode())
                h.wfile.flush()
            except OSError:
                return

    with receiver(trickle) as (port, hits):
        url = f"http://127.0.0.1:{port}/hook"
        with override_settings(OUTBOUND_TEST_ORIGINS=[url]):
            started = time.monotonic()
            result = chat.post(url, b"{}")
            took = time.monotonic() - started
    assert hits == ["/hook"]
    assert took < 3
    assert (result.ok, result.retry) == (False, True)
    assert "did not answer in time" in result.error


def test_the_default_deadline_is_fifteen_seconds_for_the_whole_post():
    assert chat.TIMEOUT_SECONDS == 15


def test_connection_refused_is_a_retryable_failure_not_a_crash():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    url = f"http://127.0.0.1:{port}/hook"
    with override_settings(OUTBOUND_TEST_ORIGINS=[url]):
        result = chat.post(url, b"{}")
    assert (result.ok, result.retry) == (False, True)


def test_a_post_works_from_a_thread_that_already_runs_an_event_loop():
    """A browser test's thread runs Playwright's loop; a chat post made there still works."""
    import asyncio

    with receiver(_ok) as (port, hits):
        url = f"http://127.0.0.1:{port}/hook"
        with override_settings(OUTBOUND_TEST_ORIGINS=[url]):

            async def inside_a_loop():
                return chat.post(url, b"{}")

            result = asyncio.run(inside_a_loop())
    assert result.ok and hits == ["/hook"]
