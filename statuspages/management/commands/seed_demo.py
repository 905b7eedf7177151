"""Create the demo login and one complete escalation; print where to find them.

It lives in statuspages because it also mints the demo's status-page link, and
statuspages may import escalations but never the other way round.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from escalations.demo import seed_demo
from escalations.desk.links import desk_url
from statuspages.services import demo_status_url, executive_link_token, status_path


class Command(BaseCommand):
    help = (
        "Idempotently create the demo user and a complete demo escalation. With --json, print "
        'one JSON object: {"username", "password", "escalation_url", "status_url"}; the URLs are '
        'absolute paths ("/escalations/1/"); status_url is null once the demo link was revoked '
        "or expired (it is never revived), and password is null when an existing demo user "
        "has another one (it is never changed). Runs only with DEBUG on, or with --force: the "
        "demo passwords are published. "
        '"executive_url" is the demo executive\'s own status page, where the open asks can be '
        'decided; "desk_url" is the demo executive\'s desk (every ask waiting on them).'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run although DEBUG is off (never on a server people can reach).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEBUG or options["force"]):
            raise CommandError(
                "seed_demo creates users whose passwords are published in the README, so it "
                "only runs with DEBUG on (config.settings.local, as `make run` does). On a "
                "machine nobody else can reach, add --force."
            )
        result = seed_demo()
        escalation_url = result.escalation.get_absolute_url()
        status_url = _status_url(result.escalation)
        # The executive's personal link (the one their emails carry); a revoked one is
        # never revived: executive_link_token mints the next rotation instead.
        executive_url = status_path(executive_link_token(escalation=result.escalation))
        executive = result.escalation.executive
        desk = desk_url(executive) if executive is not None else None
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "username": result.username,
                        "password": result.password,
                        "escalation_url": escalation_url,
                        "status_url": status_url,
                        "executive_url": executive_url,
                        "desk_url": desk,
                    }
                )
            )
            return
        verb = "Created" if result.created else "Kept"
        self.stdout.write(f"{verb} the demo escalation: {settings.SITE_URL}{escalation_url}")
        if result.password:
            self.stdout.write(f"Log in as {result.username} / {result.password}")
        else:
            self.stdout.write(f"Log in as {result.username} with the password you gave it.")
        if status_url:
            self.stdout.write(f"Status page: {settings.SITE_URL}{status_url}")
        self.stdout.write(f"As the executive (decide the asks): {settings.SITE_URL}{executive_url}")
        if desk:
            self.stdout.write(f"The executive's desk: {settings.SITE_URL}{desk}")


def _status_url(escalation: Any) -> str | None:
    """The demo's public status page path, None once revoked (see ``demo_status_url``)."""
    return demo_status_url(escalation=escalation)
