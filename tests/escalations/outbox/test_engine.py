"""The one delivery engine: every email purpose has a module that builds it, and building a
message only reads (the executive's link is minted when the message is owed)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from escalations import models as m
from escalations.outbox import engine, links
from escalations.updates.services import update_post
from statuspages.models import ShareLink
from tests.escalations.outbox.test_delivery import T0, _escalation, _preread, _schedule
from tests.escalations.subscriptions.helpers import fan_out

pytestmark = pytest.mark.django_db


def test_every_email_purpose_has_a_module_that_builds_it():
    emails = set(m.DispatchPurpose.values) - {m.DispatchPurpose.CHAT_UPDATE}
    assert set(engine.KINDS) == emails


def _writes(queries) -> list[str]:
    verbs = ("INSERT", "UPDATE", "DELETE")
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(verbs)]


def test_the_executives_link_is_minted_when_the_preread_is_owed_not_when_it_is_built():
    e = _escalation()
    row = _preread(_schedule(e, T0 + timedelta(hours=3)))
    [link] = ShareLink.objects.filter(escalation=e, for_executive=True)
    row = m.OutboxMessage.objects.select_related("escalation", "meeting").get(pk=row.pk)
    with CaptureQueriesContext(connection) as queries:
        message = engine.KINDS[row.purpose].build(row, T0).message()
    assert _writes(queries.captured_queries) == []
    assert link.mailed_token in message.body
    assert ShareLink.objects.filter(escalation=e).count() == 1


def test_an_update_to_the_executive_is_built_without_writing():
    e = _escalation()
    posted = update_post(escalation=e, author=e.owner, body="Rolled back; checkout works again.")
    fan_out(posted, T0)
    row = m.OutboxMessage.objects.select_related("escalation", "subscription", "update").get(
        purpose=m.DispatchPurpose.UPDATE
    )
    url = links.executive_status_url(e)
    assert url  # minted when the update was posted
    with CaptureQueriesContext(connection) as queries:
        message = engine.KINDS[row.purpose].build(row, T0).message()
    assert _writes(queries.captured_queries) == []
    assert url in message.body


def test_a_link_revoked_before_sending_is_left_out_not_replaced_while_rendering():
    e = _escalation()
    row = _preread(_schedule(e, T0 + timedelta(hours=3)))
    ShareLink.objects.filter(escalation=e).update(revoked_at=T0)
    row = m.OutboxMessage.objects.select_related("escalation", "meeting").get(pk=row.pk)
    message = engine.KINDS[row.purpose].build(row, T0).message()
    assert "/s/" not in message.body
    assert ShareLink.objects.filter(escalation=e).count() == 1
