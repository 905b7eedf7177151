"""A first-time author writes a whole escalation in a real browser, the way a person would."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from escalations.models import Escalation, RemediationAction, State, UpdateKind
from tests import factories as f
from tests.escalations.wizard.helpers import complete_draft

pytestmark = pytest.mark.django_db(transaction=True)


def _continue(page: Page) -> None:
    page.locator("#save-step").click()


def _heading(page: Page, text: str) -> None:
    expect(page.locator("#step-heading")).to_have_text(text)


def test_new_author_writes_and_escalates_a_complete_escalation(
    page: Page, live_server, login, screenshot
):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    user = f.UserFactory(username="maria")
    login(user)
    expect(page.locator("#empty-state")).to_contain_text("tell your CTO or CEO")
    screenshot("wizard-00-home-empty")

    page.get_by_role("button", name="+ New escalation").click()
    _heading(page, "Triage")

    # --- step 0: triage
    page.locator("#id_title").fill("Checkout payments failing for EU cards")
    page.get_by_label("What kind of problem is it?").select_option("third_party_outage")
    page.get_by_label("Severity").select_option("sev1")
    # Nobody is in the directory yet: the first author adds the executive, once.
    page.get_by_text("Not in the list? Add a new executive").click()
    page.get_by_label("Their name").fill("Priya Raman")
    page.get_by_label("Their title").fill("CTO")
    page.get_by_label("Their email").fill("priya@example.com")
    page.get_by_label("Their time zone").select_option("America/New_York")
    page.get_by_label("Your time zone").select_option("Europe/Berlin")
    for name, answer in [
        ("triage_business_impact", "yes"),
        ("triage_severe", "yes"),
        ("triage_normal_channels_tried", "no"),
        ("triage_reputational_risk", "yes"),
    ]:
        page.locator(f"input[name={name}][value={answer}]").check()
    expect(page.locator("#triage-verdict")).to_contain_text("Verdict: Executive-level:")
    screenshot("wizard-01-triage")
    _continue(page)
    _heading(page, "1. Impact")
    expect(page).to_have_url(re.compile(r"/wizard/impact/$"))

    # --- trying to jump ahead by URL is refused, with the reason
    page.goto(page.url.replace("/impact/", "/remediation/"))
    expect(page).to_have_url(re.compile(r"/wizard/impact/$"))
    expect(page.locator("#messages")).to_contain_text("Finish “Impact” first")

    # --- step 1: impact, first without a number (invalid), and autosave survives a reload
    headline = page.get_by_label("The headline: the business consequence in one sentence")
    headline.fill("Since 08:05 UTC, 18% of EU card payments fail at checkout.")
    expect(page.locator("#autosave-status")).to_contain_text("Draft saved", timeout=10_000)
    expect(headline).to_be_focused()  # autosaving never steals the cursor
    expect(page.locator("#autosave-status")).to_have_text(
        re.compile(r"Draft saved [2-9] s ago"), timeout=10_000
    )
    page.reload()
    expect(headline).to_have_value("Since 08:05 UTC, 18% of EU card payments fail at checkout.")
    expect(page.get_by_text("Restored what you typed")).to_be_visible()
    _continue(page)
    expect(page.locator("#step-errors")).to_contain_text("Some answers need attention")
    expect(page.locator("#wizard-step")).to_contain_text("Give at least one number")
    screenshot("wizard-02-impact-invalid")
    page.get_by_label("Customers or accounts affected").fill("2400")
    page.get_by_label("Share of requests or transactions failing (%)").fill("18")
    page.get_by_label("Revenue at risk per hour").fill("38000")
    page.get_by_label("Currency").fill("EUR")
    screenshot("wizard-02-impact")
    _continue(page)

    # --- step 2: root cause
    _heading(page, "2. Root cause")
    page.get_by_label("What broke, and how did that produce the impact?").fill(
        "Our payment processor rotated its 3-D Secure certificate at 08:00; our checkout still "
        "pins the old one, so EU cards that need 3-D Secure are declined."
    )
    page.get_by_label("Confirmed — we have proof").check()
    screenshot("wizard-03-cause")
    # Going back is always allowed; the cause typed so far waits as a draft.
    page.get_by_role("link", name="← Back").click()
    _heading(page, "1. Impact")
    expect(page).to_have_url(re.compile(r"/wizard/impact/$"))
    expect(page.get_by_label("Customers or accounts affected")).to_have_value("2400")
    _continue(page)
    _heading(page, "2. Root cause")
    expect(page.get_by_label("What broke, and how did that produce the impact?")).to_have_value(
        re.compile("^Our payment processor rotated")
    )
    _continue(page)

    # --- step 3: ownership
    _heading(page, "3. Ownership")
    page.get_by_label("What do you own?").fill(
        "I approved certificate pinning last quarter without an alert on rotation notices."
    )
    screenshot("wizard-04-ownership")
    _continue(page)

    # --- step 4: remediation, with a second action added inline
    _heading(page, "4. Remediation")
    page.get_by_label("What is already in place to limit the damage?").fill(
        "At 09:10 I routed EU payments to our backup processor; failures fell from 18% to 6%."
    )
    page.locator("[name=actions-0-description]").fill("Ship a checkout build trusting the chain")
    page.locator("[name=actions-0-owner_name]").fill("Sam Lee")
    page.locator("[name=actions-0-due_at]").fill("2030-03-05T16:00")
    page.get_by_role("button", name="+ Add an action").click()
    page.locator("[name=actions-1-description]").fill("Alert on processor rotation notices")
    page.locator("[name=actions-1-owner_name]").fill("Dana Okafor")
    page.locator("[name=actions-1-due_at]").fill("2030-03-08T10:00")
    page.locator("[name=actions-1-kind]").select_option("preventative")
    screenshot("wizard-05-remediation")
    _continue(page)

    # --- step 5: asks
    _heading(page, "5. Asks")
    e = Escalation.objects.get(owner=user)
    assert list(
        RemediationAction.objects.filter(escalation=e).values_list("owner_name", flat=True)
    ) == [
        "Sam Lee",
        "Dana Okafor",
    ]
    page.locator("[name=asks-0-decision]").fill(
        "Approve €63,000 to keep EU traffic on the backup processor for 7 days"
    )
    page.locator("[name=asks-0-kind]").select_option("approve_spend")
    page.locator("[name=asks-0-amount]").fill("63000")
    page.locator("[name=asks-0-decide_by]").fill("2030-03-06T12:00")
    page.get_by_label("Decision threshold: what will you drive without their approval?").fill(
        "I will spend up to €20,000 on processor fees without further approval."
    )
    screenshot("wizard-06-asks")
    _continue(page)

    # --- step 6: prepare
    _heading(page, "6. Prepare")
    page.locator("[name=questions-0-question]").fill("Do we owe the regulator anything?")
    page.locator("[name=questions-0-answer]").fill("No data was exposed, so no notice is due.")
    page.locator("[name=questions-1-question]").fill("Could this happen with other vendors?")
    page.locator("[name=questions-1-answer]").fill("Two more integrations pin; fixed by Wed.")
    screenshot("wizard-07-prepare")
    _continue(page)

    # --- review: copy the pre-read, then escalate
    expect(page).to_have_url(re.compile(r"/review/$"))
    expect(page.locator("#opening-line")).to_contain_text("and that is on me: I approved")
    expect(page.locator("#word-count")).to_contain_text("target ≤ 250")
    screenshot("wizard-08-review")
    page.locator("#copy-preread-md").click()
    expect(page.locator("#copy-preread-md")).to_have_text("Copied ✓")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("**Pre-read: Checkout payments failing for EU cards**")
    assert "**What happened**" in copied and "**What I need**" in copied
    page.get_by_role("button", name="Escalate now").click()
    expect(page.locator("#messages")).to_contain_text("Escalated.")
    screenshot("wizard-09-escalated")

    e.refresh_from_db()
    assert e.state == State.ESCALATED
    assert e.updates.get().kind == UpdateKind.ESCALATED

    page.get_by_role("link", name="My escalations").click()
    item = page.locator("#escalation-list").get_by_text("Checkout payments failing for EU cards")
    expect(item).to_be_visible()
    expect(page.locator("#escalation-list")).to_contain_text("Escalated")
    screenshot("wizard-10-home")


def test_the_wizard_fits_a_phone_screen(browser, live_server):
    from tests.e2e.conftest import SCREENSHOTS
    from tests.factories import PASSWORD

    user = f.UserFactory(username="phone")
    e = complete_draft(owner=user)
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{live_server.url}/")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for slug, path in [
            ("triage", f"/escalations/{e.pk}/wizard/triage/"),
            ("remediation", f"/escalations/{e.pk}/wizard/remediation/"),
            ("review", f"/escalations/{e.pk}/review/"),
        ]:
            page.goto(live_server.url + path)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            page.screenshot(path=str(SCREENSHOTS / f"wizard-phone-{slug}.png"), full_page=True)
            assert overflow <= 0, (slug, overflow)
    finally:
        context.close()


def test_the_wizard_works_without_javascript(browser, live_server):
    """Plain form posts: every step, the verdict and the Add button work with JS off."""
    from tests.factories import PASSWORD

    user = f.UserFactory(username="nojs")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.get_by_role("button", name="+ New escalation").click()

        page.locator("#id_title").fill("SOC 2 audit slips three weeks")
        page.get_by_label("What kind of problem is it?").select_option("schedule_slip")
        # Typed in full, a name in the directory is picked with no script at all.
        f.ExecutiveFactory(name="Lee Chen", email="lee@example.com")
        page.get_by_label("Who are you telling?").fill("Lee Chen")
        for name in ("triage_business_impact", "triage_severe", "triage_reputational_risk"):
            page.locator(f"input[name={name}][value=no]").check()
        page.locator("input[name=triage_normal_channels_tried][value=yes]").check()
        page.locator("#save-step").click()
        # Without JS the verdict arrives with the answer, and asks for the reason to go on.
        expect(page.locator("#triage-verdict")).to_contain_text("Route this to the normal channel")
        page.get_by_label("Continue anyway: why must the executive hear it?").fill(
            "The audit date is in our largest customer's contract."
        )
        page.locator("#save-step").click()

        _heading(page, "1. Impact")
        page.get_by_label("The headline: the business consequence in one sentence").fill(
            "The SOC 2 audit moves from 3 to 24 March, 21 days late."
        )
        page.get_by_label("Days of delay").fill("21")
        page.locator("#save-step").click()
        _heading(page, "2. Root cause")
        page.get_by_label("What broke, and how did that produce the impact?").fill(
            "Evidence collection for access reviews was not automated."
        )
        page.get_by_label("Preliminary — our best current explanation").check()
        page.locator("#save-step").click()
        _heading(page, "3. Ownership")
        page.get_by_label("What do you own?").fill("I deferred the automation twice.")
        page.locator("#save-step").click()

        _heading(page, "4. Remediation")
        page.locator("[name=actions-0-description]").fill("Automate access-review evidence")
        page.locator("[name=actions-0-owner_name]").fill("Ana")
        page.locator("[name=actions-0-due_at]").fill("2030-03-10T17:00")
        page.get_by_role("button", name="+ Add an action").click()  # a plain submit
        expect(page.locator("[name=actions-0-description]")).to_have_value(
            "Automate access-review evidence"
        )
        page.locator("[name=actions-1-description]").fill("Dry-run the audit with the auditor")
        page.locator("[name=actions-1-owner_name]").fill("Ben")
        page.locator("[name=actions-1-due_at]").fill("2030-03-17T17:00")
        page.locator("#save-step").click()
        _heading(page, "5. Asks")
        e = Escalation.objects.get(owner=user)
        assert e.triage_override_reason.startswith("The audit date")
        assert list(e.actions.values_list("owner_name", flat=True)) == ["Ana", "Ben"]
    finally:
        context.close()
