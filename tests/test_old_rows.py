"""Rows that hold control characters anyway (written before forms refused them, by ``psql``
or by a script) break neither the feed nor an email: the feed answers 200 with XML a parser
reads, and every email still goes out with valid one-line headers (escalations/text.py).
"""

from __future__ import annotations

import re
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.db import DataError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from escalations import models as m
from escalations.decisions.services import ask_decide
from escalations.meetings import services as meetings
from escalations.outbox import engine
from escalations.updates.services import update_post
from statuspages.models import new_token
from tests import factories as f
from tests.escalations.meetings import realparts as rp

pytestmark = pytest.mark.django_db

BEL = "\x07"
ATOM = "{http://www.w3.org/2005/Atom}"
# A header value holding any of these is not a valid header (RFC 5322: visible characters
# and white space only), whatever the mail client makes of it.
HEADER_BAD = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def _raw(sql: str, *params: object) -> None:
    """Write as psql would: no form, no model, no service."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def escalation_with_history():
    """An escalation with an update, an ask the executive answered (the author is emailed)
    and a 1:1 whose pre-read is due now."""
    owner = f.UserFactory(first_name="Maria", last_name="Lopez", email="maria@example.com")
    e = f.EscalatedFactory(
        owner=owner, executive_email="cto@example.com", executive_time_zone="Europe/Berlin"
    )
    ask = f.AskFactory(escalation=e)
    update_post(escalation=e, author=owner, body="Payments back on the main processor.")
    ask_decide(
        ask=ask,
        decision=m.DecisionChoice.APPROVED,
        decided_by_name="Jordan Blake",
        decided_by_email="cto@example.com",
        note="Go ahead.",
        via=m.DecisionVia.EXECUTIVE_LINK,
    )
    meetings.meeting_schedule(
        escalation=e, starts_at=timezone.now() + timedelta(minutes=10), time_zone="Europe/Berlin"
    )
    return e


def _spoil(e: m.Escalation) -> None:
    """A BEL in every kind of text a reader or a header gets, straight into the rows."""
    _raw("UPDATE auth_user SET first_name = %s WHERE id = %s", f"Maria{BEL}", e.owner_id)
    _raw(
        "UPDATE escalations_escalation SET title = %s, impact_headline = %s WHERE id = %s",
        f"Checkout{BEL} failing",
        f"EU card{BEL} payments fail",
        e.pk,
    )
    _raw("UPDATE escalations_update SET body = body || %s WHERE escalation_id = %s", BEL, e.pk)
    _raw(
        "UPDATE escalations_ask SET note = %s, decided_by = %s, decision = %s "
        "WHERE escalation_id = %s",
        f"Go{BEL} ahead",
        f"Jordan{BEL}",
        f"Approve{BEL} the spend",
        e.pk,
    )
    _raw(
        "UPDATE escalations_askdecision SET note = %s, decided_by_name = %s",
        f"Go{BEL} ahead",
        f"Jordan{BEL} Blake",
    )


def test_a_nul_cannot_get_into_a_row_at_all(escalation_with_history):
    """PostgreSQL refuses NUL in text, even from psql: the BEL is what old rows can hold."""
    with pytest.raises(DataError), transaction.atomic():
        _raw("UPDATE escalations_escalation SET title = %s", "Checkout\x00")


def test_the_feed_answers_xml_whatever_a_row_holds(client, escalation_with_history):
    e = escalation_with_history
    token = new_token()
    f.ShareLinkFactory(escalation=e, token=token)
    _spoil(e)
    response = client.get(reverse("statuspages:feed", kwargs={"token": token}))
    assert response.status_code == 200
    # Our own feed, in a test; raises on any character XML cannot carry.
    feed = ElementTree.fromstring(response.content)  # noqa: S314
    assert feed.findtext(f"{ATOM}title") == "Checkout failing"
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Maria Lopez"
    entries = feed.findall(f"{ATOM}entry")
    assert entries and all(BEL not in ElementTree.tostring(x, "unicode") for x in entries)
    assert any(
        "Jordan Blake" in (x.findtext(f"{ATOM}content") or "")
        or "Jordan Blake" in (x.findtext(f"{ATOM}summary") or "")
        for x in entries
    )


def test_every_email_still_goes_out_with_valid_headers(escalation_with_history):
    e = escalation_with_history
    _spoil(e)
    now = timezone.now()
    # The tick writes what posted updates owe their readers, and hands every due row over.
    handed = engine.dispatches_queue_due(now=now, enqueue=lambda pks: None)
    owed = set(m.OutboxMessage.objects.filter(escalation=e).values_list("purpose", flat=True))
    # The update to the executive, the decision to the author, the pre-read of the 1:1.
    assert {
        m.DispatchPurpose.UPDATE,
        m.DispatchPurpose.DECISION_RECORDED,
        m.DispatchPurpose.PREREAD,
    } <= owed
    with rp.smtp_server() as sink:
        for pk in handed:
            engine.dispatch_send(pk=pk, now=now)
        rows = m.OutboxMessage.objects.filter(escalation=e, purpose__in=owed)
        assert all(r.state == m.DispatchState.SENT for r in rows), [
            (r.purpose, r.state, r.error) for r in rows
        ]
        assert sink.wait_for(lambda rs: len(rs) >= len(owed), timeout=10)
    subjects = []
    for received in sink.received:
        message = received.message
        assert not message.defects
        for name, value in message.items():
            assert not HEADER_BAD.search(str(value)), (name, value)
            assert not getattr(value, "defects", ()), (name, value.defects)
        subjects.append(str(message["Subject"]))
        if received.rcpt == ["cto@example.com"]:
            assert str(message["From"]).startswith("Maria Lopez via Upward")
    assert any("Checkout failing" in s for s in subjects), subjects
    assert any(s.startswith("Jordan Blake approved") for s in subjects), subjects


def test_xml_text_drops_only_what_xml_cannot_carry():
    from escalations.text import xml_text

    kept = "Tab\there, line\nbreak, “quotes”, € and 🚀"
    assert xml_text(kept) == kept
    assert xml_text("a\x00b\x07c\x1bd\ufffee\uffff") == "abcde"
