"""A reader with only a link subscribes in a real browser, confirms from the email (real
SMTP), gets the next update once and leaves with one click; the executive picks a daily
digest on their own link. No CSP violation, no console error, keyboard-usable labels."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from escalations import models as m
from escalations.outbox import links
from escalations.updates.services import update_post
from tests.escalations.meetings import realparts as rp
from tests.escalations.subscriptions.helpers import tick
from tests.factories import EscalatedFactory, ShareLinkFactory

pytestmark = pytest.mark.django_db(transaction=True)
TOKEN = "e2eTokenForTheSubscribeTestOnly_0123456789ab"


def _text(r: rp.Received) -> str:
    return rp.parts(r.message)["text/plain"][0].get_content()


def _to(sink: rp.SmtpSink, address: str) -> list[rp.Received]:
    return [r for r in sink.received if r.rcpt == [address]]


def test_a_reader_subscribes_confirms_reads_one_update_and_unsubscribes(
    page, live_server, screenshot, tasks_inline
):
    e = EscalatedFactory(
        title="Checkout payments failing for EU card customers",
        executive_email="cto@example.com",
        executive_time_zone="Europe/Berlin",
    )
    ShareLinkFactory(escalation=e, token=TOKEN)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    def local(url: str) -> str:
        return url.replace(settings.SITE_URL, live_server.url)

    with rp.smtp_server() as sink:
        page.goto(f"{live_server.url}/s/{TOKEN}/")
        page.get_by_label("Email me each update").fill("sam@example.com")
        page.get_by_role("button", name="Subscribe").click()
        expect(page.get_by_role("status").filter(has_text="Check your inbox")).to_be_visible()
        screenshot("subscribe-check-inbox")
        # The browser's zone (the test context runs in Europe/Berlin) travelled with the form.
        assert m.Subscription.objects.get(email="sam@example.com").time_zone == "Europe/Berlin"

        tick(timezone.now())
        [confirm] = _to(sink, "sam@example.com")
        link = re.search(r"(http://\S+/subscriptions/confirm/\S+/)", _text(confirm))
        assert link
        page.goto(local(link.group(1)))
        page.get_by_role("button", name="Confirm").click()
        expect(page.get_by_role("heading", name="You are subscribed")).to_be_visible()

        update_post(escalation=e, author=e.owner, body="Fix deployed to 50% of EU traffic.")
        tick(timezone.now())
        tick(timezone.now())
        got = _to(sink, "sam@example.com")
        assert len(got) == 2
        assert "Fix deployed to 50% of EU traffic." in _text(got[1])
        one_click = str(got[1].message["List-Unsubscribe"]).strip().strip("<>")
        response = page.request.post(
            local(one_click),
            data="List-Unsubscribe=One-Click",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert response.status == 200

        update_post(escalation=e, author=e.owner, body="Resolved.")
        tick(timezone.now())
        assert len(_to(sink, "sam@example.com")) == 2

    # The executive, on their own link, switches to a daily digest at 07:30.
    url = links.executive_link_owed(e)
    assert url
    page.goto(local(url))
    settings_box = page.locator("#email-settings")
    settings_box.get_by_label("One daily digest").check()
    settings_box.get_by_label("Digest time").fill("07:30")
    settings_box.get_by_role("button", name="Save").click()
    expect(page.locator("#email-settings")).to_contain_text(
        "You get: one daily digest at 07:30 (Europe/Berlin)"
    )
    screenshot("executive-email-settings")
    assert not errors, errors
