"""Escalating sends the executive one message — the pre-read when it is about to go, else a
short "escalated" note pointing to it — and every email of an escalation to one address is
one thread."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from escalations import models as m
from escalations.meetings import services as meetings
from escalations.outbox.escalated import ESCALATED_HOLD
from escalations.updates.services import update_post
from tests import factories as f
from tests.escalations.subscriptions.helpers import tick, to

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def _escalated():
    e = f.EscalatedFactory(
        title="Checkout payments failing",
        executive_email="cto@example.com",
        executive_time_zone="Europe/Berlin",
        escalated_at=T0,
    )
    f.AskFactory(
        escalation=e,
        decision="Approve $40K for a second processor",
        decide_by=T0 + timedelta(days=1),
    )
    update_post(
        escalation=e,
        author=e.owner,
        body="**What happened** — the whole pre-read, as the first entry.",
        kind=m.UpdateKind.ESCALATED,
        now=T0,
    )
    return e


def test_a_1_1_booked_right_after_escalating_makes_the_pre_read_the_one_message():
    e = _escalated()
    tick(T0)
    assert to("cto@example.com") == []  # the note waits for the hold
    meetings.meeting_schedule(
        escalation=e, starts_at=T0 + timedelta(minutes=50), time_zone="Europe/Berlin", now=T0
    )
    tick(T0 + ESCALATED_HOLD)
    tick(T0 + timedelta(minutes=21))
    [only] = to("cto@example.com")
    assert only.subject.startswith("Pre-read, 1:1 13:50 CET: ")
    note = m.OutboxMessage.objects.get(purpose=m.DispatchPurpose.UPDATE)
    assert note.state == m.DispatchState.CANCELLED and "one message" in note.error


def test_with_the_1_1_far_off_a_short_escalated_note_points_to_the_pre_read():
    e = _escalated()
    meetings.meeting_schedule(
        escalation=e, starts_at=T0 + timedelta(days=2), time_zone="Europe/Berlin", now=T0
    )
    tick(T0 + ESCALATED_HOLD)
    [note] = to("cto@example.com")
    assert note.subject == "Escalated to you: Checkout payments failing"
    assert "The written pre-read reaches you 30 minutes before our 1:1 on Thu 26 Nov" in note.body
    assert "the whole pre-read" not in note.body
    # What waits on the executive comes with it, with its decision link.
    assert "Approve $40K for a second processor" in note.body and "Decide: http" in note.body

    # Every later email to the same address threads under the first one.
    update_post(escalation=e, author=e.owner, body="Failover done.", now=T0 + timedelta(hours=1))
    tick(T0 + timedelta(hours=1))
    first, second = to("cto@example.com")
    root = first.extra_headers["Message-ID"]
    assert root.startswith("<escalation-")
    assert second.extra_headers["In-Reply-To"] == root == second.extra_headers["References"]
    assert second.extra_headers["Message-ID"] != root
