"""What the escalation page's RCA panel shows, built for the view that renders it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from escalations.models import Escalation
from escalations.rca.selectors import RCA_STATES, preventive_progress, rca_closed_at, rca_full

PANEL = "escalations/rca/_panel.html"


def rca_panel(
    request: HttpRequest, *, escalation: Escalation, is_owner: bool, now: datetime
) -> str:
    """The RCA panel's HTML, or "" before containment (nothing is asked yet)."""
    if escalation.state not in RCA_STATES:
        return ""
    rca = rca_full(escalation)
    context: dict[str, Any] = {
        "escalation": escalation,
        "rca": rca,
        "is_owner": is_owner,
        "now": now,
        "rca_closed_at": None,
    }
    if rca is not None:
        done, not_doing, total = preventive_progress(rca)
        context |= {
            "rca_done": done,
            "rca_not_doing": not_doing,
            "rca_total": total,
            "rca_closed_at": rca_closed_at(rca),
        }
    return render_to_string(PANEL, context, request=request)
