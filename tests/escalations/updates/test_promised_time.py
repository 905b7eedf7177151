"""The next-update time written in an update is the one the page promises, or the form
says why not; times that are not today say their day (issue 14, item 6)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from escalations import models as m
from tests.factories import EscalatedFactory, ProfileFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 25, 19, 46, tzinfo=UTC)  # 19:46 in London (UTC in winter)


@pytest.fixture
def escalation(user):
    ProfileFactory(user=user, time_zone="Europe/London")
    return EscalatedFactory(
        owner=user,
        kind=m.Kind.MAJOR_INCIDENT,
        last_updated_at=NOW - timedelta(minutes=30),
        next_update_due_at=NOW + timedelta(minutes=30),
    )


@time_machine.travel(NOW, tick=False)
def test_a_later_time_than_the_cadence_is_refused_with_the_reason(author_client, escalation):
    response = author_client.post(
        f"/escalations/{escalation.pk}/updates/",
        {"body": "Rollback at 40%. Next update by 21:00.", "state": "mitigating"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "promises the next update by 21:00, but the cadence owes readers one by 20:46" in html
    assert "Rollback at 40%. Next update by 21:00." in html
    assert not escalation.updates.exists()


@time_machine.travel(NOW, tick=False)
def test_an_earlier_time_becomes_the_promise_readers_see(author_client, escalation):
    response = author_client.post(
        f"/escalations/{escalation.pk}/updates/",
        {"body": "Rollback at 40%. Next update by 20:30.", "state": "mitigating"},
    )
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.next_update_due_at == datetime(2026, 11, 25, 20, 30, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
def test_without_a_time_in_the_text_the_cadence_decides(author_client, escalation):
    author_client.post(
        f"/escalations/{escalation.pk}/updates/",
        {"body": "Rollback at 40%.", "state": "mitigating"},
    )
    escalation.refresh_from_db()
    assert escalation.next_update_due_at == NOW + timedelta(hours=1)


@time_machine.travel(NOW, tick=False)
def test_a_contained_escalations_no_change_button_says_tomorrow(author_client, user):
    ProfileFactory(user=user, time_zone="Europe/London")
    e = EscalatedFactory(
        owner=user,
        state=m.State.CONTAINED,
        last_updated_at=datetime(2026, 11, 25, 19, 40, tzinfo=UTC),
        next_update_due_at=datetime(2026, 11, 26, 19, 40, tzinfo=UTC),
    )
    html = author_client.get(f"/escalations/{e.pk}/").content.decode()
    assert "No change since 19:40" in html
    assert "promises the next update by tomorrow 19:" in html
