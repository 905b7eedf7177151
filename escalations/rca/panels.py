"""What the escalation page's RCA panel shows (``detail.html#rca``), built for the page and
for the views that swap the panel back in. Keys are the panel's own (``rca_*``) beside the
page's shared ones (``escalation``, ``now``, ``can_edit``): the page merges every panel's
context."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from escalations.models import Escalation
from escalations.rca.forms import ReasonForm
from escalations.rca.selectors import RCA_STATES, preventive_progress, rca_closed_at, rca_full

PANEL = "escalations/detail.html#rca"


def rca_context(
    *,
    escalation: Escalation,
    can_edit: bool,
    now: datetime,
    notice: str = "",
    error: str = "",
    dismiss_form: ReasonForm | None = None,
) -> dict[str, Any]:
    """The RCA panel's context; ``rca_asked`` is False before containment (no panel).
    ``dismiss_form``: a "no RCA needed" reason with errors, shown as typed."""
    if escalation.state not in RCA_STATES:
        return {"rca_asked": False}
    rca = rca_full(escalation)
    context: dict[str, Any] = {
        "escalation": escalation,
        "now": now,
        "can_edit": can_edit,
        "rca_asked": True,
        "rca": rca,
        "rca_closed_at": None,
        "rca_notice": notice,
        "rca_error": error,
        "rca_dismiss_form": dismiss_form or ReasonForm(auto_id="rca-dismiss-%s"),
    }
    if rca is not None:
        done, not_doing, total = preventive_progress(rca)
        context |= {
            "rca_done": done,
            "rca_not_doing": not_doing,
            "rca_total": total,
            "rca_closed_at": rca_closed_at(rca),
        }
    return context
