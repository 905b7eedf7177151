"""The author's time zone page: remembered, validated, and never a way off the site."""

from __future__ import annotations

import pytest
from django.urls import reverse

from escalations.models import (
    Profile,
)

pytestmark = pytest.mark.django_db


def test_time_zone_page_remembers_the_zone(author_client, user):
    response = author_client.post(
        reverse("escalations:time_zone"), {"time_zone": "America/Chicago", "next": "/"}
    )
    assert response["Location"] == "/"
    assert Profile.objects.get(user=user).time_zone == "America/Chicago"
    assert author_client.session["upward_tz"] == "America/Chicago"


def test_time_zone_page_refuses_an_offsite_next(author_client):
    response = author_client.post(
        reverse("escalations:time_zone"),
        {"time_zone": "UTC", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("escalations:home")


def test_time_zone_page_refuses_an_unknown_zone(author_client):
    page = author_client.post(
        reverse("escalations:time_zone"), {"time_zone": "Mars/Olympus"}
    ).content.decode()
    assert "Choose a time zone from the list, such as Europe/Berlin." in page
