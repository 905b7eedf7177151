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


def test_no_template_comment_spans_lines_so_none_shows_on_a_page(author_client, user):
    # Django's {# … #} ends at the line's end: a two-line one is printed on the page as text
    # (the escalation page showed its own notes to authors). Longer notes use {% comment %}.
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    opened = [
        f"{path.relative_to(root)}:{n}"
        for folder in ("templates", "escalations", "statuspages")
        for path in sorted((root / folder).rglob("*"))
        if path.suffix in {".html", ".txt", ".xml"}
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "{#" in line and "#}" not in line.split("{#", 1)[1]
    ]
    assert opened == []
    e = f.EscalatedFactory(owner=user)
    page = author_client.get(f"/escalations/{e.pk}/").content.decode()
    assert "{#" not in page and "#}" not in page
