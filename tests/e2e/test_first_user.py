"""What a first-time user tripped over, replayed in a real browser (issue 14)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests import factories as f
from tests.e2e.reviewers import reviewers_group
from tests.escalations.wizard.helpers import complete_draft

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_step_link_on_the_review_page_opens_that_step(page: Page, live_server, login):
    user = f.UserFactory(username="nina")
    f.ProfileFactory(user=user)
    e = complete_draft(owner=user)
    login(user)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if "targetError" in m.text else None)
    for label, slug, heading in [
        ("Impact", "impact", "1. Impact"),
        ("Asks", "asks", "5. Asks"),
        ("Triage", "triage", "Triage"),
    ]:
        page.goto(f"{live_server.url}/escalations/{e.pk}/review/")
        nav = page.get_by_role("navigation", name="Escalation steps")
        nav.get_by_role("link", name=re.compile(label)).click()
        expect(page).to_have_url(re.compile(rf"/wizard/{slug}/$"))
        expect(page.locator("#step-heading")).to_have_text(heading)
    assert errors == []


def _admin_login(page: Page, live_server, user) -> None:
    from tests.factories import PASSWORD

    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/admin/")


def test_a_reviewer_viewing_on_site_reads_without_a_button_that_cannot_work(
    page: Page, live_server
):
    reviewer = f.UserFactory(username="robin", is_staff=True)
    reviewer.groups.add(reviewers_group())
    f.review_everything(reviewer)
    e = f.EscalatedFactory(title="Invoices doubled for 300 accounts")
    f.UpdateFactory(escalation=e, body="Refunds are going out; 120 of 300 done.")
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    _admin_login(page, live_server, reviewer)
    page.goto(f"{live_server.url}/admin/escalations/escalation/{e.pk}/change/")
    page.get_by_role("link", name="View on site").click()
    expect(page.get_by_role("heading", name="Invoices doubled for 300 accounts")).to_be_visible()
    expect(page.get_by_text("Refunds are going out")).to_be_visible()
    expect(page.locator("#read-only-note")).to_contain_text("Read-only")
    # Nothing on the page posts anywhere, and nothing it loaded failed.
    expect(page.locator("main form[method=post]")).to_have_count(0)
    expect(page.locator("[hx-post]")).to_have_count(0)
    expect(
        page.get_by_role("button", name=re.compile("Save|Post update|Create link"))
    ).to_have_count(0)
    expect(page.get_by_role("link", name="Edit")).to_have_count(0)
    # Reaching a wizard step by URL lands on the read-only page, not an edit form.
    page.goto(f"{live_server.url}/escalations/{e.pk}/wizard/impact/")
    expect(page).to_have_url(re.compile(rf"/escalations/{e.pk}/$"))
    expect(page.locator("#messages")).to_contain_text("Only its author and co-authors can edit")
    page.goto(f"{live_server.url}/escalations/{e.pk}/review/")
    expect(page.locator("#escalate")).to_have_count(0)
    assert failed == []


def test_two_tabs_on_one_draft_never_overwrite_each_other_silently(page: Page, live_server, login):
    user = f.UserFactory(username="tabs")
    f.ProfileFactory(user=user)
    e = complete_draft(owner=user, ownership_statement="I own the renewal.")
    login(user)
    url = f"{live_server.url}/escalations/{e.pk}/wizard/ownership/"
    first = page
    second = page.context.new_page()
    first.goto(url)
    second.goto(url)
    first_box = first.locator("#id_ownership_statement")
    second_box = second.locator("#id_ownership_statement")
    first_box.fill("I own the renewal and I missed the expiry alert.")
    expect(first.locator("#autosave-status")).to_contain_text("Draft saved", timeout=10_000)
    # The first tab keeps typing: its own autosaves are never "stale".
    first_box.fill("I own the renewal and I missed the expiry alert last week.")
    expect(first.locator("#autosave-announce")).to_contain_text("Draft saved", timeout=10_000)
    first.wait_for_timeout(1500)
    expect(first.locator("#autosave-conflict")).to_have_count(0)

    # The second tab, loaded before, types and autosaves: refused, and it says why.
    second_box.fill("The renewal was mine; the alert went to a retired list.")
    expect(second.locator("#autosave-conflict")).to_contain_text(
        "changed in another tab", timeout=10_000
    )
    # Saving shows both texts; nothing was overwritten.
    second.locator("#save-step").click()
    conflict = second.locator("#step-conflict")
    expect(conflict).to_contain_text("This step was changed in another tab")
    expect(conflict).to_contain_text("I missed the expiry alert last week.")
    expect(second_box).to_have_value("The renewal was mine; the alert went to a retired list.")
    e.refresh_from_db()
    assert e.ownership_statement == "I own the renewal."
    # The author keeps this tab's text.
    second.get_by_role("button", name="Keep this tab's text").click()
    expect(second).to_have_url(re.compile(r"/review/$"))
    e.refresh_from_db()
    assert e.ownership_statement == "The renewal was mine; the alert went to a retired list."


def test_on_a_phone_zones_dates_long_asks_and_fixed_errors_behave(browser, live_server):
    from tests.factories import PASSWORD

    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        timezone_id="Asia/Kolkata",
        locale="en-GB",
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    user = f.UserFactory(username="ravi")
    f.ProfileFactory(user=user, time_zone="Asia/Kolkata")
    e = complete_draft(owner=user, ownership_statement="")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/")

    # The zone list: canonical names only, this device's zone first.
    page.goto(f"{live_server.url}/escalations/{e.pk}/wizard/triage/")
    zones = page.locator("#id_author_time_zone option")
    assert zones.first.get_attribute("value") == "Asia/Kolkata"
    values = zones.evaluate_all("(os) => os.map((o) => o.value)")
    assert "Asia/Calcutta" not in values and "US/Eastern" not in values
    assert 350 < len(values) < 480, len(values)

    # "Required" goes away once the field is filled.
    page.goto(f"{live_server.url}/escalations/{e.pk}/wizard/ownership/")
    page.locator("#save-step").click()
    feedback = page.locator("#div_id_ownership_statement .invalid-feedback")
    expect(feedback).to_be_visible()
    page.locator("#id_ownership_statement").fill("I owned the renewal.")
    expect(feedback).to_be_hidden()
    expect(page.locator("#id_ownership_statement")).not_to_have_class(re.compile("is-invalid"))
    page.locator("#save-step").click()
    expect(page.locator("#step-heading")).not_to_have_text("3. Ownership")

    # A long ask wraps in a text area; deadlines use the browser's own date-time picker.
    page.goto(f"{live_server.url}/escalations/{e.pk}/wizard/asks/")
    decision = page.locator("[name=asks-0-decision]")
    assert decision.evaluate("(el) => el.tagName") == "TEXTAREA"
    long_ask = (
        "Approve keeping all EU traffic on the backup processor for up to 7 days "
        "(about €63,000 in extra fees) if the fix slips past Friday"
    )
    decision.fill(long_ask)
    assert decision.evaluate("(el) => el.scrollHeight <= el.clientHeight + 2 || el.rows >= 2")
    deadline = page.locator("[name=asks-0-decide_by]")
    assert deadline.get_attribute("type") == "datetime-local"
    # The browser draws the box in its own locale; the date is also said in words, so
    # 05/03 cannot be misread as May or March.
    deadline.fill("2030-03-05T16:00")
    expect(page.locator(".date-in-words").first).to_have_text(
        re.compile(r"Tue.*5 Mar.*2030.*16:00")
    )
    context.close()
