"""Two web hosts that share PostgreSQL and Redis and nothing else.

Each host is a gunicorn with two workers, started in a working folder of its own. The author
revokes a link and posts an update through host A; the very next request to host B gets the
404 and the new update — on the page, its live fragment, the Atom feed and the JSON.
"""

from __future__ import annotations

import http.client
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
from django.test import Client

from escalations import models as m
from tests.factories import EscalatedFactory, ShareLinkFactory, UserFactory

from .conftest import free_port

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
REVOKED = "a" * 43
KEPT = "k" * 43
PATHS = ["", "live/", "feed.atom", "status.json"]
CSRF = "t3stCsrfT0kenForTwoHostsTest0123"  # any 32 letters/digits: cookie and form agree


class Host:
    def __init__(self, name: str, folder: Path, env: dict[str, str]) -> None:
        self.name = name
        self.port = free_port()
        folder.mkdir()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
            + ["--bind", f"127.0.0.1:{self.port}", "--workers", "2", "--log-level", "warning"],
            cwd=folder,
            env={**env, "PYTHONPATH": str(ROOT)},
        )

    def request(
        self, method: str, path: str, body: str | None = None, headers: dict | None = None
    ) -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, response.read().decode()
        finally:
            conn.close()

    def get(self, path: str) -> tuple[int, str]:
        return self.request("GET", path)

    def post(self, path: str, data: dict[str, str], session: str) -> int:
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": CSRF})
        headers = {
            "Cookie": f"sessionid={session}; csrftoken={CSRF}",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        return self.request("POST", path, body, headers)[0]

    def wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while True:
            assert self.process.poll() is None, f"host {self.name} exited"
            try:
                if self.get("/robots.txt")[0] == 200:
                    return
            except OSError:
                pass
            assert time.monotonic() < deadline, f"host {self.name} did not start"
            time.sleep(0.1)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:  # pragma: no cover
            self.process.kill()
            self.process.wait()


@pytest.fixture
def hosts(process_env, tmp_path):
    a = Host("A", tmp_path / "host-a", process_env)
    b = Host("B", tmp_path / "host-b", process_env)
    try:
        a.wait_ready()
        b.wait_ready()
        yield a, b
    finally:
        a.stop()
        b.stop()


def test_a_revocation_and_an_update_through_one_host_show_on_the_other_at_once(hosts):
    a, b = hosts
    author = UserFactory()
    escalation = EscalatedFactory(owner=author, title="Checkout failing for EU cards")
    revoked = ShareLinkFactory(escalation=escalation, token=REVOKED, label="CTO")
    ShareLinkFactory(escalation=escalation, token=KEPT, label="#inc-payments")
    browser = Client()
    browser.force_login(author)
    session = browser.cookies["sessionid"].value

    # Both hosts, both workers each, have read both links (warm: from memory).
    for host in (a, b):
        for _ in range(6):
            for token in (REVOKED, KEPT):
                for rest in PATHS:
                    assert host.get(f"/s/{token}/{rest}")[0] == 200, (host.name, rest)

    # The author revokes through A; the very next request to B gets the 404.
    revoke = f"/escalations/{escalation.pk}/links/{revoked.pk}/revoke/"
    assert a.post(revoke, {}, session) == 302
    for rest in PATHS:
        assert b.get(f"/s/{REVOKED}/{rest}")[0] == 404, rest
    assert b.get(f"/s/{KEPT}/")[0] == 200

    # The author posts an update through A; the very next request to B shows it.
    news = "Backup processor carries all EU traffic since 14:02."
    posted = a.post(
        f"/escalations/{escalation.pk}/updates/",
        {"body": news, "state": m.PublicStatus.MITIGATING},
        session,
    )
    assert posted == 302
    for rest in PATHS:
        status, body = b.get(f"/s/{KEPT}/{rest}")
        assert status == 200 and "Backup processor carries all EU traffic" in body, rest
    for _ in range(4):  # whichever of B's workers answers
        assert b.get(f"/s/{REVOKED}/")[0] == 404
        assert news in b.get(f"/s/{KEPT}/")[1]
