"""The author's escalation page in a real browser (issue 24): actions marked done, focus on
the result of every panel action, the header kept in step, and the state moves that ask
first."""

from __future__ import annotations

import zoneinfo
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from escalations import models as m
from tests import factories as f
from tests.e2e.steps import write_update

pytestmark = pytest.mark.django_db(transaction=True)

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
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


def test_focus_goes_to_the_result_of_every_panel_action(
    page, live_server, login, author, escalation
):
    f.AskFactory(escalation=escalation, decision="Approve the emergency certificate")
    login(author)
    page.goto(f"{live_server.url}/escalations/{escalation.pk}/")

    page.locator("#updates-panel").get_by_role("button", name="No change since").click()
    expect(page.locator("#updates-panel [role=status]")).to_contain_text("Update posted")
    expect(page.locator("#updates-panel [role=status]")).to_be_focused()

    asks = page.locator("#asks")
    asks.get_by_text("Record a decision taken in the 1:1 or by chat").click()
    asks.get_by_role("radio", name="Approve").check()
    asks.get_by_role("button", name="Record decision").click()
    expect(page.locator("#asks [role=status]")).to_contain_text("Recorded: Jordan Blake")
    expect(page.locator("#asks [role=status]")).to_be_focused()

    sharing = page.locator("#sharing")
    sharing.get_by_label("Who is it for?").fill("Board")
    sharing.get_by_role("button", name="Create link").click()
    expect(page.locator("#share-new")).to_contain_text("Link for “Board”")
    expect(page.locator("#share-new")).to_be_focused()

    page.locator("#sharing").get_by_role("button", name="Show Jordan Blake's own link").click()
    expect(page.locator("#share-new")).to_contain_text("Jordan Blake's own link")
    expect(page.locator("#share-new")).to_be_focused()


def test_a_new_links_one_time_url_survives_the_next_sharing_action(
    page, live_server, login, author, escalation
):
    login(author)
    page.goto(f"{live_server.url}/escalations/{escalation.pk}/")
    sharing = page.locator("#sharing")
    sharing.get_by_label("Who is it for?").fill("Board")
    sharing.get_by_role("button", name="Create link").click()
    board_url = page.locator("#share-new input").input_value()
    assert "/s/" in board_url

    # Another action replaces the panel: the Board link's URL is still there to copy.
    page.locator("#sharing").get_by_label("Who is it for?").fill("CFO")
    page.locator("#sharing").get_by_role("button", name="Create link").click()
    expect(page.locator("#share-new")).to_contain_text("Link for “CFO”")
    cfo_url = page.locator("#share-new input").input_value()
    urls = [i.input_value() for i in page.locator("#sharing [data-one-time-link] input").all()]
    assert sorted(urls) == sorted([board_url, cfo_url])

    # Revoking the Board link drops its URL; the CFO's stays.
    page.once("dialog", lambda d: d.accept())
    page.locator("#sharing").get_by_role("button", name="Revoke Board").click()
    expect(page.locator("#sharing")).to_contain_text("“Board” revoked")
    urls = [i.input_value() for i in page.locator("#sharing [data-one-time-link] input").all()]
    assert urls == [cfo_url]


def test_resolving_asks_first_needs_a_note_and_deals_with_the_ask_and_the_1_1(
    page, live_server, login, author, escalation
):
    f.AskFactory(escalation=escalation, decision="Approve the emergency certificate")
    meeting = f.MeetingFactory(escalation=escalation, starts_at=timezone.now() + timedelta(days=1))
    login(author)
    page.goto(f"{live_server.url}/escalations/{escalation.pk}/")
    updates_before = escalation.updates.count()

    # Nothing typed: the confirmation asks for the note, and nothing is posted yet.
    page.get_by_role("button", name="Mark resolved").click()
    expect(
        page.get_by_role("heading", name="Mark “Checkout payments failing” resolved?")
    ).to_be_visible()
    expect(page.locator("#confirm-asks")).to_contain_text("Approve the emergency certificate")
    expect(page.locator("#confirm-asks")).to_contain_text("stays open")
    cancel_box = page.locator(f"#cancel-meeting-{meeting.pk}")
    expect(cancel_box).to_be_checked()
    page.get_by_role("button", name="Mark resolved").click()
    expect(page.locator("#state-note-error")).to_contain_text("cannot be empty")
    expect(page.locator("#state-note")).to_be_focused()
    assert escalation.updates.count() == updates_before
    escalation.refresh_from_db()
    assert escalation.state == m.State.ESCALATED

    page.locator("#state-note").fill("Certificate renewed at 11:20; logins normal for an hour.")
    page.get_by_role("button", name="Mark resolved").click()
    expect(page.locator("#messages")).to_contain_text("Marked resolved")
    expect(page.locator("#messages")).to_contain_text("Cancelled the 1:1")
    expect(page.locator("#messages")).to_contain_text("1 ask still open")
    escalation.refresh_from_db()
    meeting.refresh_from_db()
    assert escalation.state == m.State.RESOLVED and meeting.is_cancelled
    assert escalation.updates.first().body.startswith("Certificate renewed at 11:20")


def test_the_header_follows_a_new_cadence_and_a_new_update(
    page, live_server, login, author, escalation
):
    login(author)
    page.goto(f"{live_server.url}/escalations/{escalation.pk}/")
    page.evaluate("window.__no_reload = true")
    header = page.locator("#header-status")
    expect(header.get_by_role("alert")).to_have_count(0)

    cadence = page.locator("#cadence")
    cadence.get_by_text("Commit to a stricter rhythm").click()
    cadence.get_by_label("Update at least").select_option("15")
    old_due = timezone.localtime(escalation.next_update_due_at, BERLIN)
    cadence.get_by_role("button", name="Save cadence").click()
    expect(cadence.get_by_role("status")).to_contain_text("Cadence saved")
    escalation.refresh_from_db()
    due = timezone.localtime(escalation.next_update_due_at, BERLIN)
    before = escalation.next_update_due_at
    assert f"{due:%H:%M}" != f"{old_due:%H:%M}"  # the cadence did move it
    expect(header).to_contain_text(f"Next update by {due:%a %d %b %H:%M}")

    page.locator("#updates-panel").get_by_role("button", name="No change since").click()
    expect(page.locator("#updates-panel [role=status]")).to_contain_text("Update posted")
    escalation.refresh_from_db()
    due = timezone.localtime(escalation.next_update_due_at, BERLIN)
    expect(header).to_contain_text(f"Next update by {due:%a %d %b %H:%M}")
    assert escalation.next_update_due_at != before
    expect(header.get_by_role("alert")).to_have_count(0)
    assert page.evaluate("window.__no_reload") is True


def test_a_zone_is_typed_from_the_shared_list_by_keyboard(page, live_server, login, author):
    e = f.EscalatedFactory(owner=author, executive_time_zone="Europe/Berlin")
    login(author)
    page.goto(f"{live_server.url}/escalations/{e.pk}/")
    panel = page.locator("#meetings")
    tomorrow = timezone.localtime(timezone.now() + timedelta(days=1), BERLIN)
    panel.get_by_label("Date and time").first.fill(tomorrow.strftime("%Y-%m-%dT14:00"))
    zone = panel.locator("#id_sched_time_zone")
    expect(zone).to_have_attribute("list", "time-zone-list")
    zone.fill("")
    zone.press_sequentially("America/New_York", delay=5)
    panel.get_by_label("Book it even if it is outside").check()
    panel.get_by_role("button", name="Schedule").click()
    expect(page.locator("#meetings [role=status]")).to_contain_text("1:1 booked")
    assert e.meetings.get().time_zone == "America/New_York"


def test_the_1_1_form_warns_at_night_for_the_executive_and_says_a_close_pre_read_goes_now(
    page, live_server, login, author
):
    e = f.EscalatedFactory(owner=author, executive_time_zone="America/New_York")
    login(author)
    page.goto(f"{live_server.url}/escalations/{e.pk}/")
    panel = page.locator("#meetings")
    # 07:55 in Berlin is 01:55 in New York.
    tomorrow = timezone.localtime(timezone.now() + timedelta(days=1), BERLIN)
    panel.get_by_label("Date and time").first.fill(tomorrow.strftime("%Y-%m-%dT07:55"))
    panel.get_by_role("button", name="Schedule").click()
    expect(page.locator("#meetings")).to_contain_text("01:55 for the executive (America/New_York)")
    assert not e.meetings.exists()
    # Nothing typed is lost; the author books it anyway, knowingly.
    page.locator("#meetings").get_by_label("Book it even if it is outside").check()
    page.locator("#meetings").get_by_role("button", name="Schedule").click()
    expect(page.locator("#meetings [role=status]")).to_contain_text("1:1 booked")

    # 28 minutes from now: the pre-read goes out at once, and the notice says so.
    soon = timezone.localtime(timezone.now() + timedelta(minutes=28), BERLIN)
    panel = page.locator("#meetings")
    panel.get_by_text("Schedule another 1:1").click()
    panel.locator("#id_sched_starts_at_local").fill(soon.strftime("%Y-%m-%dT%H:%M"))
    panel.locator("#id_sched_outside_hours_ok").check()  # whatever the hour the test runs
    panel.get_by_role("button", name="Schedule").click()
    expect(page.locator("#meetings [role=status]")).to_contain_text("so the pre-read goes out now")


def test_the_escalation_page_shows_one_zone_named_once(page, live_server, login, author):
    e = f.EscalatedFactory(
        owner=author,
        executive_time_zone="America/New_York",
        # What the author typed is theirs to word; only what Upward writes is checked.
        impact_headline="2,400 customers cannot log in; 31 renewals are due this week.",
    )
    f.RemediationActionFactory(escalation=e)
    f.AskFactory(escalation=e)
    login(author)
    page.goto(f"{live_server.url}/escalations/{e.pk}/")
    page.locator("#updates-panel").get_by_role("button", name="No change since").click()
    expect(page.locator("#updates-panel [role=status]")).to_contain_text("Update posted")
    expect(page.locator("#page-zone")).to_have_text("· times in Europe/Berlin")
    # Outside the 1:1 panel (where the executive's clock is labelled as theirs), no other
    # zone and no second naming of this one: not in the header, the sections, the timeline.
    text = page.evaluate(
        """() => { const c = document.querySelector("main").cloneNode(true);
        c.querySelectorAll("#meetings, datalist").forEach((n) => n.remove());
        return c.innerText; }"""
    )
    assert text.count("Europe/Berlin") == 1, text
    for other in ("America/New_York", " EST", " CET", " UTC", " GMT"):
        assert other not in text, other
    # The "no change" entry carries no clock time: each reader sees it in their own zone.
    expect(page.locator("#updates-panel li").first).to_contain_text("No change")


def test_an_update_the_server_fails_to_take_says_so_and_keeps_the_text(
    page, live_server, login, author, escalation
):
    login(author)
    page.goto(f"{live_server.url}/escalations/{escalation.pk}/#post-update")
    form = page.locator("#post-update")
    text = "Rollback finished at 14:02; error rate 0.3% and falling."
    write_update(page, text)
    # The server breaks on this one post (a real browser, the app's own scripts).
    failing = f"{live_server.url}/escalations/{escalation.pk}/updates/"
    page.route(failing, lambda route: route.fulfill(status=500, body="Server Error"))
    form.get_by_role("button", name="Post update").click()
    alert = form.get_by_role("alert")
    expect(alert).to_contain_text("That did not go through (the server answered 500)")
    expect(form.get_by_label("What changed")).to_have_value(text)
    assert "did not go through" in focused_text(page)
    assert not escalation.updates.exists()

    # Sent again once the server is back: the alert goes, the update is posted.
    page.unroute(failing)
    form.get_by_role("button", name="Post update").click()
    expect(page.locator("#updates-panel [role=status]")).to_contain_text("Update posted")
    expect(page.locator("[data-not-sent]")).to_have_count(0)
    assert escalation.updates.get().body == text
