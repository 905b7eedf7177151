"""The pre-read carries one decision link per open ask, into the executive's own status
link; following it opens the confirmation page and decides nothing by itself."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import mail

from escalations import models as m
from escalations.meetings import services as meetings
from escalations.outbox import engine
from statuspages.models import ShareLink, hash_token
from tests import factories as f

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def test_each_open_ask_gets_its_decision_links_in_both_parts(client):
    e = f.EscalatedFactory(
        title="Checkout payments failing",
        executive_name="Maya Chen",
        executive_email="cto@example.com",
        executive_time_zone="Europe/Berlin",
    )
    first = f.AskFactory(escalation=e, decision="Approve $40K", decide_by=T0 + timedelta(days=1))
    second = f.AskFactory(
        escalation=e, decision="Unblock the vendor", decide_by=T0 + timedelta(days=1)
    )
    decided = f.AskFactory(
        escalation=e, decision="Freeze deploys", status=m.AskStatus.APPROVED, decided_at=T0
    )
    meetings.meeting_schedule(
        escalation=e, starts_at=T0 + timedelta(minutes=5), time_zone="Europe/Berlin", now=T0
    )
    for pk in engine.dispatches_queue_due(now=T0, enqueue=lambda pks: None):
        engine.dispatch_send(pk=pk, now=T0)
    [msg] = mail.outbox
    text, html = msg.body, str(msg.alternatives[0][0])

    decide = re.findall(r"Decide: (\S+)", text)
    assert [urlsplit(u).path.split("/")[-2] for u in decide] == [str(first.pk), str(second.pk)]
    hrefs = re.findall(r'href="([^"]+/asks/\d+/[a-z]+/)"', html)
    assert len(hrefs) == 6  # Approve · Decline · Let's discuss, per open ask
    assert not any(f"/asks/{decided.pk}/" in u for u in decide + hrefs)
    assert ">Approve</a> · <a" in html and "Let&#x27;s discuss</a>" in html

    # Every link is under the executive's personal link, which is the one that can decide.
    token = urlsplit(hrefs[0]).path.split("/")[2]
    assert ShareLink.objects.get(token_hash=hash_token(token)).for_executive

    # A mail scanner (or the executive) opening the link decides nothing.
    with time_machine.travel(T0, tick=False):
        for url in decide + hrefs:
            assert client.get(urlsplit(url).path).status_code == 200
    assert not m.AskDecision.objects.exists()
    assert m.Ask.objects.filter(status=m.AskStatus.OPEN).count() == 2
