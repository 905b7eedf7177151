"""A reader's subscription belongs to the link they subscribed through: revoking the link
ends it. The author sees who is subscribed and can remove anyone; subscriber emails carry
the title and a status-page link."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from escalations import models as m
from escalations.updates.services import update_post
from statuspages.models import ShareLink
from statuspages.services import share_link_revoke
from tests.escalations.subscriptions.helpers import link, tick
from tests.factories import EscalatedFactory, ShareLinkFactory

# The subscribe form's work is queued; run it at once, as a worker would.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_inline")]

TOKEN = "v" * 43


@pytest.fixture
def escalation(user):
    return EscalatedFactory(
        owner=user,
        title="Checkout failing for EU cards",
        executive_email="cto@example.com",
        executive_time_zone="Europe/Berlin",
    )


def _subscribe(escalation, address: str) -> m.Subscription:
    """Subscribe through the shared link and confirm from the email, as a reader would."""
    reader = Client()
    assert reader.post(f"/s/{TOKEN}/subscribe/", {"email": address}).status_code == 200
    tick(timezone.now())
    confirm = [msg for msg in mail.outbox if msg.to == [address]][-1]
    assert reader.post(link(confirm.body, "confirm")).status_code == 200
    return m.Subscription.objects.get(email=address)


def _post(escalation, body: str) -> None:
    update_post(escalation=escalation, author=escalation.owner, body=body)
    tick(timezone.now())


def _to(address: str) -> list:
    return [msg for msg in mail.outbox if msg.to == [address]]


def test_revoking_the_link_ends_the_subscriptions_made_through_it(escalation):
    shared = ShareLinkFactory(escalation=escalation, token=TOKEN, label="#inc-payments")
    sub = _subscribe(escalation, "sam@example.com")
    assert sub.via_link_id == shared.pk
    _post(escalation, "Failover done; errors at 0.4%.")
    [update] = _to("sam@example.com")[1:]
    # The title and a status-page link (never the executive's own) are in the email.
    assert "Checkout failing for EU cards" in update.body.split("\n")[0]
    page = re.search(r"Status page: (http\S+)", update.body)
    assert page is not None
    # Their own link: the one they subscribed through, no other.
    assert page.group(1).endswith(f"/s/{TOKEN}/")
    html = update.alternatives[0][0]
    assert f'/s/{TOKEN}/"' in html
    assert "Open the status page of “Checkout failing for EU cards”" in html

    share_link_revoke(link=shared)
    sub.refresh_from_db()
    assert not sub.is_active
    _post(escalation, "Fix deployed.")
    assert len(_to("sam@example.com")) == 2  # nothing after the revocation
    assert len(_to("cto@example.com")) == 2  # the executive still gets every update


def test_each_reader_s_email_carries_the_link_they_subscribed_through(escalation):
    """Two readers through two links: each email leads back to the reader's own link, none
    to the other's, the channel's or the executive's."""
    ShareLinkFactory(escalation=escalation, token=TOKEN, label="#inc-payments")
    other = "w" * 43
    ShareLinkFactory(escalation=escalation, token=other, label="Support team")
    _subscribe(escalation, "sam@example.com")
    reader = Client()
    assert reader.post(f"/s/{other}/subscribe/", {"email": "lee@example.com"}).status_code == 200
    tick(timezone.now())
    reader.post(link(_to("lee@example.com")[-1].body, "confirm"))
    _post(escalation, "Failover done; errors at 0.4%.")
    sam, lee = _to("sam@example.com")[-1], _to("lee@example.com")[-1]
    assert f"/s/{TOKEN}/" in sam.body and other not in sam.body
    assert f"/s/{other}/" in lee.body and TOKEN not in lee.body
    executive_token = ShareLink.objects.get(for_executive=True).mailed_token
    assert executive_token not in sam.body + lee.body


def test_the_author_sees_who_is_subscribed_and_removes_a_reader(escalation, author_client):
    ShareLinkFactory(escalation=escalation, token=TOKEN)
    _subscribe(escalation, "sam@example.com")
    keep = _subscribe(escalation, "lee@example.com")
    page = author_client.get(f"/escalations/{escalation.pk}/").content.decode()
    readers = page.split('id="subscribers"')[1].split("</ul>")[0]
    assert "sam@example.com" in readers and "lee@example.com" in readers

    sam = m.Subscription.objects.get(email="sam@example.com")
    response = author_client.post(
        f"/escalations/{escalation.pk}/readers/{sam.pk}/remove/", headers={"HX-Request": "true"}
    )
    assert "sam@example.com no longer gets the updates." in response.content.decode()
    _post(escalation, "Failover done.")
    assert len(_to("sam@example.com")) == 1  # only the confirmation
    assert len(_to(keep.email)) == 2


def test_another_authors_reader_cannot_be_removed(escalation, client_for, other_user):
    ShareLinkFactory(escalation=escalation, token=TOKEN)
    sam = _subscribe(escalation, "sam@example.com")
    stranger = client_for(other_user)
    response = stranger.post(f"/escalations/{escalation.pk}/readers/{sam.pk}/remove/")
    assert response.status_code == 404
    sam.refresh_from_db()
    assert sam.is_active
