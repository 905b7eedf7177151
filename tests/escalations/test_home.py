"""My escalations: the author's list, with what needs attention visible at a glance."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories as f

pytestmark = pytest.mark.django_db


def test_empty_state_says_what_upward_is_for(author_client):
    page = author_client.get("/").content.decode()
    assert 'id="empty-state"' in page
    assert "tell your CTO or CEO" in page
    assert "keeps them informed on a steady cadence until it is resolved" in page
    assert "New escalation" in page


def test_list_shows_state_kind_last_updated_and_next_due(author_client, user):
    now = timezone.now()
    f.EscalatedFactory(
        owner=user,
        title="Payments API returning 502s",
        last_updated_at=now - timedelta(minutes=12, seconds=5),
        next_update_due_at=now + timedelta(minutes=48),
    )
    page = author_client.get("/").content.decode()
    assert "Payments API returning 502s" in page
    assert "12 min ago" in page
    assert "Next update due" in page and "in 47 min" in page
    assert "Escalated" in page and "Major incident" in page
    assert "Update overdue" not in page


def test_overdue_escalations_carry_a_badge(author_client, user):
    now = timezone.now()
    f.EscalatedFactory(
        owner=user,
        title="Stale one",
        last_updated_at=now - timedelta(hours=2),
        next_update_due_at=now - timedelta(minutes=25, seconds=10),
    )
    page = author_client.get("/").content.decode()
    assert "badge-overdue" in page
    assert "Update overdue by 25 min" in page


def test_drafts_link_to_where_the_author_left_off(author_client, user):
    draft = f.EscalationFactory(owner=user, title="")
    page = author_client.get("/").content.decode()
    assert "Untitled draft" in page
    assert reverse("escalations:wizard_resume", args=[draft.pk]) in page
    assert "Continue writing" in page


def test_other_peoples_escalations_are_not_listed(author_client, other_user):
    f.EscalatedFactory(owner=other_user, title="Not yours")
    page = author_client.get("/").content.decode()
    assert "Not yours" not in page
    assert 'id="empty-state"' in page
