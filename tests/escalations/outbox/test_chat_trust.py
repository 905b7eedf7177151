"""Chat you can trust: text escaped per Slack's and Teams' rules, decisions and state changes
posted too, and a failed post shown on the escalation page with its reason and a retry.
Against a real HTTP server on 127.0.0.1, like tests/escalations/outbox/test_chat.py."""

from __future__ import annotations

import pytest
from django.utils import timezone

from escalations import models as m
from escalations.decisions.services import ask_decide
from escalations.lifecycle.services import escalation_set_state
from escalations.updates.services import update_post
from tests import factories as f
from tests.escalations.outbox.test_chat import T0, Hook, _escalation, webhook_server
from tests.escalations.subscriptions.helpers import tick

pytestmark = pytest.mark.django_db


def test_slack_text_is_escaped_so_ampersands_and_angle_brackets_show_as_typed():
    with webhook_server(Hook()) as hook:
        e = _escalation("slack", hook)
        e.title = "R&D <payments> down"
        e.save(update_fields=["title"])
        update_post(escalation=e, author=e.owner, body="Errors at 4% & falling <ish>.", now=T0)
        tick(T0)
    text = hook.received[0]["json"]["text"]
    assert text.startswith("*R&amp;D &lt;payments&gt; down* — ")
    assert "Errors at 4% &amp; falling &lt;ish&gt;." in text
    # The only link is the status page's, intact.
    assert text.count("<") == 1 and "|Status page>" in text


def test_teams_text_is_escaped_so_markdown_characters_show_as_typed():
    with webhook_server(Hook()) as hook:
        e = _escalation("teams", hook)
        update_post(escalation=e, author=e.owner, body="- Plan B: see [runbook] R_2 *now*", now=T0)
        tick(T0)
    card = hook.received[0]["json"]["attachments"][0]["content"]
    texts = [block["text"] for block in card["body"]]
    # The author's own Markdown (*now*) is read first; what is left shows as typed.
    assert r"• Plan B: see \[runbook\] R\_2 now" in texts


def test_decisions_and_state_changes_reach_the_channel():
    with webhook_server(Hook()) as hook:
        e = _escalation("slack", hook)
        e.executive = f.ExecutiveFactory(name="Maya Chen")
        e.save(update_fields=["executive"])
        ask = f.AskFactory(escalation=e, decision="Approve $40K for a second processor")
        ask_decide(
            ask=ask,
            decision=m.DecisionChoice.APPROVED,
            decided_by_name="Maya Chen",
            via=m.DecisionVia.EXECUTIVE_LINK,
            now=T0,
        )
        escalation_set_state(escalation=e, state=m.State.CONTAINED, by=e.owner, now=T0)
        tick(T0)
    texts = [r["json"]["text"] for r in hook.received]
    assert any("Maya Chen approved:" in t and "Approve $40K" in t for t in texts)
    assert any("State changed to" in t and "contained" in t for t in texts)


def test_a_failed_post_shows_on_the_page_with_the_reason_and_a_retry(author_client, user):
    with webhook_server(Hook(answers=[400, 200])) as hook:
        e = _escalation("slack", hook)
        e.owner = user
        e.save(update_fields=["owner"])
        update_post(escalation=e, author=e.owner, body="Rolled back.", now=T0)
        tick(T0)
        page = author_client.get(f"/escalations/{e.pk}/").content.decode()
        alert = page.split('id="chat-failed"')[1].split("</div>")[0]
        assert "The last chat post failed" in alert and "HTTP 400" in alert
        failed = m.OutboxMessage.objects.get(purpose=m.DispatchPurpose.CHAT_UPDATE)
        response = author_client.post(
            f"/escalations/{e.pk}/chat/{failed.pk}/again/", headers={"HX-Request": "true"}
        )
        assert "Posting to chat again." in response.content.decode()
        tick(timezone.now())
    assert len(hook.received) == 2
    assert hook.received[1]["json"]["text"] == hook.received[0]["json"]["text"]
    page = author_client.get(f"/escalations/{e.pk}/").content.decode()
    assert 'id="chat-failed"' not in page
