"""The 1:1 panel in a real browser: schedule in my zone, see both zones, move it, and after a
bad meeting send the follow-up with one click — all without a page reload (htmx)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from escalations import models as m
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)


def test_author_schedules_moves_and_follows_up_on_the_1_1(page, live_server, login, screenshot):
    user = f.UserFactory(username="sam")
    f.ProfileFactory(user=user, time_zone="Europe/Berlin")
    e = f.EscalatedFactory(
        owner=user,
        title="Checkout payments failing",
        executive_name="Jordan Blake",
        executive_email="cto@example.com",
        executive_time_zone="America/New_York",
    )
    f.AskFactory(escalation=e)
    login(user)
    page.goto(f"{live_server.url}/escalations/{e.pk}/")
    page.evaluate("window.__no_reload = true")

    panel = page.locator("#meetings")
    tomorrow = (timezone.now() + timedelta(days=1)).astimezone(
        __import__("zoneinfo").ZoneInfo("Europe/Berlin")
    )
    panel.get_by_label("Date and time").first.fill(tomorrow.strftime("%Y-%m-%dT14:00"))
    panel.get_by_role("button", name="Schedule").click()
    page.locator("#meetings").get_by_text("1:1 booked").wait_for()
    assert page.evaluate("window.__no_reload") is True  # swapped in place
    text = page.locator("#meetings").inner_text()
    assert f"{tomorrow:%a %d %b} 14:00" in text and "your time" in text
    assert f"{tomorrow:%a %d %b} 08:00" in text and "America/New_York" in text
    assert "Pre-read to cto@example.com goes out at" in text
    screenshot("meetings-scheduled")

    # The meeting happened (and went badly): move it into the past and reload.
    meeting = m.Meeting.objects.get(escalation=e)
    m.Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - timedelta(minutes=35))
    page.reload()
    page.locator("#meetings").get_by_label("Went badly").check()
    page.locator("#meetings").get_by_role("button", name="Save").click()
    page.locator("#meetings").get_by_text(
        "Send the written follow-up within 30 minutes"
    ).first.wait_for()
    screenshot("meetings-followup-offered")
    page.locator("#meetings").get_by_role("button", name="Send follow-up to Jordan Blake").click()
    page.locator("#meetings").get_by_text("Follow-up on its way to Jordan Blake").wait_for()
    row = m.OutboxMessage.objects.get(purpose=m.DispatchPurpose.FOLLOWUP)
    assert "**What happens next**" in row.body_text and row.to_email == "cto@example.com"
