"""What the author's "Actions" panel shows: each action, done or due, and a way to mark it
done."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from escalations.actions.forms import ActionDoneForm
from escalations.models import Escalation

PANEL = "escalations/detail.html#actions"


def actions_context(
    *,
    escalation: Escalation,
    can_edit: bool,
    now: datetime,
    bound: dict[int, ActionDoneForm] | None = None,
    notice: str = "",
) -> dict[str, Any]:
    """Actions come prefetched with the escalation: no query here."""
    bound = bound or {}
    return {
        "escalation": escalation,
        "now": now,
        "can_edit": can_edit,
        "action_items": [
            {
                "action": a,
                "overdue": a.is_overdue(now),
                "form": bound.get(a.pk) or ActionDoneForm(auto_id=f"id_action{a.pk}_%s"),
            }
            for a in escalation.actions.all()
        ],
        "actions_notice": notice,
        "actions_overdue": escalation.actions_overdue(now),
    }
