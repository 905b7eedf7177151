"""Both sides of a decision, in a real browser: the pre-read arrives at a real SMTP server
(aiosmtpd) with a decision link per ask; the executive follows "Approve", confirms by
keyboard, and sees the answer on the status page and in status.json; the author finds it in
their inbox and on their escalation page."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from escalations import models as m
from escalations.meetings import services as meetings
from escalations.outbox import engine
from tests import factories as f
from tests.escalations.meetings import realparts as rp

pytestmark = pytest.mark.django_db(transaction=True)


def send_due() -> None:
    """What the dispatch tick and the worker do, in this thread."""
    now = timezone.now()
    for pk in engine.dispatches_queue_due(now=now, enqueue=lambda pks: None):
        engine.dispatch_send(pk=pk, now=now)


def html_part(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def test_the_executive_approves_from_the_pre_read_and_everyone_sees_it(
    page, live_server, login, screenshot, settings
):
    settings.SITE_URL = live_server.url  # links in emails lead to this test's server
    author = f.UserFactory(
        username="dana", email="dana@example.com", first_name="Dana", last_name="Okafor"
    )
    f.ProfileFactory(user=author, time_zone="Europe/Berlin")
    e = f.EscalatedFactory(
        owner=author,
        title="Checkout payments failing for EU card customers",
        executive_name="Maya Chen",
        executive_email="maya@example.com",
        executive_time_zone="Europe/Berlin",
    )
    ask = f.AskFactory(
        escalation=e,
        decision="Approve $40,000 for a second payment processor",
        decide_by=timezone.now() + timedelta(hours=6),
    )
    f.AskFactory(
        escalation=e,
        decision="Unblock the vendor contract this week",
        decide_by=timezone.now() + timedelta(days=1),
    )

    with rp.smtp_server() as sink:
        # The author booked a 1:1 in 20 minutes: the pre-read is due at once.
        meetings.meeting_schedule(
            escalation=e,
            starts_at=timezone.now() + timedelta(minutes=20),
            time_zone="Europe/Berlin",
        )
        send_due()
        assert sink.wait_for(lambda got: len(got) == 1, timeout=10)
        [preread] = sink.messages()
        assert preread["To"] == "maya@example.com"
        html = html_part(preread)
        links = re.findall(r'<a href="([^"]+/asks/(\d+)/(approve|decline|discuss)/)"', html)
        assert sorted({int(pk) for _url, pk, _slug in links}) == sorted(a.pk for a in e.asks.all())
        approve = next(url for url, pk, slug in links if int(pk) == ask.pk and slug == "approve")
        assert approve.startswith(live_server.url)

        # The executive follows the link: a confirmation page, nothing decided yet.
        page.goto(approve)
        expect(page.get_by_role("heading", level=1)).to_have_text("Approve?")
        expect(page.get_by_text("Approve $40,000 for a second payment processor")).to_be_visible()
        ask.refresh_from_db()
        assert ask.status == m.AskStatus.OPEN
        screenshot("decision-confirm")

        # By keyboard: type a note, Tab to the button, Enter.
        page.get_by_label("Note (optional)").fill("Go ahead — keep it under $40K.")
        page.keyboard.press("Tab")
        expect(page.get_by_role("button", name="Approve")).to_be_focused()
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text("Recorded")
        expect(page.get_by_role("status")).to_contain_text("Your answer is recorded: Approved.")
        screenshot("decision-recorded")

        # The status page shows the answer, and the timeline says who decided.
        page.get_by_role("link", name="Back to the status page").click()
        asks = page.locator("#asks")
        expect(asks).to_contain_text("Approved: Approve $40,000 for a second payment processor")
        expect(asks).to_contain_text("Maya Chen")
        expect(asks).to_contain_text("Go ahead — keep it under $40K.")
        expect(page.locator("#sp-timeline")).to_contain_text(
            "Maya Chen approved: Approve $40,000 for a second payment processor"
        )
        # The other ask still offers its buttons on the executive's page.
        expect(
            page.get_by_role(
                "button", name=re.compile(r"^Decline\s*: Unblock the vendor contract this week$")
            )
        ).to_be_visible()
        screenshot("decision-status-page")

        status_url = page.url.split("#")[0]
        response = page.request.get(status_url + "status.json")
        assert response.ok
        entry = next(a for a in json.loads(response.text())["asks"] if a["id"] == ask.pk)
        assert entry["status"] == "approved"
        assert entry["decided_by"] == "Maya Chen"
        assert entry["note"] == "Go ahead — keep it under $40K."
        assert entry["decided_at"].endswith("Z")

        # The status page's own buttons lead to the same confirmation page (CSP allows it).
        page.get_by_role(
            "button", name=re.compile(r"^Decline\s*: Unblock the vendor contract this week$")
        ).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Decline?")
        expect(page.get_by_text("Unblock the vendor contract this week")).to_be_visible()

        # The author's inbox: told at once, through the outbox.
        send_due()
        assert sink.wait_for(lambda got: len(got) == 2, timeout=10)
        told = sink.messages()[1]
        assert told["To"] == "dana@example.com"
        assert told["Subject"] == (
            "Maya Chen approved: Approve $40,000 for a second payment processor"
        )

    # The author's page shows the answer with who and when.
    login(author)
    page.goto(f"{live_server.url}{e.get_absolute_url()}")
    panel = page.locator("#asks")
    expect(panel.locator(f'[data-ask="{ask.pk}"]')).to_contain_text("Approved")
    expect(panel.locator(f'[data-ask="{ask.pk}"]')).to_contain_text("Maya Chen")
    screenshot("decision-author-page")


def test_the_author_records_a_decision_taken_in_the_1_1(page, live_server, login):
    author = f.UserFactory(username="sam")
    e = f.EscalatedFactory(owner=author, executive_name="Maya Chen")
    ask = f.AskFactory(escalation=e, decision="Approve $12,000 for a second IdP region")
    login(author)
    page.goto(f"{live_server.url}{e.get_absolute_url()}")
    page.evaluate("window.__no_reload = true")
    card = page.locator(f'[data-ask="{ask.pk}"]')
    card.get_by_text("Record a decision taken in the 1:1 or by chat").click()
    card.get_by_label("Decline").check()
    card.get_by_label("Note (optional)").fill("Not this quarter; revisit in January.")
    card.get_by_role("button", name="Record decision").click()
    expect(page.locator("#asks")).to_contain_text("Recorded: Maya Chen declined")
    assert page.evaluate("window.__no_reload") is True  # swapped in place by htmx
    expect(page.locator(f'[data-ask="{ask.pk}"]')).to_contain_text("Declined")
    ask.refresh_from_db()
    assert ask.status == m.AskStatus.DECLINED
