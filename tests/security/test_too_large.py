"""A POST over the upload limit gets a page that says the text is still in the form (Back)
and what the limit is, instead of a bare "Bad Request (400)"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories as f
from tests.escalations.wizard.helpers import IMPACT, step_url

pytestmark = pytest.mark.django_db


def test_an_oversized_wizard_step_says_the_text_is_still_in_the_form(author_client, user):
    e = f.EscalationFactory(owner=user)
    huge = "x" * 3_000_000
    response = author_client.post(step_url(e, "impact"), {**IMPACT, "impact_headline": huge})
    assert response.status_code == 413
    page = response.content.decode()
    assert "Your text is still in the form" in page
    assert "Back" in page
    assert "2.5\xa0MB" in page


def test_the_autosave_gets_the_same_news_as_plain_text(author_client, user):
    e = f.EscalationFactory(owner=user)
    response = author_client.post(
        reverse("escalations:wizard_autosave", args=[e.pk, "impact"]),
        {"impact_headline": "z" * 3_000_000},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/plain")
    assert "still on this page" in response.content.decode()


def test_other_bad_requests_keep_djangos_answer(client):
    response = client.get("/accounts/login/", headers={"Host": "evil.example"})
    assert response.status_code == 400
