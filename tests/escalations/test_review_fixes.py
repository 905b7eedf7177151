"""Regressions from the code review: who may write, which moves are offered, what the
executive can be sent. Each test failed before its fix."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from escalations import dispatch
from escalations import models as m
from tests import factories as f
from tests.escalations.wizard_helpers import complete_draft, step_url

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def reviewer(db):
    from django.contrib.auth.models import Group

    u = f.UserFactory(username="director", is_staff=True)
    group = Group.objects.filter(name="Reviewers").first()
    if group:
        u.groups.add(group)
    return u


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


def test_no_1_1_is_scheduled_on_a_draft(author_client, user):
    e = complete_draft(owner=user)
    with time_machine.travel(NOW, tick=False):
        response = author_client.post(
            reverse("escalations:meeting_schedule", args=[e.pk]),
            {
                "starts_at_local": "2026-11-24T16:00",
                "time_zone": "Europe/Berlin",
                "duration_minutes": "30",
                "executive_email": "ceo@example.com",
                "executive_time_zone": "America/New_York",
            },
            HTTP_HX_REQUEST="true",
        )
    assert "Escalate first" in response.content.decode()
    assert not m.Meeting.objects.filter(escalation=e).exists()
    assert not m.EmailDispatch.objects.exists()


def test_a_preread_row_for_a_draft_is_never_sent():
    e = complete_draft()
    meeting = f.MeetingFactory(escalation=e, starts_at=NOW + timedelta(minutes=20))
    row = f.EmailDispatchFactory(
        escalation=e, meeting=meeting, purpose=m.DispatchPurpose.PREREAD,
        to_email="ceo@example.com", send_at=NOW - timedelta(minutes=1),
    )  # fmt: skip
    assert dispatch.dispatch_send(pk=row.pk, now=NOW) == m.DispatchState.CANCELLED
    row.refresh_from_db()
    assert "draft" in row.error


def test_the_preread_goes_to_the_executives_current_address(settings):
    from django.core import mail

    e = f.EscalatedFactory(executive_email="old@example.com")
    meeting = f.MeetingFactory(escalation=e, starts_at=NOW + timedelta(minutes=20))
    row = f.EmailDispatchFactory(
        escalation=e, meeting=meeting, purpose=m.DispatchPurpose.PREREAD,
        to_email="old@example.com", send_at=NOW - timedelta(minutes=1),
    )  # fmt: skip
    m.Escalation.objects.filter(pk=e.pk).update(executive_email="new@example.com")
    assert dispatch.dispatch_send(pk=row.pk, now=NOW) == m.DispatchState.SENT
    assert mail.outbox[-1].to == ["new@example.com"]
    row.refresh_from_db()
    assert row.to_email == "new@example.com"


def test_a_typo_year_is_refused_with_a_message_not_a_500(author_client, user):
    from tests.escalations.wizard_helpers import ASKS

    e = complete_draft(owner=user)
    data = dict(ASKS)
    key = next(k for k in data if k.endswith("decide_by"))
    data[key] = "0001-01-01T00:00"
    response = author_client.post(step_url(e, "asks"), data)
    assert response.status_code == 200
    assert "looks like a typo" in response.content.decode()
    assert author_client.get(reverse("escalations:review", args=[e.pk])).status_code == 200


def test_a_typo_year_in_a_meeting_is_refused(author_client, user):
    e = f.EscalatedFactory(owner=user)
    response = author_client.post(
        reverse("escalations:meeting_schedule", args=[e.pk]),
        {
            "starts_at_local": "9999-12-31T20:30",
            "time_zone": "America/New_York",
            "duration_minutes": "30",
            "executive_email": "ceo@example.com",
            "executive_time_zone": "America/New_York",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code in (200, 422)
    assert "looks like a typo" in response.content.decode()
    assert author_client.get(e.get_absolute_url()).status_code == 200


def test_a_pasted_nul_character_does_not_lose_the_draft(author_client, user):
    e = complete_draft(owner=user)
    url = reverse("escalations:wizard_autosave", args=[e.pk, "ownership"])
    response = author_client.post(url, {"ownership_statement": "I approved \x00 it"})
    assert response.status_code == 200
    e.refresh_from_db()
    assert e.wizard_drafts["ownership"]["ownership_statement"] == ["I approved  it"]


def test_saving_a_step_on_a_shared_draft_refreshes_its_status_page(author_client, user):
    from tests.escalations.wizard_helpers import OWNERSHIP

    e = complete_draft(owner=user)
    before = e.version
    author_client.post(step_url(e, "ownership"), OWNERSHIP)
    e.refresh_from_db()
    assert e.version > before


def test_an_open_escalation_cannot_be_marked_resolved_through_an_update(author_client, user):
    e = f.EscalatedFactory(owner=user)
    page = author_client.get(e.get_absolute_url()).content.decode()
    form = page[page.index('id="post-update"') :]
    assert 'value="resolved"' not in form[: form.index("</form>")]
    author_client.post(
        reverse("escalations:update_create", args=[e.pk]),
        {"body": "All fixed. Next update tomorrow 09:00.", "state": "resolved"},
    )
    assert not m.Update.objects.filter(escalation=e, state="resolved").exists()


def test_metrics_ignores_a_typo_year(client_for):
    admin = f.UserFactory(username="boss", is_staff=True, is_superuser=True)
    url = reverse("admin:escalations_escalation_metrics") + "?start=2026-01&end=9999-12"
    assert client_for(admin).get(url).status_code == 200
