"""Stale flags, reminders and the executive notice: one per escalation, window and kind."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from django.core import mail

from escalations import models as m
from escalations.lifecycle.services import escalation_set_state
from escalations.meetings import services as meetings
from escalations.outbox import engine, reminder
from escalations.updates.services import update_post
from tests import factories as f
from tests.concurrency import at_once

pytestmark = pytest.mark.django_db
T13 = datetime(2026, 11, 24, 13, 0, tzinfo=UTC)


def _incident(**kw):
    """A major incident updated at 13:00 UTC: the next update is owed at 14:00."""
    e = f.EscalatedFactory(
        title="Checkout down",
        kind=m.Kind.MAJOR_INCIDENT,
        executive_email="cto@example.com",
        executive_time_zone="Europe/Berlin",
        escalated_at=T13 - timedelta(hours=1),
        **kw,
    )
    f.ProfileFactory(user=e.owner, time_zone="Europe/London")
    update_post(escalation=e, author=e.owner, body="Rolled back; next update 14:00.", now=T13)
    e.refresh_from_db()
    assert e.next_update_due_at == T13 + timedelta(hours=1)
    return e


def tick(now):
    """One stale tick then one dispatch tick, as beat runs them."""
    reminder.stale_scan(now=now)
    for pk in engine.dispatches_queue_due(now=now, enqueue=lambda pks: None):
        engine.dispatch_send(pk=pk, now=now)


def _outbox():
    """Reminders and notices; the updates themselves also reach the executive by email
    (tests/escalations/subscriptions)."""
    return [x for x in mail.outbox if "List-Unsubscribe" not in x.extra_headers]


def _subjects():
    return [x.subject for x in _outbox()]


def test_overdue_escalation_is_flagged_and_the_author_reminded_once_per_window(settings):
    e = _incident()
    version = e.version
    tick(T13 + timedelta(minutes=59))
    assert [s for s in _subjects() if s.startswith("Update overdue")] == []
    tick(T13 + timedelta(minutes=61))
    tick(T13 + timedelta(minutes=75))  # same window, second and third ticks: nothing new
    tick(T13 + timedelta(minutes=90))
    e.refresh_from_db()
    assert e.stale_since == T13 + timedelta(hours=1)
    assert e.version == version + 1  # readers' caches see the flag, once
    reminders = [x for x in _outbox() if x.subject.startswith("Update overdue")]
    assert len(reminders) == 1
    r = reminders[0]
    assert r.to == [e.owner.email]
    assert r.subject == "Update overdue: Checkout down — was due 14:00 (Europe/London)"
    assert f"{settings.SITE_URL}/escalations/{e.pk}/#post-update" in r.body
    assert f'href="{settings.SITE_URL}/escalations/{e.pk}/#post-update"' in r.alternatives[0][0]
    # The next window brings the next reminder.
    tick(T13 + timedelta(hours=2, minutes=1))
    assert len([s for s in _subjects() if s.startswith("Update overdue")]) == 2


def test_executive_is_told_after_two_missed_windows_once():
    e = _incident()
    tick(T13 + timedelta(hours=1, minutes=1))
    assert not [x for x in _outbox() if x.to == ["cto@example.com"]]
    tick(T13 + timedelta(hours=2, minutes=1))
    tick(T13 + timedelta(hours=2, minutes=30))
    tick(T13 + timedelta(hours=3, minutes=1))
    tick(T13 + timedelta(hours=6, minutes=1))
    to_exec = [x for x in _outbox() if x.to == ["cto@example.com"]]
    assert len(to_exec) == 1
    # 13:00 UTC is 14:00 in Berlin, the executive's zone.
    assert to_exec[0].subject == "No update on Checkout down since 14:00 (Europe/Berlin)"
    assert "Rolled back; next update 14:00." in to_exec[0].body
    assert to_exec[0].reply_to == [e.owner.email]
    assert m.OutboxMessage.objects.filter(purpose=m.DispatchPurpose.EXECUTIVE_NOTICE).count() == 1


def test_posting_an_update_clears_the_flag_and_stops_pending_notices():
    e = _incident()
    reminder.stale_scan(now=T13 + timedelta(hours=2, minutes=1))  # rows owed, not sent yet
    e.refresh_from_db()
    assert e.stale_since is not None
    posted = T13 + timedelta(hours=2, minutes=2)
    update_post(escalation=e, author=e.owner, body="No change; next update 16:00.", now=posted)
    e.refresh_from_db()
    assert e.stale_since is None
    for pk in engine.dispatches_queue_due(now=posted, enqueue=lambda pks: None):
        engine.dispatch_send(pk=pk, now=posted)
    assert _outbox() == []
    notices = m.OutboxMessage.objects.filter(escalation=e).exclude(purpose=m.DispatchPurpose.UPDATE)
    assert set(notices.values_list("state", flat=True)) == {m.DispatchState.CANCELLED}
    # A new silent stretch starts from the new due time: one window is not enough for the
    # executive again.
    tick(posted + timedelta(hours=1, minutes=1))
    assert [x.to for x in _outbox()] == [[e.owner.email]]


def test_heads_up_ten_minutes_before_an_hourly_update():
    e = _incident()
    tick(T13 + timedelta(minutes=49))
    assert _subjects() == []
    tick(T13 + timedelta(minutes=50))
    tick(T13 + timedelta(minutes=55))
    assert _subjects() == ["Update due at 14:00 (Europe/London): Checkout down"]
    assert f"/escalations/{e.pk}/#post-update" in _outbox()[0].body


def test_no_heads_up_on_a_daily_cadence_and_contained_switches_to_daily():
    e = _incident()
    escalation_set_state(
        escalation=e, state=m.State.CONTAINED, by=e.owner, now=T13 + timedelta(minutes=30)
    )
    e.refresh_from_db()
    due = T13 + timedelta(minutes=30) + timedelta(days=1)
    assert e.next_update_due_at == due
    tick(due - timedelta(minutes=5))
    assert _subjects() == []
    tick(due + timedelta(minutes=1))
    tick(due + timedelta(hours=5))  # still the same daily window
    # (Contained, the RCA is owed too: its own daily reminder is tests/escalations/rca's.)
    assert len([s for s in _subjects() if s.startswith("Update overdue")]) == 1
    tick(due + timedelta(days=1, minutes=1))
    assert len([x for x in _outbox() if x.to == ["cto@example.com"]]) == 1


def test_fixed_daily_time_windows_stay_at_0900_local_across_dst():
    e = f.EscalatedFactory(
        kind=m.Kind.SCHEDULE_SLIP,
        executive_email="cto@example.com",
        executive_time_zone="Europe/Berlin",
        cadence_daily_at=time(9, 0),
        cadence_time_zone="Europe/Berlin",
        escalated_at=datetime(2027, 3, 25, 8, 0, tzinfo=UTC),
    )
    update_post(
        escalation=e,
        author=e.owner,
        body="Slip confirmed.",
        now=datetime(2027, 3, 26, 8, 0, tzinfo=UTC),
    )
    e.refresh_from_db()
    assert e.next_update_due_at == datetime(2027, 3, 27, 8, 0, tzinfo=UTC)  # 09:00 CET
    missed = reminder.missed_windows(e, now=datetime(2027, 3, 28, 7, 1, tzinfo=UTC), policy=None)
    assert missed is not None
    assert missed.latest == datetime(2027, 3, 28, 7, 0, tzinfo=UTC)  # 09:00 CEST
    assert missed.count == 2
    tick(datetime(2027, 3, 28, 7, 1, tzinfo=UTC))
    assert len([x for x in _outbox() if x.to == ["cto@example.com"]]) == 1


def test_a_stricter_interval_chosen_by_the_author_drives_the_windows():
    e = f.EscalatedFactory(kind=m.Kind.SCHEDULE_SLIP, executive_email="cto@example.com")
    update_post(escalation=e, author=e.owner, body="Slip of 3 days.", now=T13)
    meetings.escalation_set_cadence(
        escalation=e, interval=timedelta(hours=4), daily_at=None, time_zone="UTC", now=T13
    )
    e.refresh_from_db()
    assert e.next_update_due_at == T13 + timedelta(hours=4)
    tick(T13 + timedelta(hours=8, minutes=1))
    assert len([x for x in _outbox() if x.to == ["cto@example.com"]]) == 1


def test_resolved_and_draft_escalations_are_never_flagged():
    f.EscalatedFactory(state=m.State.RESOLVED, resolved_at=T13, next_update_due_at=T13)
    f.EscalationFactory(next_update_due_at=T13)
    result = reminder.stale_scan(now=T13 + timedelta(days=3))
    assert result.overdue == 0
    # No update is owed once resolved; only the RCA is (tests/escalations/rca).
    assert not m.OutboxMessage.objects.exclude(purpose=m.DispatchPurpose.RCA_REMINDER).exists()


@pytest.mark.django_db(transaction=True)
def test_two_stale_ticks_at_once_owe_each_notice_once_and_flag_once():
    # Two ticks race over the same overdue escalation: two missed windows (the author, a
    # co-author and the executive are owed a notice) and an ask past its decide-by time.
    e = _incident()
    sam = f.UserFactory(email="sam@example.com")
    e.coauthors.add(sam)
    f.AskFactory(escalation=e, decide_by=T13 + timedelta(minutes=30))
    now = T13 + timedelta(hours=2, minutes=1)
    at_once(lambda: reminder.stale_scan(now=now))
    owed = m.OutboxMessage.objects.exclude(purpose=m.DispatchPurpose.UPDATE)
    assert sorted(owed.values_list("purpose", "to_email")) == sorted(
        [
            (m.DispatchPurpose.STALE_REMINDER, e.owner.email),
            (m.DispatchPurpose.STALE_REMINDER, "sam@example.com"),
            (m.DispatchPurpose.EXECUTIVE_NOTICE, "cto@example.com"),
            (m.DispatchPurpose.ASK_OVERDUE, e.owner.email),
            (m.DispatchPurpose.ASK_OVERDUE, "sam@example.com"),
        ]
    )
    e.refresh_from_db()
    assert e.stale_since == T13 + timedelta(hours=1)
    again = reminder.stale_scan(now=now)
    assert (again.newly_stale, again.created) == (0, 0)
    # Each sent once, to whom it was owed.
    for pk in engine.dispatches_queue_due(now=now, enqueue=lambda pks: None):
        engine.dispatch_send(pk=pk, now=now)
    assert sorted((x.to[0], x.subject.split(":")[0]) for x in _outbox()) == sorted(
        [
            (e.owner.email, "Update overdue"),
            ("sam@example.com", "Update overdue"),
            ("cto@example.com", "No update on Checkout down since 14"),
            (e.owner.email, "Decision overdue"),
            ("sam@example.com", "Decision overdue"),
        ]
    )
