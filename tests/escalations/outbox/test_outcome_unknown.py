"""A pre-read that failed with an unknown outcome (the worker died after handing it to the
mail server) says it may have been delivered, and is sent again only on confirmation."""

from __future__ import annotations

import html as html_lib
import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from escalations import models as m
from escalations.outbox import engine
from tests.escalations.outbox.test_delivery import T0, _escalation, _preread, _schedule, _tick

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(
        r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    )


@pytest.fixture
def stuck(client_for):
    e = _escalation()  # the author's zone is America/New_York
    meeting = _schedule(e, T0 + timedelta(hours=2))
    row = _preread(meeting)
    # Claimed at 13:30 UTC (08:30 in New York), then the worker was killed mid-send.
    m.OutboxMessage.objects.filter(pk=row.pk).update(
        state=m.DispatchState.SENDING, sending_since=T0 + timedelta(minutes=90)
    )
    assert engine.dispatches_fail_stuck(now=T0 + timedelta(minutes=101)) == [row.pk]
    return e, meeting, client_for(e.owner)


def test_the_author_is_told_it_may_have_been_delivered(stuck):
    e, meeting, author = stuck
    row = _preread(meeting)
    assert row.state == m.DispatchState.FAILED and row.outcome_unknown
    with time_machine.travel(T0 + timedelta(minutes=102), tick=False):
        text = _text(author.get(e.get_absolute_url()))
    assert "The pre-read may have been delivered at 08:30." in text
    assert "Send it again anyway" in text


def test_send_again_needs_the_confirmation_then_sends_once(stuck):
    e, meeting, author = stuck
    url = reverse("escalations:meeting_preread_resend", args=[e.pk, meeting.pk])
    with time_machine.travel(T0 + timedelta(minutes=102), tick=False):
        refused = author.post(url, follow=True)
        assert "may already have been delivered" in _text(refused)
        assert _preread(meeting).state == m.DispatchState.FAILED
        _tick(T0 + timedelta(minutes=102))
        assert mail.outbox == []
        author.post(url, {"confirm": "on"})
        row = _preread(meeting)
        assert row.state == m.DispatchState.PENDING and not row.outcome_unknown
        _tick(T0 + timedelta(minutes=103))
    assert len(mail.outbox) == 1
    assert _preread(meeting).state == m.DispatchState.SENT


def test_an_ordinary_failure_is_resent_without_the_box(client_for):
    e = _escalation()
    meeting = _schedule(e, T0 + timedelta(hours=2))
    m.OutboxMessage.objects.filter(meeting=meeting).update(
        state=m.DispatchState.FAILED, error="Sending failed: SMTPRecipientsRefused()"
    )
    with time_machine.travel(T0, tick=False):
        client_for(e.owner).post(
            reverse("escalations:meeting_preread_resend", args=[e.pk, meeting.pk])
        )
    assert _preread(meeting).state == m.DispatchState.PENDING
