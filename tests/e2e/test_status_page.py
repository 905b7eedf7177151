"""A reader with only a link, in a real browser: no login, live updates, nothing blocked by CSP."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from escalations import models as m
from escalations.updates.services import update_post
from statuspages.models import ShareLink
from tests.e2e.steps import write_update
from tests.factories import (
    AskFactory,
    EscalatedFactory,
    RemediationActionFactory,
    ShareLinkFactory,
    UpdateFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

TOKEN = "e2eTokenForTheStatusPageTestOnly_0123456789"


@pytest.fixture
def fast_poll(settings):
    settings.STATUSPAGE_POLL_SECONDS = 1


@pytest.fixture
def escalation():
    e = EscalatedFactory(
        title="Checkout payments failing for EU card customers",
        impact_headline=(
            "18% of EU checkout payments fail since 08:05 UTC — about 2,400 orders and "
            "€38,000 in revenue per hour."
        ),
        remediation_mitigation="EU 3-D Secure traffic runs on the backup processor since 09:10.",
    )
    now = timezone.now()
    RemediationActionFactory(
        escalation=e,
        description="Ship checkout build that trusts the new certificate chain",
        owner_name="Sam Lee",
        due_at=now + timedelta(hours=2),
    )
    RemediationActionFactory(
        escalation=e,
        description="Move EU 3-D Secure traffic to the backup processor",
        owner_name="Dana Okafor",
        due_at=now - timedelta(hours=1),
        done_at=now - timedelta(hours=1),
    )
    AskFactory(
        escalation=e,
        decision="Approve up to €63,000 in backup-processor fees if the fix slips past Friday",
    )
    UpdateFactory(
        escalation=e,
        body="**What happened**: 18% of EU checkout payments fail since 08:05 UTC.",
        public_status=m.PublicStatus.INVESTIGATING,
        created_at=now - timedelta(minutes=50),
    )
    update_post(
        escalation=e,
        author=e.owner,
        body="Cause confirmed: the processor rotated its certificate; we pinned the old one. "
        "Traffic moved to the backup processor; failures down from 18% to 6%. Next update by the hour.",
        public_status=m.PublicStatus.MITIGATING,
        now=now - timedelta(minutes=12),
    )
    return e


def test_reader_sees_the_status_and_new_updates_arrive_without_a_reload(
    page, live_server, escalation, fast_poll, screenshot
):
    ShareLinkFactory(escalation=escalation, token=TOKEN)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    page.goto(f"{live_server.url}/s/{TOKEN}/")
    expect(page.locator(".sp-updated")).to_contain_text("Last updated 12 min ago")
    expect(page.get_by_role("heading", level=1)).to_have_text(escalation.title)
    expect(page.locator(".sp-state")).to_have_text("Mitigating")
    # Times in the reader's zone (the context runs in Europe/Berlin), with UTC written out
    # beside them, not only in a hover title that keyboard and touch cannot reach.
    stamp = page.locator(".sp-updated time[data-local]")
    utc_hover = stamp.get_attribute("title")
    assert utc_hover and utc_hover.endswith(" UTC")
    assert stamp.inner_text().endswith(f"({utc_hover[11:]})")
    assert "GMT+1" in stamp.inner_text() or "CET" in stamp.inner_text()
    expect(page.locator("#sp-zone")).to_contain_text("Europe/Berlin")
    # One format, the page's own ("Thu 03 Dec 14:30"), whatever the browser's language; the
    # zone is named in the header and the footer only.
    body_times = page.locator("main time[data-local]:not(.sp-head time)").all_inner_texts()
    assert body_times, "the page shows times outside its header"
    for shown in body_times:
        assert re.fullmatch(r"(\w{3} \d\d \w{3} )?\d\d:\d\d", shown), shown
    expect(page.locator("#sp-live-status")).to_contain_text("Live")
    screenshot("status-page-desktop")

    marker = page.evaluate("() => (window.__noReload = 'still here')")
    update_post(
        escalation=escalation,
        author=escalation.owner,
        body="Fix deployed to **50%** of EU traffic; failures at 2%.",
        public_status=m.PublicStatus.MONITORING,
    )
    newest = page.locator("#sp-timeline > li").first
    expect(newest).to_contain_text("Fix deployed to 50% of EU traffic", timeout=10_000)
    expect(newest.locator(".sp-badge")).to_have_text("Monitoring")
    expect(page.locator(".sp-state")).to_have_text("Monitoring")
    expect(page.locator(".sp-updated")).to_contain_text("Last updated just now")
    expect(page.locator("#sp-announcer")).to_contain_text("New update: Monitoring")
    assert page.evaluate("() => window.__noReload") == marker
    assert not errors, errors


def test_phone_width_reads_well_and_the_overdue_banner_shows(
    browser, live_server, escalation, fast_poll
):
    ShareLinkFactory(escalation=escalation, token=TOKEN)
    m.Escalation.objects.filter(pk=escalation.pk).update(
        next_update_due_at=timezone.now() - timedelta(minutes=25)
    )
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        timezone_id="America/New_York",
    )
    phone = context.new_page()
    try:
        phone.goto(f"{live_server.url}/s/{TOKEN}/")
        expect(phone.locator("#sp-overdue")).to_be_visible()
        expect(phone.locator("#sp-overdue")).to_contain_text("Update overdue by 25 min")
        # Nothing wider than the phone: no sideways scrolling.
        width = phone.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, width
        from tests.e2e.conftest import SCREENSHOTS

        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        phone.screenshot(path=str(SCREENSHOTS / "status-page-phone.png"), full_page=True)
    finally:
        context.close()


def test_with_javascript_off_everything_is_still_there(browser, live_server, escalation):
    ShareLinkFactory(escalation=escalation, token=TOKEN)
    context = browser.new_context(java_script_enabled=False)
    reader = context.new_page()
    try:
        reader.goto(f"{live_server.url}/s/{TOKEN}/")
        text = reader.locator("body").inner_text()
        assert "Last updated 12 min ago" in text
        assert "Next update by" in text and "UTC" in text
        assert "Mitigating" in text
        assert "Ship checkout build that trusts the new certificate chain" in text
        assert "Approve up to €63,000" in text
        assert "Cause confirmed" in text and "What happened" in text
    finally:
        context.close()


def test_author_posts_through_the_app_and_the_open_status_page_follows(
    browser, page, live_server, login, escalation, fast_poll
):
    ShareLinkFactory(escalation=escalation, token=TOKEN)
    reader_context = browser.new_context()
    reader = reader_context.new_page()
    try:
        reader.goto(f"{live_server.url}/s/{TOKEN}/")
        expect(reader.locator(".sp-updated")).to_contain_text("Last updated")

        login(escalation.owner)
        page.goto(f"{live_server.url}/escalations/{escalation.pk}/#post-update")
        form = page.locator("#post-update")
        write_update(
            page, "Rollback finished at 14:02; **error rate 0.3%**.", shows="14:02; error rate"
        )
        expect(page.locator("#update-preview strong")).to_have_text("error rate 0.3%")
        form.get_by_label("Status readers see").select_option("monitoring")
        form.get_by_role("button", name="Post update").click()
        expect(page.locator("#updates-panel")).to_contain_text("Update posted.")

        expect(reader.locator("#sp-timeline > li").first).to_contain_text(
            "Rollback finished at 14:02", timeout=10_000
        )
        # The one-click "no change" counts too.
        page.get_by_role("button", name=re.compile(r"^No change since \d\d:\d\d$")).click()
        expect(page.locator("#updates-panel")).to_contain_text("Update posted.")
        expect(reader.locator("#sp-timeline > li").first).to_contain_text(
            "No change since", timeout=10_000
        )
    finally:
        reader_context.close()


def test_author_shares_a_link_copies_it_and_revoking_stops_the_open_page(
    browser, page, live_server, login, escalation, fast_poll, screenshot
):
    login(escalation.owner)
    page.goto(f"{live_server.url}/escalations/{escalation.pk}/")
    sharing = page.locator("#sharing")
    sharing.get_by_label("Who is it for?").fill("CTO")
    sharing.get_by_label("Works for").select_option("7d")
    sharing.get_by_role("button", name="Create link").click()
    new_url = page.locator("#share-new-url")
    expect(new_url).to_be_visible()
    url = new_url.input_value()
    assert re.fullmatch(rf"{re.escape(live_server.url)}/s/[A-Za-z0-9_-]{{43}}/", url)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sharing.get_by_role("button", name="Copy").click()
    expect(sharing.get_by_role("button", name="Copied")).to_be_visible()
    screenshot("sharing-panel-new-link")

    reader_context = browser.new_context()
    reader = reader_context.new_page()
    try:
        reader.goto(url)
        expect(reader.locator(".sp-updated")).to_contain_text("Last updated")

        page.reload()
        expect(page.locator("#share-new-url")).to_have_count(0)  # shown once only
        page.once("dialog", lambda dialog: dialog.accept())
        page.locator("#sharing").get_by_role("button", name="Revoke CTO").click()
        expect(page.locator("#sharing")).to_contain_text("revoked")
        assert ShareLink.objects.get(label="CTO").revoked_at is not None

        expect(reader.locator(".sp-gone")).to_contain_text("turned off", timeout=10_000)
        assert reader.goto(url).status == 404
    finally:
        reader_context.close()


def test_polling_revalidates_with_304s_and_pauses_while_the_tab_is_hidden(
    page, live_server, escalation, fast_poll
):
    ShareLinkFactory(escalation=escalation, token=TOKEN)
    polls: list[int] = []
    page.on(
        "response",
        lambda response: polls.append(response.status) if response.url.endswith("/live/") else None,
    )
    # The page's own clock is Playwright's: a poll happens when the test moves time on,
    # never after a fixed wait, and "nothing happened while hidden" needs no real waiting.
    page.clock.install()
    page.goto(f"{live_server.url}/s/{TOKEN}/")
    for _ in range(2):
        with page.expect_response(lambda r: r.url.endswith("/live/")):
            page.clock.run_for(1_100)
    assert polls and set(polls) == {304}, polls  # nothing changed: nothing re-sent

    page.evaluate(
        """() => {
            Object.defineProperty(document, "hidden", {value: true, configurable: true});
            document.dispatchEvent(new Event("visibilitychange"));
        }"""
    )
    paused_at = len(polls)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if r.url.endswith("/live/") else None)
    page.clock.run_for(10_000)  # ten poll intervals
    page.evaluate("() => 1")  # a round trip: any request those timers made is reported by now
    assert requests == [] and len(polls) == paused_at, "no polling while the tab is hidden"

    update_post(escalation=escalation, author=escalation.owner, body="Back from lunch: fixed.")
    page.evaluate(
        """() => {
            Object.defineProperty(document, "hidden", {value: false, configurable: true});
            document.dispatchEvent(new Event("visibilitychange"));
        }"""
    )
    expect(page.locator("#sp-timeline > li").first).to_contain_text("Back from lunch", timeout=5000)
    assert 200 in polls[paused_at:]
