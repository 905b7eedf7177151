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
        # Under 70 characters, the 1:1 time first: a long title is what a phone cuts.
        "Pre-read, 1:1 14:00 CET: Checkout payments failing for EU card custo…"
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


def _rendered(text: str, html: str, subject: str = "Rolled back · Checkout failing"):
    from escalations.outbox.mail import Rendered

    return Rendered(subject=subject, text=text, html=html, to="reader@example.com")


def test_every_email_reads_whole_whatever_its_text_holds():
    # Messages share one boundary and one encoded subject per process (built once for an
    # update's 10,000 readers); a text that holds the shared boundary gets one of its own.
    from escalations.outbox.mail import BOUNDARY

    plain = _as_received(
        _rendered("Rolled back at 14:02.", "<p>Rolled back at 14:02.</p>").message()
    )
    tricky_text = f"Pasted from an email:\n--{BOUNDARY}\nContent-Type: text/html\n\n<b>x</b>"
    tricky = _as_received(
        _rendered(tricky_text, "<p>Pasted</p>", subject="Ünïcode · Día").message()
    )
    for received, text, subject in (
        (plain, "Rolled back at 14:02.", "Rolled back · Checkout failing"),
        (tricky, tricky_text, "Ünïcode · Día"),
    ):
        assert received["Subject"] == subject
        parts = [p for p in received.walk() if not p.is_multipart()]
        assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
        assert parts[0].get_content().replace("\r\n", "\n").strip() == text
    assert plain.get_boundary() == BOUNDARY
    assert tricky.get_boundary() != BOUNDARY
