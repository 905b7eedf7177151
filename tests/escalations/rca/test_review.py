"""The RCA review with the executive: booked like a 1:1 once the RCA is complete; its
pre-read, 30 minutes before through the same outbox row, is the RCA summary (≤ 250 words,
decide links for open asks); what was agreed is recorded and lands in the RCA."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail

from escalations import models as m
from escalations.meetings import services as meetings
from escalations.outbox import engine
from escalations.rca.selectors import rca_full
from escalations.rca.summary import SUMMARY_WORD_LIMIT, rca_markdown, rca_summary
from escalations.selectors import escalation_full_queryset
from tests import factories as f

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


@pytest.fixture
def complete(user):
    e = f.ResolvedFactory(
        owner=user,
        title="SSO login outage",
        executive_email="cto@example.com",
        executive_time_zone="Europe/Berlin",
        cause_statement="Something with the IdP certificate, we think.",
        cause_confidence=m.CauseConfidence.PRELIMINARY,
    )
    rca = f.RcaFactory(escalation=e, completed_at=T0 - timedelta(hours=1))
    f.PreventiveActionFactory(rca=rca, done_at=T0 - timedelta(hours=2))
    f.PreventiveActionFactory(rca=rca, description="Second IdP region", owner_name="Ana Ruiz")
    return e


def send_due(now):
    for pk in engine.dispatches_queue_due(now=now, enqueue=lambda pks: None):
        engine.dispatch_send(pk=pk, now=now)


def test_booking_needs_a_complete_rca(author_client, user):
    rca = f.RcaFactory(escalation=f.ResolvedFactory(owner=user))
    response = author_client.post(
        f"/escalations/{rca.escalation_id}/rca/review/",
        {
            "starts_at_local": "2030-01-10T15:00",
            "time_zone": "Europe/Berlin",
            "duration_minutes": 30,
            "executive_email": "cto@example.com",
            "executive_time_zone": "Europe/Berlin",
        },
    )
    assert response.status_code == 422
    assert "Complete the RCA first" in response.content.decode()
    assert not m.Meeting.objects.exists()


def test_the_review_is_booked_and_its_preread_is_the_rca_summary_at_t_minus_30(
    author_client, complete
):
    ask = f.AskFactory(
        escalation=complete,
        decision="Approve $12,000 for a second IdP region",
        decide_by=T0 + timedelta(days=2),
    )
    with time_machine.travel(T0, tick=False):
        response = author_client.post(
            f"/escalations/{complete.pk}/rca/review/",
            {
                "starts_at_local": "2026-11-24T15:00",
                "time_zone": "Europe/Berlin",
                "duration_minutes": 30,
                "executive_email": "cto@example.com",
                "executive_time_zone": "Europe/Berlin",
            },
        )
    assert response.status_code == 302
    meeting = m.Meeting.objects.get()
    assert meeting.purpose == m.MeetingPurpose.RCA_REVIEW
    row = m.OutboxMessage.objects.get(meeting=meeting, purpose=m.DispatchPurpose.PREREAD)
    assert row.send_at == meeting.starts_at - timedelta(minutes=30)
    send_due(row.send_at - timedelta(minutes=1))
    assert mail.outbox == []
    send_due(row.send_at)
    [msg] = mail.outbox
    assert msg.subject == "Pre-read, RCA review 15:00 CET: SSO login outage"
    text = msg.body
    assert "CONFIRMED CAUSE" in text and "WHAT HAPPENED" not in text
    assert "I approved the IdP certificate rotation without an expiry alert" in text
    assert "(proven confidence)" in text
    assert "· RCA review at " in text
    [html] = [body for body, kind in msg.alternatives if kind == "text/html"]
    assert "ahead of your RCA review." in str(html)
    assert "What I said at the time (preliminary): Something with the IdP certificate" in text
    assert "1 of 2 done." in text
    assert "Second IdP region — Ana Ruiz, by" in text
    decide = re.findall(r"Decide: (\S+)", text)
    assert len(decide) == 1 and f"/asks/{ask.pk}/" in decide[0]
    [ics] = [
        part.get_payload(decode=True).decode()
        for part in msg.message().walk()
        if part.get_content_type() == "text/calendar"
    ]
    assert "SUMMARY:RCA review: SSO login outage" in ics


def test_the_summary_stays_within_250_words_whatever_was_written(complete):
    rca = complete.rca
    for i in range(20):
        f.PreventiveActionFactory(rca=rca, description=f"Action {i} " + "word " * 60)
    for i in range(4):
        f.AskFactory(escalation=complete, decision=f"Decide {i} " + "word " * 40)
    rca.cause_statement = "cause " * 400
    rca.save()
    e = escalation_full_queryset().get(pk=complete.pk)
    summary = rca_summary(e, rca_full(e))
    assert summary.word_count <= SUMMARY_WORD_LIMIT
    titles = [p.title for p in summary.parts]
    assert titles == ["Confirmed cause", "Final impact", "Preventive actions", "What I need"]
    assert "more on the RCA page" in summary.parts[2].markdown


def test_what_was_agreed_in_the_review_lands_in_the_rca(complete):
    with time_machine.travel(T0, tick=False):
        meeting = meetings.meeting_schedule(
            escalation=complete,
            starts_at=T0 + timedelta(hours=2),
            time_zone="Europe/Berlin",
            purpose=m.MeetingPurpose.RCA_REVIEW,
            now=T0,
        )
    meetings.meeting_record_outcome(
        meeting=meeting,
        outcome=m.MeetingOutcome.WENT_WELL,
        agreed="Keep the second region; review certificate alerts in Q1.",
        now=T0 + timedelta(hours=3),
    )
    e = escalation_full_queryset().get(pk=complete.pk)
    md = rca_markdown(e, rca_full(e))
    assert "## Agreed in the RCA review\n\nKeep the second region" in md


def test_an_rca_review_can_be_booked_after_the_admin_review():
    e = f.ResolvedFactory(state=m.State.REVIEWED, executive_email="cto@example.com")
    with pytest.raises(meetings.MeetingError):
        meetings.meeting_schedule(
            escalation=e, starts_at=T0 + timedelta(days=3650), time_zone="UTC"
        )
    meeting = meetings.meeting_schedule(
        escalation=e,
        starts_at=T0 + timedelta(days=3650),
        time_zone="UTC",
        purpose=m.MeetingPurpose.RCA_REVIEW,
    )
    assert meeting.is_rca_review
