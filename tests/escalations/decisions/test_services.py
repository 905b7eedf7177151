"""Recording an answer to an ask: history kept, timeline entry, the author emailed once
through the outbox, the cadence clock left alone, and the metrics counting it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail

from escalations import models as m
from escalations.decisions.services import DecisionRefused, ask_decide
from escalations.outbox import engine, reminder
from escalations.review.metrics import monthly_metrics
from escalations.updates.services import update_post
from tests import factories as f

pytestmark = pytest.mark.django_db
T10 = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


@pytest.fixture
def escalation():
    owner = f.UserFactory(email="dana@example.com", first_name="Dana", last_name="Okafor")
    f.ProfileFactory(user=owner, time_zone="Europe/London")
    e = f.EscalatedFactory(
        owner=owner,
        title="Checkout down",
        executive_name="Maya Chen",
        executive_email="maya@example.com",
        escalated_at=T10 - timedelta(hours=1),
    )
    update_post(escalation=e, author=owner, body="Rolled back; next update 11:00.", now=T10)
    e.refresh_from_db()
    return e


@pytest.fixture
def ask(escalation):
    return f.AskFactory(
        escalation=escalation,
        decision="Approve $40K for a second payment processor",
        decide_by=T10 + timedelta(hours=4),
    )


def by_executive(ask, decision, *, note="", now=T10 + timedelta(minutes=30)):
    return ask_decide(
        ask=ask,
        decision=decision,
        decided_by_name="Maya Chen",
        decided_by_email="maya@example.com",
        via=m.DecisionVia.EXECUTIVE_LINK,
        note=note,
        now=now,
    )


def send_due(now):
    for pk in engine.dispatches_queue_due(now=now, enqueue=lambda pks: None):
        engine.dispatch_send(pk=pk, now=now)


def test_an_answer_is_recorded_with_who_when_and_the_note(escalation, ask):
    version = escalation.version
    due = escalation.next_update_due_at
    row = by_executive(ask, m.DecisionChoice.APPROVED, note="Go — keep it under $40K.")
    ask.refresh_from_db()
    escalation.refresh_from_db()
    assert ask.status == m.AskStatus.APPROVED
    assert ask.decided_at == T10 + timedelta(minutes=30)
    assert ask.decided_by == "Maya Chen" and ask.note == "Go — keep it under $40K."
    assert row.via == m.DecisionVia.EXECUTIVE_LINK and row.decided_by_email == "maya@example.com"
    # Readers see it: the timeline says who decided what, and the version moved.
    entry = escalation.updates.order_by("-created_at", "-pk").first()
    assert entry.kind == m.UpdateKind.DECISION
    assert entry.body.startswith(
        "**Maya Chen approved:** Approve $40K for a second payment processor"
    )
    assert "> Go — keep it under $40K." in entry.body
    assert escalation.version > version
    # The executive's answer is not the author's update: the clock still runs.
    assert escalation.next_update_due_at == due
    assert escalation.last_updated_at == T10


def test_changing_the_answer_keeps_the_earlier_one_in_history(escalation, ask):
    by_executive(ask, m.DecisionChoice.DISCUSS, note="Call me first.")
    by_executive(ask, m.DecisionChoice.DECLINED, now=T10 + timedelta(hours=1))
    ask.refresh_from_db()
    assert ask.status == m.AskStatus.DECLINED and ask.note == ""
    history = list(ask.decisions.values_list("decision", "note"))
    assert history == [("declined", ""), ("discuss", "Call me first.")]
    latest = escalation.updates.order_by("-created_at", "-pk").first()
    assert "declined" in latest.body and "(earlier: let's discuss)" in latest.body


def test_a_repeated_answer_records_nothing_twice(escalation, ask):
    first = by_executive(ask, m.DecisionChoice.APPROVED)
    again = by_executive(ask, m.DecisionChoice.APPROVED, now=T10 + timedelta(minutes=31))
    assert again.pk == first.pk
    assert ask.decisions.count() == 1
    assert escalation.updates.filter(kind=m.UpdateKind.DECISION).count() == 1
    assert m.OutboxMessage.objects.filter(purpose=m.DispatchPurpose.DECISION_RECORDED).count() == 1


def test_the_author_is_emailed_at_once_through_the_outbox(escalation, ask):
    row = by_executive(ask, m.DecisionChoice.APPROVED, note="Go.")
    dispatch = m.OutboxMessage.objects.get(purpose=m.DispatchPurpose.DECISION_RECORDED)
    assert dispatch.to_email == "dana@example.com"
    assert dispatch.ask_decision == row and dispatch.send_at == row.created_at
    send_due(T10 + timedelta(minutes=31))
    dispatch.refresh_from_db()
    assert dispatch.state == m.DispatchState.SENT
    # The executive also gets every posted update now; the author's email is the one to them.
    [email] = [sent for sent in mail.outbox if sent.to == ["dana@example.com"]]
    assert email.subject == "Maya Chen approved: Approve $40K for a second payment processor"
    assert "Go." in email.body and f"/escalations/{escalation.pk}/#asks" in email.body
    # In the author's zone (London, UTC+0 in November).
    assert "10:30" in email.body and "Europe/London" in email.body


def test_an_answer_the_author_records_names_who_decided_and_sends_them_no_email(escalation, ask):
    ask_decide(
        ask=ask,
        decision=m.DecisionChoice.APPROVED,
        decided_by_name="Maya Chen",
        via=m.DecisionVia.AUTHOR,
        recorded_by=escalation.owner,
        note="Agreed in the 1:1.",
        now=T10 + timedelta(minutes=45),
    )
    entry = escalation.updates.order_by("-created_at", "-pk").first()
    assert entry.body.startswith("**Maya Chen approved:**")
    assert "_Recorded by Dana Okafor._" in entry.body
    assert not m.OutboxMessage.objects.filter(purpose=m.DispatchPurpose.DECISION_RECORDED)


def test_a_draft_cannot_be_decided_and_a_name_is_required():
    draft_ask = f.AskFactory(escalation=f.EscalationFactory())
    with pytest.raises(DecisionRefused, match="not been sent"):
        by_executive(draft_ask, m.DecisionChoice.APPROVED)
    with pytest.raises(DecisionRefused, match="who decided"):
        ask_decide(
            ask=draft_ask,
            decision=m.DecisionChoice.APPROVED,
            decided_by_name="  ",
            via=m.DecisionVia.AUTHOR,
        )
    assert not m.AskDecision.objects.exists()


def test_an_unanswered_ask_past_its_deadline_is_flagged_to_the_author_once(escalation, ask):
    version = m.Escalation.objects.get(pk=escalation.pk).version
    before = T10 + timedelta(hours=3, minutes=59)
    reminder.stale_scan(now=before)
    assert not m.OutboxMessage.objects.filter(purpose=m.DispatchPurpose.ASK_OVERDUE)
    late = ask.decide_by + timedelta(minutes=1)
    for minutes in (1, 2, 30):
        reminder.stale_scan(now=ask.decide_by + timedelta(minutes=minutes))
    [row] = m.OutboxMessage.objects.filter(purpose=m.DispatchPurpose.ASK_OVERDUE)
    assert row.ask == ask and row.to_email == "dana@example.com"
    assert row.window_due_at == ask.decide_by
    # Status pages key on the version: "waiting since" shows on the next request.
    assert m.Escalation.objects.get(pk=escalation.pk).version > version
    mail.outbox.clear()
    send_due(late)
    overdue = [x for x in mail.outbox if x.subject.startswith("Decision overdue")]
    assert len(overdue) == 1
    assert "Maya Chen has not answered yet" in overdue[0].body


def test_an_overdue_flag_is_not_sent_once_the_ask_was_answered(escalation, ask):
    reminder.stale_scan(now=ask.decide_by + timedelta(minutes=1))
    by_executive(ask, m.DecisionChoice.APPROVED, now=ask.decide_by + timedelta(minutes=2))
    mail.outbox.clear()
    send_due(ask.decide_by + timedelta(minutes=3))
    row = m.OutboxMessage.objects.get(purpose=m.DispatchPurpose.ASK_OVERDUE)
    assert row.state == m.DispatchState.CANCELLED
    assert not [x for x in mail.outbox if x.subject.startswith("Decision overdue")]


def test_metrics_count_approvals_and_declines_by_their_deadline(escalation, ask):
    on_time = ask
    late = f.AskFactory(escalation=escalation, decide_by=T10 + timedelta(hours=1))
    discussed = f.AskFactory(escalation=escalation, decide_by=T10 + timedelta(hours=1))
    by_executive(on_time, m.DecisionChoice.APPROVED, now=T10 + timedelta(hours=2))
    by_executive(late, m.DecisionChoice.DECLINED, now=T10 + timedelta(hours=2))
    # "Let's discuss" is an answer, not a decision: past its deadline it counts as late.
    by_executive(discussed, m.DecisionChoice.DISCUSS, now=T10 + timedelta(minutes=10))
    report = monthly_metrics(
        start=date(2026, 11, 1), end=date(2026, 11, 30), now=T10 + timedelta(days=1)
    )
    assert (report.overall.asks.hits, report.overall.asks.total) == (1, 3)
    # Decision entries are not the author's updates: only the one real update counts.
    assert report.overall.updates.total == 1
