"""Posting an update to a chat channel's incoming webhook (Slack or Microsoft Teams).

Owed with every posted update while the escalation has a webhook (the channel's own link is
minted then); still owed only while the webhook is there. The engine claims the row like
any email and retries a failed post with ``backoff`` (at-most-once per attempt).

A short card a reader can forward as is: the title, the state, what changed, when the next
update comes and the link. The webhook URL is a secret: it never appears in a log line or
in a dispatch's ``error`` (only the HTTP status or the kind of network failure does).

A decision on an ask is posted too (``chat_fan_out``), though readers are not emailed about
it one by one; a post that failed for good can be posted again by the author
(``chat_post_again``: a new row, the failed one keeps its reason).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from escalations import outbound, timetext
from escalations.markdown import markdown_to_plain
from escalations.models import (
    ChatFormat,
    ChatWebhook,
    DispatchPurpose,
    DispatchState,
    Escalation,
    OutboxMessage,
    PublicStatus,
    State,
    Update,
)
from escalations.outbox import links
from escalations.outbox.owe import kick_if_due, kick_many

# Chat posts are retried on 5xx, 429 and network failures, with a growing pause, at most
# MAX_ATTEMPTS times in all; a 4xx fails at once (the URL or card is wrong).
MAX_ATTEMPTS = 5
BACKOFF = timedelta(seconds=30)

# For the whole post, however slowly the server answers: a worker is never held longer.
TIMEOUT_SECONDS = 15
BODY_LIMIT = 600


@dataclass(frozen=True)
class PostResult:
    ok: bool
    retry: bool
    error: str = ""


def backoff(attempt: int) -> timedelta:
    """30 s, 1 min, 2 min, 4 min after attempts 1, 2, 3, 4."""
    return BACKOFF * (2 ** (attempt - 1))


# --- owed ------------------------------------------------------------------------------


def chat_row(*, update: Update, escalation: Escalation, now: datetime) -> OutboxMessage:
    """The channel's card for one entry (unsaved); the channel's own link is minted now,
    when the card is owed."""
    links.channel_link_owed(escalation)
    return OutboxMessage(
        escalation=escalation,
        update=update,
        purpose=DispatchPurpose.CHAT_UPDATE,
        dedupe_key=f"chat:update:{update.pk}",
        to_email="",
        send_at=now,
    )


def chat_fan_out(*, update: Update, escalation: Escalation, now: datetime) -> list[OutboxMessage]:
    """Owe the chat channel a card for an entry readers are not emailed about one by one
    (the executive's decision on an ask): the channel sees decisions as they happen."""
    if escalation.state == State.DRAFT:
        return []
    if not ChatWebhook.objects.filter(escalation=escalation).exists():
        return []
    created = OutboxMessage.objects.bulk_create(
        [chat_row(update=update, escalation=escalation, now=now)]
    )
    kick_many(created, now)
    return created


def chat_post_again(
    *, escalation: Escalation, failed: OutboxMessage, now: datetime | None = None
) -> OutboxMessage:
    """The author asks to post a failed card again: a new row for the same entry (the
    failed one stays, with its reason). Raises ``ValueError`` for anything but a failed
    chat post of this escalation, or when no webhook is set."""
    now = now or timezone.now()
    if (
        failed.escalation_id != escalation.pk
        or failed.purpose != DispatchPurpose.CHAT_UPDATE
        or failed.state != DispatchState.FAILED
        or failed.update_id is None
    ):
        raise ValueError("Only a failed chat post can be posted again.")
    if not ChatWebhook.objects.filter(escalation=escalation).exists():
        raise ValueError("Set a chat webhook first.")
    tries = OutboxMessage.objects.filter(
        escalation=escalation, purpose=DispatchPurpose.CHAT_UPDATE, update_id=failed.update_id
    ).count()
    links.channel_link_owed(escalation)
    row = OutboxMessage.objects.create(
        escalation=escalation,
        update_id=failed.update_id,
        purpose=DispatchPurpose.CHAT_UPDATE,
        dedupe_key=f"chat:update:{failed.update_id}:again:{tries}",
        to_email="",
        send_at=now,
    )
    kick_if_due(row, now)
    return row


# --- built ------------------------------------------------------------------------------


def _summary(update: Update) -> str:
    text = markdown_to_plain(update.body).strip()
    return text if len(text) <= BODY_LIMIT else text[: BODY_LIMIT - 1].rstrip() + "…"


def card_facts(escalation: Escalation, update: Update, tz: str) -> dict[str, str]:
    state = (
        PublicStatus(update.public_status).label
        if update.public_status in PublicStatus.values
        else update.public_status
    )
    due = ""
    if escalation.is_open and escalation.next_update_due_at:
        due = f"Next update by {timetext.when(escalation.next_update_due_at, tz)} ({tz})"
    return {
        "title": escalation.title,
        "state": state,
        "changed": _summary(update),
        "next": due,
        "link": links.channel_status_url(escalation) or "",
    }


def slack_escape(text: str) -> str:
    """Slack's rule for text in messages: escape ``&``, ``<`` and ``>`` (and nothing else),
    so "R&D <ops>" is shown as typed and cannot open a link or a mention."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# The Markdown an Adaptive Card's TextBlock reads: emphasis, links, and a list or heading
# marker at the start of a line.
_TEAMS_INLINE = re.compile(r"([\\*_~`\[\]])")
_TEAMS_LINE_START = re.compile(r"^(\s*)([-+#>]|\d+\.)", re.MULTILINE)


def teams_escape(text: str) -> str:
    """Adaptive Cards read a subset of Markdown in a TextBlock: a backslash before each
    character that would format shows it as typed (no accidental bold, list or link)."""
    text = _TEAMS_INLINE.sub(r"\\\1", text)
    return _TEAMS_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def slack_payload(facts: dict[str, str]) -> dict[str, Any]:
    safe = {k: slack_escape(v) for k, v in facts.items() if k != "link"}
    lines = [f"*{safe['title']}* — {safe['state']}", safe["changed"]]
    if safe["next"]:
        lines.append(f"_{safe['next']}_")
    if facts["link"]:
        # In a link only "&", "<" and ">" matter too; "|" would end the URL, so it is encoded.
        url = slack_escape(facts["link"]).replace("|", "%7C")
        lines.append(f"<{url}|Status page>")
    text = "\n".join(lines)
    return {"text": text, "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]}


def teams_payload(facts: dict[str, str]) -> dict[str, Any]:
    facts = {k: v if k == "link" else teams_escape(v) for k, v in facts.items()}
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": facts["title"], "weight": "Bolder", "wrap": True},
        {"type": "TextBlock", "text": facts["state"], "spacing": "None", "isSubtle": True},
        {"type": "TextBlock", "text": facts["changed"], "wrap": True},
    ]
    if facts["next"]:
        body.append({"type": "TextBlock", "text": facts["next"], "wrap": True, "isSubtle": True})
    card: dict[str, Any] = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
    }
    if facts["link"]:
        card["actions"] = [{"type": "Action.OpenUrl", "title": "Status page", "url": facts["link"]}]
    return {
        "type": "message",
        "attachments": [
            {"contentType": "application/vnd.microsoft.card.adaptive", "content": card}
        ],
    }


def payload_for(hook: ChatWebhook, escalation: Escalation, update: Update, tz: str) -> bytes:
    facts = card_facts(escalation, update, tz)
    data = slack_payload(facts) if hook.format == ChatFormat.SLACK else teams_payload(facts)
    return json.dumps(data).encode()


def post(url: str, body: bytes) -> PostResult:
    """POST the card. 2xx: done. 5xx, 429 and network failures: worth retrying. Other 4xx,
    a redirect (never followed) or a refused address: the URL is wrong, and trying again
    would only fail again. The whole post has ``TIMEOUT_SECONDS`` (escalations/outbound.py)."""
    headers = {"Content-Type": "application/json", "User-Agent": "Upward"}
    try:
        answer = outbound.post(url, body=body, headers=headers, deadline=TIMEOUT_SECONDS)
    except outbound.OutboundRefused as exc:
        return PostResult(ok=False, retry=False, error=str(exc))
    except (outbound.OutboundTimeout, outbound.OutboundFailed) as exc:
        return PostResult(ok=False, retry=True, error=str(exc))
    code = answer.status
    if 200 <= code < 300:
        return PostResult(ok=True, retry=False)
    return PostResult(
        ok=False, retry=code >= 500 or code == 429, error=f"The webhook answered HTTP {code}."
    )
