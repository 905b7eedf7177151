"""A line break or control character in a title (written before forms refused it, or by the
admin) never breaks an email: every subject and sender name is one header-safe line."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail

from escalations import models as m
from escalations.meetings import services as meetings
from escalations.outbox import followup
from tests.escalations.outbox.test_delivery import T0, _escalation, _preread, _schedule, _tick

pytestmark = pytest.mark.django_db

TITLE = "Checkout\r\nBcc: attacker@example.com\x07 failing"


def test_a_newline_in_the_title_does_not_break_the_preread_or_its_resend():
    e = _escalation()
    m.Escalation.objects.filter(pk=e.pk).update(title=TITLE)
    e.owner.first_name = "Alex\nX-Injected: yes"
    e.owner.save()
    meeting = _schedule(m.Escalation.objects.get(pk=e.pk), T0 + timedelta(hours=2))
    _tick(T0 + timedelta(hours=2))
    row = _preread(meeting)
    assert row.state == m.DispatchState.SENT, row.error
    [sent] = mail.outbox
    assert "\n" not in sent.subject and "\r" not in sent.subject and "\x07" not in sent.subject
    assert "Checkout Bcc: attacker@example.com failing" in sent.subject
    headers = sent.message().as_string().split("\n\n", 1)[0]
    assert "\nBcc:" not in headers and "\nX-Injected" not in headers
    assert sent.bcc == []
    # "Send again" goes through the same rendering.
    m.OutboxMessage.objects.filter(pk=row.pk).update(state=m.DispatchState.FAILED)
    meetings.preread_resend(meeting=meeting, now=T0 + timedelta(hours=2))
    _tick(T0 + timedelta(hours=2))
    assert len(mail.outbox) == 2
    assert _preread(meeting).state == m.DispatchState.SENT


def test_a_followup_subject_with_a_newline_is_sent_on_one_line():
    e = _escalation()
    meeting = _schedule(e, T0 + timedelta(hours=2))
    row, _created = followup.followup_enqueue(
        meeting=meeting, subject="Following up\nBcc: x@example.com", body="Body.", now=T0
    )
    _tick(T0)
    sent = [msg for msg in mail.outbox if msg.subject.startswith("Following up")]
    assert sent and sent[0].subject == "Following up Bcc: x@example.com"
    assert m.OutboxMessage.objects.get(pk=row.pk).state == m.DispatchState.SENT
