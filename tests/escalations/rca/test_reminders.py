"""The RCA still to write reminds its author daily until done or dismissed; an overdue
preventive action reminds them once per due date. Through the real stale scan and outbox."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail

from escalations import models as m
from escalations.outbox import engine, reminder
from escalations.rca import services
from tests import factories as f

pytestmark = pytest.mark.django_db
RESOLVED = datetime(2026, 11, 24, 13, 0, tzinfo=UTC)


def tick(now):
    reminder.stale_scan(now=now)
    for pk in engine.dispatches_queue_due(now=now, enqueue=lambda pks: None):
        engine.dispatch_send(pk=pk, now=now)


def subjects(prefix):
    return [x.subject for x in mail.outbox if x.subject.startswith(prefix)]


@pytest.fixture
def resolved():
    e = f.ResolvedFactory(
        title="SSO login outage",
        contained_at=RESOLVED - timedelta(hours=1),
        resolved_at=RESOLVED,
        detected_at=RESOLVED - timedelta(hours=5),
        escalated_at=RESOLVED - timedelta(hours=4),
    )
    f.ProfileFactory(user=e.owner, time_zone="Europe/London")
    return e


def test_the_rca_reminder_comes_once_a_day_until_it_is_dismissed(resolved):
    tick(RESOLVED + timedelta(hours=12))
    assert subjects("RCA still to write") == []
    tick(RESOLVED + timedelta(hours=23))
    tick(RESOLVED + timedelta(hours=23, minutes=1))
    assert subjects("RCA still to write") == ["RCA still to write: SSO login outage"]
    body = mail.outbox[-1].body
    assert f"/escalations/{resolved.pk}/#rca" in body
    assert "say why on the escalation page and the reminders stop" in body
    tick(RESOLVED + timedelta(days=1, hours=22))
    assert len(subjects("RCA still to write")) == 1
    tick(RESOLVED + timedelta(days=1, hours=23, minutes=1))
    assert len(subjects("RCA still to write")) == 2
    services.rca_dismiss(escalation=resolved, reason="Vendor outage; their RCA covers it.")
    tick(RESOLVED + timedelta(days=3))
    assert len(subjects("RCA still to write")) == 2


def test_many_rcas_owed_at_once_are_reminded_over_a_few_ticks_each_once(monkeypatch):
    # Years of resolved escalations without an RCA must not make one tick owe them all (the
    # tick runs every 20 s): a few per tick, each author once that day, none twice.
    from escalations.outbox import rca_reminder

    monkeypatch.setattr(rca_reminder, "RCA_REMINDERS_PER_TICK", 2)
    for n in range(5):
        f.ResolvedFactory(title=f"Outage {n}", contained_at=RESOLVED, resolved_at=RESOLVED)
    day_two = RESOLVED + timedelta(days=1, minutes=5)
    owed = []
    for second in range(4):
        tick(day_two + timedelta(seconds=20 * second))
        owed.append(len(subjects("RCA still to write")))
    assert owed == [2, 4, 5, 5]
    assert sorted(subjects("RCA still to write")) == [
        f"RCA still to write: Outage {n}" for n in range(5)
    ]


def test_a_completed_rca_is_not_reminded(resolved):
    rca = f.RcaFactory(escalation=resolved)
    f.PreventiveActionFactory(rca=rca, due_at=RESOLVED + timedelta(days=30))
    services.rca_complete(rca=rca, now=RESOLVED + timedelta(hours=2))
    tick(RESOLVED + timedelta(days=2))
    assert subjects("RCA still to write") == []


def test_an_overdue_preventive_action_reminds_the_author_once(resolved):
    rca = f.RcaFactory(escalation=resolved, completed_at=RESOLVED)
    due = RESOLVED + timedelta(days=3)
    f.PreventiveActionFactory(rca=rca, description="Alert before expiry", due_at=due)
    done = f.PreventiveActionFactory(rca=rca, description="Runbook", due_at=due)
    services.preventive_mark_done(action=done, now=RESOLVED + timedelta(days=1))
    tick(due - timedelta(minutes=1))
    assert subjects("Preventive action overdue") == []
    tick(due + timedelta(minutes=1))
    tick(due + timedelta(hours=5))
    assert subjects("Preventive action overdue") == [
        "Preventive action overdue: Alert before expiry"
    ]
    assert "the escalation closes only when every preventive action is settled" in (
        mail.outbox[-1].body
    )
    assert m.OutboxMessage.objects.filter(purpose="preventive_overdue").count() == 1


def send_owed(now):
    for pk in engine.dispatches_queue_due(now=now, enqueue=lambda pks: None):
        engine.dispatch_send(pk=pk, now=now)


def test_a_reminder_owed_before_the_rca_was_dismissed_is_not_sent(resolved):
    owed_at = RESOLVED + timedelta(days=1, minutes=1)
    reminder.stale_scan(now=owed_at)
    row = m.OutboxMessage.objects.get(purpose=m.DispatchPurpose.RCA_REMINDER)
    services.rca_dismiss(escalation=resolved, reason="Vendor outage; their RCA covers it.")
    send_owed(owed_at + timedelta(seconds=20))
    assert subjects("RCA still to write") == []
    row.refresh_from_db()
    assert row.state == m.DispatchState.CANCELLED
    assert "dismissed" in row.error


def test_an_overdue_note_owed_before_the_action_was_done_is_not_sent(resolved):
    rca = f.RcaFactory(escalation=resolved, completed_at=RESOLVED)
    due = RESOLVED + timedelta(days=3)
    action = f.PreventiveActionFactory(rca=rca, description="Alert before expiry", due_at=due)
    reminder.stale_scan(now=due + timedelta(minutes=1))
    row = m.OutboxMessage.objects.get(purpose=m.DispatchPurpose.PREVENTIVE_OVERDUE)
    services.preventive_mark_done(action=action, now=due + timedelta(minutes=2))
    send_owed(due + timedelta(minutes=3))
    assert subjects("Preventive action overdue") == []
    row.refresh_from_db()
    assert row.state == m.DispatchState.CANCELLED
    assert "settled" in row.error
