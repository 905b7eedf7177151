"""The 1:1 leaves a record: the follow-up says what was agreed and what happens next, and
the pre-read for a later 1:1 opens with what changed since the last one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail

from escalations import models as m
from escalations.meetings import services as meetings
from escalations.outbox import engine
from escalations.selectors import escalation_full_queryset
from escalations.updates.services import update_post
from escalations.wizard import briefing
from tests import factories as f

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)  # 13:00 in Berlin


def _escalation():
    e = f.EscalatedFactory(
        title="Checkout down",
        executive_email="cto@example.com",
        executive_time_zone="Europe/Berlin",
        escalated_at=T0 - timedelta(hours=2),
        next_update_due_at=T0 + timedelta(hours=2),
    )
    f.ProfileFactory(user=e.owner, time_zone="Europe/Berlin")
    return e


def _full(e):
    return escalation_full_queryset().get(pk=e.pk)


def test_the_follow_up_says_what_was_agreed_and_what_happens_next():
    e = _escalation()
    meeting = f.MeetingFactory(escalation=e, starts_at=T0 - timedelta(minutes=40))
    f.RemediationActionFactory(
        escalation=e,
        description="Ship the pinned-chain fix",
        owner_name="Sam Lee",
        due_at=T0 + timedelta(hours=3),
    )
    f.RemediationActionFactory(
        escalation=e,
        description="Roll back",
        owner_name="Ana",
        due_at=T0,
        done_at=T0 - timedelta(hours=1),
    )
    f.AskFactory(
        escalation=e,
        decision="Approve $40,000 for a second processor",
        status="approved",
        decided_at=T0 - timedelta(minutes=30),
        decide_by=T0 + timedelta(hours=1),
    )
    f.AskFactory(
        escalation=e,
        decision="Choose: refund or credit affected customers",
        decide_by=T0 + timedelta(days=1),
    )
    f.MeetingFactory(escalation=e, starts_at=T0 + timedelta(days=2))
    meetings.meeting_record_outcome(
        meeting=meeting,
        outcome="mixed",
        notes="Felt rushed.",
        agreed="Maya briefs the board on Friday.",
        now=T0,
    )
    subject, body = meetings.followup_draft(_full(e), meeting, T0)
    assert subject == "Our 1:1 on Tue 24 Nov: Checkout down — what we agreed"
    agreed, after = body.split("**What happens next**")
    assert "Maya briefs the board on Friday." in agreed
    assert "- Approved: Approve $40,000 for a second processor" in agreed
    assert "- Ship the pinned-chain fix — Sam Lee, by Tue 24 Nov 16:00 CET" in after
    assert "Roll back" not in body  # done before: not what happens next
    assert "- Your decision: Choose: refund or credit affected customers — by Wed 25 Nov" in after
    assert "- My next written update: by Tue 24 Nov 15:00 CET" in after
    assert "- Our next 1:1: Thu 26 Nov 13:00 CET" in after
    assert "Felt rushed" not in body
    assert "What happened" not in body  # not the pre-read again

    meetings.followup_send(meeting=meeting, subject=subject, body=body, now=T0)
    for pk in engine.dispatches_queue_due(now=T0, enqueue=lambda pks: None):
        engine.dispatch_send(pk=pk, now=T0)
    [msg] = mail.outbox
    assert msg.subject == subject
    assert "Maya briefs the board on Friday." in msg.body


def test_the_pre_read_for_a_later_1_1_opens_with_what_changed_since_the_last():
    e = _escalation()
    first = f.MeetingFactory(escalation=e, starts_at=T0 - timedelta(days=1))
    update_post(
        escalation=e,
        author=e.owner,
        body="Before the first 1:1.",
        now=T0 - timedelta(days=1, hours=1),
    )
    update_post(
        escalation=e,
        author=e.owner,
        body="Failover to the second processor is done. Errors are at 0.4%.",
        now=T0 - timedelta(hours=5),
    )
    f.RemediationActionFactory(
        escalation=e,
        description="Rotate the pinned certificate",
        owner_name="Sam Lee",
        due_at=T0,
        done_at=T0 - timedelta(hours=3),
    )
    second = f.MeetingFactory(escalation=e, starts_at=T0 + timedelta(hours=1))

    pre = briefing.preread(_full(e), second)
    since = pre.parts[0]
    assert since.title == "Since our last 1:1 (Mon 23 Nov)"
    assert "Failover to the second processor is done." in since.markdown
    assert "Errors are at 0.4%" not in since.markdown  # one sentence per update
    assert "Done: Rotate the pinned certificate — Sam Lee" in since.markdown
    assert "Before the first 1:1" not in since.markdown
    assert [p.title for p in pre.parts[1:5]] == list(briefing.PREREAD_HEADINGS)
    # The first 1:1 has no earlier one; the escalation's own pre-read neither.
    assert briefing.preread(_full(e), first).parts[0].title == "What happened"

    row = m.OutboxMessage.objects.create(
        escalation=e,
        meeting=second,
        purpose=m.DispatchPurpose.PREREAD,
        dedupe_key=f"preread:meeting:{second.pk}",
        to_email="cto@example.com",
        send_at=T0,
    )
    engine.dispatch_send(pk=row.pk, now=T0)
    text = [x for x in mail.outbox if x.subject.startswith("Pre-read")][0].body
    assert text.index("SINCE OUR LAST 1:1 (MON 23 NOV)") < text.index("WHAT HAPPENED")
    assert "Failover to the second processor is done." in text
