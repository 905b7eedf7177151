"""Real parts for delivery tests: an SMTP server (aiosmtpd), a private redis-server, a Celery
worker in a thread and a real ``celery beat`` in a subprocess. No mocks."""

from __future__ import annotations

import email
import email.policy
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[3]
SMTP_PORTS = range(2525, 2536)


def free_port(candidates: range | None = None) -> int:
    for port in candidates or range(0, 1):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise RuntimeError(f"No free port in {candidates}")


@dataclass
class Received:
    at: float
    rcpt: list[str]
    message: EmailMessage


@dataclass
class SmtpSink:
    """Collects every message the SMTP server accepts, with the time it arrived."""

    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(msg, EmailMessage)
        with self.lock:
            self.received.append(Received(time.time(), list(envelope.rcpt_tos), msg))
        return "250 Message accepted for delivery"

    def messages(self) -> list[EmailMessage]:
        with self.lock:
            return [r.message for r in self.received]

    def wait_for(self, predicate: Callable[[list[Received]], bool], timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if predicate(list(self.received)):
                    return True
            time.sleep(0.1)
        return False


@contextmanager
def smtp_server(sink: SmtpSink | None = None) -> Iterator[SmtpSink]:
    """aiosmtpd on 127.0.0.1 (a free port in 2525-2535), with Django pointed at it."""
    sink = sink or SmtpSink()
    port = free_port(SMTP_PORTS)
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
            EMAIL_USE_TLS=False,
            EMAIL_USE_SSL=False,
            EMAIL_TIMEOUT=10,
        ):
            yield sink
    finally:
        controller.stop()


class PrivateRedis:
    """A redis-server of our own on a free port, which a test may stop and start again.
    (Never the shared one on 6379.)"""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port(range(6390, 6480))
        self.workdir = workdir
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        exe = shutil.which("redis-server")
        assert exe, "redis-server is not installed"
        self.proc = subprocess.Popen(
            [
                exe,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            cwd=self.workdir,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("private redis-server did not start")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
            self.proc = None


@contextmanager
def celery_app(broker_url: str) -> Iterator[Any]:
    """A Celery app like config.celery's, on ``broker_url``, made current for shared tasks."""
    from celery import Celery, _state

    import escalations.outbox.tasks  # noqa: F401 - registers the shared tasks
    import escalations.subscriptions.tasks  # noqa: F401

    previous = _state.get_current_app()
    # Celery reads a CELERY_BROKER_URL environment variable before any configuration, so a
    # developer who exported one (to keep their checkout on its own Redis db) would send this
    # app's worker to that broker instead of ``broker_url``: point the variable here too.
    saved = os.environ.get("CELERY_BROKER_URL")
    os.environ["CELERY_BROKER_URL"] = broker_url
    app = Celery("upward-test", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.broker_url = broker_url
    app.conf.broker_connection_retry_on_startup = True
    app.set_current()
    app.set_default()
    try:
        yield app
    finally:
        app.close()
        previous.set_current()
        previous.set_default()
        if saved is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = saved


@contextmanager
def worker(app: Any) -> Iterator[None]:
    """A real Celery worker consuming from the broker (the emails' queue and the chat
    posts'), in a thread of this process (so it uses pytest-django's test database through
    its own connection)."""
    from celery.contrib.testing.worker import start_worker

    app.control.purge()
    with start_worker(
        app,
        pool="solo",
        perform_ping_check=False,
        shutdown_timeout=20,
        loglevel="WARNING",
        queues=["celery", "chat"],
    ):
        yield


@contextmanager
def beat(
    broker_url: str, tmp: Path, tick_seconds: float = 1.0
) -> Iterator[subprocess.Popen[bytes]]:
    """The real ``celery -A config beat`` with the project's schedule, ticking fast."""
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "CELERY_BROKER_URL": broker_url,
        "UPWARD_TICK_SECONDS": str(tick_seconds),
    }
    log = (tmp / "beat.log").open("wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "beat",
            "--loglevel=INFO",
            f"--schedule={tmp / 'celerybeat-schedule'}",
            f"--pidfile={tmp / 'beat.pid'}",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def beat_ticks(tmp: Path, task: str = "escalations.tick_dispatch") -> int:
    """How many times beat (started with ``beat(…, tmp)``) has sent ``task`` so far."""
    log = tmp / "beat.log"
    return log.read_text(errors="replace").count(f"({task})") if log.exists() else 0


def wait_for_ticks(tmp: Path, more: int, timeout: float = 30) -> None:
    """Wait until beat has sent ``more`` further dispatch ticks (an event, not a fixed nap),
    so a test can say "several more ticks ran and nothing was sent twice"."""
    target = beat_ticks(tmp) + more
    deadline = time.monotonic() + timeout
    while beat_ticks(tmp) < target:
        assert time.monotonic() < deadline, f"beat sent fewer than {more} more ticks"
        time.sleep(0.05)


def parts(msg: EmailMessage) -> dict[str, list[EmailMessage]]:
    """The leaf parts of a message by content type."""
    out: dict[str, list[EmailMessage]] = {}
    for part in msg.walk():
        if part.is_multipart():
            continue
        assert isinstance(part, EmailMessage)
        out.setdefault(part.get_content_type(), []).append(part)
    return out


def subject(msg: EmailMessage) -> str:
    """The decoded subject (folding may leave leading whitespace that mail clients trim)."""
    return " ".join(str(msg["Subject"]).split())
