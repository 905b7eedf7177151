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


def test_the_admin_says_email_dispatches(client_for):
    root = f.UserFactory(username="root", is_staff=True, is_superuser=True)
    html = client_for(root).get("/admin/").content.decode()
    assert "Email dispatches" in html
    assert "Email dispatchs" not in html


def test_time_zone_choices_are_the_canonical_names():
    zones = {z for z, _ in time_zone_choices()}
    assert {"Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC"} <= zones
    assert not zones & {"US/Eastern", "Asia/Calcutta", "Etc/GMT+5", "GB", "Europe/Belfast"}
