"""A real OpenID provider for the tests: node's oidc-provider (tests/oidc_provider/server.mjs),
started on a free 127.0.0.1 port.

Its packages are installed by ``make oidc-provider``, which ``make test`` runs (``npm ci`` in
tests/oidc_provider when node is on the machine; package-lock.json pins them). Without node the tests that need it are
skipped, saying so; with node but without its packages they fail, naming the fix.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PROVIDER_DIR = Path(__file__).resolve().parent / "oidc_provider"
CLIENT_ID = "upward-tests"
CLIENT_SECRET = "upward-tests-client-secret-not-used-anywhere-else"


@dataclass
class Idp:
    issuer: str
    output: list[str] = field(default_factory=list)

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def run_provider(
    *, upward_url: str, users: dict[str, dict[str, object]], groups_claim: str = "groups"
) -> Iterator[Idp]:
    """The provider, with Upward (at ``upward_url``) as its one client, until the block ends."""
    node = shutil.which("node")
    if node is None:
        pytest.skip(
            "node is not installed: the OpenID provider tests need it (apt-get install nodejs npm)"
        )
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        pytest.fail(
            "tests/oidc_provider has no node_modules: run `make oidc-provider` (`make test` runs it: npm ci there)"
        )
    port = _free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "CLIENT_ID": CLIENT_ID,
        "CLIENT_SECRET": CLIENT_SECRET,
        "REDIRECT_URI": f"{upward_url}/oidc/callback/",
        "POST_LOGOUT_REDIRECT_URI": f"{upward_url}/accounts/login/",
        "USERS": json.dumps(users),
        "GROUPS_CLAIM": groups_claim,
        "NODE_ENV": "test",
    }
    proc = subprocess.Popen(
        [node, "server.mjs"],
        cwd=PROVIDER_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    idp = Idp(issuer=f"http://127.0.0.1:{port}")
    ready = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            idp.output.append(line.rstrip())
            if "listening on" in line:
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        deadline = time.monotonic() + 30
        while not ready.wait(0.1):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the OpenID provider did not start:\n" + "\n".join(idp.output))
        yield idp
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
