"""`make run` on another port sends emails whose links open, written as `.eml` files."""

from __future__ import annotations

import email
import email.policy
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.mail import EmailMultiAlternatives

from config.mailfiles import EmlFileBackend

ROOT = Path(__file__).resolve().parents[1]


def _dry_run(*args: str, **env_overrides: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "HOST", "PORT"}}
    env.update(env_overrides)
    result = subprocess.run(
        ["make", "-n", "run", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_run_on_another_port_links_emails_to_that_port():
    commands = _dry_run("PORT=8101")
    honcho = next(line for line in commands.splitlines() if "honcho start" in line)
    seed = next(line for line in commands.splitlines() if "seed_demo" in line)
    # The worker (which sends the emails) and seed_demo both get the served address.
    assert "SITE_URL=http://127.0.0.1:8101" in honcho
    assert "SITE_URL=http://127.0.0.1:8101" in seed
    assert "8000" not in honcho


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_run_keeps_a_site_url_the_user_set():
    commands = _dry_run("PORT=8101", SITE_URL="https://upward.example.com")
    honcho = next(line for line in commands.splitlines() if "honcho start" in line)
    assert "SITE_URL=https://upward.example.com" in honcho


def test_file_email_is_one_eml_file_per_message_a_mail_client_opens(tmp_path):
    backend = EmlFileBackend(file_path=str(tmp_path))
    messages = []
    for n in (1, 2):
        m = EmailMultiAlternatives(f"Pre-read {n}", "plain", "a@example.com", ["b@example.com"])
        m.attach_alternative("<p>html</p>", "text/html")
        messages.append(m)
    assert backend.send_messages(messages) == 2
    files = sorted(tmp_path.iterdir())
    assert [f.suffix for f in files] == [".eml", ".eml"]
    parsed = email.message_from_bytes(files[0].read_bytes(), policy=email.policy.default)
    assert parsed["Subject"] in {"Pre-read 1", "Pre-read 2"}
    assert parsed.get_body(preferencelist=("html",)) is not None
