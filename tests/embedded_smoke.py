"""Run by tests/test_embedded_default.py in a subprocess: the app as `make run` serves it.

Local settings, a throwaway SQLite file, the filesystem broker and file email — the embedded
default a new user gets. Exits non-zero with a message on the first page that fails.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import timedelta

import django


def main() -> int:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from escalations.models import Escalation
    from escalations.outbox import engine, reminder

    call_command("migrate", verbosity=0)
    from io import StringIO

    out = StringIO()
    call_command("seed_demo", "--json", stdout=out)
    demo = json.loads(out.getvalue())
    e = Escalation.objects.get()
    # Not setup_test_environment(): that would swap the file email backend for locmem.
    anonymous = Client(HTTP_HOST="127.0.0.1")
    author = Client(HTTP_HOST="127.0.0.1")
    # Through the login form: django-axes's backend needs the request Client.login lacks.
    login = author.post(
        "/accounts/login/", {"username": demo["username"], "password": demo["password"]}
    )
    assert login.status_code == 302, "demo login"
    checks = [
        (anonymous, "/accounts/login/"),
        (anonymous, "/healthz"),
        (anonymous, demo["status_url"]),
        (anonymous, demo["status_url"] + "status.json"),
        (anonymous, demo["status_url"] + "feed.atom"),
        (anonymous, demo["executive_url"]),
        (anonymous, demo["executive_url"] + f"asks/{e.asks.get().pk}/approve/"),
        (author, "/"),
        (author, demo["escalation_url"]),
        (author, f"/escalations/{e.pk}/review/"),
        (author, f"/escalations/{e.pk}/wizard/impact/"),
    ]
    for client, url in checks:
        response = client.get(url)
        if response.status_code != 200:
            print(f"GET {url} answered {response.status_code}", file=sys.stderr)
            return 1
    response = author.post("/escalations/new/")
    if response.status_code not in (200, 302):
        print(f"POST /escalations/new/ answered {response.status_code}", file=sys.stderr)
        return 1
    # The beat ticks on SQLite, an hour and a day from now (stale, reminders, notices).
    for later in (timedelta(hours=1), timedelta(days=1)):
        now = timezone.now() + later
        reminder.stale_scan(now=now)
        engine.dispatches_fail_stuck(now=now)
        due = engine.dispatches_queue_due(now=now, enqueue=lambda pks: None)
        for pk in due:
            engine.dispatch_send(pk=pk, now=now)
    from escalations.models import DispatchState, OutboxMessage
    from statuspages.models import ShareLink
    from statuspages.services import share_link_views_flush

    share_link_views_flush()
    if not ShareLink.objects.filter(last_viewed_at__isnull=False).exists():
        print("the demo link's 'last viewed' was not recorded", file=sys.stderr)
        return 1

    e.refresh_from_db()
    sent = OutboxMessage.objects.filter(state=DispatchState.SENT).count()
    print(json.dumps({"pages": len(checks), "stale": e.stale_since is not None, "sent": sent}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
