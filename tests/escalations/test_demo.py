from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.management import call_command

from escalations import models as m
from escalations.demo import seed_demo
from statuspages.models import ShareLink

pytestmark = pytest.mark.django_db


def _seed() -> dict:
    out = io.StringIO()
    call_command("seed_demo", "--json", stdout=out)
    return json.loads(out.getvalue())


def test_seed_demo_prints_the_documented_json_shape(client):
    data = _seed()
    assert set(data) == {"username", "password", "escalation_url", "status_url"}
    assert data["escalation_url"].startswith("/escalations/")
    assert re.fullmatch(r"/s/[A-Za-z0-9_-]{43,}/", data["status_url"])
    # The status page answers without a login…
    page = client.get(data["status_url"])
    assert page.status_code == 200
    assert b"Last updated" in page.content
    assert client.login(username=data["username"], password=data["password"])
    assert client.get(data["escalation_url"]).status_code == 200


def test_seed_demo_is_idempotent():
    first = _seed()
    second = _seed()
    assert first["escalation_url"] == second["escalation_url"]
    assert first["status_url"] == second["status_url"]
    assert ShareLink.objects.count() == 1
    assert m.Escalation.objects.count() == 1
    e = m.Escalation.objects.get()
    assert e.updates.count() == 3
    assert e.actions.count() == 2
    assert e.asks.count() == 1
    assert e.questions.count() == 2
    assert e.meetings.count() == 1


def test_demo_escalation_is_complete_and_realistic():
    _seed()
    e = m.Escalation.objects.get()
    assert e.state == m.State.ESCALATED
    for field in (
        "impact_headline",
        "cause_statement",
        "ownership_statement",
        "remediation_mitigation",
        "asks_decision_threshold",
    ):
        assert getattr(e, field).strip(), field
    assert e.cause_confidence == m.CauseConfidence.CONFIRMED
    assert e.contributing_factors.filter(is_authors=True).count() == 1
    assert e.next_update_due_at is not None and e.last_updated_at is not None
    meeting = e.meetings.get()
    assert meeting.starts_at > e.last_updated_at


def test_seed_demo_adds_a_read_only_reviewer_for_the_admin(client):
    from escalations.demo import DEMO_REVIEWER_PASSWORD, DEMO_REVIEWER_USERNAME

    _seed()
    _seed()
    assert client.login(username=DEMO_REVIEWER_USERNAME, password=DEMO_REVIEWER_PASSWORD)
    assert client.get("/admin/escalations/escalation/").status_code == 200
    e = m.Escalation.objects.get()
    change = client.post(f"/admin/escalations/escalation/{e.pk}/change/", {"title": "x"})
    assert change.status_code == 403
    assert client.get(e.get_absolute_url()).status_code == 200  # read, never write


def test_demo_dates_follow_today():
    with time_machine.travel(datetime(2026, 11, 23, 12, 0, tzinfo=UTC), tick=False):
        e = seed_demo().escalation
    assert "SLA for November" in e.impact_headline
    assert "March" not in e.impact_headline
    assert "past Wednesday" in e.asks.get().decision  # two days after Monday 23 November
