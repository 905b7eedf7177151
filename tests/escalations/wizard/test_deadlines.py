"""Deadlines already passed are refused on a new ask or action; old rows keep theirs and
show "overdue"; an absurd delay is refused (issue 14, item 4)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from escalations.models import Ask, Escalation, RemediationAction, State
from tests import factories as f
from tests.escalations.wizard.helpers import IMPACT, complete_draft, rows, step_url

pytestmark = pytest.mark.django_db

# 15:00 in Berlin (the author's zone, from ProfileFactory).
NOW = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)


@pytest.fixture
def author(user):
    f.ProfileFactory(user=user, time_zone="Europe/Berlin")
    return user


def _action(due: str, **extra: str) -> dict[str, str]:
    return {
        "description": "Ship the fix",
        "owner_name": "Sam",
        "due_at": due,
        "kind": "corrective",
        **extra,
    }


def _ask(by: str, **extra: str) -> dict[str, str]:
    return {"decision": "Approve two contractors", "kind": "other", "decide_by": by, **extra}


@time_machine.travel(NOW, tick=False)
def test_an_ask_decided_by_24_days_ago_is_refused_and_kept_for_editing(author_client, author):
    e = complete_draft(owner=author, detected_at=NOW - timedelta(days=30))
    Ask.objects.filter(escalation=e).delete()
    page = author_client.post(
        step_url(e, "asks"),
        {"asks_decision_threshold": "x", **rows("asks", [_ask("2026-11-01T12:00")])},
    ).content.decode()
    assert "Decide by 12:00 Sun 01 Nov 2026 has already passed: give a time from now on." in page
    assert 'value="2026-11-01T12:00"' in page
    assert not Ask.objects.filter(escalation=e).exists()


@time_machine.travel(NOW, tick=False)
def test_an_action_due_earlier_today_is_refused(author_client, author):
    e = complete_draft(owner=author, detected_at=NOW - timedelta(days=1))
    RemediationAction.objects.filter(escalation=e).delete()
    data = {
        "remediation_mitigation": "Rolled back.",
        **rows("actions", [_action("2026-11-25T09:30")]),
    }
    page = author_client.post(step_url(e, "remediation"), data).content.decode()
    assert "Due 09:30 today has already passed: give a time from now on." in page
    assert not RemediationAction.objects.filter(escalation=e).exists()
    # A time later today is fine.
    data = {
        "remediation_mitigation": "Rolled back.",
        **rows("actions", [_action("2026-11-25T17:00")]),
    }
    assert author_client.post(step_url(e, "remediation"), data).status_code == 302


@time_machine.travel(NOW, tick=False)
def test_a_saved_row_whose_deadline_passed_keeps_it_and_shows_overdue(author_client, author):
    e = complete_draft(owner=author, detected_at=NOW - timedelta(days=3))
    e.state = State.ESCALATED
    e.escalated_at = NOW - timedelta(days=2)
    e.save()
    action = RemediationAction.objects.get(escalation=e)
    action.due_at = NOW - timedelta(days=1)
    action.save()
    # Editing another field of the row leaves its passed deadline alone.
    data = {
        "remediation_mitigation": "Rolled back.",
        **rows(
            "actions",
            [
                _action(
                    "2026-11-24T15:00",
                    id=str(action.pk),
                    description="Ship the fix to every region",
                )
            ],
            initial=1,
        ),
    }
    assert author_client.post(step_url(e, "remediation"), data).status_code == 302
    action.refresh_from_db()
    assert action.description == "Ship the fix to every region"
    assert action.due_at == NOW - timedelta(days=1)
    page = author_client.get(reverse("escalations:detail", args=[e.pk])).content.decode()
    assert "overdue</span>" in page


@time_machine.travel(NOW, tick=False)
def test_an_absurd_delay_is_refused(author_client, author):
    e = complete_draft(owner=author)
    page = author_client.post(step_url(e, "impact"), {**IMPACT, "impact_delay_days": "100000"})
    assert "100,000 days is over ten years" in page.content.decode()
    assert Escalation.objects.get(pk=e.pk).impact_delay_days is None
    ok = author_client.post(step_url(e, "impact"), {**IMPACT, "impact_delay_days": "14"})
    assert ok.status_code == 302
