"""Beat only ticks, and nothing is ever published with a long ETA."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

from config.celery import app

APP_DIRS = [
    Path(__file__).resolve().parents[3] / d for d in ("escalations", "statuspages", "config")
]


def test_beat_ticks_every_scan_at_least_every_30_seconds():
    import escalations.outbox.tasks  # noqa: F401 - registers the tasks
    import escalations.subscriptions.tasks  # noqa: F401
    import statuspages.tasks  # noqa: F401

    schedule: dict = settings.CELERY_BEAT_SCHEDULE
    tasks = {entry["task"] for entry in schedule.values()}
    assert tasks == {
        "escalations.tick_dispatch",
        "escalations.tick_stale",
        "escalations.tick_digest",
        "statuspages.fold_views",
    }
    for entry in schedule.values():
        assert float(entry["schedule"]) <= 30
        assert entry["task"] in app.tasks
        # A tick stuck behind a backlog is dropped rather than run late, many times over.
        assert entry["options"]["expires"] <= 30


def test_no_eta_or_countdown_anywhere_in_the_code():
    pattern = re.compile(r"\b(eta|countdown)\s*=")
    offenders = [
        f"{path.name}:{n}"
        for d in APP_DIRS
        for path in d.rglob("*.py")
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []
