"""Issue 11 in a real browser: the lockout page, and a draft too large to keep."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)


def test_ten_wrong_passwords_show_the_lockout_page(page: Page, live_server, screenshot):
    user = f.UserFactory(username="maria")
    page.goto(f"{live_server.url}/accounts/login/")
    for _ in range(10):
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill("wrong password")
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state()
        if page.get_by_role("heading", name="Too many failed logins").count():
            break
    expect(page.get_by_role("heading", name="Too many failed logins")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("paused for 15 minutes")
    screenshot("login-locked-out")


def test_a_step_too_large_to_keep_says_so_and_keeps_the_text(page: Page, live_server, login):
    user = f.UserFactory(username="maria")
    e = f.EscalationFactory(owner=user)
    login(user)
    page.goto(f"{live_server.url}/escalations/{e.pk}/wizard/impact/")
    huge = "Checkout fails " + "x" * 100_001
    box = page.get_by_label("The headline: the business consequence in one sentence")
    box.fill(huge)
    # Autosave (htmx, 413): the status line says why, the text stays.
    expect(page.locator("#autosave-status")).to_contain_text("Not saved", timeout=10_000)
    assert box.input_value() == huge
    # Saving the step: the step comes back with the message and the text as typed.
    page.locator("#save-step").click()
    expect(page.locator("#draft-error")).to_contain_text("Not saved: this step holds more than")
    assert (
        page.get_by_label("The headline: the business consequence in one sentence").input_value()
        == huge
    )
    expect(page.locator("#step-form")).to_contain_text("at most 5000 characters")
