"""Only the owner (and staff) reach an escalation's wizard, review and edit URLs; every POST
needs its CSRF token."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from escalations.models import Escalation, State
from tests import factories as f
from tests.escalations.wizard.helpers import IMPACT, complete_draft

pytestmark = pytest.mark.django_db


def _urls(pk: int) -> list[tuple[str, str, dict]]:
    """(method, url, data) for every URL that touches one escalation."""
    step = lambda slug: reverse("escalations:wizard_step", args=[pk, slug])  # noqa: E731
    urls: list[tuple[str, str, dict]] = [
        ("get", reverse("escalations:detail", args=[pk]), {}),
        ("get", reverse("escalations:wizard_resume", args=[pk]), {}),
        ("get", reverse("escalations:wizard_verdict", args=[pk]), {}),
        ("get", reverse("escalations:review", args=[pk]), {}),
        ("get", reverse("escalations:review_print", args=[pk, "preread"]), {}),
        ("get", reverse("escalations:review_print", args=[pk, "talk-track"]), {}),
        ("post", reverse("escalations:escalate", args=[pk]), {}),
        ("post", reverse("escalations:state", args=[pk]), {"state": "contained"}),
        ("post", reverse("escalations:discard", args=[pk]), {}),
    ]
    for slug in ("triage", "impact", "cause", "ownership", "remediation", "asks", "prepare"):
        urls += [
            ("get", step(slug), {}),
            ("post", step(slug), {}),
            ("post", reverse("escalations:wizard_autosave", args=[pk, slug]), {"x": "y"}),
        ]
    for slug in ("cause", "remediation", "asks", "prepare"):
        urls += [
            ("get", reverse("escalations:wizard_row_add", args=[pk, slug]), {}),
            ("get", reverse("escalations:wizard_row_remove", args=[pk, slug]), {}),
        ]
    return urls


URL_COUNT = len(_urls(1))


@pytest.mark.parametrize("index", range(URL_COUNT))
@pytest.mark.parametrize("state", [State.DRAFT, State.ESCALATED])
def test_another_user_gets_404_on_every_url_and_changes_nothing(
    client_for, user, other_user, index, state
):
    e = complete_draft(owner=user)
    if state == State.ESCALATED:
        f.EscalationFactory._meta.model.objects.filter(pk=e.pk).update(
            state=State.ESCALATED, escalated_at=e.created_at
        )
    before = Escalation.objects.filter(pk=e.pk).values().get()
    method, url, data = _urls(e.pk)[index]
    response = getattr(client_for(other_user), method)(url, data)
    assert response.status_code == 404, (method, url)
    assert Escalation.objects.filter(pk=e.pk).values().get() == before


def test_a_missing_id_is_404_too(author_client):
    for method, url, data in _urls(999_999):
        assert getattr(author_client, method)(url, data).status_code == 404, url


def test_reviewers_can_open_someone_elses_escalation(client_for, user):
    from django.contrib.auth.models import Group

    staff = f.UserFactory(username="director", is_staff=True)
    staff.groups.add(Group.objects.get(name="Reviewers"))
    f.review_everything(staff)
    e = complete_draft(owner=user)
    assert client_for(staff).get(reverse("escalations:review", args=[e.pk])).status_code == 200


def test_is_staff_alone_opens_no_one_elses_escalation(client_for, user):
    """Issue 11: a staff account with no permission got 403 in the admin but 200 here."""
    staff = f.UserFactory(username="intern", is_staff=True)
    e = complete_draft(owner=user, executive_email="cto@example.com")
    c = client_for(staff)
    for url in (
        reverse("escalations:detail", args=[e.pk]),
        reverse("escalations:review", args=[e.pk]),
        reverse("escalations:wizard_step", args=[e.pk, "triage"]),
        reverse("escalations:review_print", args=[e.pk, "preread"]),
    ):
        response = c.get(url)
        assert response.status_code == 404, url
        assert b"cto@example.com" not in response.content
    assert c.get("/admin/escalations/escalation/").status_code == 403


def test_anonymous_users_are_sent_to_log_in(client):
    e = complete_draft()
    response = client.get(reverse("escalations:wizard_step", args=[e.pk, "triage"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def _csrf_client(user) -> Client:
    c = Client(enforce_csrf_checks=True)
    c.force_login(user)
    return c


POSTS = [
    ("escalations:new", lambda e: []),
    ("escalations:wizard_step", lambda e: [e.pk, "impact"]),
    ("escalations:wizard_autosave", lambda e: [e.pk, "impact"]),
    ("escalations:escalate", lambda e: [e.pk]),
    ("escalations:state", lambda e: [e.pk]),
    ("escalations:discard", lambda e: [e.pk]),
    ("escalations:time_zone", lambda e: []),
]


@pytest.mark.parametrize(("name", "args"), POSTS)
def test_every_post_without_a_csrf_token_is_refused(user, name, args):
    e = complete_draft(owner=user)
    before = Escalation.objects.filter(pk=e.pk).values().get()
    count = Escalation.objects.count()
    response = _csrf_client(user).post(reverse(name, args=args(e)), {**IMPACT, "state": "x"})
    assert response.status_code == 403
    assert Escalation.objects.filter(pk=e.pk).values().get() == before
    assert Escalation.objects.count() == count


def test_a_post_with_the_token_from_the_page_works(user):
    e = complete_draft(owner=user)
    c = _csrf_client(user)
    page = c.get(reverse("escalations:wizard_step", args=[e.pk, "impact"]))
    token = page.context["csrf_token"]
    response = c.post(
        reverse("escalations:wizard_autosave", args=[e.pk, "impact"]),
        {"impact_headline": "x"},
        headers={"X-CSRFToken": str(token)},
    )
    assert response.status_code == 200
