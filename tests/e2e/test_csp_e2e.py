"""The strict Content-Security-Policy breaks nothing: the wizard (typing, autosave, adding a
row, the coach), the escalation page, the RCA page and its print view, the status page (with
its closing section) and the admin, in Chromium, report no CSP violation and no console
error."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests import factories as f
from tests.e2e.reviewers import reviewers_group
from tests.escalations.wizard.helpers import complete_draft
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

# Runs before any page script, outside the page's CSP: records every violation event.
RECORD = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile
    + ":" + e.lineNumber);
});
"""


def _login(page: Page, url: str, user, *, admin: bool = False) -> None:
    page.goto(f"{url}/{'admin/login/' if admin else 'accounts/login/'}")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{url}/{'admin/' if admin else ''}")


def test_wizard_status_page_and_admin_show_no_csp_violation(page: Page, live_server):
    errors: list[str] = []
    violations: list[str] = []
    page.add_init_script(RECORD)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    def collect(name: str) -> None:
        page.wait_for_load_state("networkidle")
        violations.extend(f"{name}: {v}" for v in page.evaluate("window.__csp || []"))

    url = live_server.url
    author = f.UserFactory(username="maria")
    f.ProfileFactory(user=author)
    draft = complete_draft(owner=author, title="Checkout payments failing for EU cards")
    escalated = f.EscalatedFactory(owner=author, title="SSO logins failing")
    f.UpdateFactory(escalation=escalated, body="Rolled back; failures at 0.1 %.")
    f.MeetingFactory(escalation=escalated, starts_at=timezone.now() + timedelta(hours=3))
    f.ShareLinkFactory(escalation=escalated, label="CTO", token="csp-raw-token")
    # After resolution: the RCA panel, the RCA page, its print view, the closing section.
    rca = f.RcaFactory(escalation__owner=author, completed_at=timezone.now())
    f.PreventiveActionFactory(rca=rca)
    f.ShareLinkFactory(escalation=rca.escalation, label="CTO", token="csp-rca-token")

    page.goto(f"{url}/accounts/login/")
    collect("login")
    _login(page, url, author)
    collect("home")
    page.goto(f"{url}/escalations/{draft.pk}/wizard/impact/")
    headline = page.get_by_label("Headline", exact=False).first
    headline.fill("18% of EU checkout payments fail, maybe around €38,000 per hour.")
    page.wait_for_timeout(1500)  # the coach's live check and the autosave (htmx)
    collect("wizard impact")
    page.goto(f"{url}/escalations/{draft.pk}/wizard/remediation/")
    page.get_by_role("button", name="Add an action").click()
    page.wait_for_timeout(500)
    collect("wizard remediation")
    page.goto(f"{url}/escalations/{draft.pk}/review/")
    collect("review")
    page.goto(f"{url}/escalations/{escalated.pk}/")
    collect("escalation page")
    page.goto(f"{url}/escalations/{rca.escalation_id}/")
    collect("escalation page with the RCA panel")
    page.goto(f"{url}/escalations/{rca.escalation_id}/rca/")
    collect("RCA page")
    page.goto(f"{url}/escalations/{rca.escalation_id}/rca/print/")
    collect("RCA print view")

    page.goto(f"{url}/s/csp-raw-token/")
    expect(page.get_by_role("heading", name="SSO logins failing")).to_be_visible()
    collect("status page")
    page.goto(f"{url}/s/csp-rca-token/")
    expect(page.get_by_text("Preventive actions: 0 of 1 done")).to_be_visible()
    collect("status page closing section")

    page.context.clear_cookies()
    reviewer = f.UserFactory(username="robin", is_staff=True)
    reviewer.groups.add(reviewers_group())
    f.review_everything(reviewer)
    _login(page, url, reviewer, admin=True)
    collect("admin index")
    page.goto(f"{url}/admin/escalations/escalation/")
    collect("admin changelist")
    page.goto(f"{url}/admin/escalations/escalation/{escalated.pk}/change/")
    collect("admin change")
    page.goto(f"{url}/admin/escalations/escalation/{rca.escalation_id}/change/")
    collect("admin change with the RCA")
    page.goto(f"{url}/admin/escalations/escalation/metrics/")
    collect("admin metrics")

    assert violations == [], "\n".join(violations)
    assert [e for e in errors if "Content Security Policy" in e or "Refused" in e] == []
    assert errors == []
