"""Posting an update to a chat channel's incoming webhook (Slack or Microsoft Teams).

Owed with every posted update while the escalation has a webhook (the channel's own link is
minted then); still owed only while the webhook is there. The engine claims the row like
any email and retries a failed post with ``backoff`` (at-most-once per attempt).

A short card a reader can forward as is: the title, the state, what changed, when the next
update comes and the link. The webhook URL is a secret: it never appears in a log line or
in a dispatch's ``error`` (only the HTTP status or the kind of network failure does).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from escalations import outbound, timetext
from escalations.markdown import markdown_to_plain
from escalations.models import ChatFormat, ChatWebhook, Escalation, PublicStatus, Update
from escalations.outbox import links

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


def slack_payload(facts: dict[str, str]) -> dict[str, Any]:
    lines = [f"*{facts['title']}* — {facts['state']}", facts["changed"]]
    if facts["next"]:
        lines.append(f"_{facts['next']}_")
    if facts["link"]:
        lines.append(f"<{facts['link']}|Status page>")
    text = "\n".join(lines)
    return {"text": text, "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]}


def teams_payload(facts: dict[str, str]) -> dict[str, Any]:
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
