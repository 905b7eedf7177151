"""Delivery on real parts: Redis, a Celery worker, `celery beat`, an SMTP server, PostgreSQL.

A pre-read arrives once, complete, within a minute of its send time; Redis being down when
the author schedules loses nothing; two dispatchers racing over 500 due rows send each email
exactly once.
"""

from __future__ import annotations

import time
import zoneinfo
from datetime import timedelta

import icalendar
import pytest
from django.utils import timezone

from escalations import models as m
from escalations.meetings import services as meetings
from escalations.outbox import engine, preread
from tests import factories as f
from tests.concurrency import at_once
from tests.escalations.meetings import realparts as rp
from tests.escalations.meetings.realparts import subject

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _ready_escalation():
    e = f.EscalatedFactory(
        title="Login outage for SSO customers",
        executive_email="cto@example.com",
        executive_time_zone="Europe/Berlin",
        preread_include_answers=True,
    )
    f.ProfileFactory(user=e.owner, time_zone="America/New_York")
    f.AskFactory(escalation=e, decision="Approve $12,000 for a second IdP region")
    f.AnticipatedQuestionFactory(escalation=e, question="Which customers are affected?")
    return e


def _prereads(sink: rp.SmtpSink) -> list[rp.Received]:
    return [r for r in sink.received if subject(r.message).startswith("Pre-read,")]


def test_preread_is_received_once_complete_within_a_minute_of_send_at(tmp_path, settings):
    e = _ready_escalation()
    broker = settings.CELERY_BROKER_URL
    with (
        rp.smtp_server() as sink,
        rp.celery_app(broker) as app,
        rp.worker(app),
        rp.beat(broker, tmp_path),
    ):
        # A 1:1 30 minutes and 2 seconds away: its pre-read is due in 2 seconds.
        starts = timezone.now() + timedelta(minutes=30, seconds=2)
        meeting = f.MeetingFactory(escalation=e, starts_at=starts)
        row = preread.preread_schedule(meeting=meeting, now=timezone.now())
        assert row.send_at == starts - timedelta(minutes=30)

        assert sink.wait_for(lambda rs: len(_prereads_of(rs)) >= 1, timeout=60), [
            (r.rcpt, r.message["Subject"]) for r in sink.received
        ]
        # Moved after the pre-read went out: a short note, never a second pre-read; then
        # cancelled: a cancellation note.
        meetings.meeting_reschedule(
            meeting=meeting, starts_at=starts + timedelta(hours=1), time_zone="Europe/Berlin"
        )
        assert sink.wait_for(lambda rs: any(_is(r, "1:1 moved") for r in rs), timeout=30)
        meetings.meeting_cancel(meeting=meeting)
        assert sink.wait_for(lambda rs: any(_is(r, "1:1 cancelled") for r in rs), timeout=30)
        # Several more beat ticks: nothing is sent twice.
        rp.wait_for_ticks(tmp_path, 3)

    received = _prereads(sink)
    assert len(received) == 1
    assert [" ".join(subject(r.message).split(" ")[:2]) for r in sink.received] == [
        "Pre-read, 1:1",
        "1:1 moved",
        "1:1 cancelled",
    ]
    got = received[0]
    assert got.rcpt == ["cto@example.com"]
    assert got.at - row.send_at.timestamp() < 60
    assert got.at >= row.send_at.timestamp() - 1  # not early either
    local = starts.astimezone(zoneinfo.ZoneInfo("Europe/Berlin"))
    assert subject(got.message) == (
        f"Pre-read, 1:1 {local:%H:%M %Z}: Login outage for SSO customers"
    )
    by_type = rp.parts(got.message)
    text = by_type["text/plain"][0].get_content()
    html = by_type["text/html"][0].get_content()
    for heading in ("What happened", "Why it matters", "What we're doing", "What I need"):
        assert heading.upper() in text
        assert heading in html.replace("&#x27;", "'")
    assert "Approve $12,000 for a second IdP region" in text
    assert "Which customers are affected?" in text
    cal = icalendar.Calendar.from_ical(by_type["text/calendar"][0].get_content())
    event = next(iter(cal.walk("VEVENT")))
    assert (
        event.decoded("dtstart") == starts.replace(microsecond=0)
        or abs((event.decoded("dtstart") - starts).total_seconds()) < 1
    )
    row.refresh_from_db()
    assert row.state == m.DispatchState.SENT
    assert row.subject == subject(got.message)


def _is(r: rp.Received, prefix: str) -> bool:
    return subject(r.message).startswith(prefix)


def _prereads_of(rs: list[rp.Received]) -> list[rp.Received]:
    return [r for r in rs if subject(r.message).startswith("Pre-read,")]


def test_redis_down_while_scheduling_loses_nothing(tmp_path, user, client_for):
    """The request succeeds with the broker down; the pre-read goes out once Redis is back."""
    e = _ready_escalation()
    e.owner = user
    e.save()
    f.ProfileFactory(user=user, time_zone="Europe/Berlin")
    redis = rp.PrivateRedis(tmp_path)  # not started: the broker is down
    client = client_for(user)
    with rp.smtp_server() as sink, rp.celery_app(redis.url) as app:
        # 10 minutes away: the pre-read is due at once.
        starts = timezone.now().astimezone(zoneinfo.ZoneInfo("Europe/Berlin"))
        starts = starts.replace(second=0, microsecond=0) + timedelta(minutes=11)
        began = time.monotonic()
        response = client.post(
            f"/escalations/{e.pk}/meetings/",
            {
                "starts_at_local": starts.strftime("%Y-%m-%dT%H:%M"),
                "time_zone": "Europe/Berlin",
                "duration_minutes": 30,
                "executive_email": "cto@example.com",
                "executive_time_zone": "Europe/Berlin",
                "outside_hours_ok": "on",  # whatever the hour the test runs
            },
        )
        elapsed = time.monotonic() - began
        assert response.status_code == 302, response.content.decode()[:2000]
        assert elapsed < 5, f"scheduling waited {elapsed:.1f}s on a dead broker"
        row = m.OutboxMessage.objects.get(purpose=m.DispatchPurpose.PREREAD)
        assert row.state == m.DispatchState.PENDING
        assert row.handed_over_at is None  # the failed hand-over left it for a tick

        redis.start()
        try:
            with rp.worker(app), rp.beat(redis.url, tmp_path):
                assert sink.wait_for(lambda rs: len(_prereads_of(rs)) >= 1, timeout=60)
                rp.wait_for_ticks(tmp_path, 2)  # more ticks: still one pre-read
        finally:
            redis.stop()
    assert len(_prereads(sink)) == 1
    row.refresh_from_db()
    assert row.state == m.DispatchState.SENT


def test_two_dispatchers_over_500_due_rows_send_each_email_exactly_once():
    escalations = [_ready_escalation() for _ in range(5)]
    now = timezone.now()
    m.OutboxMessage.objects.bulk_create(
        [
            m.OutboxMessage(
                escalation=escalations[i % 5],
                purpose=m.DispatchPurpose.FOLLOWUP,
                dedupe_key=f"race:{i}",
                to_email="cto@example.com",
                send_at=now - timedelta(seconds=i % 7),
                subject=f"Follow-up #{i}",
                body_text=f"**What happened**\n\nNumber {i}.",
            )
            for i in range(500)
        ]
    )

    def dispatcher() -> None:
        # The tick's hand-over (SKIP LOCKED) then the task's conditional claim…
        mine = engine.dispatches_queue_due(now=timezone.now(), enqueue=lambda pks: None)
        for pk in mine:
            engine.dispatch_send(pk=pk)
        # …and, worst case, both dispatchers trying every row (duplicate messages).
        for pk in m.OutboxMessage.objects.values_list("pk", flat=True):
            engine.dispatch_send(pk=pk)

    with rp.smtp_server() as sink:
        at_once(dispatcher, timeout=240)
    subjects = [subject(msg) for msg in sink.messages()]
    assert len(subjects) == 500
    assert sorted(subjects) == sorted(f"Follow-up #{i}" for i in range(500))
    assert m.OutboxMessage.objects.filter(state=m.DispatchState.SENT).count() == 500


def test_meeting_sooner_than_30_minutes_gets_its_preread_at_once(user, client_for):
    """No beat running: the request hands the due-now pre-read to the worker after commit."""
    e = _ready_escalation()
    e.owner = user
    e.save()
    f.ProfileFactory(user=user, time_zone="Europe/Berlin")
    with rp.smtp_server() as sink, rp.celery_app(settings_broker()) as app, rp.worker(app):
        starts = timezone.now().astimezone(zoneinfo.ZoneInfo("Europe/Berlin"))
        starts = starts.replace(second=0, microsecond=0) + timedelta(minutes=16)
        response = client_for(user).post(
            f"/escalations/{e.pk}/meetings/",
            {
                "starts_at_local": starts.strftime("%Y-%m-%dT%H:%M"),
                "time_zone": "Europe/Berlin",
                "duration_minutes": 30,
                "executive_email": "cto@example.com",
                "executive_time_zone": "Europe/Berlin",
                "outside_hours_ok": "on",  # whatever the hour the test runs
            },
        )
        assert response.status_code == 302
        assert sink.wait_for(lambda rs: len(_prereads_of(rs)) >= 1, timeout=20)
    assert len(_prereads(sink)) == 1


def settings_broker() -> str:
    from django.conf import settings

    return settings.CELERY_BROKER_URL
