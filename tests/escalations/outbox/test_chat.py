"""Updates posted to a chat channel's incoming webhook, tested against a real HTTP server on
127.0.0.1 (http.server in a thread): the card, retries on 5xx and timeouts with a growing
pause, none on 4xx — and the webhook URL, a secret, never in a log, an error or a page."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import override_settings

from escalations import models as m
from escalations.outbox import chat
from escalations.subscriptions import services as subs
from escalations.updates.services import update_post
from tests import factories as f
from tests.escalations.subscriptions.helpers import fan_out, tick

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
SECRET = "B07XYZ/aZ9kQ2sEcReTtOkEn4242"


@dataclass
class Hook:
    """What the channel received, and the answers it gives in turn (the last one repeats)."""

    answers: list[int] = field(default_factory=lambda: [200])
    delay: float = 0.0
    received: list[dict] = field(default_factory=list)
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/services/T000/{SECRET}"


@contextmanager
def webhook_server(hook: Hook) -> Iterator[Hook]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length", 0))
            body = self.rfile.read(length)
            index = min(len(hook.received), len(hook.answers) - 1)
            hook.received.append(
                {"path": self.path, "type": self.headers["Content-Type"], "json": json.loads(body)}
            )
            if hook.delay:
                time.sleep(hook.delay)
            status = hook.answers[index]
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"ok" if status < 300 else b"error")

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    hook.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        # The test-only exception to the webhook rules (escalations/outbound.py).
        with override_settings(OUTBOUND_TEST_ORIGINS=[f"http://127.0.0.1:{hook.port}"]):
            yield hook
    finally:
        server.shutdown()
        server.server_close()


def _escalation(fmt: str, hook: Hook):
    e = f.EscalatedFactory(
        title="Checkout payments failing",
        executive_email="",
        escalated_at=T0 - timedelta(hours=1),
        next_update_due_at=T0 + timedelta(minutes=30),
    )
    f.ProfileFactory(user=e.owner, time_zone="Europe/Berlin")
    subs.chat_webhook_set(escalation=e, url=hook.url, fmt=fmt, by=e.owner)
    return e


def _row():
    return m.OutboxMessage.objects.get(purpose=m.DispatchPurpose.CHAT_UPDATE)


def test_each_update_is_posted_to_slack_as_a_short_card_once():
    with webhook_server(Hook()) as hook:
        e = _escalation("slack", hook)
        update_post(escalation=e, author=e.owner, body="Failover **done**; errors at 0.4%.", now=T0)
        tick(T0)
        tick(T0 + timedelta(minutes=1))
    [got] = hook.received
    assert got["type"] == "application/json"
    text = got["json"]["text"]
    assert text.startswith("*Checkout payments failing* — ")
    assert "Failover done; errors at 0.4%." in text
    assert "Next update by Tue 24 Nov 14:00 CET (Europe/Berlin)" in text
    # The channel gets a link of its own, not the executive's personal one.
    assert "<http://127.0.0.1:8000/s/" in text
    link = e.share_links.get()
    assert link.label == "Chat channel" and not link.for_executive
    row = _row()
    assert (row.state, row.attempts) == (m.DispatchState.SENT, 1)


def test_teams_gets_an_adaptive_card_with_the_link_as_a_button():
    with webhook_server(Hook()) as hook:
        e = _escalation("teams", hook)
        update_post(escalation=e, author=e.owner, body="Rolled back.", now=T0)
        tick(T0)
    [got] = hook.received
    attachment = got["json"]["attachments"][0]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    texts = [block["text"] for block in card["body"]]
    assert texts[0] == "Checkout payments failing"
    assert "Rolled back." in texts
    assert card["actions"][0]["url"].startswith("http://127.0.0.1:8000/s/")


def test_a_5xx_is_retried_later_and_then_posted_once():
    with webhook_server(Hook(answers=[503, 200])) as hook:
        e = _escalation("slack", hook)
        update_post(escalation=e, author=e.owner, body="Rolled back.", now=T0)
        tick(T0)
        row = _row()
        assert (row.state, row.attempts) == (m.DispatchState.PENDING, 1)
        assert row.send_at == T0 + chat.backoff(1)
        assert "HTTP 503" in row.error
        tick(T0 + timedelta(seconds=10))  # not yet
        assert len(hook.received) == 1
        tick(T0 + timedelta(seconds=30))
        tick(T0 + timedelta(minutes=5))
    assert len(hook.received) == 2
    row = _row()
    assert (row.state, row.attempts) == (m.DispatchState.SENT, 2)


def test_a_4xx_is_not_retried():
    with webhook_server(Hook(answers=[404])) as hook:
        e = _escalation("slack", hook)
        update_post(escalation=e, author=e.owner, body="Rolled back.", now=T0)
        tick(T0)
        tick(T0 + timedelta(hours=1))
    assert len(hook.received) == 1
    row = _row()
    assert row.state == m.DispatchState.FAILED
    assert row.error == "Attempt 1: The webhook answered HTTP 404."


def test_retries_are_bounded_with_a_growing_pause():
    with webhook_server(Hook(answers=[500])) as hook:
        e = _escalation("slack", hook)
        update_post(escalation=e, author=e.owner, body="Rolled back.", now=T0)
        now = T0
        pauses = []
        for _ in range(10):
            tick(now)
            row = _row()
            if row.state != m.DispatchState.PENDING:
                break
            pauses.append(row.send_at - now)
            now = row.send_at
    assert len(hook.received) == chat.MAX_ATTEMPTS
    assert pauses == [timedelta(seconds=s) for s in (30, 60, 120, 240)]
    assert _row().state == m.DispatchState.FAILED


def test_a_timeout_is_retried(monkeypatch):
    monkeypatch.setattr(chat, "TIMEOUT_SECONDS", 0.3)
    with webhook_server(Hook(answers=[200], delay=1.0)) as hook:
        e = _escalation("slack", hook)
        update_post(escalation=e, author=e.owner, body="Rolled back.", now=T0)
        tick(T0)
    row = _row()
    assert row.state == m.DispatchState.PENDING
    assert "did not answer in time" in row.error


def test_the_webhook_url_never_reaches_a_log_or_an_error(caplog):
    caplog.set_level(logging.DEBUG)
    with webhook_server(Hook(answers=[500, 400])) as hook:
        e = _escalation("slack", hook)
        update_post(escalation=e, author=e.owner, body="Rolled back.", now=T0)
        tick(T0)
        tick(T0 + timedelta(minutes=1))
    assert _row().state == m.DispatchState.FAILED
    assert SECRET not in caplog.text
    assert "4242" not in "".join(m.OutboxMessage.objects.values_list("error", flat=True))


def test_removing_the_webhook_cancels_what_is_queued():
    with webhook_server(Hook()) as hook:
        e = _escalation("slack", hook)
        posted = update_post(escalation=e, author=e.owner, body="Rolled back.", now=T0)
        # The post is owed (its row written by the fan-out) but not sent yet.
        fan_out(posted, T0)
        assert _row().state == m.DispatchState.PENDING
        subs.chat_webhook_remove(escalation=e)
        tick(T0)
    assert hook.received == []
    assert _row().state == m.DispatchState.CANCELLED


def test_the_author_adds_a_webhook_and_sees_only_its_host_and_last_four(author_client, user):
    e = f.EscalatedFactory(owner=user)
    url = f"https://hooks.slack.com/services/T000/{SECRET}"
    response = author_client.post(f"/escalations/{e.pk}/chat/", {"url": url, "format": "auto"})
    assert response.status_code == 302
    hook = m.ChatWebhook.objects.get(escalation=e)
    assert hook.format == "slack" and hook.url == url
    page = author_client.get(f"/escalations/{e.pk}/").content.decode()
    assert "hooks.slack.com …4242" in page
    assert SECRET not in page
    assert "Every update will be posted to Slack (hooks.slack.com …4242)." in page


def test_a_plain_http_webhook_is_refused_with_the_reason(author_client, user):
    e = f.EscalatedFactory(owner=user)
    response = author_client.post(
        f"/escalations/{e.pk}/chat/",
        {"url": "http://example.com/hook", "format": "teams"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Use the https:// address" in response.content.decode()
    assert 'value="http://example.com/hook"' in response.content.decode()
    assert not m.ChatWebhook.objects.exists()


def test_only_the_owner_can_set_a_webhook(client_for, other_user):
    e = f.EscalatedFactory()
    response = client_for(other_user).post(
        f"/escalations/{e.pk}/chat/", {"url": "https://hooks.slack.com/x", "format": "auto"}
    )
    assert response.status_code == 404
    assert not m.ChatWebhook.objects.exists()
