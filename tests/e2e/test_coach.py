"""The coach as an author meets it in a real browser: flags as they type, clears when fixed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from escalations.models import CoachOverride, Escalation, State
from tests import factories as f
from tests.e2e.steps import write_update
from tests.escalations.wizard.helpers import complete_draft, step_url

pytestmark = pytest.mark.django_db(transaction=True)


def test_vague_impact_is_flagged_as_typed_and_clears_when_fixed(
    page: Page, live_server, login, screenshot
):
    user = f.UserFactory(username="lena")
    e = complete_draft(owner=user, impact_headline="")
    login(user)
    page.goto(live_server.url + step_url(e, "impact"))
    headline = page.locator("textarea[name=impact_headline]")
    slot = page.locator("#coach-impact_headline")
    expect(slot).to_have_attribute("aria-live", "polite")

    headline.press_sequentially("A few users might be seeing odd behaviour", delay=5)
    # The missing number is a line of the section's checklist; the words are marked apart.
    finding = slot.locator('.coach-check-open[data-rule="impact-needs-number"]')
    expect(finding).to_be_visible()
    expect(slot.locator("mark").first).to_have_text(re.compile(r"A few|might"))
    expect(slot).to_contain_text("Better:")
    screenshot("coach-01-vague-impact")

    headline.fill("")
    headline.press_sequentially("2,400 customers cannot log in since 08:00 UTC.", delay=5)
    expect(slot).to_contain_text("Clear and specific")
    expect(slot.locator(".coach-finding")).to_have_count(0)
    screenshot("coach-02-fixed")


def test_escalating_over_a_coach_error_needs_a_reason(page: Page, live_server, login, screenshot):
    user = f.UserFactory(username="omar")
    e = complete_draft(owner=user, ownership_statement="The team missed the alert.")
    login(user)
    page.goto(f"{live_server.url}/escalations/{e.pk}/review/")
    expect(page.locator("#coach-summary")).to_contain_text("to fix")
    page.locator("#escalate-button").click()
    expect(page.locator("#escalate-error")).to_contain_text("why it is right as written")
    # The author lands at the error, with focus on it, not at the top of the page.
    expect(page.locator("#escalate-error")).to_be_focused()
    expect(page.locator("#escalate-error")).to_be_in_viewport()
    screenshot("coach-03-override-needed")
    for box in page.locator("textarea[name^='override:']").all():
        box.fill("The alert rota belonged to the squad; I own raising it now.")
    page.locator("#escalate-button").click()
    expect(page.get_by_text("Escalated.")).to_be_visible()
    assert Escalation.objects.get(pk=e.pk).state == State.ESCALATED
    assert CoachOverride.objects.filter(escalation=e).count() >= 1


def test_the_coach_reads_status_updates_too(page: Page, live_server, login):
    user = f.UserFactory(username="ines")
    e = f.EscalatedFactory(owner=user)
    login(user)
    page.goto(f"{live_server.url}{e.get_absolute_url()}")
    body = page.locator("#post-update textarea[name=body]")
    body.press_sequentially("FYI, see thread. More soon.", delay=5)
    slot = page.locator("#coach-body")
    expect(slot.locator('.coach-finding[data-rule="fyi-forward"]')).to_be_visible()
    # Errors on an update hold up posting, not escalating: it is escalated already.
    expect(slot).not_to_contain_text("before escalating")
    # The live preview keeps working next to the coach.
    expect(page.locator("#update-preview")).to_contain_text("FYI, see thread.")
    body.fill("")
    body.press_sequentially(
        "Patch deployed at 14:10; failures down to 0.3%. Next update at 15:00 UTC.", delay=2
    )
    expect(slot).to_contain_text("Clear and specific")
    expect(slot.locator(".coach-finding")).to_have_count(0)


def test_a_weak_update_is_posted_only_after_one_confirmation(page: Page, live_server, login):
    user = f.UserFactory(username="tariq")
    e = f.EscalatedFactory(owner=user)
    login(user)
    page.goto(f"{live_server.url}{e.get_absolute_url()}")
    form = page.locator("#post-update")
    write_update(page, "Still working on it, should be fixed soon hopefully.")
    form.get_by_role("button", name="Post update").click()
    expect(page.get_by_role("button", name="Post anyway")).to_be_visible()
    expect(page.locator("#post-update textarea[name=body]")).to_have_value(
        "Still working on it, should be fixed soon hopefully."
    )
    assert not e.updates.exists()
    page.get_by_role("button", name="Post anyway").click()
    expect(page.get_by_role("status")).to_contain_text("Update posted")
    assert e.updates.get().body == "Still working on it, should be fixed soon hopefully."
