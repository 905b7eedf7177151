"""Reviewers read each executive's history in the admin; superusers correct an entry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Group

from escalations.models import AskStatus, Escalation
from tests import factories as f

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def reviewer_client(client_for):
    u = f.UserFactory(username="reviewer", is_staff=True)
    u.groups.add(Group.objects.get(name="Reviewers"))
    return client_for(u)


@pytest.fixture
def maya():
    x = f.ExecutiveFactory(name="Maya Chen", title="CEO", email="maya@example.com")
    a = f.EscalatedFactory(executive=x, title="EU checkout failing", escalated_at=T0)
    b = f.EscalatedFactory(executive=x, title="Payroll late", escalated_at=T0)
    # Decided in 2 h (on time) and in 6 h (after its decide-by): median 4 h.
    f.AskFactory(
        escalation=a, status=AskStatus.APPROVED, decided_at=T0 + timedelta(hours=2),
        decide_by=T0 + timedelta(hours=4),
    )  # fmt: skip
    f.AskFactory(
        escalation=b, status=AskStatus.DECLINED, decided_at=T0 + timedelta(hours=6),
        decide_by=T0 + timedelta(hours=4),
    )  # fmt: skip
    # Still open long after its decide-by: it waited too.
    f.AskFactory(escalation=b, decide_by=T0 + timedelta(days=1))
    f.EscalatedFactory(title="Someone else's")
    return x


def test_reviewers_see_per_executive_how_fast_they_decided(reviewer_client, maya):
    page = reviewer_client.get("/admin/escalations/executive/").content.decode()
    row = page[page.index("Maya Chen") :]
    row = row[: row.index("</tr>")]
    cells = [c.split(">", 1)[1].split("<")[0] for c in row.split("<td")[1:]]
    # title, email, zone, mode, escalations, median to decide, asks past decide-by
    assert cells[0] == "CEO" and cells[1] == "maya@example.com"
    assert cells[4:] == ["2", "4 h", "2"], cells


def test_a_reviewer_reads_the_history_and_cannot_change_it(reviewer_client, maya):
    page = reviewer_client.get(f"/admin/escalations/executive/{maya.pk}/change/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "2 escalations addressed to them. 2 asks decided, median 4 h" in html
    assert "2 asks waited past the decide-by." in html
    assert "EU checkout failing" in html and "Payroll late" in html
    assert "Someone else" not in html
    assert 'name="name"' not in html  # read-only
    response = reviewer_client.post(
        f"/admin/escalations/executive/{maya.pk}/change/", {"name": "X", "email": "x@example.com"}
    )
    assert response.status_code == 403
    maya.refresh_from_db()
    assert maya.name == "Maya Chen"


def test_a_superuser_corrects_an_entry_and_every_page_addressed_to_them_shows_it(client_for, maya):
    admin = f.UserFactory(username="root", is_staff=True, is_superuser=True)
    c = client_for(admin)
    versions = dict(Escalation.objects.filter(executive=maya).values_list("pk", "version"))
    response = c.post(
        f"/admin/escalations/executive/{maya.pk}/change/",
        {
            "name": "Maya Chen-Okafor",
            "title": "CEO",
            "email": "maya@example.com",
            "time_zone": "Europe/Berlin",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    maya.refresh_from_db()
    assert maya.name == "Maya Chen-Okafor" and maya.time_zone == "Europe/Berlin"
    for pk, version in versions.items():
        assert Escalation.objects.get(pk=pk).version > version
    # An entry escalations point at is never deleted (their history stays).
    assert c.get(f"/admin/escalations/executive/{maya.pk}/delete/").status_code == 403
