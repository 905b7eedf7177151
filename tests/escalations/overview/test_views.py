"""My escalations: the author's list, with what needs attention visible at a glance."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from escalations import models as m
from escalations.models import (
    Escalation,
)
from tests import factories as f
from tests.escalations.wizard.helpers import (
    complete_draft,
    step_url,
)

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


def test_new_escalation_creates_a_draft_and_opens_triage(author_client, user):
    response = author_client.post(reverse("escalations:new"))
    e = Escalation.objects.get(owner=user)
    assert e.state == "draft"
    assert response["Location"] == step_url(e, "triage")
    page = author_client.get(response["Location"]).content.decode()
    assert "Is this for the executive at all" in page
    assert 'id="triage-questions"' in page


def test_new_escalation_needs_post(author_client):
    assert author_client.get(reverse("escalations:new")).status_code == 405


def test_a_draft_can_be_discarded_but_an_escalated_one_cannot(author_client, user):
    draft = f.EscalationFactory(owner=user)
    author_client.post(reverse("escalations:discard", args=[draft.pk]))
    assert not Escalation.objects.filter(pk=draft.pk).exists()
    live = f.EscalatedFactory(owner=user)
    author_client.post(reverse("escalations:discard", args=[live.pk]))
    assert Escalation.objects.filter(pk=live.pk).exists()


NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def reviewer(db):
    from django.contrib.auth.models import Group

    u = f.UserFactory(username="director", is_staff=True)
    group = Group.objects.filter(name="Reviewers").first()
    if group:
        u.groups.add(group)
    return f.review_everything(u)


def test_a_reviewer_can_read_but_never_write_someone_elses_escalation(client_for, reviewer, user):
    draft = complete_draft(owner=user)
    escalated = f.EscalatedFactory(owner=user)
    c = client_for(reviewer)
    assert c.get(draft.get_absolute_url()).status_code == 200
    writes = [
        (step_url(draft, "ownership"), {"ownership_statement": "The data team never replied."}),
        (
            reverse("escalations:wizard_autosave", args=[draft.pk, "ownership"]),
            {"ownership_statement": "x"},
        ),
        (reverse("escalations:escalate", args=[draft.pk]), {}),
        (reverse("escalations:discard", args=[draft.pk]), {}),
        (reverse("escalations:state", args=[escalated.pk]), {"state": "resolved"}),
    ]
    for url, data in writes:
        assert c.post(url, data).status_code == 404, url
    draft.refresh_from_db()
    escalated.refresh_from_db()
    assert draft.state == m.State.DRAFT
    assert draft.ownership_statement.startswith("I owned")
    assert draft.wizard_drafts == {}
    assert escalated.state == m.State.ESCALATED
    assert not m.Update.objects.filter(author=reviewer).exists()


@pytest.mark.parametrize(("start", "target"), [("draft", "escalated"), ("resolved", "reviewed")])
def test_the_state_endpoint_only_offers_the_moves_on_the_page(author_client, user, start, target):
    if start == "draft":
        e = complete_draft(owner=user, title="")
    else:
        e = f.EscalatedFactory(owner=user, state=m.State.RESOLVED, resolved_at=NOW)
    author_client.post(reverse("escalations:state", args=[e.pk]), {"state": target})
    e.refresh_from_db()
    assert e.state == start
    assert e.reviewed_by is None


def test_new_escalation_left_empty_is_not_listed_and_is_reopened_next_time(author_client, user):
    first = author_client.post(reverse("escalations:new"))["Location"]
    page = author_client.get("/").content.decode()
    assert "Untitled draft" not in page
    assert author_client.post(reverse("escalations:new"))["Location"] == first
    assert Escalation.objects.filter(owner=user).count() == 1


def test_the_state_panel_says_when_it_was_escalated_in_plain_words(author_client, user):
    e = f.EscalatedFactory(owner=user)
    page = author_client.get(e.get_absolute_url()).content.decode()
    assert "escalated 1 h ago" in page and "since escalation" not in page


def test_the_escalation_page_stays_under_60_kb_with_one_shared_zone_list(author_client, user):
    e = f.EscalatedFactory(owner=user)
    f.RemediationActionFactory(escalation=e)
    f.AskFactory(escalation=e)
    f.UpdateFactory(escalation=e)
    f.MeetingFactory(escalation=e, starts_at=timezone.now() + timedelta(hours=3))
    f.ShareLinkFactory(escalation=e)
    html = author_client.get(e.get_absolute_url()).content
    assert len(html) <= 60_000, len(html)
    page = html.decode()
    assert page.count("<datalist") == 1 and page.count('<option value="Europe/Berlin">') == 1
    # Every zone box on the page (1:1 move, 1:1 schedule, the cadence's) offers that one
    # list; the executive's zone is their directory entry's, not typed here.
    assert page.count('list="time-zone-list"') >= 3
