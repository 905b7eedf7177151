"""The subscribe form cannot be used to mail anyone, nor to learn who is subscribed.

Before: 40 addresses from one client in 2.6 s → 40 confirmation emails; 20 plus-address
variants → 20 emails to one mailbox; ``x@[10.0.0.1]`` and ``x@localhost`` accepted; an
existing address answered in 17.8 ms median, a new one in 40.8 ms.
"""

from __future__ import annotations

import re

import pytest
from celery import current_app
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from escalations import models as m
from escalations.subscriptions import services as subs
from escalations.subscriptions import throttle
from escalations.subscriptions.tasks import subscription_request_task
from tests.escalations.subscriptions.helpers import tick
from tests.factories import EscalatedFactory, ShareLinkFactory

pytestmark = pytest.mark.django_db
TOKEN = "s" * 43


@pytest.fixture
def escalation():
    e = EscalatedFactory(executive_email="cto@example.com")
    ShareLinkFactory(escalation=e, token=TOKEN)
    return e


def _subscribe(client: Client, email: str):
    return client.post(f"/s/{TOKEN}/subscribe/", {"email": email, "time_zone": "UTC"})


@pytest.mark.parametrize("email", ["x@[10.0.0.1]", "x@[IPv6:::1]", "x@localhost", "x@intranet"])
def test_ip_literal_and_dotless_domains_are_refused(client, escalation, email):
    response = _subscribe(client, email)
    assert response.status_code == 400
    assert "Use an address at a domain name" in response.content.decode()
    assert not m.Subscription.objects.exists()


def test_forty_addresses_from_one_client_send_ten(escalation, tasks_inline):
    client = Client(REMOTE_ADDR="10.1.0.1")
    answers = [_subscribe(client, f"reader{i}@example.com").status_code for i in range(40)]
    assert answers[: throttle.PER_CLIENT] == [200] * throttle.PER_CLIENT
    assert set(answers[throttle.PER_CLIENT :]) == {429}
    refused = _subscribe(client, "one-more@example.com").content.decode()
    assert "try again in an hour" in refused and 'value="one-more@example.com"' in refused
    tick(timezone.now())
    assert m.OutboxMessage.objects.filter(purpose=m.DispatchPurpose.SUBSCRIBE_CONFIRM).count() == 10


def test_one_link_is_limited_whatever_the_client_address(escalation, tasks_inline):
    answers = [
        _subscribe(Client(REMOTE_ADDR=f"10.2.0.{i}"), f"r{i}@example.com").status_code
        for i in range(throttle.PER_LINK + 5)
    ]
    assert answers.count(200) == throttle.PER_LINK


def test_plus_tags_and_case_count_as_one_mailbox(escalation, tasks_inline):
    for i in range(20):
        address = f"Sam+{i}@Example.COM" if i % 2 else f"sam+{i}@example.com"
        assert _subscribe(Client(REMOTE_ADDR=f"10.3.0.{i}"), address).status_code == 200
    readers = m.Subscription.objects.filter(for_executive=False)
    assert readers.count() == throttle.PER_MAILBOX


def test_the_answer_is_the_same_and_as_fast_for_a_subscribed_address(escalation):
    """The view writes nothing: it queues the work. Same bytes, and the same database work
    whether or not the address is subscribed, so neither the page nor its timing tells.

    (The same SQL, not a stopwatch: a timed assertion flakes on a busy machine, while a
    difference in the queries is what would make one answer slower.)"""
    sub = subs.subscription_request(escalation=escalation, email="old@example.com")
    subs.subscription_confirm(subscription=sub)

    def answer(email: str, i: int) -> tuple[list[str], str]:
        with CaptureQueriesContext(connection) as queries:
            response = _subscribe(Client(REMOTE_ADDR=f"10.4.{i}.1"), email)
        assert response.status_code == 200
        sql = [re.sub(r"'[^']*'|\b\d+\b", "?", q["sql"]) for q in queries.captured_queries]
        return sql, response.content.decode().replace(email, "ADDRESS")

    answer("warm@example.com", 9)  # the link's first read fills the status pages' cache
    rounds = [(answer("old@example.com", i), answer(f"new{i}@example.com", i)) for i in range(4)]
    current_app.control.purge()
    for (old_sql, old_page), (new_sql, new_page) in rounds:
        assert old_page == new_page
        assert old_sql == new_sql
        # Nothing about the address is written here. The one write is the link's own
        # (it keeps its token for the readers' emails, once, whoever subscribes).
        writes = [q for q in new_sql if q.lstrip().upper().startswith(("INSERT", "UPDATE"))]
        assert all('UPDATE "statuspages_sharelink" SET "mailed_token"' in q for q in writes)
    assert not m.Subscription.objects.filter(email__startswith="new").exists()


def test_the_task_does_the_work(escalation):
    subscription_request_task(escalation.pk, "Reader@Example.com", "Asia/Tokyo")
    sub = m.Subscription.objects.get(email="reader@example.com")
    assert sub.time_zone == "Asia/Tokyo" and sub.confirmed_at is None
