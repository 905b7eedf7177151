"""Posting an update owes it to every reader without writing their rows in the author's
request; a worker writes them in batches and hands each batch on."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from escalations import models as m
from escalations.outbox import engine
from escalations.subscriptions.tokens import new_link_key
from escalations.updates.services import update_post
from tests import factories as f

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def _escalation(readers: int) -> m.Escalation:
    e = f.EscalatedFactory(executive_email="cto@example.com", executive_time_zone="Europe/Berlin")
    m.Subscription.objects.bulk_create(
        m.Subscription(
            escalation=e, email=f"r{i}@example.com", link_key=new_link_key(), confirmed_at=T0
        )
        for i in range(readers)
    )
    return e


def _queries_to_post(e: m.Escalation) -> int:
    with CaptureQueriesContext(connection) as queries:
        update_post(escalation=e, author=e.owner, body="Rolled back.", now=T0)
    return len(queries.captured_queries)


def test_posting_costs_the_same_queries_for_3_readers_as_for_300():
    assert _queries_to_post(_escalation(3)) == _queries_to_post(_escalation(300))
    assert not m.OutboxMessage.objects.filter(purpose=m.DispatchPurpose.UPDATE).exists()


def test_the_rows_are_written_in_batches_and_each_batch_is_handed_over():
    e = _escalation(25)
    update = update_post(escalation=e, author=e.owner, body="Rolled back.", now=T0)
    handed: list[list[int]] = []
    while (batch := m.Update.objects.get(pk=update.pk)).fan_out_owed:
        rows = engine.update.update_fan_out_batch(update_id=batch.pk, now=T0, size=10)
        assert rows is not None
        handed.append([r.pk for r in rows[0]])
    assert [len(b) for b in handed] == [10, 10, 6]  # 25 readers and the executive
    for pks in handed:
        engine.dispatches_send(pks=pks, now=T0)
    assert len(mail.outbox) == 26
    assert len({msg.to[0] for msg in mail.outbox}) == 26


def test_rows_the_broker_did_not_take_are_sent_by_the_next_tick_once():
    e = _escalation(4)
    update = update_post(escalation=e, author=e.owner, body="Rolled back.", now=T0)

    def broker_down(pks: list[int]) -> None:
        raise ConnectionError("Redis is down")

    assert engine.update_fan_out(update_id=update.pk, now=T0, enqueue=broker_down) == []
    assert m.OutboxMessage.objects.filter(handed_over_at__isnull=True).count() == 5
    for pk in engine.dispatches_queue_due(now=T0, enqueue=lambda pks: None):
        engine.dispatch_send(pk=pk, now=T0)
    for pk in engine.dispatches_queue_due(now=T0, enqueue=lambda pks: None):
        engine.dispatch_send(pk=pk, now=T0)
    assert sorted(msg.to[0] for msg in mail.outbox) == sorted(
        [f"r{i}@example.com" for i in range(4)] + ["cto@example.com"]
    )
