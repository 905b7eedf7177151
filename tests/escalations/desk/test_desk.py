"""The executive's desk: one personal, revocable link that shows every ask waiting on them
across the escalations addressed to them, what is overdue, the coming 1:1s and what they
decided; deciding goes through the status page's scanner-safe confirmation page."""

from __future__ import annotations

import html as html_lib
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from config.logredact import redact
from escalations import models as m
from escalations.decisions.services import ask_decide
from escalations.desk.links import desk_executive, desk_url
from escalations.desk.services import desk_link_rotate
from tests import factories as f

pytestmark = pytest.mark.django_db


def text_of(html: str) -> str:
    """What a reader sees: the text without tags, whitespace collapsed."""
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture
def maya():
    return f.ExecutiveFactory(
        name="Maya Chen", title="CTO", email="maya@example.com", time_zone="Europe/Berlin"
    )


def escalated_to(x, *, title: str, owner=None, **kwargs):
    owner = owner or f.UserFactory(first_name="Dana", last_name="Okafor")
    return f.EscalatedFactory(
        owner=owner,
        title=title,
        executive=x,
        executive_name=x.name,
        executive_email=x.email,
        executive_time_zone=x.time_zone,
        **kwargs,
    )


def test_the_desk_shows_every_ask_waiting_across_escalations_most_urgent_first(client, maya):
    now = timezone.now()
    payments = escalated_to(maya, title="Checkout payments failing")
    sso = escalated_to(
        maya,
        title="SSO logins failing",
        owner=f.UserFactory(username="sam", first_name="Sam", last_name="Lee"),
        next_update_due_at=now - timedelta(minutes=45),
        summary_impact="1,200 customers still cannot log in",
        summary_changed="Vendor confirmed the certificate issue",
    )
    later = f.AskFactory(
        escalation=payments,
        decision="Approve $40K for a second processor",
        decide_by=now + timedelta(hours=6),
    )
    sooner = f.AskFactory(
        escalation=sso, decision="Unblock the vendor contract", decide_by=now + timedelta(hours=1)
    )
    # Not theirs: another executive's escalation, and a draft addressed to them.
    f.AskFactory(
        escalation=f.EscalatedFactory(executive_email="ceo@example.com"), decision="Not yours"
    )
    draft = f.EscalationFactory(executive=maya, title="Unsent draft")
    f.AskFactory(escalation=draft, decision="Draft ask")
    f.MeetingFactory(escalation=payments, starts_at=now + timedelta(hours=2))

    response = client.get(desk_url(maya))

    assert response.status_code == 200
    page = text_of(response.content.decode())
    assert page.index("Unblock the vendor contract") < page.index("Approve $40K")
    assert "recommended by Sam Lee" in page and "recommended by Dana Okafor" in page
    assert "Not yours" not in page and "Draft ask" not in page and "Unsent draft" not in page
    assert "Update overdue by 45 min" in page
    assert (
        "Impact now: 1,200 customers still cannot log in · What changed: Vendor confirmed" in page
    )
    assert "Read the pre-read" in page
    html = response.content.decode()
    assert f'href="asks/{sooner.pk}/approve/"' in html
    assert f'href="asks/{later.pk}/decline/"' in html
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "Content-Security-Policy" in response.headers


def test_the_desk_reads_a_fixed_number_of_queries(client, maya, django_assert_max_num_queries):
    def build(n: int) -> None:
        for i in range(n):
            e = escalated_to(maya, title=f"Escalation {i}")
            f.AskFactory(escalation=e)
            f.MeetingFactory(escalation=e, starts_at=timezone.now() + timedelta(days=1))
            ask = f.AskFactory(escalation=e, decision=f"Decided {i}")
            ask_decide(ask=ask, decision="approved", decided_by_name="Maya Chen", via="author")
        resolved = escalated_to(
            maya, title=f"Resolved {n}", state=m.State.RESOLVED, resolved_at=timezone.now()
        )
        rca = f.RcaFactory(escalation=resolved, completed_at=timezone.now())
        f.PreventiveActionFactory(rca=rca)

    build(2)
    url = desk_url(maya)
    with django_assert_max_num_queries(6):
        assert client.get(url).status_code == 200
    build(6)
    with django_assert_max_num_queries(6) as counted:
        response = client.get(url)
    assert response.status_code == 200
    assert text_of(response.content.decode()).count("Decided") == 8
    assert len(counted.captured_queries) <= 6


def test_a_resolved_escalation_shows_its_preventive_actions_progress(client, maya):
    e = escalated_to(
        maya,
        title="Checkout payments failing",
        state=m.State.RESOLVED,
        resolved_at=timezone.now() - timedelta(days=2),
    )
    rca = f.RcaFactory(escalation=e, completed_at=timezone.now() - timedelta(days=1))
    for done in (True, True, True, False, False):
        f.PreventiveActionFactory(rca=rca, done_at=timezone.now() if done else None)

    page = text_of(client.get(desk_url(maya)).content.decode())

    assert "Preventive actions: 3 of 5 done" in page


def test_bad_forged_and_revoked_links_get_the_status_pages_404(client, maya):
    status_404 = client.get("/s/no-such-token/")
    good = desk_url(maya)
    assert client.get(good).status_code == 200
    forged = good.replace("/desk/", "/desk/x")
    for url in ("/desk/nothing/", forged, "/desk/", "/desk/a/b/c/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.content == status_404.content
        assert response.headers["Referrer-Policy"] == "no-referrer"

    desk_link_rotate(executive=maya)

    response = client.get(good)
    assert response.status_code == 404
    assert response.content == status_404.content
    assert client.get(desk_url(maya)).status_code == 200  # the new link works


def test_the_executive_revokes_their_own_link_from_the_desk(maya):
    client = Client(enforce_csrf_checks=True)
    url = desk_url(maya)
    response = client.post(url + "revoke/")
    assert response.status_code == 200
    assert "no longer works" in response.content.decode()
    assert client.get(url).status_code == 404
    maya.refresh_from_db()
    assert desk_executive(desk_url(maya).split("/")[2]) == maya  # the next email's link


def test_deciding_from_the_desk_uses_the_confirmation_page(maya):
    e = escalated_to(maya, title="Checkout payments failing")
    ask = f.AskFactory(escalation=e, decision="Approve $40K for a second processor")
    client = Client(enforce_csrf_checks=True)
    confirm = f"{desk_url(maya)}asks/{ask.pk}/approve/"

    response = client.get(confirm)  # a mail scanner, or the executive looking first
    assert response.status_code == 200
    assert response.headers["Referrer-Policy"] == "same-origin"
    ask.refresh_from_db()
    assert ask.status == m.AskStatus.OPEN
    assert "Back to your desk" in response.content.decode()

    token = client.cookies["csrftoken"].value
    response = client.post(
        f"{desk_url(maya)}asks/{ask.pk}/",
        {"decision": "approve", "note": "Go ahead", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("?recorded=1")
    ask.refresh_from_db()
    assert ask.status == m.AskStatus.APPROVED
    assert ask.decided_by == "Maya Chen"
    decision = ask.decisions.get()
    assert (decision.via, decision.decided_by_email) == (m.DecisionVia.EXECUTIVE_LINK, maya.email)
    page = text_of(client.get(desk_url(maya)).content.decode())
    assert "You approved: Approve $40K for a second processor" in page
    assert "Nothing is waiting on your decision." in page


def test_an_ask_on_someone_elses_escalation_is_404_from_the_desk(client, maya):
    other = f.AskFactory(escalation=f.EscalatedFactory(executive_email="ceo@example.com"))
    for url in (f"{desk_url(maya)}asks/{other.pk}/", f"{desk_url(maya)}asks/{other.pk}/approve/"):
        assert client.get(url).status_code == 404
    response = client.post(f"{desk_url(maya)}asks/{other.pk}/", {"decision": "approve"})
    assert response.status_code in (403, 404)
    other.refresh_from_db()
    assert other.status == m.AskStatus.OPEN


def test_the_pre_read_of_a_coming_1_1_reads_from_the_desk(client, maya):
    e = escalated_to(maya, title="Checkout payments failing")
    meeting = f.MeetingFactory(escalation=e, starts_at=timezone.now() + timedelta(hours=3))
    url = reverse("desk:preread", args=[desk_url(maya).split("/")[2], meeting.pk])
    response = client.get(url)
    assert response.status_code == 200
    page = text_of(response.content.decode())
    assert "Pre-read: Checkout payments failing" in page
    assert "IdP certificate expired" in page  # the cause, word for word from the write-up
    assert response.headers["Referrer-Policy"] == "no-referrer"
    other = f.MeetingFactory(escalation=f.EscalatedFactory(executive_email="ceo@example.com"))
    assert client.get(url.replace(f"/{meeting.pk}/", f"/{other.pk}/")).status_code == 404


def test_the_desk_token_never_reaches_a_log(maya):
    url = desk_url(maya)
    token = url.split("/")[2]
    assert token not in redact(f"GET {url} HTTP/1.1")
    assert redact(f"Not Found: {url}nope/") == "Not Found: /desk/<redacted>/nope/"


def test_the_author_revokes_the_executives_desk_link_from_their_escalation(
    maya, author_client, user, client
):
    e = escalated_to(maya, title="Checkout payments failing", owner=user)
    old = desk_url(maya)
    page = author_client.get(e.get_absolute_url()).content.decode()
    assert "Revoke Maya Chen&#x27;s desk link" in page or "Revoke Maya Chen's desk link" in page

    response = author_client.post(reverse("escalations:desk_link_revoke", args=[e.pk]), follow=True)

    assert "desk link is revoked" in response.content.decode()
    assert client.get(old).status_code == 404
    maya.refresh_from_db()
    assert client.get(desk_url(maya)).status_code == 200


def test_another_author_cannot_revoke_it(maya, author_client, client):
    e = escalated_to(maya, title="Someone else's")
    old = desk_url(maya)
    response = author_client.post(reverse("escalations:desk_link_revoke", args=[e.pk]))
    assert response.status_code == 404
    assert client.get(old).status_code == 200


def test_a_superuser_revokes_desk_links_in_the_executive_admin(maya, client_for, client):
    admin_user = f.UserFactory(username="root", is_staff=True, is_superuser=True)
    old = desk_url(maya)
    response = client_for(admin_user).post(
        "/admin/escalations/executive/",
        {"action": "revoke_desk_links", "_selected_action": [maya.pk]},
        follow=True,
    )
    assert "Desk links revoked for Maya Chen" in response.content.decode()
    assert client.get(old).status_code == 404


def test_the_author_can_show_the_desk_link_to_send_it_by_chat(maya, author_client, user, client):
    e = escalated_to(maya, title="Checkout payments failing", owner=user)
    assert author_client.get(reverse("escalations:desk_link_show", args=[e.pk])).status_code == 405
    response = author_client.post(reverse("escalations:desk_link_show", args=[e.pk]))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    url = re.search(r'value="(http[^"]+/desk/[^"]+/)"', response.content.decode()).group(1)
    assert client.get(url.removeprefix("http://127.0.0.1:8000")).status_code == 200
    other = escalated_to(maya, title="Someone else's")
    assert (
        author_client.post(reverse("escalations:desk_link_show", args=[other.pk])).status_code
        == 404
    )
