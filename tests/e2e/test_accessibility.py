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
  const violations = result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => v.id + " (" + v.impact + "): " + v.nodes.slice(0, 4)
      .map((n) => n.target.join(" ") + " — " + n.failureSummary.replace(/\\s+/g, " ")).join(" | "));
  // "Needs review" contrast (axe could not tell the background, e.g. text over a sibling):
  // measured here from computed styles; a ratio under WCAG's minimum fails like a violation.
  const confirmed = [];
  for (const item of result.incomplete.filter((i) => i.id === "color-contrast")) {
    for (const node of item.nodes) {
      const selector = node.target[0];
      const el = typeof selector === "string" ? document.querySelector(selector) : null;
      const measured = el && window.__contrast(el);
      if (measured && measured.ratio < measured.needed) {
        confirmed.push("color-contrast (needs review, measured " + measured.ratio.toFixed(2) +
          ":1, needs " + measured.needed + ":1): " + node.target.join(" ") + " — " +
          el.textContent.trim().slice(0, 40));
      }
    }
  }
  return violations.concat(confirmed);
}"""
# Contrast from computed styles: the text colour over the first opaque background up the
# tree (translucent ones blended in); null when a background image makes it undecidable.
CONTRAST = """window.__contrast = (el) => {
  const parse = (c) => {
    const m = /rgba?\\(([^)]+)\\)/.exec(c);
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, bottom) => top.slice(0, 3).map((v, i) => v * top[3] + bottom[i] * (1 - top[3])).concat([1]);
  const layers = [];
  for (let e = el; e; e = e.parentElement) {
    const style = getComputedStyle(e);
    if (style.backgroundImage !== "none") return null;
    const c = parse(style.backgroundColor);
    if (!c) return null;
    if (c[3] > 0) layers.push(c);
    if (c[3] >= 1) break;
  }
  let bg = [255, 255, 255, 1];
  for (let i = layers.length - 1; i >= 0; i--) bg = over(layers[i], bg);
  const style = getComputedStyle(el);
  const fg0 = parse(style.color);
  if (!fg0) return null;
  const fg = over(fg0, bg);
  const lum = (c) => c.slice(0, 3).map((v) => {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  }).reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  const size = parseFloat(style.fontSize);
  const bold = parseInt(style.fontWeight, 10) >= 700;
  const large = size >= 24 || (bold && size >= 18.66);
  return {ratio: (a + 0.05) / (b + 0.05), needed: large ? 3 : 4.5};
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
    page.add_script_tag(content=CONTRAST)
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
    f.review_everything(reviewer)
    _login(page, live_server, reviewer, admin=True)
    found += audit(page, "admin index")
    page.goto(f"{live_server.url}/admin/escalations/escalation/")
    found += audit(page, "admin changelist")
    page.goto(f"{live_server.url}/admin/escalations/escalation/{escalated.pk}/change/")
    found += audit(page, "admin change")
    page.goto(f"{live_server.url}/admin/escalations/escalation/metrics/")
    found += audit(page, "admin metrics")
    page.goto(f"{live_server.url}/admin/escalations/executive/")
    found += audit(page, "admin executives")
    page.goto(f"{live_server.url}/admin/escalations/executive/{escalated.executive_id}/change/")
    found += audit(page, "admin executive history")
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


def test_contrast_axe_only_flags_for_review_fails_once_measured(axe_page: Page, live_server):
    """The navbar's profile link as it was (outside .navbar-nav: dark text on the dark bar).
    axe lists it as "needs review"; the measured contrast makes the audit fail."""
    page = axe_page
    author = f.UserFactory(username="maria", first_name="Maria", last_name="Lopez")
    _login(page, live_server, author)
    assert audit(page, "home") == []
    page.evaluate(
        """() => {
        const link = document.querySelector('nav a[href="/me/"]');
        link.closest("ul").replaceWith(link);
        link.className = "nav-link me-3 small";
    }"""
    )
    found = audit(page, "home, old navbar")
    assert any("needs review" in v and "Maria Lopez" in v for v in found), found
