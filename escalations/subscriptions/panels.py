"""The "Readers" panel on the escalation page: who gets the updates, and the chat webhook."""

from __future__ import annotations

from typing import Any

from escalations.models import Escalation
from escalations.subscriptions.forms import ChatWebhookForm
from escalations.subscriptions.selectors import (
    chat_failure,
    chat_webhook_for,
    executive_email_settings,
    subscribers_of,
)

PANEL = "escalations/detail.html#readers"


def readers_context(
    *,
    escalation: Escalation,
    can_edit: bool,
    form: ChatWebhookForm | None = None,
    notice: str = "",
) -> dict[str, Any]:
    hook = chat_webhook_for(escalation)
    readers = subscribers_of(escalation)
    return {
        "escalation": escalation,
        "can_edit": can_edit,
        "exec_email": executive_email_settings(escalation),
        "subscribers": len(readers),
        "readers": readers,
        # Only the masked form ever reaches a template.
        "chat_masked": hook.masked if hook else "",
        "chat_format": hook.get_format_display() if hook else "",
        "chat_form": form or ChatWebhookForm(),
        "chat_failed": chat_failure(escalation) if hook else None,
        "readers_notice": notice,
    }
