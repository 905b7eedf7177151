"""A "choose between" ask: the executive picks an option from their link, the record says
which, and a changed answer reaches the author as a reversal (old → new)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client

from escalations import models as m
from escalations.outbox import engine as delivery
from statuspages.services import executive_link_token
from tests.factories import AskFactory, EscalatedFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def ask():
    owner = UserFactory(email="dana@example.com", first_name="Dana", last_name="Okafor")
    e = EscalatedFactory(
        owner=owner, executive_name="Maya Chen", executive_email="maya@example.com"
    )
    return AskFactory(
        escalation=e,
        decision="Choose between a refund and a service credit for affected merchants",
        kind=m.AskKind.CHOOSE_OPTION,
        options="Full refund ($60K)\nService credit ($25K)",
        decide_by=NOW + timedelta(days=1),
    )


def _send_all() -> None:
    for pk in delivery.dispatches_queue_due(now=NOW + timedelta(minutes=1), enqueue=lambda p: None):
        delivery.dispatch_send(pk=pk, now=NOW + timedelta(minutes=1))


@time_machine.travel(NOW, tick=False)
def test_the_executive_chooses_an_option_and_the_author_sees_which(ask, client_for):
    token = executive_link_token(escalation=ask.escalation)
    exec_client = Client(enforce_csrf_checks=False)
    page = exec_client.get(f"/s/{token}/").content.decode()
    assert ">Full refund ($60K)</button>" in page and ">Service credit ($25K)</button>" in page
    assert ">Approve<" not in page.split('id="asks"')[1].split("</section>")[0]

    confirm = exec_client.get(f"/s/{token}/asks/{ask.pk}/approve/?option=2")
    assert "Choose “Service credit ($25K)”?" in text(confirm.content.decode())
    exec_client.post(
        f"/s/{token}/asks/{ask.pk}/approve/", {"decision": "approve", "option": "2", "note": ""}
    )
    ask.refresh_from_db()
    assert ask.status == m.AskStatus.APPROVED and ask.chosen_option == "Service credit ($25K)"
    assert ask.decisions.get().option == "Service credit ($25K)"

    # Approving without an option is refused, and nothing is recorded.
    refused = exec_client.post(f"/s/{token}/asks/{ask.pk}/", {"decision": "approve"})
    assert refused.status_code == 400 and ask.decisions.count() == 1

    # Changing the answer: the author sees it as a reversal, in the email and on the page.
    exec_client.post(f"/s/{token}/asks/{ask.pk}/", {"option": "1"})
    _send_all()
    notices = [msg for msg in mail.outbox if msg.to == ["dana@example.com"]]
    assert notices[0].subject.startswith("Maya Chen chose “Service credit ($25K)”")
    reversal = notices[-1]
    assert reversal.subject.startswith(
        "Changed: chose “Service credit ($25K)” → chose “Full refund ($60K)”"
    )
    assert len(reversal.subject) < 70
    assert "Changed answer: chose “Service credit ($25K)” → chose “Full refund ($60K)”" in (
        reversal.body
    )
    author = client_for(ask.escalation.owner)
    shown = text(author.get(f"/escalations/{ask.escalation.pk}/").content.decode())
    assert "Changed answer: chose “Service credit ($25K)” → chose “Full refund ($60K)”" in shown
    assert "Chose “Full refund ($60K)”" in shown


def test_the_author_records_which_option_was_chosen_in_the_1_1(ask, client_for):
    author = client_for(ask.escalation.owner)
    page = author.get(f"/escalations/{ask.escalation.pk}/").content.decode()
    assert '<option value="Full refund ($60K)">' in page
    author.post(
        f"/escalations/{ask.escalation.pk}/asks/{ask.pk}/decision/",
        {"decision": "approved", "decided_by_name": "Maya Chen", "option": "Full refund ($60K)"},
    )
    ask.refresh_from_db()
    assert ask.chosen_option == "Full refund ($60K)"
    # An option the ask does not list is refused, and nothing changes.
    response = author.post(
        f"/escalations/{ask.escalation.pk}/asks/{ask.pk}/decision/",
        {"decision": "approved", "decided_by_name": "Maya Chen", "option": "Something else"},
    )
    assert "Choose one of the options listed on the ask." in text(response.content.decode())
    ask.refresh_from_db()
    assert ask.chosen_option == "Full refund ($60K)"
