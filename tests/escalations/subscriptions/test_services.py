"""Updates reach their readers: the executive by default, anyone who subscribes and
confirms, a daily digest for whoever prefers one — all through the outbox, once each."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime, time, timedelta

import pytest
from django.core import mail
from django.test import Client

from escalations import models as m
from escalations.outbox import engine
from escalations.outbox.desk_digest import executive_digests_scan
from escalations.subscriptions import services as subs
from escalations.updates.services import update_post
from tests import factories as f
from tests.escalations.subscriptions.helpers import fan_out, link, tick, to

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def _escalation(**kw):
    return f.EscalatedFactory(
        title="Checkout payments failing",
        executive_email="cto@example.com",
        executive_time_zone="Europe/Berlin",
        escalated_at=T0 - timedelta(hours=1),
        last_updated_at=T0 - timedelta(minutes=30),
        next_update_due_at=T0 + timedelta(minutes=30),
        **kw,
    )


def _post(e, body, now, **kw):
    return update_post(escalation=e, author=e.owner, body=body, now=now, **kw)


def test_every_posted_update_is_emailed_to_the_executive_by_default():
    e = _escalation()
    _post(e, "Failover to the second processor is **done**; errors down to 0.4%.", T0)
    tick(T0)
    [msg] = to("cto@example.com")
    # What changed leads the subject, cut at a word so the title fits under 70 characters.
    assert msg.subject == "Failover to the second processor is… · Checkout payments failing"
    assert "Failover to the second processor is done; errors down to 0.4%." in msg.body
    assert "<strong>done</strong>" in msg.alternatives[0][0]
    # Times in the executive's zone; the next update comes from the cadence clock.
    assert "Tue 24 Nov 13:00 CET (Europe/Berlin)" in msg.body
    assert "Next update by Tue 24 Nov 14:00 CET (Europe/Berlin)." in msg.body
    assert msg.reply_to == [e.owner.email]
    unsubscribe = msg.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://127.0.0.1:8000/subscriptions/unsubscribe/")
    assert msg.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Their own status page, with the email settings, is one click away.
    assert "#email-settings" in msg.body
    # A second tick sends nothing more.
    tick(T0 + timedelta(minutes=1))
    assert len(to("cto@example.com")) == 1


def test_the_update_is_owed_with_it_and_goes_to_the_current_address():
    e = _escalation()
    update = _post(e, "Rolled back.", T0)
    # The author's request owes the readers the update; a worker writes their rows.
    update.refresh_from_db()
    assert update.fan_out_owed
    assert not m.OutboxMessage.objects.filter(purpose=m.DispatchPurpose.UPDATE).exists()
    handed = fan_out(update, T0)
    row = m.OutboxMessage.objects.get(purpose=m.DispatchPurpose.UPDATE)
    assert (
        row.update == update and row.dedupe_key == f"update:{update.pk}:sub:{row.subscription_id}"
    )
    # The directory entry's address is corrected before the worker gets to it.
    m.Executive.objects.filter(pk=e.executive_id).update(email="cto@new.example.com")
    engine.dispatches_send(pks=handed, now=T0)
    assert [msg.to for msg in mail.outbox] == [["cto@new.example.com"]]


def test_a_reader_subscribes_confirms_gets_each_update_once_and_unsubscribes_in_one_click():
    e = _escalation()
    subs.subscription_request(
        escalation=e, email="  Sam@Example.com ", time_zone="Asia/Tokyo", now=T0
    )
    tick(T0)
    [confirm] = to("sam@example.com")
    assert confirm.subject == "Confirm: email me the updates on Checkout payments failing"
    path = link(confirm.body, "confirm")

    # Not confirmed yet: nothing but the confirmation.
    _post(e, "Still investigating.", T0 + timedelta(minutes=5))
    tick(T0 + timedelta(minutes=5))
    assert len(to("sam@example.com")) == 1

    client = Client()
    page = client.get(path)  # a mail scanner's prefetch changes nothing
    assert page.status_code == 200 and b"Confirm" in page.content
    assert not m.Subscription.objects.get(email="sam@example.com").is_active
    assert client.post(path).status_code == 200
    assert m.Subscription.objects.get(email="sam@example.com").is_active

    _post(e, "Failover done.", T0 + timedelta(minutes=10))
    tick(T0 + timedelta(minutes=10))
    tick(T0 + timedelta(minutes=11))
    updates = to("sam@example.com")[1:]
    assert [u.subject for u in updates] == ["Failover done. · Checkout payments failing"]
    assert "Failover done." in updates[0].body
    # Sam's zone, not the executive's.
    assert "Tue 24 Nov 21:10 JST (Asia/Tokyo)" in updates[0].body
    assert "#email-settings" not in updates[0].body

    # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" to the header's URL.
    url = updates[0].extra_headers["List-Unsubscribe"].strip("<>")
    path = url.removeprefix("http://127.0.0.1:8000")
    response = Client().post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert b"Unsubscribed" in response.content
    _post(e, "Resolved.", T0 + timedelta(minutes=20))
    tick(T0 + timedelta(minutes=20))
    assert len(to("sam@example.com")) == 2


def test_confirmation_is_not_resent_within_ten_minutes_nor_to_a_subscribed_address():
    e = _escalation()
    for minute in (0, 3, 9):
        subs.subscription_request(
            escalation=e, email="sam@example.com", now=T0 + timedelta(minutes=minute)
        )
    tick(T0 + timedelta(minutes=9))
    assert len(to("sam@example.com")) == 1
    subs.subscription_request(escalation=e, email="sam@example.com", now=T0 + timedelta(minutes=11))
    tick(T0 + timedelta(minutes=11))
    assert len(to("sam@example.com")) == 2
    subs.subscription_confirm(subscription=m.Subscription.objects.get(email="sam@example.com"))
    subs.subscription_request(escalation=e, email="sam@example.com", now=T0 + timedelta(minutes=30))
    tick(T0 + timedelta(minutes=30))
    assert len(to("sam@example.com")) == 2


def test_forged_or_expired_links_do_nothing():
    e = _escalation()
    sub = subs.subscription_request(escalation=e, email="sam@example.com", now=T0)
    tick(T0)
    path = link(to("sam@example.com")[0].body, "confirm")
    assert Client().post(path[:-3] + "xx/").status_code == 404
    # A confirmation link cannot unsubscribe (another salt), and the other way round.
    token = path.split("/")[3]
    assert Client().post(f"/subscriptions/unsubscribe/{token}/").status_code == 404
    sub.refresh_from_db()
    assert sub.confirmed_at is None and sub.unsubscribed_at is None


def test_unsubscribing_cancels_what_is_queued_for_that_reader():
    e = _escalation()
    fan_out(_post(e, "Rolled back.", T0), T0)
    sub = m.Subscription.objects.get(for_executive=True)
    assert subs.subscription_unsubscribe(subscription=sub, now=T0)
    tick(T0)
    assert mail.outbox == []
    row = m.OutboxMessage.objects.get(purpose=m.DispatchPurpose.UPDATE)
    assert row.state == m.DispatchState.CANCELLED
    _post(e, "Resolved.", T0 + timedelta(minutes=5))
    assert m.OutboxMessage.objects.filter(purpose=m.DispatchPurpose.UPDATE).count() == 1


def test_the_executive_switches_to_a_daily_digest_at_their_local_time():
    e = _escalation()
    _post(e, "One by one, before the switch.", T0)
    tick(T0)
    assert len(mail.outbox) == 1
    subs.subscription_executive_set(
        escalation=e, mode="digest", digest_at=time(8, 0), time_zone="Europe/Berlin", now=T0
    )
    _post(e, "First of the day.", T0 + timedelta(hours=1))
    _post(e, "Second of the day.", T0 + timedelta(hours=3))
    tick(T0 + timedelta(hours=3))
    assert len(mail.outbox) == 1  # no more one-by-one emails

    # 07:59 Berlin the next morning: not yet. 08:00: one digest, however often the tick runs:
    # their desk in short (escalations/outbox/desk_digest.py), not a digest per escalation.
    next_morning = datetime(2026, 11, 25, 8, 0, tzinfo=BERLIN)
    assert subs.digests_scan(now=next_morning).written == 0
    assert executive_digests_scan(now=next_morning - timedelta(minutes=1)).written == 0
    assert executive_digests_scan(now=next_morning).written == 1
    assert executive_digests_scan(now=next_morning + timedelta(minutes=1)).written == 0
    tick(next_morning + timedelta(minutes=1))
    digest = mail.outbox[-1]
    assert len(mail.outbox) == 2
    assert "your desk" in digest.subject
    body = digest.body
    assert "updates, latest: Second of the day." in body  # the day before the digest
    assert "One by one" not in body

    # A later digest's line counts only what is new since the last one.
    _post(e, "Third.", next_morning + timedelta(days=1, hours=2))
    assert executive_digests_scan(now=next_morning + timedelta(days=2)).written == 1
    tick(next_morning + timedelta(days=2))
    assert "1 update, latest: Third." in mail.outbox[-1].body


def test_the_executive_can_switch_emails_off_and_on_again():
    e = _escalation()
    subs.subscription_executive_set(escalation=e, mode="off", now=T0)
    _post(e, "Rolled back.", T0)
    tick(T0)
    assert mail.outbox == []
    subs.subscription_executive_set(escalation=e, mode="each", now=T0)
    _post(e, "Resolved.", T0 + timedelta(minutes=1))
    tick(T0 + timedelta(minutes=1))
    assert len(mail.outbox) == 1


def test_a_digest_without_a_time_is_refused():
    e = _escalation()
    with pytest.raises(subs.SubscriptionInvalid):
        subs.subscription_executive_set(escalation=e, mode="digest", now=T0)


def test_staff_see_who_gets_the_updates_but_never_a_link_key(client_for):
    e = _escalation()
    sub = subs.subscription_request(escalation=e, email="sam@example.com", now=T0)
    assert sub is not None
    root = f.UserFactory(username="root", is_staff=True, is_superuser=True)
    client = client_for(root)
    listing = client.get("/admin/escalations/subscription/").content.decode()
    assert "sam@example.com" in listing
    detail = client.get(f"/admin/escalations/subscription/{sub.pk}/change/").content.decode()
    assert sub.link_key not in detail


def test_the_author_sees_who_gets_the_updates(client_for):
    e = _escalation()
    sub = subs.subscription_request(escalation=e, email="sam@example.com", now=T0)
    assert sub is not None
    subs.subscription_confirm(subscription=sub)
    subs.subscription_executive_set(
        escalation=e, mode="digest", digest_at=time(7, 30), time_zone="Europe/Berlin", now=T0
    )
    page = client_for(e.owner).get(f"/escalations/{e.pk}/").content.decode()
    panel = page.split('id="readers"')[1].split("</section>")[0]
    assert "Jordan Blake, CTO: one daily digest at 07:30 (Europe/Berlin)" in panel
    assert "applies to every escalation addressed to them" in panel
    assert "1 confirmed subscriber from status-page links" in panel
    assert "Chat: none" in panel


def test_you_are_subscribed_leads_back_to_the_status_page_subscribed_from(tasks_inline):
    from django.conf import settings
    from django.utils import timezone

    token = "subscribeBackLinkTestToken_0123456789abcdef"
    e = _escalation()
    f.ShareLinkFactory(escalation=e, token=token)
    browser = Client()
    response = browser.post(f"/s/{token}/subscribe/", {"email": "sam@example.com"})
    assert response.status_code == 200
    tick(timezone.now())
    path = link(to("sam@example.com")[0].body, "confirm")
    page = browser.post(path).content.decode()
    assert "You are subscribed" in page and f'/s/{token}/"' in page
    # Another browser (the confirm link opened on a phone): the same way back.
    response = Client().post(path)
    page = response.content.decode()
    assert "You are subscribed" in page and f'href="{settings.SITE_URL}/s/{token}/"' in page
    assert "Back to the status page" in page
    assert response["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response["X-Robots-Tag"]


def test_a_revoked_link_leads_nowhere_after_confirming(tasks_inline):
    from django.utils import timezone

    from statuspages.services import share_link_revoke

    token = "subscribeRevokedLinkToken_0123456789abcdef"
    e = _escalation()
    shared = f.ShareLinkFactory(escalation=e, token=token)
    assert Client().post(f"/s/{token}/subscribe/", {"email": "sam@example.com"}).status_code == 200
    tick(timezone.now())
    path = link(to("sam@example.com")[0].body, "confirm")
    share_link_revoke(link=shared)
    page = Client().post(path).content.decode()
    assert "/s/" not in page and "open the link you were given" in page
