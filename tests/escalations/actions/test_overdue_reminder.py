"""An action past its due time and not done is flagged on the page and emailed to the author,
once per update window, like an overdue update; through the real stale scan and outbox."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail

from escalations import models as m
from escalations.actions.services import action_mark_done
from escalations.outbox import engine, reminder
from tests import factories as f
from tests.concurrency import at_once

DUE = datetime(2026, 11, 24, 13, 0, tzinfo=UTC)


def tick(now):
    reminder.stale_scan(now=now)
    for pk in engine.dispatches_queue_due(now=now, enqueue=lambda pks: None):
        engine.dispatch_send(pk=pk, now=now)


def overdue_mail():
    """Reminders about the rollback (the other action falls due a day later)."""
    return [x for x in mail.outbox if x.subject == "Action overdue: Roll back the deploy"]


def _incident():
    """A major incident (hourly updates) whose rollback was due at 13:00 UTC."""
    e = f.EscalatedFactory(
        title="Checkout down",
        kind=m.Kind.MAJOR_INCIDENT,
        escalated_at=DUE - timedelta(hours=2),
        next_update_due_at=DUE + timedelta(days=30),  # updates on time: only the action
    )
    f.ProfileFactory(user=e.owner, time_zone="America/New_York")
    action = f.RemediationActionFactory(
        escalation=e, description="Roll back the deploy", due_at=DUE
    )
    f.RemediationActionFactory(escalation=e, description="Later", due_at=DUE + timedelta(days=1))
    return e, action


@pytest.mark.django_db
def test_an_overdue_action_reminds_the_author_once_per_update_window():
    e, action = _incident()
    tick(DUE - timedelta(minutes=1))
    assert overdue_mail() == []
    tick(DUE + timedelta(minutes=1))
    tick(DUE + timedelta(minutes=30))
    tick(DUE + timedelta(minutes=59))
    sent = overdue_mail()
    assert [x.subject for x in sent] == ["Action overdue: Roll back the deploy"]
    assert sent[0].to == [e.owner.email]
    # In the author's zone, named; a link to the actions to mark it done.
    assert "was due Tue 24 Nov 08:00 EST (America/New_York)" in sent[0].body
    assert f"/escalations/{e.pk}/#actions" in sent[0].body
    # The next hourly window brings the next reminder; once done, no more.
    tick(DUE + timedelta(hours=1, minutes=1))
    assert len(overdue_mail()) == 2
    action_mark_done(action=action, by=e.owner, now=DUE + timedelta(hours=1, minutes=5))
    tick(DUE + timedelta(hours=2, minutes=1))
    tick(DUE + timedelta(hours=5))
    assert len(overdue_mail()) == 2


@pytest.mark.django_db
def test_a_reminder_owed_before_the_action_was_done_is_not_sent():
    e, action = _incident()
    reminder.stale_scan(now=DUE + timedelta(minutes=1))
    row = m.OutboxMessage.objects.get(purpose=m.DispatchPurpose.ACTION_OVERDUE)
    action_mark_done(action=action, by=e.owner, now=DUE + timedelta(minutes=2))
    for pk in engine.dispatches_queue_due(now=DUE + timedelta(minutes=3), enqueue=lambda p: None):
        engine.dispatch_send(pk=pk, now=DUE + timedelta(minutes=3))
    assert overdue_mail() == []
    row.refresh_from_db()
    assert row.state == m.DispatchState.CANCELLED
    assert "marked done" in row.error


@pytest.mark.django_db
def test_a_daily_cadence_reminds_once_a_day_and_a_resolved_escalation_never():
    e, _ = _incident()
    e.state = m.State.CONTAINED  # after containment a major incident is updated daily
    e.save(update_fields=["state"])
    for hours in (1, 5, 23):
        tick(DUE + timedelta(hours=hours))
    assert len(overdue_mail()) == 1
    tick(DUE + timedelta(hours=24, minutes=1))
    assert len(overdue_mail()) == 2
    assert [x.subject for x in mail.outbox][-1] == "Action overdue: Later"
    e.state = m.State.RESOLVED
    e.contained_at = e.resolved_at = DUE + timedelta(hours=25)
    e.next_update_due_at = None
    e.save(update_fields=["state", "contained_at", "resolved_at", "next_update_due_at"])
    tick(DUE + timedelta(hours=48, minutes=1))
    assert len(overdue_mail()) == 2


@pytest.mark.django_db(transaction=True)
def test_two_ticks_at_once_owe_one_reminder():
    _incident()
    now = DUE + timedelta(minutes=1)
    at_once(lambda: reminder.stale_scan(now=now))
    assert m.OutboxMessage.objects.filter(purpose=m.DispatchPurpose.ACTION_OVERDUE).count() == 1
