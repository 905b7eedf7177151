"""The 1:1 panel and the cadence panel on the escalation page, as the author uses them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from escalations import models as m
from escalations.outbox import engine
from tests import factories as f
from tests.escalations.wizard.helpers import complete_draft

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)  # 13:00 in Berlin


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def esc(user):
    f.ProfileFactory(user=user, time_zone="Europe/Berlin")
    e = f.EscalatedFactory(
        owner=user,
        title="Checkout down",
        executive_name="Jordan Blake",
        executive_email="cto@example.com",
        executive_time_zone="America/New_York",
    )
    f.AskFactory(escalation=e)
    f.RemediationActionFactory(escalation=e)
    return e


def _form(**over):
    data = {
        "starts_at_local": "2026-11-24T16:00",
        "time_zone": "Europe/Berlin",
        "duration_minutes": "30",
        "video_link": "https://meet.example.com/abc",
        "executive_email": "cto@example.com",
        "executive_time_zone": "America/New_York",
    }
    return data | over


HTMX = {"HTTP_HX_REQUEST": "true"}


def test_the_page_offers_to_schedule_the_1_1(author_client, esc, clock):
    page = author_client.get(f"/escalations/{esc.pk}/").content.decode()
    assert 'id="meetings"' in page and "Schedule the 1:1" in page
    assert 'id="cadence"' in page and "every 1 hour until contained" in page


def test_scheduling_in_my_zone_shows_both_zones(author_client, esc, clock):
    r = author_client.post(f"/escalations/{esc.pk}/meetings/", _form(), **HTMX)
    assert r.status_code == 200
    html = r.content.decode()
    meeting = m.Meeting.objects.get(escalation=esc)
    assert meeting.starts_at == datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
    assert meeting.time_zone == "Europe/Berlin"
    assert "Tue 24 Nov 16:00" in html and "Europe/Berlin" in html
    assert "Tue 24 Nov 10:00" in html and "America/New_York" in html
    assert "Pre-read to cto@example.com goes out at" in html and "Tue 15:30" in html
    assert "1:1 booked" in html


def test_without_javascript_scheduling_redirects_back_to_the_page(author_client, esc, clock):
    r = author_client.post(f"/escalations/{esc.pk}/meetings/", _form())
    assert r.status_code == 302 and r["Location"].endswith(f"/escalations/{esc.pk}/#meetings")
    page = author_client.get(r["Location"]).content.decode()
    assert "1:1 booked" in page


def test_a_time_in_the_past_is_refused_and_what_was_typed_is_kept(author_client, esc, clock):
    r = author_client.post(
        f"/escalations/{esc.pk}/meetings/",
        _form(starts_at_local="2026-11-24T12:30", video_link="https://meet.example.com/keep-me"),
        **HTMX,
    )
    html = r.content.decode()
    assert "already passed" in html
    assert "https://meet.example.com/keep-me" in html
    assert 'value="2026-11-24T12:30"' in html
    assert not m.Meeting.objects.exists()
    # Without JavaScript: a page of its own with the form and its error.
    r = author_client.post(f"/escalations/{esc.pk}/meetings/", _form(starts_at_local="nonsense"))
    assert r.status_code == 400
    assert "Enter a date and a time" in r.content.decode()


def test_a_time_the_clocks_skip_is_refused_with_a_reason(client_for, user, esc):
    with time_machine.travel(datetime(2027, 3, 1, tzinfo=UTC), tick=False):
        r = client_for(user).post(
            f"/escalations/{esc.pk}/meetings/",
            _form(starts_at_local="2027-03-28T02:30"),
            **HTMX,
        )
    assert "does not exist on 28 Mar 2027 in Europe/Berlin" in r.content.decode()


def test_someone_else_cannot_touch_my_meetings(client_for, other_user, esc, clock):
    other = client_for(other_user)
    assert other.post(f"/escalations/{esc.pk}/meetings/", _form()).status_code == 404
    meeting = f.MeetingFactory(escalation=esc)
    url = f"/escalations/{esc.pk}/meetings/{meeting.pk}/cancel/"
    assert other.post(url).status_code == 404
    meeting.refresh_from_db()
    assert not meeting.is_cancelled


def test_reschedule_and_cancel_from_the_panel(author_client, esc, clock):
    author_client.post(f"/escalations/{esc.pk}/meetings/", _form())
    meeting = m.Meeting.objects.get()
    r = author_client.post(
        f"/escalations/{esc.pk}/meetings/{meeting.pk}/reschedule/",
        {"starts_at_local": "2026-11-25T09:00", "time_zone": "Europe/Berlin"},
        **HTMX,
    )
    assert "The pre-read moves with it" in r.content.decode()
    row = m.OutboxMessage.objects.get(purpose=m.DispatchPurpose.PREREAD)
    assert row.send_at == datetime(2026, 11, 25, 7, 30, tzinfo=UTC)
    r = author_client.post(f"/escalations/{esc.pk}/meetings/{meeting.pk}/cancel/", **HTMX)
    assert "No pre-read had been sent" in r.content.decode()
    row.refresh_from_db()
    assert row.state == m.DispatchState.CANCELLED


def test_after_a_bad_meeting_the_follow_up_is_prefilled_and_sent_with_one_click(
    author_client, esc, clock
):
    meeting = f.MeetingFactory(escalation=esc, starts_at=NOW - timedelta(minutes=40))
    page = author_client.get(f"/escalations/{esc.pk}/").content.decode()
    assert "How did it go?" in page
    r = author_client.post(
        f"/escalations/{esc.pk}/meetings/{meeting.pk}/outcome/",
        {
            "outcome": "went_badly",
            "notes": "CTO angry we found out from a customer.",
            "agreed": "Status page to every enterprise customer by 15:00.",
        },
        **HTMX,
    )
    html = r.content.decode()
    assert "Send the written follow-up within 30 minutes" in html
    # 40 min ago + 30 min meeting + 30 min = 12:20 UTC = 13:20 Berlin.
    assert "by 13:20" in html
    # The record of the 1:1, not the pre-read again.
    follow_up = html.split("Send the written follow-up")[-1]
    assert "What we agreed" in follow_up and "What happens next" in follow_up
    assert "Status page to every enterprise customer by 15:00." in follow_up
    assert "What happened" not in follow_up
    assert "CTO angry" not in follow_up  # notes stay private
    r = author_client.post(
        f"/escalations/{esc.pk}/meetings/{meeting.pk}/follow-up/",
        {
            "subject": "Following up on our 1:1: Checkout down",
            "body": "**What happened**\n\nCheckout failed for 2,400 customers.",
        },
        **HTMX,
    )
    assert "Follow-up on its way to Jordan Blake" in r.content.decode()
    for pk in engine.dispatches_queue_due(now=NOW, enqueue=lambda pks: None):
        engine.dispatch_send(pk=pk, now=NOW)
    assert [x.to for x in mail.outbox] == [["cto@example.com"]]
    assert "Checkout failed for 2,400 customers." in mail.outbox[0].body
    page = author_client.get(f"/escalations/{esc.pk}/").content.decode()
    assert "Follow-up sent at" in page


def test_outcome_cannot_be_recorded_before_the_meeting(author_client, esc, clock):
    meeting = f.MeetingFactory(escalation=esc, starts_at=NOW + timedelta(hours=1))
    r = author_client.post(
        f"/escalations/{esc.pk}/meetings/{meeting.pk}/outcome/", {"outcome": "went_well"}
    )
    assert r.status_code == 400
    assert "once it has started" in r.content.decode()


def test_author_markup_in_the_panel_is_inert(author_client, esc, clock):
    esc.executive.name = '<img src=x onerror="alert(1)">'
    esc.executive.save()
    f.MeetingFactory(escalation=esc, starts_at=NOW + timedelta(hours=2))
    html = author_client.get(f"/escalations/{esc.pk}/").content.decode()
    panel = html[html.index('<section id="meetings"') :]
    panel = panel[: panel.index("</section>")]
    assert "<img" not in panel
    assert "1:1 with &lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in panel


def test_cadence_can_only_be_made_stricter(author_client, esc, clock):
    esc.kind = m.Kind.SCHEDULE_SLIP
    esc.last_updated_at = NOW
    esc.next_update_due_at = NOW + timedelta(days=1)
    esc.save()
    r = author_client.post(
        f"/escalations/{esc.pk}/cadence/",
        {"interval": "1440", "daily_at": "", "time_zone": "Europe/Berlin"},
        **HTMX,
    )
    assert "not stricter than the policy" in r.content.decode()
    r = author_client.post(
        f"/escalations/{esc.pk}/cadence/",
        {"interval": "240", "daily_at": "", "time_zone": "Europe/Berlin"},
        **HTMX,
    )
    html = r.content.decode()
    assert "Cadence saved" in html and "every 4 hours" in html
    esc.refresh_from_db()
    assert esc.cadence_interval == timedelta(hours=4)
    assert esc.next_update_due_at == NOW + timedelta(hours=4)


def test_cadence_fixed_daily_time_in_my_zone(author_client, esc, clock):
    esc.kind = m.Kind.SCHEDULE_SLIP
    esc.next_update_due_at = NOW + timedelta(days=1)
    esc.save()
    r = author_client.post(
        f"/escalations/{esc.pk}/cadence/",
        {"interval": "", "daily_at": "09:00", "time_zone": "Europe/Berlin"},
    )
    assert r.status_code == 302
    esc.refresh_from_db()
    # Next 09:00 in Berlin after 13:00 + grace is tomorrow 09:00 CET = 08:00 UTC.
    assert esc.next_update_due_at == datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
    page = author_client.get(f"/escalations/{esc.pk}/").content.decode()
    assert "at least daily at 09:00 (Europe/Berlin)" in page


def test_no_1_1_is_scheduled_on_a_draft(author_client, user):
    e = complete_draft(owner=user)
    with time_machine.travel(NOW, tick=False):
        response = author_client.post(
            reverse("escalations:meeting_schedule", args=[e.pk]),
            {
                "starts_at_local": "2026-11-24T16:00",
                "time_zone": "Europe/Berlin",
                "duration_minutes": "30",
                "executive_email": "ceo@example.com",
                "executive_time_zone": "America/New_York",
            },
            HTTP_HX_REQUEST="true",
        )
    assert "Escalate first" in response.content.decode()
    assert not m.Meeting.objects.filter(escalation=e).exists()
    assert not m.OutboxMessage.objects.exists()


def test_a_typo_year_in_a_meeting_is_refused(author_client, user):
    e = f.EscalatedFactory(owner=user)
    response = author_client.post(
        reverse("escalations:meeting_schedule", args=[e.pk]),
        {
            "starts_at_local": "9999-12-31T20:30",
            "time_zone": "America/New_York",
            "duration_minutes": "30",
            "executive_email": "ceo@example.com",
            "executive_time_zone": "America/New_York",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code in (200, 422)
    assert "looks like a typo" in response.content.decode()
    assert author_client.get(e.get_absolute_url()).status_code == 200
