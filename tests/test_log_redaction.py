"""Share tokens never reach a log: Django's loggers and gunicorn's access log write
``/s/<redacted>/`` for a 404 (unknown token), a 403 (CSRF on a valid token), a 405 and a 200."""

from __future__ import annotations

import io
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from config.logredact import RedactCapabilityUrls, redact
from statuspages.services import share_link_create
from tests.factories import EscalatedFactory

ROOT = Path(__file__).resolve().parents[1]
UNKNOWN = "Zz9" + "q" * 40


def test_redact_replaces_the_token_segment_only():
    assert redact("Not Found: /s/abc_DEF-123/feed.atom") == "Not Found: /s/<redacted>/feed.atom"
    assert redact('"GET /s/tok/?x=1 HTTP/1.1"') == '"GET /s/<redacted>/?x=1 HTTP/1.1"'
    assert redact("https://upward.example/s/tok") == "https://upward.example/s/<redacted>"
    assert (
        redact("/static/css/upward.css /escalations/1/") == "/static/css/upward.css /escalations/1/"
    )


@pytest.fixture
def django_log():
    """What the configured console handler (settings.LOGGING) writes, as text."""
    handlers = [
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, RedactCapabilityUrls) for f in h.filters)
    ]
    assert handlers, "LOGGING's console handler carries the redaction filter"
    buffer = io.StringIO()
    old = [h.setStream(buffer) for h in handlers]  # type: ignore[attr-defined]
    yield buffer
    for h, stream in zip(handlers, old, strict=True):
        h.setStream(stream)  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_django_logs_of_404_403_and_405_carry_no_token(django_log, user):
    created = share_link_create(escalation=EscalatedFactory(owner=user), created_by=user, label="x")
    token = created.token
    assert Client().get(f"/s/{UNKNOWN}/").status_code == 404
    assert Client(enforce_csrf_checks=True).post(f"/s/{token}/").status_code == 403
    assert Client().put(f"/s/{token}/").status_code == 405
    assert Client().get(f"/s/{token}/").status_code == 200
    text = django_log.getvalue()
    assert "Not Found: /s/<redacted>/" in text
    assert "Forbidden (CSRF cookie not set.): /s/<redacted>/" in text
    assert "Method Not Allowed (PUT): /s/<redacted>/" in text
    assert token not in text and UNKNOWN not in text


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _status(url: str, method: str = "GET") -> int:
    request = urllib.request.Request(  # noqa: S310 - our own server
        url, method=method, data=b"" if method == "POST" else None
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - our server
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def gunicorn_logs(requests: Callable[[str], None]) -> str:
    """Serve the deployed web command (docker-compose.yml: gunicorn -c config/gunicorn.py)
    on this test's database, run ``requests(base_url)`` against it, and return what it
    logged (access log and Django's log)."""
    port = _free_port()
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "-c", "config/gunicorn.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                _status(base + "/robots.txt")
                break
            except OSError:
                time.sleep(0.1)
        requests(base)
    finally:
        server.terminate()
        out, err = server.communicate(timeout=30)
    return out + err


@pytest.mark.django_db(transaction=True)
def test_gunicorn_access_log_and_django_log_carry_no_token(user):
    """The deployed web command (docker-compose.yml: gunicorn -c config/gunicorn.py)."""
    token = share_link_create(
        escalation=EscalatedFactory(owner=user), created_by=user, label="x"
    ).token

    def requests(base: str) -> None:
        assert _status(f"{base}/s/{token}/") == 200
        assert _status(f"{base}/s/{UNKNOWN}/") == 404
        assert _status(f"{base}/s/{token}/", "POST") == 403

    logs = gunicorn_logs(requests)
    assert '"GET /s/<redacted>/ HTTP/1.1" 200' in logs
    assert '"GET /s/<redacted>/ HTTP/1.1" 404' in logs
    assert '"POST /s/<redacted>/ HTTP/1.1" 403' in logs
    assert "Forbidden (CSRF cookie not set.): /s/<redacted>/" in logs
    assert token not in logs and UNKNOWN not in logs
