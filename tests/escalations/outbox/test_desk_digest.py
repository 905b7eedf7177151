"""One email instead of many: an executive on the daily digest gets one email a day at
their local hour with their desk in short (decisions waiting with decide links, one line per
escalation on what changed, what is overdue), and no update emails one by one; with "off",
none. Every email to an executive carries their desk link."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

import pytest
from django.core import mail
from django.test import Client

from escalations import models as m
from escalations.desk.links import desk_url
from escalations.outbox import engine
from escalations.outbox.desk_digest import WORD_LIMIT, executive_digests_scan
from escalations.subscriptions.tasks import tick_digest
from escalations.updates.services import update_post
from escalations.wizard.briefing import count_words
from tests import factories as f
from tests.escalations.subscriptions.helpers import fan_out, tick, to

pytestmark = pytest.mark.django_db
# 07:00 UTC is 08:00 in Berlin on 24 Nov.
T0 = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)


@pytest.fixture
def maya():
    return f.ExecutiveFactory(
        name="Maya Chen",
        email="maya@example.com",
        time_zone="Europe/Berlin",
        mode=m.SubscriptionMode.DIGEST,
        digest_at=time(8, 0),
    )


def escalated_to(x, title: str, owner=None, **kw):
    fields = {
        "escalated_at": T0 - timedelta(hours=3),
        "last_updated_at": T0 - timedelta(hours=2),
        "next_update_due_at": T0 + timedelta(hours=1),
    }
    return f.EscalatedFactory(
        title=title,
        owner=owner or f.UserFactory(first_name="Dana", last_name="Okafor"),
        executive=x,
        executive_name=x.name,
        executive_email=x.email,
        executive_time_zone=x.time_zone,
        **(fields | kw),
    )


@pytest.fixture
def three(maya):
    sam = f.UserFactory(username="sam", first_name="Sam", last_name="Lee")
    payments = escalated_to(maya, "Checkout payments failing")
    sso = escalated_to(maya, "SSO logins failing", owner=sam)
    quiet = escalated_to(
        maya, "Data warehouse migration slipping", next_update_due_at=T0 - timedelta(hours=1)
    )
    f.AskFactory(
        escalation=payments,
        decision="Approve $40K for a second processor",
        decide_by=T0 + timedelta(hours=6),
    )
    f.AskFactory(
        escalation=sso, decision="Unblock the vendor contract", decide_by=T0 + timedelta(hours=2)
    )
    return payments, sso, quiet


def test_one_digest_a_day_at_their_local_hour_instead_of_each_update(maya, three):
    payments, sso, quiet = three
    # Updates posted overnight: the executive gets none of them one by one.
    reader = m.Subscription.objects.create(
        escalation=sso, email="reader@example.com", link_key="k" * 32, confirmed_at=T0
    )
    for e, body in ((payments, "Failover done; errors down to 0.4%."), (sso, "Vendor engaged.")):
        update_post(escalation=e, author=e.owner, body=body, now=T0 - timedelta(hours=1))
    tick(T0 - timedelta(hours=1))
    assert to("maya@example.com") == []
    assert len(to(reader.email)) == 1  # other readers still get each update

    assert executive_digests_scan(now=T0 - timedelta(minutes=1)).written == 0  # 07:59 Berlin
    assert executive_digests_scan(now=T0).written == 1
    assert executive_digests_scan(now=T0 + timedelta(minutes=5)).written == 0  # once a day
    tick(T0)

    [msg] = to("maya@example.com")
    assert msg.subject.startswith("2 decisions waiting, 1 overdue · your desk")
    body = str(msg.body)
    # The decisions first, most urgent first, each with decide links through the desk.
    assert body.index("Unblock the vendor contract") < body.index("Approve $40K")
    desk = f"http://127.0.0.1:8000{desk_url(maya)}"
    token = desk_url(maya).split("/")[2]
    approve = re.findall(
        rf"Approve: (http://127\.0\.0\.1:8000/desk/{re.escape(token)}/asks/\d+/approve/)", body
    )
    assert len(approve) == 2
    # One line per escalation on what changed; what is overdue.
    assert (
        "Checkout payments failing (escalated, Dana Okafor): 1 update, latest: Failover done"
        in body
    )
    assert "SSO logins failing (escalated, Sam Lee): 1 update, latest: Vendor engaged." in body
    assert "Data warehouse migration slipping (escalated, Dana Okafor): no update" in body
    assert "Data warehouse migration slipping: update overdue by 1 h (Dana Okafor)" in body
    assert f"Your desk: {desk}" in body
    # At most 250 words, plus one line per escalation.
    lines = [line for line in body.splitlines() if line.startswith("- ") and "):" in line]
    assert len(lines) == 3
    assert count_words(body) - sum(count_words(line) for line in lines) <= WORD_LIMIT
    assert "open your desk" not in msg.alternatives[0][0]  # no second desk footer
    # The decide link opens the confirmation page: it decides nothing by itself.
    response = Client().get(approve[0].removeprefix("http://127.0.0.1:8000"))
    assert response.status_code == 200
    assert not m.Ask.objects.exclude(status=m.AskStatus.OPEN).exists()


def test_the_digest_stays_within_its_words_with_many_asks(maya, three):
    payments = three[0]
    for i in range(40):
        f.AskFactory(
            escalation=payments,
            decision=f"Approve vendor spend number {i} for the failover region and its support",
            decide_by=T0 + timedelta(days=1, minutes=i),
        )
    executive_digests_scan(now=T0)
    tick(T0)
    [msg] = to("maya@example.com")
    lines = [line for line in msg.body.splitlines() if line.startswith("- ") and "):" in line]
    assert count_words(msg.body) - sum(count_words(line) for line in lines) <= WORD_LIMIT
    assert re.search(r"And \d+ more on your desk\.", msg.body)


def test_the_tick_owes_it_and_nobody_else_gets_one(maya, three):
    f.ExecutiveFactory(
        email="ceo@example.com", mode=m.SubscriptionMode.DIGEST, digest_at=time(6, 0)
    )
    f.ExecutiveFactory(email="vp@example.com", mode=m.SubscriptionMode.EACH)
    escalated_to(m.Executive.objects.get(email="vp@example.com"), "Something for the VP")
    from time_machine import travel

    with travel(T0, tick=False):
        assert tick_digest() == 1
    assert m.OutboxMessage.objects.filter(purpose=m.DispatchPurpose.EXECUTIVE_DIGEST).count() == 1


def test_off_means_no_emails_and_no_digest(maya, three):
    m.Executive.objects.filter(pk=maya.pk).update(mode=m.SubscriptionMode.OFF, digest_at=None)
    payments = three[0]
    update_post(escalation=payments, author=payments.owner, body="Rolled back.", now=T0)
    assert executive_digests_scan(now=T0).written == 0
    tick(T0)
    assert to("maya@example.com") == []


def test_an_update_already_owed_is_cancelled_when_they_switch_to_the_digest(maya, three):
    m.Executive.objects.filter(pk=maya.pk).update(mode=m.SubscriptionMode.EACH)
    payments = three[0]
    upd = update_post(escalation=payments, author=payments.owner, body="Rolled back.", now=T0)
    handed = fan_out(upd, T0)
    assert handed
    m.Executive.objects.filter(pk=maya.pk).update(mode=m.SubscriptionMode.DIGEST)
    engine.dispatches_send(pks=handed, now=T0)
    assert to("maya@example.com") == []
    row = m.OutboxMessage.objects.get(purpose=m.DispatchPurpose.UPDATE, to_email="maya@example.com")
    assert row.state == m.DispatchState.CANCELLED
    assert "daily digest" in row.error


def test_every_email_to_the_executive_carries_their_desk_link(maya, three):
    m.Executive.objects.filter(pk=maya.pk).update(mode=m.SubscriptionMode.EACH)
    payments = three[0]
    m.Subscription.objects.create(
        escalation=payments, email="reader@example.com", link_key="k" * 32, confirmed_at=T0
    )
    update_post(escalation=payments, author=payments.owner, body="Rolled back.", now=T0)
    tick(T0)
    [msg] = to("maya@example.com")
    desk = f"http://127.0.0.1:8000{desk_url(maya)}"
    assert f"your desk: {desk}" in msg.body
    assert f'href="{desk}"' in msg.alternatives[0][0]
    # Nobody else's email carries it.
    for other in mail.outbox:
        if other.to != ["maya@example.com"]:
            assert "/desk/" not in other.body


@pytest.mark.parametrize("mode", [m.SubscriptionMode.DIGEST, m.SubscriptionMode.OFF])
def test_no_missed_update_notice_either_when_on_the_digest_or_off(maya, three, mode):
    m.Executive.objects.filter(pk=maya.pk).update(mode=mode)
    quiet = three[2]
    row = m.OutboxMessage.objects.create(
        escalation=quiet,
        purpose=m.DispatchPurpose.EXECUTIVE_NOTICE,
        dedupe_key="notice:test",
        to_email=maya.email,
        window_due_at=T0 - timedelta(hours=1),
        send_at=T0,
    )
    engine.dispatches_send(pks=[row.pk], now=T0)
    row.refresh_from_db()
    assert row.state == m.DispatchState.CANCELLED
    assert to("maya@example.com") == []
    # The overdue escalation is in the digest instead (and with "off", nowhere but the desk).
    assert executive_digests_scan(now=T0).written == (1 if mode == m.SubscriptionMode.DIGEST else 0)
