"""What the author's "Post an update" panel shows, for the views that render it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from escalations import cadence
from escalations.models import Escalation
from escalations.selectors import escalation_public_state
from escalations.updates.forms import UpdateForm

PANEL = "escalations/detail.html#updates"
# The body as readers will see it, swapped in as the author types.
PREVIEW = "escalations/detail.html#update_preview"


def updates_context(
    *,
    escalation: Escalation,
    now: datetime,
    form: UpdateForm | None = None,
    posted: str = "",
    can_edit: bool = True,
) -> dict[str, Any]:
    """The form (fresh: its status starts at what readers see now) and when the next update
    would be owed if the author posted right now. Only the author gets the form (the update
    views are owner-only); a reviewer reads the timeline."""
    if form is None:
        form = UpdateForm(
            initial={
                "state": escalation_public_state(escalation),
                # Prefilled: the author edits the figures that moved, not a blank box.
                "impact": escalation.impact_now,
            },
            escalation=escalation,
        )
    return {
        "escalation": escalation,
        "now": now,
        "update_form": form,
        "due_next": cadence.next_update_due(escalation, after=now),
        "posted": posted,
        "can_edit": can_edit,
    }
