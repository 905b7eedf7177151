"""Dispatch rows for the 1:1: when the pre-read goes, what it says, and what a reschedule or
a cancellation does to it. Emails land in Django's locmem outbox here; the delivery tests on
real SMTP/Redis/worker are in test_delivery_real.py."""

from __future__ import annotations

import logging
import zoneinfo
from datetime import UTC, datetime, timedelta

import icalendar
import pytest
import time_machine
from django.core import mail

from escalations import models as m
from escalations.meetings import services as meetings
from escalations.outbox import engine, links
from tests import factories as f
from tests.escalations.wizard.helpers import complete_draft

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def _escalation(**kw):
    e = f.EscalatedFactory(
        title="Checkout payments failing",
        executive_email="cto@example.com",
        executive_time_zone="Europe/Berlin",
        **kw,
    )
    f.ProfileFactory(user=e.owner, time_zone="America/New_York")
    f.AskFactory(
        escalation=e,
        decision="Approve $12,000 for a second payment processor",
        decide_by=T0 + timedelta(days=1),
    )
    f.RemediationActionFactory(escalation=e, due_at=T0 + timedelta(hours=3))
    f.AnticipatedQuestionFactory(escalation=e, question="Which customers are affected?")
    f.AnticipatedQuestionFactory(escalation=e, question="Could this happen again?")
    return e


def _schedule(e, starts_at, now=T0):
    return meetings.meeting_schedule(
        escalation=e, starts_at=starts_at, time_zone="Europe/Berlin", now=now
    )


def _tick(now):
    """What the beat tick and the task do, in one thread."""
    for pk in engine.dispatches_queue_due(now=now, enqueue=lambda pks: None):
        engine.dispatch_send(pk=pk, now=now)


def _preread(meeting):
    return m.OutboxMessage.objects.get(meeting=meeting, purpose=m.DispatchPurpose.PREREAD)


def test_preread_is_due_30_minutes_before_the_meeting():
    meeting = _schedule(_escalation(), T0 + timedelta(hours=3))
    row = _preread(meeting)
    assert row.send_at == T0 + timedelta(hours=2, minutes=30)
    assert row.state == m.DispatchState.PENDING
    assert row.to_email == "cto@example.com"


def test_meeting_sooner_than_30_minutes_gets_its_preread_now():
    meeting = _schedule(_escalation(), T0 + timedelta(minutes=12))
    assert _preread(meeting).send_at == T0


def test_nothing_is_sent_before_send_at_and_once_after():
    meeting = _schedule(_escalation(), T0 + timedelta(hours=1))
    _tick(T0 + timedelta(minutes=29))
    assert mail.outbox == []
    _tick(T0 + timedelta(minutes=30))
    _tick(T0 + timedelta(minutes=31))
    assert len(mail.outbox) == 1
    row = _preread(meeting)
    assert row.state == m.DispatchState.SENT
    assert row.sent_at is not None


def test_a_duplicate_task_message_cannot_send_twice():
    meeting = _schedule(_escalation(), T0 + timedelta(minutes=10))
    pk = _preread(meeting).pk
    assert engine.dispatch_send(pk=pk, now=T0) == m.DispatchState.SENT
    assert engine.dispatch_send(pk=pk, now=T0) == "skipped"
    assert len(mail.outbox) == 1


def test_preread_email_reads_well_on_a_phone():
    e = _escalation()
    starts = datetime(2026, 11, 24, 13, 0, tzinfo=UTC)  # 14:00 in Berlin
    meeting = _schedule(e, starts, now=T0)
    _tick(T0 + timedelta(minutes=30))
    msg = mail.outbox[0]
    assert msg.subject == "Pre-read, 1:1 14:00 CET: Checkout payments failing"
    assert msg.to == ["cto@example.com"]
    assert msg.reply_to == [e.owner.email]
    assert "via Upward" in msg.from_email
    text = msg.body
    html = msg.alternatives[0][0]
    # The pre-read itself: four headings in order, each ask once (under "What I need"),
    # and no prepared answers unless the author chose to include them.
    headings = [text.index(h.upper()) for h in ("What happened", "Why it matters")]
    headings += [text.index("WHAT WE'RE DOING"), text.index("WHAT I NEED")]
    assert headings == sorted(headings)
    assert text.count("Approve $12,000 for a second payment processor") == 1
    assert text.index("Approve $12,000 for a second payment processor") < headings[0]
    assert html.count("Approve $12,000 for a second payment processor") == 1
    assert "Could this happen again?" not in text
    assert "decide by Wed 25 Nov 13:00 CET" in text
    assert "• 12.5% of requests or transactions failing\n" in text
    assert "2,400 customers or accounts affected" not in text  # the headline gave it
    assert "<h2" in html and "Why it matters" in html
    # Status pages mint the executive's own share link for the email.
    assert "Live status page: http://127.0.0.1:8000/s/" in text
    # The .ics for the calendar, in UTC, with the same UID later notes will update.
    ics = next(a for a in msg.attachments if a.get_content_type() == "text/calendar")
    cal = icalendar.Calendar.from_ical(ics.get_payload(decode=True))
    assert str(cal["method"]) == "REQUEST"
    event = next(iter(cal.walk("VEVENT")))
    assert event.decoded("dtstart") == starts
    assert event.decoded("dtend") == starts + timedelta(minutes=30)
    assert str(event["uid"]) == f"upward-meeting-{meeting.pk}@127.0.0.1"
    assert "Checkout payments failing" in str(event["summary"])


def test_preread_links_whatever_status_page_the_provider_gives(monkeypatch):
    monkeypatch.setattr(links, "_provider", lambda e, mint: f"https://upward.test/s/tok-{e.pk}/")
    e = _escalation()
    _schedule(e, T0 + timedelta(minutes=5))
    _tick(T0)
    msg = mail.outbox[0]
    assert f"Live status page: https://upward.test/s/tok-{e.pk}/" in msg.body
    assert f'href="https://upward.test/s/tok-{e.pk}/"' in msg.alternatives[0][0]


def test_author_markup_cannot_reach_the_html_email():
    e = _escalation()
    e.impact_headline = '<script>alert(1)</script> 2,400 customers <img src="https://x/y.png">'
    e.save()
    _schedule(e, T0 + timedelta(minutes=5))
    _tick(T0)
    html = str(mail.outbox[0].alternatives[0][0])
    assert "<script" not in html and "<img" not in html


@pytest.mark.parametrize(
    ("zone", "day"), [("Europe/Berlin", "2027-03-29"), ("America/New_York", "2027-03-15")]
)
def test_preread_at_0830_local_the_day_after_the_clocks_change(zone, day, user, client_for):
    e = _escalation()
    e.owner = user
    e.save()
    # The executive's zone is their directory entry's.
    m.Executive.objects.filter(pk=e.executive_id).update(time_zone=zone)
    now = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)

    with time_machine.travel(now, tick=False):
        response = client_for(user).post(
            f"/escalations/{e.pk}/meetings/",
            {
                "starts_at_local": f"{day}T09:00",
                "time_zone": zone,
                "duration_minutes": 30,
                "executive_email": "cto@example.com",
                "executive_time_zone": zone,
            },
        )
    assert response.status_code == 302
    row = m.OutboxMessage.objects.get(purpose=m.DispatchPurpose.PREREAD)
    local = row.send_at.astimezone(zoneinfo.ZoneInfo(zone))
    assert (local.strftime("%Y-%m-%d %H:%M"), local.utcoffset()) == (
        f"{day} 08:30",
        timedelta(hours=2) if zone == "Europe/Berlin" else timedelta(hours=-4),
    )
    _tick(row.send_at)
    abbreviation = "CEST" if zone == "Europe/Berlin" else "EDT"
    assert mail.outbox[0].subject.startswith(f"Pre-read, 1:1 09:00 {abbreviation}: ")


def test_reschedule_before_sending_moves_the_preread():
    meeting = _schedule(_escalation(), T0 + timedelta(hours=2))
    note = meetings.meeting_reschedule(
        meeting=meeting, starts_at=T0 + timedelta(hours=5), time_zone="Europe/Berlin", now=T0
    )
    assert note is not None and note.purpose == m.DispatchPurpose.PREREAD
    assert _preread(meeting).send_at == T0 + timedelta(hours=4, minutes=30)
    _tick(T0 + timedelta(hours=1, minutes=30))  # the old send time: nothing
    assert mail.outbox == []
    _tick(T0 + timedelta(hours=4, minutes=30))
    assert len(mail.outbox) == 1
    assert m.OutboxMessage.objects.count() == 1


def test_reschedule_after_sending_sends_a_moved_note_never_a_second_preread():
    meeting = _schedule(_escalation(), T0 + timedelta(minutes=20))
    _tick(T0)
    assert len(mail.outbox) == 1
    later = T0 + timedelta(minutes=5)
    note = meetings.meeting_reschedule(
        meeting=meeting,
        starts_at=datetime(2026, 11, 24, 15, 0, tzinfo=UTC),
        time_zone="Europe/Berlin",
        now=later,
    )
    assert note is not None and note.purpose == m.DispatchPurpose.MEETING_MOVED
    _tick(later)
    _tick(later + timedelta(hours=2, minutes=30))  # the new pre-read time: still no pre-read
    assert [x.subject.split(" ")[0:2] for x in mail.outbox] == [
        ["Pre-read,", "1:1"],
        ["1:1", "moved"],
    ]
    moved = mail.outbox[1]
    assert moved.subject.startswith("1:1 moved to Tue 16:00 CET: ")
    assert "from Tue 24 Nov 13:20 CET to Tue 24 Nov 16:00 CET" in moved.body
    ics = next(a for a in moved.attachments if a.get_content_type() == "text/calendar")
    event = next(iter(icalendar.Calendar.from_ical(ics.get_payload(decode=True)).walk("VEVENT")))
    assert event.decoded("dtstart") == datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
    assert int(event["sequence"]) == 1


def test_two_quick_reschedules_send_one_note_from_the_time_the_executive_knew():
    meeting = _schedule(_escalation(), T0 + timedelta(minutes=20))
    _tick(T0)
    for hour in (15, 16):
        meetings.meeting_reschedule(
            meeting=meeting,
            starts_at=datetime(2026, 11, 24, hour, 0, tzinfo=UTC),
            time_zone="Europe/Berlin",
            now=T0 + timedelta(minutes=1),
        )
    _tick(T0 + timedelta(minutes=2))
    notes = [x for x in mail.outbox if x.subject.startswith("1:1 moved")]
    assert len(notes) == 1
    assert "from Tue 24 Nov 13:20 CET to Tue 24 Nov 17:00 CET" in notes[0].body


def test_cancel_before_sending_sends_nothing():
    meeting = _schedule(_escalation(), T0 + timedelta(hours=2))
    assert meetings.meeting_cancel(meeting=meeting, now=T0) is None
    _tick(T0 + timedelta(hours=3))
    assert mail.outbox == []
    row = _preread(meeting)
    assert row.state == m.DispatchState.CANCELLED
    assert "cancelled" in row.error


def test_cancel_after_sending_sends_a_short_cancellation():
    meeting = _schedule(_escalation(), T0 + timedelta(minutes=20))
    _tick(T0)
    note = meetings.meeting_cancel(meeting=meeting, now=T0 + timedelta(minutes=1))
    assert note is not None
    _tick(T0 + timedelta(minutes=1))
    assert [x.subject.split(" ")[0:2] for x in mail.outbox] == [
        ["Pre-read,", "1:1"],
        ["1:1", "cancelled"],
    ]
    ics = next(a for a in mail.outbox[1].attachments if a.get_content_type() == "text/calendar")
    cal = icalendar.Calendar.from_ical(ics.get_payload(decode=True))
    assert str(cal["method"]) == "CANCEL"


def test_a_preread_for_a_cancelled_meeting_handed_over_earlier_is_not_sent():
    meeting = _schedule(_escalation(), T0 + timedelta(minutes=10))
    row = _preread(meeting)
    # Handed to the broker, then the author cancels before the worker gets to it.
    engine.dispatches_queue_due(now=T0, enqueue=lambda pks: None)
    m.Meeting.objects.filter(pk=meeting.pk).update(cancelled_at=T0)
    assert engine.dispatch_send(pk=row.pk, now=T0) == m.DispatchState.CANCELLED
    assert mail.outbox == []


def test_a_row_stuck_in_sending_becomes_failed_and_is_never_resent(caplog):
    meeting = _schedule(_escalation(), T0 + timedelta(hours=2))
    row = _preread(meeting)
    m.OutboxMessage.objects.filter(pk=row.pk).update(
        state=m.DispatchState.SENDING, sending_since=T0 + timedelta(minutes=90)
    )
    assert engine.dispatches_fail_stuck(now=T0 + timedelta(minutes=99)) == []
    with caplog.at_level(logging.ERROR, logger="escalations.outbox.engine"):
        assert engine.dispatches_fail_stuck(now=T0 + timedelta(minutes=101)) == [row.pk]
    row.refresh_from_db()
    assert row.state == m.DispatchState.FAILED
    assert "not sent again" in row.error
    assert "stuck in sending" in caplog.text
    _tick(T0 + timedelta(minutes=102))
    assert mail.outbox == []


def test_the_author_can_resend_a_failed_preread_after_looking():
    meeting = _schedule(_escalation(), T0 + timedelta(hours=2))
    m.OutboxMessage.objects.filter(meeting=meeting).update(
        state=m.DispatchState.FAILED, error="Sending failed: SMTPServerDisconnected()"
    )
    meetings.preread_resend(meeting=meeting, now=T0)
    _tick(T0)
    assert len(mail.outbox) == 1
    row = _preread(meeting)
    assert row.state == m.DispatchState.SENT
    assert "SMTPServerDisconnected" in row.error  # the history stays visible


def test_smtp_failure_is_recorded_with_its_error(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    meeting = _schedule(_escalation(), T0 + timedelta(minutes=5))
    _tick(T0)
    row = _preread(meeting)
    assert row.state == m.DispatchState.FAILED
    assert "Sending failed" in row.error and "onnection" in row.error


def test_a_failed_hand_over_leaves_the_row_for_the_next_tick():
    meeting = _schedule(_escalation(), T0 + timedelta(minutes=5))

    def broker_down(pks: list[int]) -> None:
        raise ConnectionRefusedError("redis is down")

    assert engine.dispatches_queue_due(now=T0, enqueue=broker_down) == []
    assert _preread(meeting).handed_over_at is None
    handed: list[int] = []
    assert engine.dispatches_queue_due(now=T0, enqueue=handed.extend) == handed != []


def test_a_handed_over_row_is_not_handed_over_again_until_it_looks_lost():
    meeting = _schedule(_escalation(), T0 + timedelta(minutes=5))
    pk = _preread(meeting).pk
    assert engine.dispatches_queue_due(now=T0, enqueue=lambda pks: None) == [pk]
    assert (
        engine.dispatches_queue_due(now=T0 + timedelta(seconds=20), enqueue=lambda pks: None) == []
    )
    later = T0 + engine.REQUEUE_AFTER + timedelta(seconds=1)
    assert engine.dispatches_queue_due(now=later, enqueue=lambda pks: None) == [pk]


def test_followup_is_sent_once_however_often_it_is_clicked():
    e = _escalation()
    meeting = f.MeetingFactory(escalation=e, starts_at=T0 - timedelta(hours=1))
    meetings.meeting_record_outcome(meeting=meeting, outcome="went_badly", now=T0)
    for _ in range(2):
        meetings.followup_send(
            meeting=meeting, subject="Following up", body="**What happened**", now=T0
        )
    _tick(T0)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Following up"


NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_a_preread_row_for_a_draft_is_never_sent():
    e = complete_draft()
    meeting = f.MeetingFactory(escalation=e, starts_at=NOW + timedelta(minutes=20))
    row = f.OutboxMessageFactory(
        escalation=e, meeting=meeting, purpose=m.DispatchPurpose.PREREAD,
        to_email="ceo@example.com", send_at=NOW - timedelta(minutes=1),
    )  # fmt: skip
    assert engine.dispatch_send(pk=row.pk, now=NOW) == m.DispatchState.CANCELLED
    row.refresh_from_db()
    assert "draft" in row.error


def test_the_preread_goes_to_the_executives_current_address(settings):
    from django.core import mail

    e = f.EscalatedFactory(executive_email="old@example.com")
    meeting = f.MeetingFactory(escalation=e, starts_at=NOW + timedelta(minutes=20))
    row = f.OutboxMessageFactory(
        escalation=e, meeting=meeting, purpose=m.DispatchPurpose.PREREAD,
        to_email="old@example.com", send_at=NOW - timedelta(minutes=1),
    )  # fmt: skip
    # Corrected in the directory (the admin) after the row was written.
    m.Executive.objects.filter(pk=e.executive_id).update(email="new@example.com")
    assert engine.dispatch_send(pk=row.pk, now=NOW) == m.DispatchState.SENT
    assert mail.outbox[-1].to == ["new@example.com"]
    row.refresh_from_db()
    assert row.to_email == "new@example.com"


def _preread_body(text: str) -> str:
    """The email's text part without its first two lines (title, 1:1 time) and what follows
    the pre-read (next update, status link, signature)."""
    body = text.split("\n", 2)[2]
    # Decision links under each ask are buttons, not reading: they are not pre-read words;
    # nor is the label over the open asks lifted to the top (the asks themselves count).
    body = "\n".join(
        line
        for line in body.split("\n")
        if not line.startswith("  Decide: ") and line != "WAITING ON YOU"
    )
    for end in ("\nNext written update by", "\nLive status page:", "\n--\n"):
        if end in body:
            body = body.split(end, 1)[0]
    return body


def test_the_emailed_preread_is_the_preread_word_for_word():
    from escalations.selectors import escalation_full_queryset
    from escalations.wizard import briefing

    e = _escalation()
    _schedule(e, T0 + timedelta(minutes=5))
    _tick(T0)
    pre = briefing.preread(escalation_full_queryset().get(pk=e.pk))
    sent = _preread_body(mail.outbox[0].body)
    assert briefing.count_words(sent) == pre.word_count <= briefing.PREREAD_WORD_TARGET
    assert "QUESTIONS YOU MAY ASK" not in sent


def test_prepared_answers_are_emailed_only_when_included():
    from escalations.selectors import escalation_full_queryset
    from escalations.wizard import briefing

    e = _escalation(preread_include_answers=True)
    _schedule(e, T0 + timedelta(minutes=5))
    _tick(T0)
    text = mail.outbox[0].body
    assert text.index("QUESTIONS YOU MAY ASK") > text.index("WHAT I NEED")
    assert "Could this happen again?" in text
    pre = briefing.preread(escalation_full_queryset().get(pk=e.pk))
    assert briefing.count_words(_preread_body(text)) == pre.word_count
