"""A reader on the daily digest gets one email a day at their own local time, with every
update since their last digest; nothing before their hour, nothing twice, and when
thousands take it at the same minute, everyone gets theirs within a few ticks."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from escalations import models as m
from escalations.subscriptions import services as subs
from escalations.subscriptions.tokens import new_link_key
from escalations.updates.services import update_post
from tests import factories as f
from tests.concurrency import at_once
from tests.escalations.subscriptions.helpers import tick, to

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)  # 13:00 in Berlin, 21:00 in Tokyo


def _escalation():
    return f.EscalatedFactory(
        title="Checkout payments failing",
        escalated_at=T0 - timedelta(hours=1),
        next_update_due_at=T0 + timedelta(hours=6),
    )


def _reader(e, email, at, zone, since=T0 - timedelta(days=1)):
    sub = m.Subscription.objects.create(
        escalation=e,
        email=email,
        mode=m.SubscriptionMode.DIGEST,
        digest_at=at,
        time_zone=zone,
        link_key=new_link_key(),
        confirmed_at=since,
    )
    m.Subscription.objects.filter(pk=sub.pk).update(created_at=since)
    return sub


def _post(e, body, now):
    return update_post(escalation=e, author=e.owner, body=body, now=now)


def _digests(address):
    return [msg for msg in to(address) if msg.subject.startswith("Digest")]


def test_nothing_before_the_readers_hour_then_one_digest_with_every_update():
    e = _escalation()
    _reader(e, "lee@example.com", time(18, 0), "Europe/Berlin")  # 17:00 UTC
    _reader(e, "aki@example.com", time(9, 0), "Asia/Tokyo")  # 00:00 UTC, the next day
    _post(e, "Failover started.", T0)
    _post(e, "Errors down to 0.4%.", T0 + timedelta(hours=1))

    # 17:59 in Berlin: nobody's hour has come.
    assert subs.digests_scan(now=T0 + timedelta(hours=4, minutes=59)).written == 0
    # 18:00 in Berlin: Lee's digest, with both updates; not yet Aki's (02:00 in Tokyo).
    at_six = T0 + timedelta(hours=5)
    assert subs.digests_scan(now=at_six).written == 1
    tick(at_six)
    [digest] = _digests("lee@example.com")
    assert digest.subject.startswith("Digest: 2 updates")
    assert "Failover started." in digest.body and "Errors down to 0.4%." in digest.body
    assert _digests("aki@example.com") == []

    # The tick runs every 20 s: nothing more today, even with news after 18:00.
    _post(e, "Resolved for all regions.", at_six + timedelta(minutes=30))
    assert subs.digests_scan(now=at_six + timedelta(hours=1)).written == 0

    # 09:00 in Tokyo: Aki's, with all three.
    tokyo_nine = datetime(2026, 11, 25, 0, 0, tzinfo=UTC)
    assert subs.digests_scan(now=tokyo_nine).written == 1
    tick(tokyo_nine)
    [aki] = _digests("aki@example.com")
    assert aki.subject.startswith("Digest: 3 updates")

    # The next day in Berlin, Lee's digest has only what came after the last one.
    next_six = at_six + timedelta(days=1)
    assert subs.digests_scan(now=next_six).written == 1
    tick(next_six)
    latest = _digests("lee@example.com")[-1]
    assert latest.subject.startswith("Digest: 1 update,")
    assert "Resolved for all regions." in latest.body
    assert "Failover started." not in latest.body


def test_news_after_the_readers_hour_waits_for_tomorrows_digest():
    e = _escalation()
    _reader(e, "lee@example.com", time(8, 0), "UTC")
    _post(e, "Failover started.", T0)  # 12:00 UTC, after today's 08:00
    assert subs.digests_scan(now=T0 + timedelta(minutes=1)).written == 0
    tomorrow = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
    assert subs.digests_scan(now=tomorrow - timedelta(minutes=1)).written == 0
    assert subs.digests_scan(now=tomorrow).written == 1


def test_a_digest_time_the_clocks_skip_comes_when_the_old_offset_says_and_an_unknown_zone_is_utc():
    # 29 March 2026: Berlin's clocks go from 02:00 to 03:00; 02:30 is read with the offset
    # before the change (01:30 UTC), as for any other day's instant.
    e = _escalation()
    _reader(
        e, "lee@example.com", time(2, 30), "Europe/Berlin", since=datetime(2026, 3, 27, tzinfo=UTC)
    )
    _reader(
        e, "max@example.com", time(2, 30), "Mars/Olympus", since=datetime(2026, 3, 27, tzinfo=UTC)
    )
    _post(e, "Overnight maintenance done.", datetime(2026, 3, 28, 20, 0, tzinfo=UTC))
    assert subs.digests_scan(now=datetime(2026, 3, 29, 1, 29, tzinfo=UTC)).written == 0
    assert subs.digests_scan(now=datetime(2026, 3, 29, 1, 30, tzinfo=UTC)).written == 1
    assert subs.digests_scan(now=datetime(2026, 3, 29, 2, 29, tzinfo=UTC)).written == 0
    assert subs.digests_scan(now=datetime(2026, 3, 29, 2, 30, tzinfo=UTC)).written == 1
    owed = m.OutboxMessage.objects.filter(purpose=m.DispatchPurpose.DIGEST)
    assert sorted(owed.values_list("to_email", flat=True)) == [
        "lee@example.com",
        "max@example.com",
    ]


def test_with_more_owed_than_a_tick_writes_the_rest_come_on_the_next_ticks():
    e = _escalation()
    first = _reader(e, "early@example.com", time(8, 0), "Europe/Berlin")  # 07:00 UTC
    _reader(e, "one@example.com", time(9, 0), "UTC")
    _reader(e, "two@example.com", time(9, 0), "UTC")
    _post(e, "Failover started.", datetime(2026, 11, 24, 6, 0, tzinfo=UTC))
    now = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    # The earliest digest time first.
    assert subs.digests_scan(now=now, limit=2).written == 2
    owed = m.OutboxMessage.objects.filter(purpose=m.DispatchPurpose.DIGEST)
    assert first.pk in owed.values_list("subscription_id", flat=True)
    later = now + timedelta(seconds=20)
    assert subs.digests_scan(now=later, limit=2).written == 1
    assert subs.digests_scan(now=later + timedelta(seconds=20), limit=2).written == 0
    tick(later + timedelta(seconds=20))
    for address in ("early@example.com", "one@example.com", "two@example.com"):
        [digest] = _digests(address)
        assert "Failover started." in digest.body


@pytest.mark.django_db(transaction=True)
def test_two_digest_ticks_at_once_owe_each_reader_one_digest():
    e = _escalation()
    readers = [_reader(e, f"r{i}@example.com", time(8, 0), "UTC") for i in range(5)]
    _post(e, "Failover started.", datetime(2026, 11, 24, 7, 0, tzinfo=UTC))
    now = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
    at_once(lambda: subs.digests_scan(now=now))
    owed = m.OutboxMessage.objects.filter(purpose=m.DispatchPurpose.DIGEST)
    assert sorted(owed.values_list("subscription_id", flat=True)) == [r.pk for r in readers]
    assert set(
        m.Subscription.objects.filter(pk__in=[r.pk for r in readers]).values_list(
            "digest_covered_until", flat=True
        )
    ) == {now}
    tick(now)
    for r in readers:
        assert len(_digests(r.email)) == 1


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_1100_readers_at_the_same_minute_get_one_digest_each_within_two_ticks():
    # Real parts: PostgreSQL, Redis, a Celery worker and an SMTP server. The digest tick owes
    # at most DIGESTS_PER_TICK and hands its rows to the worker itself: no dispatch tick runs.
    from django.conf import settings
    from django.utils import timezone

    from escalations.subscriptions.tasks import tick_digest
    from tests.escalations.meetings import realparts as rp

    assert subs.DIGESTS_PER_TICK < 1100
    e = _escalation()
    now = timezone.now()
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    m.Subscription.objects.bulk_create(
        m.Subscription(
            escalation=e,
            email=f"reader{i}@example.com",
            mode=m.SubscriptionMode.DIGEST,
            digest_at=time(0, 0),  # today's is due as soon as the tick looks
            time_zone="UTC",
            link_key=new_link_key(),
            confirmed_at=now - timedelta(days=2),
        )
        for i in range(1100)
    )
    m.Subscription.objects.filter(escalation=e).update(created_at=now - timedelta(days=2))
    f.UpdateFactory(escalation=e, body="Rolled back.", created_at=midnight - timedelta(hours=1))
    with (
        rp.smtp_server() as sink,
        rp.celery_app(settings.CELERY_BROKER_URL) as app,
        rp.worker(app),
    ):
        assert tick_digest() == subs.DIGESTS_PER_TICK
        assert tick_digest() == 1100 - subs.DIGESTS_PER_TICK
        assert tick_digest() == 0
        assert sink.wait_for(lambda got: len(got) >= 1100, timeout=60)
        assert not sink.wait_for(lambda got: len(got) > 1100, timeout=1)  # nor a second
    recipients = sorted(r for got in sink.received for r in got.rcpt)
    assert recipients == sorted(f"reader{i}@example.com" for i in range(1100))
