"""`make run`'s embedded default (SQLite, filesystem broker) works page by page.

The rest of the suite runs on PostgreSQL; this guards what a new user sees first.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_embedded_default_serves_every_main_page_and_ticks(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "EMAIL_URL"}
    }
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'upward.sqlite3'}"
    env["EMAIL_URL"] = f"filemail:///{tmp_path / 'mail'}"  # django-environ drops one slash
    result = subprocess.run(
        [sys.executable, "-m", "tests.embedded_smoke"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["pages"] >= 9
    # A day later with no update: flagged stale, and the reminders went out as email files.
    assert summary["stale"] is True
    assert summary["sent"] >= 1
    assert list((tmp_path / "mail").iterdir())
