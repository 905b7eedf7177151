"""A small profile page: the name readers see, the email, the time zone (issue 14, item 7)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from escalations.models import Profile
from escalations.outbox.mail import author_name
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_the_author_sets_name_email_and_zone_and_emails_use_them(author_client, user):
    e = f.EscalatedFactory(owner=user)
    page = author_client.get(reverse("escalations:profile")).content.decode()
    assert 'value="Alex Moreno"' in page
    response = author_client.post(
        reverse("escalations:profile"),
        {
            "display_name": "  Maria   Lopez ",
            "email": "maria@example.com",
            "time_zone": "Asia/Tokyo",
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(pk=user.pk)
    assert user.get_full_name() == "Maria Lopez"
    assert user.email == "maria@example.com"
    assert Profile.objects.get(user=user).time_zone == "Asia/Tokyo"
    assert author_client.session["upward_tz"] == "Asia/Tokyo"
    e.refresh_from_db()
    assert author_name(e) == "Maria Lopez"
    # Every page shows the name and links to the profile.
    home = author_client.get("/").content.decode()
    assert 'href="/me/"' in home and "Maria Lopez" in home


def test_a_bad_email_is_refused_and_nothing_typed_is_lost(author_client, user):
    response = author_client.post(
        reverse("escalations:profile"),
        {"display_name": "Maria Lopez", "email": "maria@", "time_zone": "Asia/Tokyo"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid email address." in html
    assert 'value="Maria Lopez"' in html and 'value="maria@"' in html
    assert get_user_model().objects.get(pk=user.pk).first_name == "Alex"


def test_the_old_time_zone_url_still_works(author_client, user):
    assert author_client.get("/me/time-zone/").status_code == 200
    author_client.post("/me/time-zone/", {"time_zone": "Europe/Paris", "next": "/"})
    assert Profile.objects.get(user=user).time_zone == "Europe/Paris"
