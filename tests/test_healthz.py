from __future__ import annotations

import socket
import threading
import time

import pytest
from django.test import override_settings

from config import health

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh():
    health.forget()
    yield
    health.forget()


def test_healthz_is_public_and_ok_with_real_database_and_redis(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "broker": "ok"}}
    assert "no-cache" in response["Cache-Control"]


@override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0")
def test_healthz_503_when_broker_is_down(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "broker": "unreachable"}


def test_healthz_503_when_database_is_down(client, monkeypatch):
    monkeypatch.setattr(health, "_database_ok", lambda: False)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "unreachable"


@pytest.fixture
def silent_broker():
    """A TCP server that accepts connections and never answers: a hung Redis."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    stop.set()
    thread.join()
    for s in accepted:
        s.close()
    server.close()


def test_healthz_answers_within_a_second_when_the_broker_hangs(client, silent_broker):
    with override_settings(CELERY_BROKER_URL=silent_broker):
        start = time.monotonic()
        response = client.get("/healthz")
        elapsed = time.monotonic() - start
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "broker": "unreachable"}
    assert elapsed < 1.0


def test_healthz_answers_from_its_cache_for_a_few_seconds(client, monkeypatch):
    calls = []

    def counting() -> bool:
        calls.append(1)
        return True

    now = [1000.0]
    monkeypatch.setattr(health, "_broker_ok", counting)
    monkeypatch.setattr(health, "_clock", lambda: now[0])
    for _ in range(20):
        assert client.get("/healthz").status_code == 200
    assert len(calls) == 1  # one broker probe for twenty requests
    now[0] += 6
    assert client.get("/healthz").status_code == 200
    assert len(calls) == 2  # probed again once the answer is older than 5 s
