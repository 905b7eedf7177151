"""What the author's "Asks" panel shows: each ask, its answer and history, a flag when its
deadline passed unanswered, and a small form to record a decision taken elsewhere."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from escalations.decisions.forms import AskDecisionForm
from escalations.models import AskDecision, Escalation, State

PANEL = "escalations/detail.html#asks"


def _reversal(history: list[AskDecision]) -> tuple[str, str] | None:
    """(old answer, new answer) when the latest answer reverses the one before it."""
    if len(history) >= 2 and history[0].changes(history[1]):
        return history[1].answer, history[0].answer
    return None


def asks_context(
    *,
    escalation: Escalation,
    can_edit: bool,
    now: datetime,
    bound: dict[int, AskDecisionForm] | None = None,
    notice: str = "",
) -> dict[str, Any]:
    """Asks come prefetched with the escalation; their history is one more query."""
    bound = bound or {}
    asks = list(escalation.asks.all())
    history: dict[int, list[AskDecision]] = {}
    if asks:
        for row in AskDecision.objects.filter(ask__escalation=escalation).select_related(
            "recorded_by"
        ):
            history.setdefault(row.ask_id, []).append(row)
    items = [
        {
            "ask": a,
            "history": history.get(a.pk, []),
            # The latest answer changed an earlier one: the author sees it as a reversal.
            "reversal": _reversal(history.get(a.pk, [])),
            "waiting_since": a.waiting_since(now),
            "overdue_by": now - a.decide_by if a.waiting_since(now) else None,
            "form": bound.get(a.pk)
            or AskDecisionForm(
                initial={"decided_by_name": escalation.executive_label},
                auto_id=f"id_ask{a.pk}_%s",
            ),
        }
        for a in asks
    ]
    return {
        "escalation": escalation,
        "now": now,
        "ask_items": items,
        "asks_overdue": sum(1 for i in items if i["waiting_since"] is not None),
        "can_record": can_edit and escalation.state != State.DRAFT,
        "asks_notice": notice,
    }
