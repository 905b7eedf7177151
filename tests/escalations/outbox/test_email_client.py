"""What a mail client shows of Upward's emails: the subject without a leading space, the
RFC 3834 header that stops out-of-office loops, and a calendar entry that says where the
pre-read is (issue 14, items 8 and 11)."""

from __future__ import annotations

import email
import email.policy
from datetime import timedelta

import icalendar
import pytest
from django.core import mail

from escalations.meetings import services as meetings
from tests import factories as f
from tests.escalations.outbox.test_delivery import T0, _escalation, _schedule, _tick
from tests.escalations.outbox.test_reminders import T13, _incident, tick

pytestmark = pytest.mark.django_db


def _as_received(message) -> email.message.EmailMessage:
    """The bytes a mail server hands a client, parsed the way a client does."""
    raw = message.message().as_bytes(linesep="\r\n")
    return email.message_from_bytes(raw, policy=email.policy.default)


def test_the_preread_subject_has_no_leading_space_and_says_it_is_automated():
    e = _escalation()
    e.title = "Checkout payments failing for EU card customers since Monday"
    e.save(update_fields=["title"])
    meeting = _schedule(e, T0 + timedelta(hours=1))
    _tick(T0 + timedelta(minutes=30))
    received = _as_received(mail.outbox[0])
    assert received["Subject"] == (
        "Pre-read: Checkout payments failing for EU card customers since Monday — 1:1 at "
        "14:00 (Europe/Berlin)"
    )
    assert received["Auto-Submitted"] == "auto-generated"
    ics = next(a for a in mail.outbox[0].attachments if a.get_content_type() == "text/calendar")
    event = next(iter(icalendar.Calendar.from_ical(ics.get_payload(decode=True)).walk("VEVENT")))
    description = str(event["description"])
    assert "comes by email 30 minutes before" not in description
    assert "The written pre-read is in the email this invitation came with." in description
    assert meeting.pk


def test_reminders_are_automated_but_the_authors_own_followup_is_not():
    e = _escalation()
    meeting = f.MeetingFactory(escalation=e, starts_at=T0 - timedelta(hours=1))
    meetings.meeting_record_outcome(meeting=meeting, outcome="went_badly", now=T0)
    meetings.followup_send(meeting=meeting, subject="Following up", body="Details", now=T0)
    _tick(T0)
    followup = _as_received(mail.outbox[0])
    assert followup["Subject"] == "Following up"
    assert followup["Auto-Submitted"] is None


def test_the_overdue_reminder_is_automated_and_its_subject_starts_with_its_words():
    _incident()
    tick(T13 + timedelta(minutes=61))
    reminder = _as_received(mail.outbox[-1])
    assert reminder["Subject"] == "Update overdue: Checkout down — was due 14:00 (Europe/London)"
    assert reminder["Auto-Submitted"] == "auto-generated"
