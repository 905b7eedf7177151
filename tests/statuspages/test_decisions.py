"""The executive decides from their own link: a confirmation page that a GET never changes,
a CSRF-protected POST, and the answer on every status page and in status.json. Links shared
with anyone else show answers but offer no buttons and cannot decide."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client

from escalations import models as m
from escalations.decisions.services import ask_decide
from statuspages.services import executive_link_token
from tests.factories import AskFactory, EscalatedFactory, ShareLinkFactory, UserFactory

pytestmark = pytest.mark.django_db

SHARED = "c" * 43
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


@pytest.fixture
def escalation():
    owner = UserFactory(email="dana@example.com", first_name="Dana", last_name="Okafor")
    return EscalatedFactory(
        owner=owner,
        executive_name="Maya Chen",
        executive_email="maya@example.com",
        executive_time_zone="America/New_York",
    )


@pytest.fixture
def ask(escalation):
    return AskFactory(
        escalation=escalation,
        decision="Approve $40K for a second processor",
        decide_by=NOW + timedelta(hours=6),
    )


@pytest.fixture
def mine(escalation) -> str:
    """The executive's personal token (the one their emails carry)."""
    return executive_link_token(escalation=escalation)


@pytest.fixture
def shared(escalation):
    return ShareLinkFactory(escalation=escalation, token=SHARED, label="#inc-payments")


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def nothing_recorded(ask) -> bool:
    ask.refresh_from_db()
    return ask.status == m.AskStatus.OPEN and not m.AskDecision.objects.exists()


def test_only_the_executives_own_page_offers_decision_buttons(client, ask, mine, shared):
    page = client.get(f"/s/{mine}/").content.decode()
    for slug in ("approve", "decline", "discuss"):
        assert f'formaction="asks/{ask.pk}/{slug}/"' in page
    assert 'Approve<span class="visually-hidden">: Approve $40K' in page
    other = client.get(f"/s/{SHARED}/").content.decode()
    assert "Approve $40K for a second processor" in other
    assert "formaction=" not in other and "Approve<span" not in other


def test_opening_the_link_changes_nothing(client, escalation, ask, mine):
    version = escalation.version
    for path in (f"asks/{ask.pk}/approve/", f"asks/{ask.pk}/", f"asks/{ask.pk}/decline/"):
        response = client.get(f"/s/{mine}/{path}")
        assert response.status_code == 200
        assert client.head(f"/s/{mine}/{path}").status_code == 200
    escalation.refresh_from_db()
    assert escalation.version == version
    assert nothing_recorded(ask)
    assert not m.OutboxMessage.objects.exists()


def test_the_confirmation_page_has_a_heading_the_ask_and_one_labelled_button(client, ask, mine):
    response = client.get(f"/s/{mine}/asks/{ask.pk}/approve/")
    html = response.content.decode()
    assert re.search(r"<h1[^>]*>\s*Approve\?\s*</h1>", html)
    assert "Approve $40K for a second processor" in html
    # Decide by 16:00 UTC, shown in the executive's zone (New York, UTC-5).
    assert "Tue 24 Nov 11:00" in text_of(response) and "America/New_York" in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert re.search(
        r'<button type="submit" name="decision" value="approve"[^>]*>Approve</button>', html
    )
    assert '<label for="id_note"' in html
    assert response["Referrer-Policy"] == "same-origin"
    assert "form-action 'self'" in response["Content-Security-Policy"]
    everything = client.get(f"/s/{mine}/asks/{ask.pk}/").content.decode()
    assert all(f'value="{slug}"' in everything for slug in ("approve", "decline", "discuss"))


def test_the_post_records_the_answer_and_shows_it_back(client, ask, mine):
    response = client.post(
        f"/s/{mine}/asks/{ask.pk}/", {"decision": "approve", "note": "Go, cap at $40K."}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/s/{mine}/asks/{ask.pk}/?recorded=1"
    ask.refresh_from_db()
    assert ask.status == m.AskStatus.APPROVED and ask.decided_by == "Maya Chen"
    row = ask.decisions.get()
    assert row.via == m.DecisionVia.EXECUTIVE_LINK and row.decided_by_email == "maya@example.com"
    done = text_of(client.get(response["Location"]))
    assert "Your answer is recorded: Approved." in done and "Dana Okafor has been told" in done
    assert "Current answer: Approved — Maya Chen" in done


def test_the_post_needs_the_csrf_token(ask, mine):
    browser = Client(enforce_csrf_checks=True)
    refused = browser.post(f"/s/{mine}/asks/{ask.pk}/", {"decision": "approve"})
    assert refused.status_code == 403
    assert nothing_recorded(ask)
    page = browser.get(f"/s/{mine}/asks/{ask.pk}/approve/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    accepted = browser.post(
        f"/s/{mine}/asks/{ask.pk}/", {"decision": "approve", "csrfmiddlewaretoken": token}
    )
    assert accepted.status_code == 302
    ask.refresh_from_db()
    assert ask.status == m.AskStatus.APPROVED


def test_a_shared_link_cannot_decide(client, ask, shared):
    assert client.get(f"/s/{SHARED}/asks/{ask.pk}/approve/").status_code == 404
    response = client.post(f"/s/{SHARED}/asks/{ask.pk}/", {"decision": "approve"})
    assert response.status_code == 404
    assert response.content == client.get("/s/unknown/").content
    assert nothing_recorded(ask)


def test_a_revoked_executive_link_cannot_decide(client, ask, mine):
    from statuspages.models import ShareLink

    ShareLink.objects.filter(for_executive=True).update(revoked_at=NOW)
    response = client.post(f"/s/{mine}/asks/{ask.pk}/", {"decision": "approve"})
    assert response.status_code == 404
    assert nothing_recorded(ask)


def test_other_asks_and_unknown_answers_are_404s(client, ask, mine):
    foreign = AskFactory(escalation=EscalatedFactory())
    assert client.get(f"/s/{mine}/asks/{foreign.pk}/approve/").status_code == 404
    assert client.post(f"/s/{mine}/asks/{foreign.pk}/", {"decision": "approve"}).status_code == 404
    assert client.get(f"/s/{mine}/asks/{ask.pk}/maybe/").status_code == 404
    assert nothing_recorded(ask)
    assert foreign.decisions.count() == 0


def test_a_bad_post_explains_and_keeps_the_note(client, ask, mine):
    response = client.post(f"/s/{mine}/asks/{ask.pk}/", {"decision": "yes", "note": "Fine by me"})
    assert response.status_code == 400
    assert "Choose Approve, Decline or Let's discuss." in text_of(response).replace("&#x27;", "'")
    assert "Fine by me" in response.content.decode()
    long = client.post(f"/s/{mine}/asks/{ask.pk}/", {"decision": "decline", "note": "x" * 2001})
    assert long.status_code == 400
    assert "Keep the note under 2000 characters" in text_of(long)
    # The chosen answer is still the one offered.
    assert re.search(r'value="decline"[^>]*>Decline</button>', long.content.decode())
    assert nothing_recorded(ask)


def test_every_status_page_and_status_json_show_the_answer(client, escalation, ask, mine, shared):
    before = client.get(f"/s/{SHARED}/status.json")
    ask_decide(
        ask=ask,
        decision=m.DecisionChoice.DECLINED,
        decided_by_name="Maya Chen",
        via=m.DecisionVia.EXECUTIVE_LINK,
        note="Not this quarter.",
        now=NOW,
    )
    for token in (mine, SHARED):
        text = text_of(client.get(f"/s/{token}/"))
        assert "Declined: Approve $40K for a second processor" in text
        assert "Maya Chen · Tue 24 Nov 10:00" in text and "“Not this quarter.”" in text
        assert "Maya Chen declined: Approve $40K" in text  # the timeline entry
    # The version moved, so a reader revalidating gets the new document, not a 304.
    again = client.get(f"/s/{SHARED}/status.json", headers={"if-none-match": before["ETag"]})
    assert again.status_code == 200
    [entry] = json.loads(again.content)["asks"]
    assert entry == {
        "id": ask.pk,
        "decision": "Approve $40K for a second processor",
        "decide_by": "2026-11-24T16:00:00Z",
        "status": "declined",
        "decided_by": "Maya Chen",
        "decided_at": "2026-11-24T10:00:00Z",
        "note": "Not this quarter.",
        "waiting_since": None,
    }
    assert json.loads(again.content)["updates"][0]["kind"] == "decision"


def test_an_unanswered_ask_past_its_deadline_reads_waiting_since(client, ask, mine, shared):
    with time_machine.travel(NOW + timedelta(hours=7), tick=False):
        page = text_of(client.get(f"/s/{mine}/"))
        data = json.loads(client.get(f"/s/{SHARED}/status.json").content)
    assert "Waiting since Tue 24 Nov 16:00" in page
    assert data["asks"][0]["waiting_since"] == "2026-11-24T16:00:00Z"
    assert data["asks"][0]["status"] == "open" and data["asks"][0]["decided_at"] is None


def test_the_author_can_show_the_executives_own_link_to_send_it_by_chat(
    client_for, escalation, ask
):
    author = client_for(escalation.owner)
    page = author.get(escalation.get_absolute_url()).content.decode()
    assert "Show Maya Chen's own link</button>" in page
    url = f"/escalations/{escalation.pk}/links/executive/"
    shown = author.post(url, headers={"HX-Request": "true"}).content.decode()
    token = executive_link_token(escalation=escalation)
    assert f"/s/{token}/" in shown and "Maya Chen's own link" in shown
    assert "decides asks</span>" in shown
    # Asking again shows the same link (it is derived, not stored), and no new one is made.
    again = author.post(url)
    assert again.status_code == 200 and f"/s/{token}/" in again.content.decode()
    from statuspages.models import ShareLink

    assert ShareLink.objects.filter(for_executive=True).count() == 1
    # Someone else's escalation: the same 404 as any foreign id.
    stranger = client_for(UserFactory(username="stranger"))
    assert stranger.post(url).status_code == 404
