"""An author picks the executive from the directory in triage with the keyboard only; the
page passes axe, with and without an error showing."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from escalations.models import Escalation
from tests import factories as f
from tests.e2e import test_accessibility as a11y
from tests.e2e.test_accessibility import _login, audit

pytestmark = pytest.mark.django_db(transaction=True)

# A page whose CSP lets the test inject axe (the accessibility suite's fixture).
axe_page = a11y.axe_page


def test_an_author_picks_the_executive_from_the_directory_by_keyboard(axe_page: Page, live_server):
    page = axe_page
    f.ExecutiveFactory(name="Priya Raman", title="CTO", email="priya@example.com")
    f.ExecutiveFactory(name="Dana Whitfield", title="CEO", email="dana@example.com")
    author = f.UserFactory(username="maria")
    draft = Escalation.objects.create(owner=author, title="")
    _login(page, live_server, author)
    page.goto(f"{live_server.url}/escalations/{draft.pk}/wizard/triage/")

    # A combobox to assistive technology: a text box with the directory as its list.
    box = page.get_by_role("combobox", name="Who are you telling?")
    expect(box).to_have_attribute("list", "executive-list")
    expect(page.locator("#executive-list option")).to_have_count(2)

    page.locator("#id_title").fill("Checkout payments failing for EU cards")
    for name, answer in [
        ("triage_business_impact", "yes"),
        ("triage_severe", "yes"),
        ("triage_normal_channels_tried", "no"),
        ("triage_reputational_risk", "yes"),
    ]:
        page.locator(f"input[name={name}][value={answer}]").check()

    # Keyboard only: Tab into the box, type part of a name, and submit with Enter.
    page.get_by_label("Severity").focus()
    page.keyboard.press("Tab")
    expect(box).to_be_focused()
    page.keyboard.type("Dana")
    page.keyboard.press("Enter")
    # A part of a name is not a pick: the error says whom it might mean, the text stays.
    error = page.locator("#error_1_id_executive_pick, .invalid-feedback").filter(
        has_text="Did you mean Dana Whitfield, CEO?"
    )
    expect(error.first).to_be_visible()
    box = page.get_by_role("combobox", name="Who are you telling?")
    expect(box).to_have_value("Dana")
    assert audit(page, "triage with an executive error") == []

    box.focus()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("Dana Whitfield, CEO <dana@example.com>")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/wizard/impact/$"))
    draft.refresh_from_db()
    assert draft.executive is not None and draft.executive.email == "dana@example.com"

    # Back on triage, the pick reads as it was chosen, and the page passes axe.
    page.goto(f"{live_server.url}/escalations/{draft.pk}/wizard/triage/")
    expect(page.get_by_role("combobox", name="Who are you telling?")).to_have_value(
        "Dana Whitfield, CEO <dana@example.com>"
    )
    assert audit(page, "triage") == []
