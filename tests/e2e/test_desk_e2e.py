"""The executive's desk end to end, on real parts: Chromium, a real SMTP server (aiosmtpd), a
real Celery worker on its own Redis broker, PostgreSQL.

Two authors escalate to the same executive, who takes the daily digest. The desk shows both
escalations' asks; the executive approves one from the desk and declines the other from the
digest email; both authors are emailed the outcome and see it on their escalation page, and
both status pages show it. Then the desk at phone width, by keyboard, through axe-core.
"""

from __future__ import annotations

import re
from datetime import time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from escalations import models as m
from escalations.desk.links import desk_url
from escalations.outbox.desk_digest import executive_digests_scan
from statuspages.services import executive_link_token
from tests import factories as f
from tests.e2e.test_accessibility import audit
from tests.escalations.meetings import realparts as rp

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def html_part(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def _world():
    maya = f.ExecutiveFactory(
        name="Maya Chen",
        title="CTO",
        email="maya@example.com",
        time_zone="Europe/Berlin",
        mode=m.SubscriptionMode.DIGEST,
        digest_at=time(0, 0),  # today's digest is due as soon as the tick looks
    )
    dana = f.UserFactory(
        username="dana", email="dana@example.com", first_name="Dana", last_name="Okafor"
    )
    sam = f.UserFactory(username="sam", email="sam@example.com", first_name="Sam", last_name="Lee")
    now = timezone.now()
    escalations = []
    for owner, title, decision, hours in (
        (
            dana,
            "Checkout payments failing for EU cards",
            "Approve $40,000 for a second processor",
            6,
        ),
        (sam, "SSO logins failing for enterprise tenants", "Unblock the IdP vendor contract", 3),
    ):
        f.ProfileFactory(user=owner, time_zone="Europe/Berlin")
        e = f.EscalatedFactory(
            owner=owner,
            title=title,
            executive=maya,
            executive_name=maya.name,
            executive_email=maya.email,
            executive_time_zone=maya.time_zone,
        )
        f.AskFactory(escalation=e, decision=decision, decide_by=now + timedelta(hours=hours))
        escalations.append(e)
    return maya, dana, sam, escalations


def test_two_authors_one_executive_decides_from_the_desk_and_from_the_digest(
    page: Page, live_server, login, screenshot, settings
):
    settings.SITE_URL = live_server.url  # links in emails lead to this test's server
    maya, dana, sam, (payments, sso) = _world()
    approve_ask = payments.asks.get()
    decline_ask = sso.asks.get()

    with (
        rp.smtp_server() as sink,
        rp.celery_app(settings.CELERY_BROKER_URL) as app,
        rp.worker(app),
    ):
        # The desk: both escalations' asks, the most urgent (Sam's, due in 3 h) first.
        page.goto(f"{live_server.url}{desk_url(maya)}")
        expect(page.get_by_role("heading", level=1)).to_have_text("Your desk")
        asks = page.locator("#desk-asks li")
        expect(asks).to_have_count(2)
        expect(asks.nth(0)).to_contain_text("Unblock the IdP vendor contract")
        expect(asks.nth(0)).to_contain_text("recommended by Sam Lee")
        expect(asks.nth(1)).to_contain_text("Approve $40,000 for a second processor")
        expect(asks.nth(1)).to_contain_text("recommended by Dana Okafor")
        screenshot("desk")

        # Approve Dana's ask from the desk: the same confirmation page, then recorded.
        page.get_by_role(
            "link", name=re.compile(r"^Approve\s*: Approve \$40,000 for a second processor$")
        ).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Approve?")
        approve_ask.refresh_from_db()
        assert approve_ask.status == m.AskStatus.OPEN  # opening the link decided nothing
        page.get_by_label("Note (optional)").fill("Go ahead, keep it under $40K.")
        page.get_by_role("button", name="Approve").click()
        expect(page.get_by_role("status")).to_contain_text("Your answer is recorded: Approved.")
        page.get_by_role("link", name="Back to your desk").click()
        expect(page.locator("#desk-asks li")).to_have_count(1)
        expect(page.locator("#desk-decided")).to_contain_text(
            "You approved: Approve $40,000 for a second processor"
        )

        # The worker emails Dana the answer at once.
        assert sink.wait_for(
            lambda got: any(r.rcpt == ["dana@example.com"] for r in got), timeout=20
        ), [(r.rcpt, rp.subject(r.message)) for r in sink.received]

        # The digest tick owes Maya's one daily email; the worker sends it.
        assert executive_digests_scan(now=timezone.now()).written == 1
        assert sink.wait_for(
            lambda got: any(r.rcpt == ["maya@example.com"] for r in got), timeout=20
        ), [(r.rcpt, rp.subject(r.message)) for r in sink.received]
        [digest] = [r.message for r in sink.received if r.rcpt == ["maya@example.com"]]
        assert rp.subject(digest).startswith("1 decision waiting")
        html = html_part(digest)
        assert "SSO logins failing for enterprise tenants" in html
        decline = re.search(
            rf'href="({re.escape(live_server.url)}/desk/[^"]+/asks/{decline_ask.pk}/decline/)"',
            html,
        )
        assert decline, html

        # Decline Sam's ask from the email.
        page.goto(decline.group(1))
        expect(page.get_by_role("heading", level=1)).to_have_text("Decline?")
        page.get_by_role("button", name="Decline").click()
        expect(page.get_by_role("status")).to_contain_text("Your answer is recorded: Declined.")

        assert sink.wait_for(
            lambda got: any(r.rcpt == ["sam@example.com"] for r in got), timeout=20
        ), [(r.rcpt, rp.subject(r.message)) for r in sink.received]

    by_rcpt = {r.rcpt[0]: rp.subject(r.message) for r in sink.received}
    assert by_rcpt["dana@example.com"] == (
        "Maya Chen approved: Approve $40,000 for a second processor"
    )
    assert by_rcpt["sam@example.com"] == "Maya Chen declined: Unblock the IdP vendor contract"
    # One email to Maya, the digest: no update emails one by one.
    assert [r.rcpt for r in sink.received].count(["maya@example.com"]) == 1

    # Both status pages show the outcome.
    for e, ask, answer in ((payments, approve_ask, "Approved"), (sso, decline_ask, "Declined")):
        page.goto(f"{live_server.url}/s/{executive_link_token(escalation=e)}/")
        expect(page.locator("#asks")).to_contain_text(f"{answer}: {ask.decision}")
        expect(page.locator("#asks")).to_contain_text("Maya Chen")

    # Both authors see it on their escalation page.
    for author, e, ask, answer in (
        (dana, payments, approve_ask, "Approved"),
        (sam, sso, decline_ask, "Declined"),
    ):
        page.context.clear_cookies()
        login(author)
        page.goto(f"{live_server.url}{e.get_absolute_url()}")
        card = page.locator(f'#asks [data-ask="{ask.pk}"]')
        expect(card).to_contain_text(answer)
        expect(card).to_contain_text("Maya Chen")


@pytest.fixture
def phone(browser):
    # axe is injected as an inline script, which the page's CSP forbids: only the test's own
    # injection bypasses it (the headers themselves are tested in tests/escalations/desk).
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, timezone_id="Europe/Berlin", bypass_csp=True
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def test_the_desk_at_phone_width_by_keyboard_passes_axe(phone: Page, live_server):
    page = phone
    maya, _dana, _sam, (payments, sso) = _world()
    m.Escalation.objects.filter(pk=sso.pk).update(
        next_update_due_at=timezone.now() - timedelta(minutes=20)
    )
    f.MeetingFactory(escalation=payments, starts_at=timezone.now() + timedelta(hours=2))
    url = f"{live_server.url}{desk_url(maya)}"

    page.goto(url)
    found = audit(page, "desk")
    # Nothing wider than the phone: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    expect(page.locator("#desk-overdue")).to_contain_text("Update overdue by 20 min")

    # By keyboard: Tab to the first answer (Sam's ask, the most urgent), Enter.
    for _ in range(20):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent")
        if focused.startswith("Approve"):
            break
    assert "Unblock the IdP vendor contract" in focused
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Approve?")
    found += audit(page, "desk confirmation")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.goto(url)
    page.get_by_role("link", name=re.compile("^Read the pre-read")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pre-read:")
    found += audit(page, "desk pre-read")
    assert found == [], "\n".join(found)
