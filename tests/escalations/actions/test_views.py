"""Marking a remediation action done: once, by the author only, with a note; the progress
reaches the update emails and the pre-read."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from escalations.updates.services import update_post
from escalations.wizard.briefing import preread
from tests import factories as f
from tests.escalations.subscriptions.helpers import tick, to

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def _escalation(owner):
    e = f.EscalatedFactory(owner=owner, executive_email="cto@example.com")
    first = f.RemediationActionFactory(escalation=e, description="Roll back the build")
    f.RemediationActionFactory(escalation=e, description="Renew the certificate")
    return e, first


def test_author_marks_an_action_done_once_with_a_note(author_client, user):
    e, action = _escalation(user)
    url = reverse("escalations:action_done", args=[e.pk, action.pk])
    response = author_client.post(url, {"note": "Rolled back at 11:20."})
    assert response.status_code == 302 and response["Location"].endswith("#actions")
    action.refresh_from_db()
    done_at = action.done_at
    assert done_at is not None and action.done_note == "Rolled back at 11:20."
    page = author_client.get(response["Location"]).content.decode()
    assert "Actions 1 of 2 done" in page
    # A second click (another tab) changes nothing.
    author_client.post(url, {"note": "again"})
    action.refresh_from_db()
    assert action.done_at == done_at and action.done_note == "Rolled back at 11:20."


def test_a_note_with_a_control_character_is_refused_and_kept(author_client, user):
    e, action = _escalation(user)
    url = reverse("escalations:action_done", args=[e.pk, action.pk])
    response = author_client.post(url, {"note": "Rolled\x00 back"})
    assert response.status_code == 400
    assert "Remove the invisible character" in response.content.decode()
    action.refresh_from_db()
    assert action.done_at is None


def test_nobody_else_marks_an_action_done(client_for, user, other_user):
    e, action = _escalation(user)
    response = client_for(other_user).post(
        reverse("escalations:action_done", args=[e.pk, action.pk]), {}
    )
    assert response.status_code == 404
    action.refresh_from_db()
    assert action.done_at is None


def test_update_emails_and_the_pre_read_say_how_many_actions_are_done(user):
    e, action = _escalation(user)
    type(action).objects.filter(pk=action.pk).update(done_at=T0 - timedelta(minutes=5))
    assert "Actions 1 of 2 done:" in preread(e).markdown
    update_post(escalation=e, author=user, body="Rolled back; errors at 0.1%.", now=T0)
    tick(T0)
    [msg] = to("cto@example.com")
    assert "Actions 1 of 2 done." in msg.body
