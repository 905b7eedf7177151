"""Small things a first-time user noticed (issue 14, item 8)."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders

from escalations.models import time_zone_choices
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_favicon_is_served_without_logging_in(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    path = finders.find("favicon.ico")
    assert path is not None
    with open(path, "rb") as icon_file:
        assert icon_file.read(4) == b"\x00\x00\x01\x00"  # an ICO header


def test_the_admin_says_outbox_messages(client_for):
    root = f.UserFactory(username="root", is_staff=True, is_superuser=True)
    html = client_for(root).get("/admin/").content.decode()
    assert "Outbox messages" in html
    assert "Outbox messagess" not in html


def test_time_zone_choices_are_the_canonical_names():
    zones = {z for z, _ in time_zone_choices()}
    assert {"Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC"} <= zones
    assert not zones & {"US/Eastern", "Asia/Calcutta", "Etc/GMT+5", "GB", "Europe/Belfast"}


def test_a_legacy_zone_already_stored_stays_chosen_and_valid(author_client, user):
    from django.urls import reverse

    from tests.escalations.wizard.helpers import TRIAGE, complete_draft, step_url

    e = complete_draft(owner=user)
    legacy = {**TRIAGE, "new_executive_time_zone": "US/Eastern"}
    response = author_client.post(step_url(e, "triage"), legacy)
    assert response.status_code == 302
    e.refresh_from_db()
    assert e.executive.time_zone == "US/Eastern"
    page = author_client.get(step_url(e, "triage"), {"x": "1"}).content.decode()
    assert "Priya Raman, CTO &lt;priya@example.com&gt;" in page
    bad = author_client.post(reverse("escalations:time_zone"), {"time_zone": "Mars/Olympus"})
    assert "Choose a time zone from the list, such as Europe/Berlin." in bad.content.decode()
