"""axe-core (vendored under tests/e2e/vendor, never a CDN) on every page an author or a
reviewer sees: no serious or critical violation (WCAG 2.1 A/AA and best practice)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests import factories as f
from tests.e2e.reviewers import reviewers_group
from tests.escalations.wizard.helpers import complete_draft
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => v.id + " (" + v.impact + "): " + v.nodes.slice(0, 4)
      .map((n) => n.target.join(" ") + " — " + n.failureSummary.replace(/\\s+/g, " ")).join(" | "));
}"""


@pytest.fixture
def axe_page(browser):
    # The status page's CSP forbids inline scripts; axe is injected as one, so only the
    # test's own injection bypasses it (the page's headers are tested in tests/statuspages).
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, timezone_id="Europe/Berlin", bypass_csp=True
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def audit(page: Page, name: str) -> list[str]:
    page.add_script_tag(path=str(AXE))
    return [f"{name}: {v}" for v in page.evaluate(RUN, TAGS)]


def _login(page: Page, live_server, user, *, admin: bool = False) -> None:
    page.goto(f"{live_server.url}/{'admin/login/' if admin else 'accounts/login/'}")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/{'admin/' if admin else ''}")


def test_no_serious_or_critical_violation_on_any_page(axe_page: Page, live_server):
    page = axe_page
    now = timezone.now()
    author = f.UserFactory(username="maria", first_name="Maria", last_name="Lopez")
    f.ProfileFactory(user=author)
    draft = complete_draft(owner=author, title="Checkout payments failing for EU cards")
    escalated = f.EscalatedFactory(owner=author, title="SSO logins failing")
    f.RemediationActionFactory(escalation=escalated)
    f.AskFactory(escalation=escalated)
    f.UpdateFactory(escalation=escalated, body="Rolled back; failures at 0.1 %.")
    f.MeetingFactory(escalation=escalated, starts_at=now + timedelta(hours=3))
    f.ShareLinkFactory(escalation=escalated, label="CTO", token="axe-raw-token")
    resolved = f.EscalatedFactory(
        owner=author, state="resolved", resolved_at=now - timedelta(hours=1)
    )
    f.UpdateFactory(escalation=resolved)

    found: list[str] = []
    page.goto(f"{live_server.url}/accounts/login/")
    found += audit(page, "login")
    _login(page, live_server, author)
    found += audit(page, "home")
    for slug in ("triage", "impact", "cause", "ownership", "remediation", "asks", "prepare"):
        page.goto(f"{live_server.url}/escalations/{draft.pk}/wizard/{slug}/")
        expect(page.locator("#step-heading")).to_be_visible()
        found += audit(page, f"wizard {slug}")
    page.goto(f"{live_server.url}/escalations/{draft.pk}/review/")
    found += audit(page, "review")
    page.goto(f"{live_server.url}/escalations/{escalated.pk}/")
    found += audit(page, "escalation page")
    page.goto(f"{live_server.url}/me/time-zone/")
    found += audit(page, "time zone")
    page.goto(f"{live_server.url}/me/")
    found += audit(page, "profile")
    page.goto(f"{live_server.url}/s/axe-raw-token/")
    found += audit(page, "status page")

    page.context.clear_cookies()
    reviewer = f.UserFactory(username="robin", is_staff=True)
    reviewer.groups.add(reviewers_group())
    _login(page, live_server, reviewer, admin=True)
    found += audit(page, "admin index")
    page.goto(f"{live_server.url}/admin/escalations/escalation/")
    found += audit(page, "admin changelist")
    page.goto(f"{live_server.url}/admin/escalations/escalation/{escalated.pk}/change/")
    found += audit(page, "admin change")
    page.goto(f"{live_server.url}/admin/escalations/escalation/metrics/")
    found += audit(page, "admin metrics")
    page.goto(f"{live_server.url}/escalations/{escalated.pk}/")
    found += audit(page, "escalation page as reviewer")
    assert found == [], "\n".join(found)


def test_rows_zone_tooltips_and_autosave_work_for_keyboard_and_screen_reader_users(
    axe_page: Page, live_server
):
    page = axe_page
    author = f.UserFactory(username="kim")
    f.ProfileFactory(user=author, time_zone="Europe/London")  # the browser is in Berlin
    draft = complete_draft(owner=author, executive_time_zone="Europe/London")
    _login(page, live_server, author)
    announce = page.locator("#wizard-announce")

    # Adding a row puts the cursor in it and says so; removing one keeps focus nearby.
    page.goto(f"{live_server.url}/escalations/{draft.pk}/wizard/remediation/")
    page.locator("button[name=add_row]").click()
    expect(page.locator("[name=actions-1-description]")).to_be_focused()
    expect(announce).to_have_text("Added action 2.")
    page.locator("#row-actions-1").get_by_role("button", name="Remove this action").click()
    expect(page.locator("#row-actions-1")).to_contain_text("Removed")
    expect(page.locator("#row-actions-1")).to_be_focused()
    expect(announce).to_contain_text("Removed.")

    # Glossary tooltips close on Escape.
    page.goto(f"{live_server.url}/escalations/{draft.pk}/wizard/cause/")
    page.locator("abbr.glossary").first.focus()
    expect(page.locator(".tooltip")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator(".tooltip")).to_have_count(0)

    # "Use this device's zone" leaves focus on the select and says what it chose.
    page.goto(f"{live_server.url}/escalations/{draft.pk}/wizard/triage/")
    page.locator("#use-device-zone").click()
    expect(page.locator("#id_author_time_zone")).to_be_focused()
    expect(page.locator("#id_author_time_zone")).to_have_value("Europe/Berlin")
    expect(announce).to_have_text("Your time zone is now Europe/Berlin.")

    # The autosave is announced once per save, although the visible text ticks each second.
    page.goto(f"{live_server.url}/escalations/{draft.pk}/wizard/ownership/")
    page.evaluate(
        """() => {
        window.__announced = [];
        const live = document.querySelectorAll('[aria-live]');
        const observer = new MutationObserver(() => live.forEach((el) => {
          if (el.textContent.trim()) window.__announced.push(el.id + ': ' + el.textContent.trim());
        }));
        live.forEach((el) => observer.observe(el, {childList: true, characterData: true, subtree: true}));
    }"""
    )
    page.locator("#id_ownership_statement").fill("I own the renewal and missed the alert.")
    expect(page.locator("#autosave-announce")).to_contain_text("Draft saved", timeout=10_000)
    page.wait_for_timeout(4000)
    announced = page.evaluate("window.__announced")
    assert len([a for a in announced if a.startswith("autosave-announce")]) == 1, announced
    assert not [a for a in announced if " s ago" in a], announced
