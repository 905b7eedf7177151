"""The executive's choice of how updates reach them is theirs, for every escalation."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from escalations.models import Escalation, Executive, OutboxMessage, Subscription
from escalations.subscriptions import services as subs
from statuspages.services import executive_link_token, status_path
from tests import factories as f

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.fixture
def maya():
    return f.ExecutiveFactory(name="Maya Chen", email="maya@example.com", time_zone="Europe/Berlin")


def test_a_choice_on_one_status_link_applies_to_every_escalation_addressed_to_them(client, maya):
    a = f.EscalatedFactory(executive=maya)
    b = f.EscalatedFactory(executive=maya)
    elsewhere = f.EscalatedFactory()
    subs.subscription_for_executive(escalation=b)
    subs.subscription_for_executive(escalation=elsewhere)
    versions = dict(Escalation.objects.values_list("pk", "version"))
    url = status_path(executive_link_token(escalation=a))
    page = client.get(url).content.decode()
    assert "Your choice applies to all escalations addressed to you" in page
    response = client.post(
        f"{url}email/", {"mode": "digest", "digest_at": "07:30", "time_zone": "Asia/Tokyo"}
    )
    assert response.status_code == 302
    maya.refresh_from_db()
    assert (maya.mode, maya.digest_at, maya.time_zone) == ("digest", time(7, 30), "Asia/Tokyo")
    for e in (a, b):
        row = Subscription.objects.get(escalation=e, for_executive=True)
        assert (row.mode, row.digest_at, row.time_zone) == ("digest", time(7, 30), "Asia/Tokyo")
        assert Escalation.objects.get(pk=e.pk).version > versions[e.pk]
    other = Subscription.objects.get(escalation=elsewhere, for_executive=True)
    assert other.mode == "each"
    assert Escalation.objects.get(pk=elsewhere.pk).version == versions[elsewhere.pk]
    # B's status link shows the choice made on A's.
    b_page = client.get(status_path(executive_link_token(escalation=b))).content.decode()
    assert "one daily digest</strong> at 07:30 (Asia/Tokyo)" in b_page


def test_a_new_escalation_to_them_starts_with_their_choice(maya):
    maya.mode = "off"
    maya.save()
    row = subs.subscription_for_executive(escalation=f.EscalatedFactory(executive=maya))
    assert row.mode == "off" and not row.is_active


def test_the_executives_one_click_unsubscribe_turns_off_every_escalation(maya):
    a = f.EscalatedFactory(executive=maya)
    b = f.EscalatedFactory(executive=maya)
    row_a = subs.subscription_for_executive(escalation=a)
    row_b = subs.subscription_for_executive(escalation=b)
    queued = f.OutboxMessageFactory(
        escalation=b, subscription=row_b, purpose="update", to_email=maya.email, send_at=T0
    )
    assert subs.subscription_unsubscribe(subscription=row_a, now=T0) is True
    maya.refresh_from_db()
    assert maya.mode == "off"
    row_b.refresh_from_db()
    assert row_b.mode == "off" and not row_b.is_active
    assert OutboxMessage.objects.get(pk=queued.pk).state == "cancelled"
    assert subs.subscription_unsubscribe(subscription=row_b, now=T0) is False


def test_choosing_on_an_escalation_addressed_to_nobody_is_refused_clearly():
    e = f.EscalatedFactory(executive_email="")
    with pytest.raises(subs.SubscriptionInvalid, match="not addressed to anyone yet"):
        subs.subscription_executive_set(escalation=e, mode="off")
    assert not Executive.objects.exists()


def test_the_author_is_told_how_to_add_other_recipients_for_one_escalation(client_for, maya):
    e = f.EscalatedFactory(executive=maya)
    page = client_for(e.owner).get(f"/escalations/{e.pk}/").content.decode()
    panel = page.split('id="readers"')[1].split("</section>")[0]
    assert "Maya Chen, CTO: every update, as it is posted" in panel
    assert "applies to every escalation addressed to them" in panel
    assert '<a href="#sharing">share a status-page link</a>' in panel
    assert 'id="sharing"' in page
