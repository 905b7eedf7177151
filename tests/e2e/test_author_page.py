"""The author's escalation page in a real browser (issue 24): actions marked done, focus on
the result of every panel action, the header kept in step, and the state moves that ask
first."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)

TOKEN = "e2eTokenForTheAuthorPageTestOnly_0123456789x"


@pytest.fixture
def author():
    user = f.UserFactory(username="sam", first_name="Sam", last_name="Lee")
    f.ProfileFactory(user=user, time_zone="Europe/Berlin")
    return user


@pytest.fixture
def escalation(author):
    e = f.EscalatedFactory(owner=author, title="Checkout payments failing")
    now = timezone.now()
    f.RemediationActionFactory(
        escalation=e,
        description="Roll back the checkout build",
        due_at=now - timedelta(hours=1),
    )
    f.RemediationActionFactory(
        escalation=e, description="Renew the processor certificate", due_at=now + timedelta(hours=3)
    )
    return e


def focused_text(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.innerText || ''")


def test_author_marks_an_overdue_action_done_and_readers_see_the_progress(
    page, live_server, login, author, escalation, screenshot
):
    f.ShareLinkFactory(escalation=escalation, token=TOKEN)
    login(author)
    page.goto(f"{live_server.url}/escalations/{escalation.pk}/")
    page.evaluate("window.__no_reload = true")
    # The overdue action is flagged like an overdue update.
    expect(page.locator("#header-actions-overdue")).to_contain_text("1 action overdue")
    panel = page.locator("#actions")
    expect(panel.locator("#actions-overdue")).to_be_visible()

    item = panel.locator("li.action", has_text="Roll back the checkout build")
    item.get_by_text("Mark done").first.click()
    item.get_by_label("Note (optional)").fill("Rolled back at 11:20; failures at 0.1%.")
    item.get_by_role("button", name="Mark done").click()

    expect(page.locator("#actions [role=status]")).to_contain_text("Actions 1 of 2 done")
    assert page.evaluate("window.__no_reload") is True
    assert "Actions 1 of 2 done" in focused_text(page)  # focus on the result, not <body>
    expect(page.locator("#actions-overdue")).to_have_count(0)
    expect(page.locator("#actions")).to_contain_text("“Rolled back at 11:20; failures at 0.1%.”")
    screenshot("author-action-done")

    action = escalation.actions.get(description="Roll back the checkout build")
    assert action.done_at is not None and action.done_note.startswith("Rolled back")

    page.goto(f"{live_server.url}/s/{TOKEN}/")
    expect(page.locator("#sp-actions-h")).to_contain_text("1 of 2 done")
