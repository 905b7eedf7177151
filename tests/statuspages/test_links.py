"""The author's side of sharing, and the links Upward mints for the demo and the executive."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from escalations.outbox import links as escalation_links
from statuspages.models import ShareLink
from statuspages.services import demo_status_url, executive_status_url, share_link_revoke
from tests.factories import EscalatedFactory, ShareLinkFactory

pytestmark = pytest.mark.django_db


def new_url_in(html: str) -> str:
    match = re.search(r'value="(https?://[^"]+/s/[A-Za-z0-9_-]{43}/)"', html)
    assert match, html
    return match.group(1)


def test_author_creates_a_link_and_sees_it_exactly_once(author_client, user, client):
    escalation = EscalatedFactory(owner=user)
    response = author_client.post(
        f"/escalations/{escalation.pk}/links/",
        {"label": "CTO", "expires": "7d"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    url = new_url_in(response.content.decode())
    assert "copy it now" in response.content.decode()
    link = ShareLink.objects.get()
    assert link.label == "CTO" and link.created_by == user
    assert link.expires_at is not None
    assert link.expires_at - timezone.now() == pytest.approx(
        timedelta(days=7), abs=timedelta(seconds=10)
    )
    # Readers can open it without logging in.
    assert client.get(url.split("testserver")[1]).status_code == 200
    # The escalation page lists it but never shows the token again.
    page = author_client.get(f"/escalations/{escalation.pk}/").content.decode()
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert "CTO" in page and token not in page
    assert "0 views" in page or "1 view" in page


def test_link_creation_without_javascript_shows_a_page_with_the_link(author_client, user):
    escalation = EscalatedFactory(owner=user)
    response = author_client.post(
        f"/escalations/{escalation.pk}/links/", {"label": "#inc", "expires": "never"}
    )
    assert response.status_code == 200
    new_url_in(response.content.decode())
    assert ShareLink.objects.get().expires_at is None


def test_a_link_without_label_is_refused_and_keeps_the_choice(author_client, user):
    escalation = EscalatedFactory(owner=user)
    response = author_client.post(
        f"/escalations/{escalation.pk}/links/",
        {"label": "  ", "expires": "30d"},
        HTTP_HX_REQUEST="true",
    )
    # htmx swaps only a 2xx answer: an error status would leave the panel as it was, silent.
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="sharing"' in html
    assert "Give the link a label" in html
    assert '<option value="30d" selected>' in html
    assert not ShareLink.objects.exists()


def test_nobody_else_can_create_or_revoke_links(client_for, other_user, user):
    escalation = EscalatedFactory(owner=user)
    link = ShareLinkFactory(escalation=escalation)
    intruder = client_for(other_user)
    assert (
        intruder.post(
            f"/escalations/{escalation.pk}/links/", {"label": "x", "expires": "never"}
        ).status_code
        == 404
    )
    assert intruder.post(f"/escalations/{escalation.pk}/links/{link.pk}/revoke/").status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None and ShareLink.objects.count() == 1


def test_revoking_stops_the_link_on_the_next_request(author_client, user, client):
    escalation = EscalatedFactory(owner=user)
    link = ShareLinkFactory(escalation=escalation, token="v" * 43, label="CTO")
    assert client.get(f"/s/{'v' * 43}/").status_code == 200
    version = escalation.version
    response = author_client.post(
        f"/escalations/{escalation.pk}/links/{link.pk}/revoke/", HTTP_HX_REQUEST="true"
    )
    assert "revoked" in response.content.decode()
    assert client.get(f"/s/{'v' * 43}/").status_code == 404
    escalation.refresh_from_db()
    assert escalation.version == version + 1  # cached renderings are retired too
    no_js = author_client.post(f"/escalations/{escalation.pk}/links/{link.pk}/revoke/")
    assert no_js.status_code == 302 and no_js["Location"].endswith("#sharing")


def test_list_shows_views_last_viewed_and_status(author_client, user, client, fold_views):
    escalation = EscalatedFactory(owner=user)
    ShareLinkFactory(escalation=escalation, token="w" * 43, label="Board")
    ShareLinkFactory(escalation=escalation, label="Old", revoked_at=timezone.now())
    client.get(f"/s/{'w' * 43}/")
    client.get(f"/s/{'w' * 43}/")
    fold_views()  # the beat task, every UPWARD_TICK_SECONDS
    html = author_client.get(f"/escalations/{escalation.pk}/").content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "Board active 2 views · last viewed just now" in text
    assert "Old revoked 0 views · last viewed never" in text


def test_demo_link_is_stable_and_stays_dead_after_revocation(client):
    escalation = EscalatedFactory()
    path = demo_status_url(escalation=escalation)
    assert path is not None and re.fullmatch(r"/s/[A-Za-z0-9_-]{43,}/", path)
    assert demo_status_url(escalation=escalation) == path
    assert ShareLink.objects.count() == 1
    share_link_revoke(link=ShareLink.objects.get())
    assert client.get(path).status_code == 404
    assert demo_status_url(escalation=escalation) is None
    assert client.get(path).status_code == 404
    assert ShareLink.objects.count() == 1


def test_executive_link_provider_is_registered_and_rotates_after_revocation(client):
    escalation = EscalatedFactory(executive_name="Jordan Blake")
    assert escalation_links.executive_status_url(escalation) is None  # rendering never mints
    url = escalation_links.executive_link_owed(escalation)
    assert url is not None and url.startswith(settings.SITE_URL + "/s/")
    assert escalation_links.executive_link_owed(escalation) == url
    assert escalation_links.executive_status_url(escalation) == url
    link = ShareLink.objects.get()
    assert link.for_executive and link.label == "Jordan Blake (emails)"
    path = url.removeprefix(settings.SITE_URL)
    assert client.get(path).status_code == 200

    share_link_revoke(link=link)
    assert escalation_links.executive_status_url(escalation) is None  # no dead link in an email
    replacement = executive_status_url(escalation)
    assert replacement != url
    assert client.get(path).status_code == 404
    assert client.get(replacement.removeprefix(settings.SITE_URL)).status_code == 200
    assert executive_status_url(escalation) == replacement
    assert ShareLink.objects.filter(for_executive=True).count() == 2


def test_executive_link_for_another_escalation_differs():
    a, b = EscalatedFactory(), EscalatedFactory()
    assert executive_status_url(a) != executive_status_url(b)


def test_expired_links_show_as_expired_for_the_author(author_client, user):
    escalation = EscalatedFactory(owner=user)
    ShareLinkFactory(
        escalation=escalation, label="Day pass", expires_at=timezone.now() + timedelta(days=1)
    )
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        html = author_client.get(f"/escalations/{escalation.pk}/").content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "Day pass expired" in text


def test_without_javascript_a_bad_label_shows_the_form_again_with_the_message(author_client, user):
    escalation = EscalatedFactory(owner=user)
    response = author_client.post(
        f"/escalations/{escalation.pk}/links/", {"label": "x" * 81, "expires": "1d"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "at most 80 characters" in html
    assert 'value="' + "x" * 81 + '"' in html
    assert '<option value="1d" selected>' in html
    assert not ShareLink.objects.exists()
