"""An update to many readers on real parts: PostgreSQL, Redis, a Celery worker, `celery
beat` and an SMTP server (aiosmtpd).

Posting does not wait for the list; Redis being down while the update is owed loses no
reader and doubles none; two ticks racing over the same rows send each email once; one
address the server refuses fails that reader only; a worker killed (``kill -9``) mid-batch
leaves only that batch's rows unknown, never re-sent.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from escalations import models as m
from escalations.outbox import engine
from escalations.subscriptions.tokens import new_link_key
from escalations.updates.services import update_post
from tests import factories as f
from tests.concurrency import at_once
from tests.escalations.meetings import realparts as rp

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _escalation_with_readers(n: int) -> m.Escalation:
    e = f.EscalatedFactory(
        title="Checkout failing for EU cards",
        executive_email="cto@example.com",
        executive_time_zone="Europe/Berlin",
    )
    m.Subscription.objects.bulk_create(
        m.Subscription(
            escalation=e,
            email=f"reader{i}@example.com",
            time_zone="Asia/Tokyo" if i % 2 else "America/New_York",
            link_key=new_link_key(),
            confirmed_at=timezone.now(),
        )
        for i in range(n)
    )
    return e


def _readers(n: int) -> list[str]:
    return sorted([f"reader{i}@example.com" for i in range(n)] + ["cto@example.com"])


def _recipients(sink: rp.SmtpSink) -> list[str]:
    return sorted(r for got in sink.received for r in got.rcpt)


def test_redis_down_while_an_update_is_owed_to_300_readers_loses_none_and_doubles_none(
    tmp_path,
):
    e = _escalation_with_readers(300)
    redis = rp.PrivateRedis(tmp_path)  # not started: the broker is down
    with rp.smtp_server() as sink, rp.celery_app(redis.url) as app:
        began = time.monotonic()
        update = update_post(escalation=e, author=e.owner, body="Rolled back; checkout works.")
        elapsed = time.monotonic() - began
        assert elapsed < 5, f"posting waited {elapsed:.1f}s on a dead broker"
        update.refresh_from_db()
        assert update.fan_out_owed  # owed, and nothing lost: the rows are still to write

        redis.start()
        try:
            with rp.worker(app), rp.beat(redis.url, tmp_path):
                assert sink.wait_for(lambda rs: len(rs) >= 301, timeout=120)
                rp.wait_for_ticks(tmp_path, 2)  # more ticks: still one email each
        finally:
            redis.stop()
    assert _recipients(sink) == _readers(300)
    assert m.OutboxMessage.objects.filter(state=m.DispatchState.SENT).count() == 301
    update.refresh_from_db()
    assert not update.fan_out_owed


def test_an_update_posted_with_the_worker_running_reaches_every_reader_once(tmp_path):
    e = _escalation_with_readers(250)
    broker = settings.CELERY_BROKER_URL
    with rp.smtp_server() as sink, rp.celery_app(broker) as app, rp.worker(app):
        update_post(escalation=e, author=e.owner, body="Rolled back; checkout works.")
        assert sink.wait_for(lambda rs: len(rs) >= 251, timeout=60)
        time.sleep(1)  # a straggler would arrive now
    assert _recipients(sink) == _readers(250)
    # Readers in the same zone got the same text but their own way out.
    unsubscribe = {got.message["List-Unsubscribe"] for got in sink.received}
    assert len(unsubscribe) == 251


def test_two_ticks_racing_over_an_update_to_500_readers_send_each_email_once():
    e = _escalation_with_readers(500)
    update = update_post(escalation=e, author=e.owner, body="Rolled back; checkout works.")

    def tick() -> None:
        handed: list[list[int]] = []
        # Both write what the update still owes and hand rows over (SKIP LOCKED)…
        engine.dispatches_queue_due(now=timezone.now(), enqueue=handed.append)
        for batch in handed:
            engine.dispatches_send(pks=batch)
        # …and, worst case, both claim every row in batches (duplicate messages).
        pks = list(m.OutboxMessage.objects.order_by("pk").values_list("pk", flat=True))
        for i in range(0, len(pks), engine.HAND_OVER_CHUNK):
            engine.dispatches_send(pks=pks[i : i + engine.HAND_OVER_CHUNK])

    with rp.smtp_server() as sink:
        at_once(tick, timeout=240)
    assert [a for a, n in Counter(_recipients(sink)).items() if n > 1] == []
    assert _recipients(sink) == _readers(500)
    update.refresh_from_db()
    assert not update.fan_out_owed


def test_the_fan_out_task_waits_for_a_tick_holding_the_update_and_writes_every_row():
    """A tick that took the update for a batch just as the fan-out task started must not
    leave the rest to later ticks (1,000 rows a tick, minutes for a long list)."""
    e = _escalation_with_readers(30)
    update = update_post(escalation=e, author=e.owner, body="Rolled back; checkout works.")
    held, release = threading.Event(), threading.Event()

    def tick_holding_the_update() -> None:
        try:
            with transaction.atomic():
                m.Update.objects.select_for_update().get(pk=update.pk)
                held.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    tick = threading.Thread(target=tick_holding_the_update)
    tick.start()
    try:
        assert held.wait(timeout=30)
        # A tick meanwhile skips the update (and hands over what is due)…
        skipped: list[list[int]] = []
        engine.update_fan_out(update_id=update.pk, now=timezone.now(), enqueue=skipped.append)
        assert skipped == []
        threading.Timer(0.5, release.set).start()
        handed: list[list[int]] = []
        # …the fan-out task waits for it, then writes every reader's row.
        engine.update_fan_out(
            update_id=update.pk, now=timezone.now(), enqueue=handed.append, wait=True
        )
    finally:
        release.set()
        tick.join(timeout=30)
    assert sum(map(len, handed)) == 31  # 30 readers and the executive
    update.refresh_from_db()
    assert not update.fan_out_owed


class RefusesOne(rp.SmtpSink):
    async def handle_RCPT(  # noqa: N802
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address == "reader3@example.com":
            return "550 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def test_an_address_the_server_refuses_fails_that_reader_only():
    e = _escalation_with_readers(10)
    update = update_post(escalation=e, author=e.owner, body="Rolled back; checkout works.")
    handed: list[list[int]] = []
    engine.update_fan_out(update_id=update.pk, now=timezone.now(), enqueue=handed.append)
    [batch] = handed
    with rp.smtp_server(RefusesOne()) as sink:
        states = engine.dispatches_send(pks=batch)
    assert sorted(states.values()) == ["failed"] + ["sent"] * 10
    assert _recipients(sink) == [a for a in _readers(10) if a != "reader3@example.com"]
    failed = m.OutboxMessage.objects.get(state=m.DispatchState.FAILED)
    assert failed.to_email == "reader3@example.com"
    assert "550" in failed.error


class StallsOnTheThird(rp.SmtpSink):
    """Accepts two messages, then holds the third's DATA: the sender is mid-batch."""

    seen = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        with self.lock:
            self.seen += 1
            third = self.seen == 3
        if third:
            await asyncio.sleep(60)  # the sender is killed meanwhile
        return await super().handle_DATA(server, session, envelope)


SEND_BATCH = """
import sys, django
django.setup()
from django.conf import settings
settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", int(sys.argv[1])
from escalations.outbox import engine
engine.dispatches_send(pks=[int(pk) for pk in sys.argv[2:]])
"""


def test_a_worker_killed_mid_batch_leaves_only_that_batch_unknown_and_never_resends_it():
    e = _escalation_with_readers(9)
    update = update_post(escalation=e, author=e.owner, body="Rolled back; checkout works.")
    handed: list[list[int]] = []
    engine.update_fan_out(update_id=update.pk, now=timezone.now(), enqueue=handed.append)
    [rows] = handed
    killed, other = rows[:5], rows[5:]
    with rp.smtp_server(StallsOnTheThird()) as sink:
        port = settings.EMAIL_PORT
        env = os.environ | {
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": _database_url(),
        }
        worker = subprocess.Popen(  # noqa: S603 - this interpreter, our own script
            [sys.executable, "-c", SEND_BATCH, str(port), *map(str, killed)],
            cwd=rp.ROOT,
            env=env,
        )
        try:
            assert sink.wait_for(lambda rs: len(rs) >= 2, timeout=60)
            time.sleep(0.5)  # the third message is on the wire
            worker.send_signal(signal.SIGKILL)
        finally:
            worker.wait(timeout=10)
        assert set(
            m.OutboxMessage.objects.filter(pk__in=killed).values_list("state", flat=True)
        ) == {m.DispatchState.SENDING}
        later = timezone.now() + engine.STUCK_AFTER + timedelta(minutes=1)
        assert sorted(engine.dispatches_fail_stuck(now=later)) == sorted(killed)
        # The other batch is untouched by the kill and goes out; the killed one never again.
        engine.dispatches_send(pks=other)
        for pk in engine.dispatches_queue_due(now=later, enqueue=lambda pks: None):
            engine.dispatch_send(pk=pk)
    unknown = m.OutboxMessage.objects.filter(outcome_unknown=True)
    assert sorted(unknown.values_list("pk", flat=True)) == sorted(killed)
    assert set(unknown.values_list("state", flat=True)) == {m.DispatchState.FAILED}
    sent_to = {r for got in sink.received for r in got.rcpt}
    other_to = set(m.OutboxMessage.objects.filter(pk__in=other).values_list("to_email", flat=True))
    assert other_to <= sent_to
    assert len(sink.received) == 2 + len(other)  # nothing of the killed batch sent twice


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
