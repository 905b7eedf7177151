"""The author's Asks panel: record a decision taken in the 1:1 or by chat, with or without
JavaScript; mistakes keep what was typed; an unanswered ask past its deadline is flagged."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from escalations import models as m
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def escalation(user):
    return f.EscalatedFactory(owner=user, executive_name="Maya Chen")


@pytest.fixture
def ask(escalation):
    return f.AskFactory(escalation=escalation, decision="Approve $40K for a second processor")


def url(ask) -> str:
    return f"/escalations/{ask.escalation_id}/asks/{ask.pk}/decision/"


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_page_offers_a_labelled_form_per_ask_prefilled_with_the_executive(
    author_client, escalation, ask
):
    html = author_client.get(escalation.get_absolute_url()).content.decode()
    assert 'id="asks"' in html and "Record a decision taken in the 1:1 or by chat" in html
    assert f'for="id_ask{ask.pk}_decided_by_name"' in html
    assert 'value="Maya Chen"' in html
    assert "Record decision</button>" in html


def test_without_javascript_the_decision_is_recorded_and_the_page_shows_it(
    author_client, escalation, ask
):
    response = author_client.post(
        url(ask),
        {"decision": "approved", "decided_by_name": "Maya Chen", "note": "Agreed in the 1:1."},
    )
    assert response.status_code == 302 and response["Location"].endswith("#asks")
    page = author_client.get(response["Location"])
    text = text_of(page)
    assert "Recorded: Maya Chen approved" in text
    assert "Approved" in text and "“Agreed in the 1:1.”" in text
    ask.refresh_from_db()
    assert ask.status == m.AskStatus.APPROVED
    assert ask.decisions.get().recorded_by == escalation.owner


def test_with_htmx_the_panel_is_swapped_and_history_lists_the_earlier_answer(
    author_client, escalation, ask
):
    headers = {"HX-Request": "true"}
    author_client.post(
        url(ask), {"decision": "discuss", "decided_by_name": "Maya Chen"}, headers=headers
    )
    response = author_client.post(
        url(ask), {"decision": "declined", "decided_by_name": "Maya Chen"}, headers=headers
    )
    html = response.content.decode()
    assert "<html" not in html and '<section id="asks"' in html
    assert "Earlier answers" in html and "Maya Chen: wants to discuss" in html
    assert "Changed answer: wants to discuss → declined" in html
    assert "Record a different decision" in html


def test_a_mistake_shows_the_form_again_with_what_was_typed(author_client, ask):
    response = author_client.post(url(ask), {"decision": "", "note": "Said yes on Slack"})
    assert response.status_code == 400
    text = text_of(response)
    assert "Choose what was decided" in text and "Say who decided" in text
    assert "Said yes on Slack" in response.content.decode()
    ask.refresh_from_db()
    assert ask.status == m.AskStatus.OPEN


def test_only_the_owner_can_record(client_for, other_user, ask):
    staff = f.UserFactory(username="reviewer", is_staff=True)
    for someone in (other_user, staff):
        response = client_for(someone).post(
            url(ask), {"decision": "approved", "decided_by_name": "Me"}
        )
        assert response.status_code == 404
    assert not m.AskDecision.objects.exists()


def test_an_ask_of_another_escalation_is_a_404(author_client, escalation):
    foreign = f.AskFactory()
    response = author_client.post(
        f"/escalations/{escalation.pk}/asks/{foreign.pk}/decision/",
        {"decision": "approved", "decided_by_name": "Me"},
    )
    assert response.status_code == 404


def test_an_unanswered_ask_past_its_deadline_is_flagged_on_the_page(author_client, escalation):
    f.AskFactory(escalation=escalation, decide_by=timezone.now() - timedelta(hours=3))
    text = text_of(author_client.get(escalation.get_absolute_url()))
    assert "1 ask past its decide-by time with no answer" in text
    assert "no answer, overdue by 3 h" in text
