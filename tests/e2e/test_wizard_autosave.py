"""Autosave in a real browser: reloading right after typing keeps the last keystrokes, and
the next edit is saved, not refused as "changed in another tab" (issue 24, item 3)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from escalations import models as m
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)

HEADLINE = "The headline: the business consequence in one sentence"


def test_reload_right_after_typing_keeps_the_last_words_and_no_false_conflict(
    page, live_server, login
):
    user = f.UserFactory(username="maria")
    f.ProfileFactory(user=user, time_zone="Europe/Berlin")
    e = f.EscalationFactory(owner=user, impact_headline="Since 08:05 UTC, EU card payments fail.")
    login(user)
    page.goto(f"{live_server.url}/escalations/{e.pk}/wizard/impact/")
    field = page.get_by_label(HEADLINE)
    field.fill("Since 08:05 UTC, 18% of EU card payments fail")
    expect(page.locator("#autosave-status")).to_contain_text("Draft saved", timeout=10_000)
    # The last words, then a reload well inside autosave's 0.8 s pause.
    field.press_sequentially(" at checkout", delay=10)
    page.reload()
    expect(page.get_by_label(HEADLINE)).to_have_value(
        "Since 08:05 UTC, 18% of EU card payments fail at checkout"
    )
    # Whatever order the beacon and the reload reached the server in, the next edit saves.
    with page.expect_response(
        lambda r: r.url.endswith("/autosave/") and "checkout." in (r.request.post_data or ""),
        timeout=20_000,
    ) as saved:
        page.get_by_label(HEADLINE).press_sequentially(".", delay=10)
    assert "Not saved" not in saved.value.text()
    expect(page.locator("#autosave-conflict")).to_have_count(0)
    draft = m.Escalation.objects.get(pk=e.pk).wizard_drafts["impact"]
    assert draft["impact_headline"] == [
        "Since 08:05 UTC, 18% of EU card payments fail at checkout."
    ]


def test_a_step_refused_shows_no_tick_and_a_percentage_error_in_words(page, live_server, login):
    user = f.UserFactory(username="noor")
    e = f.EscalationFactory(owner=user)
    f.RemediationActionFactory(escalation=e)
    login(user)
    page.goto(f"{live_server.url}/escalations/{e.pk}/wizard/impact/")
    current = page.locator(".wizard-progress [aria-current=step]")
    expect(current).to_contain_text("✓")  # saved and complete so far
    page.get_by_label("Share of requests or transactions failing (%)").fill("1234")
    page.locator("#save-step").click()
    expect(page.locator("#wizard-step")).to_contain_text("Enter a percentage from 0 to 100.")
    expect(page.locator("#wizard-step")).not_to_contain_text("digits")
    expect(page.locator(".wizard-progress [aria-current=step]")).not_to_contain_text("✓")
