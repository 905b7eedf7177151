"""An update's readers get one email built once and spliced with each reader's own values
(``mail.Splice``): what a mail client reads must be each reader's own email, exactly as if
it had been built whole; a value that cannot be spliced safely gets the ordinary build."""

from __future__ import annotations

import email
import email.policy
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail as outbox
from django.test import override_settings

from escalations import models as m
from escalations.outbox import engine, mail
from escalations.subscriptions.tokens import new_link_key, read_token
from escalations.updates.services import update_post
from tests import factories as f

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
DATE = re.compile(rb"^Date: .*\r\n", re.MULTILINE)


def _escalation(*addresses: str) -> tuple[m.Escalation, list[m.Subscription]]:
    e = f.EscalatedFactory(executive_email="cto@example.com", executive_time_zone="Europe/Berlin")
    subs = [
        m.Subscription.objects.create(
            escalation=e,
            email=address,
            time_zone="Europe/Berlin",
            link_key=new_link_key(),
            confirmed_at=T0,
        )
        for address in addresses
    ]
    return e, subs


def _post_and_send(e: m.Escalation, body: str, now: datetime) -> list:
    """Post an update and send every reader's email the way the workers do; the emails sent."""
    outbox.outbox.clear()
    update = update_post(escalation=e, author=e.owner, body=body, now=now)
    batches: list[list[int]] = []
    engine.update_fan_out(update_id=update.pk, now=now, enqueue=batches.append)
    for pks in batches:
        engine.dispatches_send(pks=pks, now=now)
    return [msg for msg in outbox.outbox if msg.to != ["cto@example.com"]]


def _raw(message) -> bytes:
    """The bytes the SMTP backend sends."""
    return message.message().as_bytes(linesep="\r\n")


def _received(message) -> email.message.EmailMessage:
    return email.message_from_bytes(_raw(message), policy=email.policy.default)


def _built_whole(message) -> bytes:
    """The same email built the ordinary way, from the reader's own attributes."""
    whole = mail.UpwardEmail(
        subject=message.subject,
        body=message.body,
        from_email=message.from_email,
        to=message.to,
        reply_to=message.reply_to,
        headers=message.extra_headers,
    )
    for content, mimetype in message.alternatives:
        whole.attach_alternative(content, mimetype)
    return _raw(whole)


def _link(received: email.message.EmailMessage) -> str:
    # A long value is folded onto a line of its own: unfolded, it starts with a space.
    return received["List-Unsubscribe"].strip().strip("<>")


def test_each_reader_reads_their_own_address_link_and_message_id():
    e, subs = _escalation("ana@example.com", "ben@example.org")
    _post_and_send(e, "Rolled back at 14:02.", T0)
    # The second update continues each reader's thread: a Message-ID of its own.
    sent = _post_and_send(e, "Checkout works again for **every** EU card.", T0 + timedelta(hours=1))
    assert sorted(msg.to[0] for msg in sent) == ["ana@example.com", "ben@example.org"]
    ids = set()
    for msg in sent:
        assert isinstance(msg, mail.SplicedEmail)  # else this test proves nothing
        received = _received(msg)
        sub = next(s for s in subs if s.email == msg.to[0])
        assert received["To"] == sub.email
        assert msg.message()["To"] == sub.email  # what message() returns reads like an email
        link = _link(received)
        token = link.rstrip("/").rsplit("/", 1)[1]
        assert read_token(token, "unsubscribe") == sub
        assert link in received.get_body(("plain",)).get_content()
        assert f'href="{link}"' in received.get_body(("html",)).get_content()
        assert "works again for every EU card" in received.get_body(("plain",)).get_content()
        assert received["In-Reply-To"] == f"<escalation-{e.pk}@127.0.0.1>"
        ids.add(received["Message-ID"])
        assert received["Subject"].startswith("Checkout works again")
        # Byte for byte what building it whole gives (the date apart): the same folding,
        # the same encoding, the same parts.
        assert DATE.sub(b"", _raw(msg)) == DATE.sub(b"", _built_whole(msg))
        assert b"slot" not in _raw(msg)
    assert len(ids) == 2


def test_a_long_address_is_folded_as_building_it_whole_folds_it():
    long_address = f"{'a' * 60}@updates.example.com"
    e, _subs = _escalation("ana@example.com", long_address)
    sent = {msg.to[0]: msg for msg in _post_and_send(e, "Rolled back at 14:02.", T0)}
    msg = sent[long_address]
    assert isinstance(msg, mail.SplicedEmail)
    assert b"To: \r\n " + long_address.encode() in _raw(msg)  # on a line of its own
    assert _received(msg)["To"].addresses[0].addr_spec == long_address
    assert DATE.sub(b"", _raw(msg)) == DATE.sub(b"", _built_whole(msg))


def test_an_address_that_needs_encoding_is_built_whole():
    e, subs = _escalation("ana@example.com", "jorg@bücher.example")
    sent = {msg.to[0]: msg for msg in _post_and_send(e, "Rolled back at 14:02.", T0)}
    assert isinstance(sent["ana@example.com"], mail.SplicedEmail)
    msg = sent["jorg@bücher.example"]
    assert not isinstance(msg, mail.SplicedEmail)
    received = _received(msg)
    assert received["To"].addresses[0].addr_spec == "jorg@xn--bcher-kva.example"
    token = _link(received).rstrip("/").rsplit("/", 1)[1]
    assert read_token(token, "unsubscribe") == subs[1]


@pytest.mark.parametrize(
    "site_url",
    [
        "https://statüs.example.com",  # not ASCII
        f"https://example.com/{'upward-' * 140}",  # a text line past 998 characters
    ],
)
def test_a_link_that_cannot_be_spliced_safely_is_built_whole(site_url):
    e, subs = _escalation("ana@example.com")
    with override_settings(SITE_URL=site_url):
        [msg] = _post_and_send(e, "Rolled back at 14:02.", T0)
    assert not isinstance(msg, mail.SplicedEmail)
    received = _received(msg)
    link = _link(received)
    assert link.startswith(site_url)
    assert read_token(link.rstrip("/").rsplit("/", 1)[1], "unsubscribe") == subs[0]
    assert link in received.get_body(("plain",)).get_content()


def test_an_update_sent_quoted_printable_is_built_whole():
    e, _subs = _escalation("ana@example.com", "ben@example.org")
    body = "A line longer than an SMTP line may be: " + "x" * 1000
    sent = _post_and_send(e, body, T0)
    assert len(sent) == 2
    for msg in sent:
        assert not isinstance(msg, mail.SplicedEmail)
        received = _received(msg)
        assert received["To"] == msg.to[0]
        assert "x" * 1000 in received.get_body(("plain",)).get_content()
