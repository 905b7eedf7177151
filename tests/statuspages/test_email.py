"""Updates by email from the status page: anyone subscribes (and confirms by email); only the
executive's personal link shows — and accepts — their email settings."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from escalations import models as m
from escalations.outbox import links
from tests.escalations.subscriptions.helpers import tick
from tests.factories import EscalatedFactory, ShareLinkFactory
from tests.html import elements

pytestmark = pytest.mark.django_db
TOKEN = "r" * 43


@pytest.fixture
def escalation():
    return EscalatedFactory(
        title="Checkout failing for EU cards",
        executive_email="cto@example.com",
        executive_time_zone="Europe/Berlin",
    )


def _executive_path(escalation) -> str:
    url = links.executive_link_owed(escalation)
    assert url
    return url.removeprefix(settings.SITE_URL)


def _inputs(html: str) -> list[dict]:
    return [attrs for tag, attrs in elements(html) if tag == "input"]


def _input(html: str, name: str) -> dict:
    return next(a for a in _inputs(html) if a.get("name") == name)


def _checked_mode(html: str) -> str | None:
    return next(
        (a["value"] for a in _inputs(html) if a.get("name") == "mode" and "checked" in a), None
    )


def test_a_reader_subscribes_from_the_page_and_gets_a_confirmation_email(
    client, escalation, tasks_inline
):
    ShareLinkFactory(escalation=escalation, token=TOKEN)
    page = client.get(f"/s/{TOKEN}/")
    assert b"Email me each update" in page.content
    assert b'action="subscribe/"' in page.content
    assert b'name="mode"' not in page.content  # no executive settings on a shared link
    assert "form-action 'self'" in page.headers["Content-Security-Policy"]

    response = client.post(
        f"/s/{TOKEN}/subscribe/", {"email": "sam@example.com", "time_zone": "Asia/Tokyo"}
    )
    assert response.status_code == 200
    assert b"Check your inbox" in response.content
    assert response.headers["Referrer-Policy"] == "no-referrer"
    sub = m.Subscription.objects.get(email="sam@example.com")
    assert sub.time_zone == "Asia/Tokyo" and sub.confirmed_at is None
    tick(timezone.now())
    assert [msg.to for msg in mail.outbox] == [["sam@example.com"]]


def test_a_bad_address_gets_a_clear_message_and_keeps_what_was_typed(client, escalation):
    ShareLinkFactory(escalation=escalation, token=TOKEN)
    response = client.post(f"/s/{TOKEN}/subscribe/", {"email": "sam at example"})
    assert response.status_code == 400
    assert b"does not look like an email address" in response.content
    assert b'value="sam at example"' in response.content
    assert not m.Subscription.objects.exists()


def test_a_dead_link_cannot_subscribe(client, escalation):
    link = ShareLinkFactory(escalation=escalation, token=TOKEN)
    link.revoked_at = timezone.now()
    link.save()
    assert client.post(f"/s/{TOKEN}/subscribe/", {"email": "sam@example.com"}).status_code == 404
    assert not m.Subscription.objects.exists()


def test_only_the_executives_link_shows_and_saves_email_settings(client, escalation):
    ShareLinkFactory(escalation=escalation, token=TOKEN)
    path = _executive_path(escalation)
    page = client.get(path).content.decode()
    assert _checked_mode(page) == "each"
    assert _input(page, "time_zone")["value"] == "Europe/Berlin"
    assert client.get(f"/s/{TOKEN}/").content.count(b'name="mode"') == 0

    # A shared link cannot change the executive's settings.
    assert client.post(f"/s/{TOKEN}/email/", {"mode": "off"}).status_code == 404

    response = client.post(
        f"{path}email/", {"mode": "digest", "digest_at": "07:30", "time_zone": "Europe/Berlin"}
    )
    assert response.status_code == 302 and response.url.endswith("#email-settings")
    sub = m.Subscription.objects.get(for_executive=True)
    assert (sub.mode, sub.digest_at.strftime("%H:%M")) == ("digest", "07:30")
    page = client.get(path).content.decode()
    assert "You get: <strong>one daily digest</strong> at 07:30 (Europe/Berlin)" in page


def test_a_digest_without_a_time_is_refused_and_nothing_is_lost(client, escalation):
    path = _executive_path(escalation)
    response = client.post(
        f"{path}email/", {"mode": "digest", "digest_at": "", "time_zone": "Europe/Berlin"}
    )
    assert response.status_code == 400
    assert b"Pick the time the daily digest should arrive" in response.content
    assert _checked_mode(response.content.decode()) == "digest"
    assert not m.Subscription.objects.filter(mode="digest").exists()
