from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine

from escalations import cadence
from escalations import models as m
from escalations.lifecycle.services import TransitionNotAllowed, escalation_set_state
from escalations.updates.services import update_post
from tests import factories as f

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("kind", "state", "expected"),
    [
        (m.Kind.MAJOR_INCIDENT, m.State.ESCALATED, timedelta(hours=1)),
        (m.Kind.MAJOR_INCIDENT, m.State.CONTAINED, timedelta(days=1)),
        (m.Kind.SECURITY_INCIDENT, m.State.ESCALATED, timedelta(hours=1)),
        (m.Kind.THIRD_PARTY_OUTAGE, m.State.CONTAINED, timedelta(days=1)),
        (m.Kind.SCHEDULE_SLIP, m.State.ESCALATED, timedelta(days=1)),
        (m.Kind.TECH_DEBT, m.State.ESCALATED, timedelta(days=7)),
    ],
)
def test_next_update_follows_the_domain_cadence(kind, state, expected):
    e = f.EscalatedFactory(
        kind=kind, state=state, contained_at=T0 if state == m.State.CONTAINED else None
    )
    assert cadence.next_update_due(e, after=T0) == T0 + expected


def test_nothing_is_owed_for_drafts_or_resolved():
    assert cadence.next_update_due(f.EscalationFactory(), after=T0) is None
    resolved = f.EscalatedFactory(state=m.State.RESOLVED, resolved_at=T0)
    assert cadence.next_update_due(resolved, after=T0) is None


def test_author_can_only_make_the_cadence_stricter():
    stricter = f.EscalatedFactory(kind=m.Kind.SCHEDULE_SLIP, cadence_interval=timedelta(hours=4))
    assert cadence.next_update_due(stricter, after=T0) == T0 + timedelta(hours=4)
    looser = f.EscalatedFactory(kind=m.Kind.MAJOR_INCIDENT, cadence_interval=timedelta(hours=6))
    assert cadence.next_update_due(looser, after=T0) == T0 + timedelta(hours=1)


def test_admin_edited_policy_is_used():
    m.CadencePolicy.objects.filter(kind=m.Kind.SCHEDULE_SLIP).update(
        interval_until_contained=timedelta(hours=12)
    )
    e = f.EscalatedFactory(kind=m.Kind.SCHEDULE_SLIP)
    assert cadence.next_update_due(e, after=T0) == T0 + timedelta(hours=12)


def test_fixed_daily_time_in_the_authors_zone_across_dst():
    e = f.EscalatedFactory(
        kind=m.Kind.SCHEDULE_SLIP, cadence_daily_at=time(9, 0), cadence_time_zone="Europe/Berlin"
    )
    # Saturday 27 March 2027 10:00 Berlin (CET, UTC+1) → Sunday 09:00 CEST (UTC+2) = 07:00 UTC.
    after = datetime(2027, 3, 27, 9, 0, tzinfo=UTC)
    assert cadence.next_update_due(e, after=after) == datetime(2027, 3, 28, 7, 0, tzinfo=UTC)


def test_update_at_0850_answers_todays_0900_slot():
    e = f.EscalatedFactory(
        kind=m.Kind.SCHEDULE_SLIP, cadence_daily_at=time(9, 0), cadence_time_zone="UTC"
    )
    after = datetime(2026, 11, 20, 8, 50, tzinfo=UTC)
    assert cadence.next_update_due(e, after=after) == datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


def test_describe_reads_naturally():
    e = f.EscalatedFactory(kind=m.Kind.MAJOR_INCIDENT)
    assert cadence.describe(e) == "every 1 hour until contained, then every 1 day"


def test_posting_an_update_restarts_the_clock_and_clears_stale():
    e = f.EscalatedFactory(
        next_update_due_at=T0 - timedelta(minutes=10), stale_since=T0 - timedelta(minutes=10)
    )
    v = e.version
    upd = update_post(
        escalation=e, author=e.owner, body="No change since 13:00; next update 15:00.", now=T0
    )
    e.refresh_from_db()
    assert e.last_updated_at == T0
    assert e.next_update_due_at == T0 + timedelta(hours=1)
    assert e.stale_since is None
    assert e.version == v + 1
    assert upd.was_due_at == T0 - timedelta(minutes=10)
    assert not upd.on_time


def test_containing_switches_hourly_to_daily():
    e = f.EscalatedFactory(kind=m.Kind.MAJOR_INCIDENT)
    with time_machine.travel(T0, tick=False):
        escalation_set_state(escalation=e, state=m.State.CONTAINED, by=e.owner)
    e.refresh_from_db()
    assert e.contained_at == T0
    assert e.next_update_due_at == T0 + timedelta(days=1)
    latest = e.updates.first()
    assert latest is not None and latest.public_status == m.PublicStatus.MONITORING


def test_resolving_stops_the_clock():
    e = f.EscalatedFactory()
    escalation_set_state(escalation=e, state=m.State.RESOLVED, by=e.owner, now=T0)
    e.refresh_from_db()
    assert e.resolved_at == T0
    assert e.next_update_due_at is None
    assert not e.is_stale(T0 + timedelta(days=30))


def test_impossible_transition_is_refused_with_a_reason():
    e = f.EscalationFactory()
    with pytest.raises(TransitionNotAllowed, match="draft"):
        escalation_set_state(escalation=e, state=m.State.RESOLVED, by=e.owner)
