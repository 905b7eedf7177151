"""What a first-time user tripped over, replayed in a real browser (issue 14)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests import factories as f
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
