"""Impact that stays true: revenue at risk per hour while it lasts, what was lost once
contained — in the pre-read, on the escalation page and on the status page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from escalations import models as m
from escalations.lifecycle.services import escalation_set_state
from escalations.wizard import briefing
from tests import factories as f

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


def _incident(**kw):
    return f.EscalatedFactory(
        impact_revenue_per_hour=Decimal("230000"),
        detected_at=T0,
        escalated_at=T0 + timedelta(minutes=20),
        **kw,
    )


def test_while_open_the_hourly_figure_is_at_risk_and_a_total_is_so_far():
    e = _incident(impact_revenue_total=Decimal("460000"))
    assert briefing.revenue_phrase(e) == (
        "$230,000 revenue per hour at risk while it lasts; $460,000 lost so far"
    )


def test_once_contained_readers_see_what_was_lost_not_the_hourly_risk(client):
    e = _incident()
    escalation_set_state(
        escalation=e, state=m.State.CONTAINED, by=e.owner, now=T0 + timedelta(hours=2, minutes=30)
    )
    e.refresh_from_db()
    phrase = briefing.revenue_phrase(e)
    assert phrase == (
        "about $575,000 revenue lost ($230,000 per hour for 2 h 30 min, until contained)"
    )
    pre = briefing.preread(e)
    assert "per hour at risk" not in pre.markdown
    assert "about $575,000 revenue lost" in pre.markdown
    link = f.ShareLinkFactory(escalation=e, token="v" * 43)
    page = client.get(f"/s/{'v' * 43}/").content.decode()
    assert link and "about $575,000 revenue lost" in page
    assert "per hour at risk" not in page


def test_a_stated_total_wins_once_contained(author_client, user):
    e = _incident(owner=user, impact_revenue_total=Decimal("512000"))
    escalation_set_state(
        escalation=e, state=m.State.CONTAINED, by=user, now=T0 + timedelta(hours=3)
    )
    page = author_client.get(f"/escalations/{e.pk}/").content.decode()
    assert "$512,000 revenue lost" in page
    assert "per hour at risk" not in page


def test_reopened_it_is_at_risk_again():
    e = _incident()
    escalation_set_state(
        escalation=e, state=m.State.CONTAINED, by=e.owner, now=T0 + timedelta(hours=1)
    )
    escalation_set_state(
        escalation=e, state=m.State.ESCALATED, by=e.owner, now=T0 + timedelta(hours=2)
    )
    e.refresh_from_db()
    assert briefing.revenue_phrase(e) == "$230,000 revenue per hour at risk while it lasts"


def test_a_total_alone_is_enough_impact_for_the_wizard(author_client, user):
    from tests.escalations.wizard.helpers import IMPACT, complete_draft, step_url

    e = complete_draft(owner=user)
    data = {**IMPACT, "impact_customers_affected": "", "impact_revenue_per_hour": ""}
    data["impact_revenue_total"] = "120000"
    response = author_client.post(step_url(e, "impact"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    e.refresh_from_db()
    assert e.impact_revenue_total == Decimal("120000")
