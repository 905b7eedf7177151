"""A subscriber on real parts: HTTP (the live server), Redis, a Celery worker, `celery beat`,
an SMTP server (aiosmtpd) and PostgreSQL. They confirm, receive the next posted update
once, and unsubscribe with one click — the POST a mail client sends to List-Unsubscribe."""

from __future__ import annotations

import re
import time
import urllib.parse
import urllib.request

import pytest
from django.conf import settings
from django.utils import timezone

from escalations import models as m
from escalations.updates.services import update_post
from tests import factories as f
from tests.escalations.meetings import realparts as rp
from tests.escalations.meetings.realparts import subject

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
TOKEN = "q" * 43


def _post(url: str, data: bytes, content_type: str) -> tuple[int, str]:
    request = urllib.request.Request(  # noqa: S310 - the test's own live server
        url, data=data, method="POST", headers={"Content-Type": content_type}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.status, response.read().decode()


def _to(sink: rp.SmtpSink, address: str) -> list[rp.Received]:
    return [r for r in sink.received if r.rcpt == [address]]


def _text(r: rp.Received) -> str:
    return rp.parts(r.message)["text/plain"][0].get_content()


def test_subscriber_confirms_gets_the_next_update_once_and_unsubscribes_in_one_click(
    tmp_path, live_server
):
    e = f.EscalatedFactory(
        title="Checkout payments failing",
        executive_email="cto@example.com",
        executive_time_zone="Europe/Berlin",
    )
    f.ShareLinkFactory(escalation=e, token=TOKEN)
    broker = settings.CELERY_BROKER_URL
    here = live_server.url

    def local(url: str) -> str:
        return url.replace(settings.SITE_URL, here)

    with (
        rp.smtp_server() as sink,
        rp.celery_app(broker) as app,
        rp.worker(app),
        rp.beat(broker, tmp_path),
    ):
        form = urllib.parse.urlencode({"email": "sam@example.com", "time_zone": "UTC"}).encode()
        status, body = _post(
            f"{here}/s/{TOKEN}/subscribe/", form, "application/x-www-form-urlencoded"
        )
        assert status == 200 and "Check your inbox" in body
        assert sink.wait_for(lambda rs: len(_to(sink, "sam@example.com")) == 1, timeout=60)
        confirm = _to(sink, "sam@example.com")[0]
        assert subject(confirm.message).startswith("Confirm: email me the updates")
        found = re.search(r"(http://\S+/subscriptions/confirm/\S+/)", _text(confirm))
        assert found
        status, body = _post(local(found.group(1)), b"", "application/x-www-form-urlencoded")
        assert status == 200 and "You are subscribed" in body

        update_post(
            escalation=e, author=e.owner, body="Failover done; errors at 0.4%.", now=timezone.now()
        )
        assert sink.wait_for(lambda rs: len(_to(sink, "sam@example.com")) == 2, timeout=60)
        # The executive got it too (a subscriber by default).
        assert sink.wait_for(lambda rs: len(_to(sink, "cto@example.com")) == 1, timeout=30)
        time.sleep(3)  # several more beat ticks: nothing is sent twice
        got = _to(sink, "sam@example.com")
        assert len(got) == 2
        update = got[1].message
        assert subject(update).endswith(": Checkout payments failing")
        assert "Failover done; errors at 0.4%." in _text(got[1])
        assert update["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        one_click = str(update["List-Unsubscribe"]).strip().strip("<>")

        # RFC 8058: the mail client POSTs exactly this body, no cookie, no CSRF token.
        status, body = _post(
            local(one_click), b"List-Unsubscribe=One-Click", "application/x-www-form-urlencoded"
        )
        assert status == 200 and "Unsubscribed" in body

        update_post(escalation=e, author=e.owner, body="Resolved.", now=timezone.now())
        assert sink.wait_for(lambda rs: len(_to(sink, "cto@example.com")) == 2, timeout=60)
        time.sleep(2)

    assert len(_to(sink, "sam@example.com")) == 2
    sub = m.Subscription.objects.get(email="sam@example.com")
    assert sub.unsubscribed_at is not None
    assert (
        m.OutboxMessage.objects.filter(subscription=sub, purpose=m.DispatchPurpose.UPDATE).count()
        == 1
    )
