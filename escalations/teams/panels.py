"""What the "Co-authors" panel shows: the team, the author, the co-authors, and (for the
author only) a way to add or remove them."""

from __future__ import annotations

from typing import Any

from escalations.models import Escalation
from escalations.teams.forms import CoauthorAddForm
from escalations.teams.services import coauthor_candidates

PANEL = "escalations/detail.html#coauthors"


def coauthors_context(
    *,
    escalation: Escalation,
    is_author: bool,
    form: CoauthorAddForm | None = None,
    notice: str = "",
) -> dict[str, Any]:
    """Co-authors come prefetched with the escalation; the candidates cost one query, and
    only for the author."""
    candidates = coauthor_candidates(escalation) if is_author else []
    return {
        "escalation": escalation,
        "is_author": is_author,
        "coauthor_list": sorted(
            escalation.coauthors.all(),
            key=lambda u: ((u.get_full_name() or u.get_username()).lower(), u.pk),
        ),
        "coauthor_candidates": candidates,
        "coauthor_form": form or CoauthorAddForm(candidates=candidates, auto_id="id_coauthor_%s"),
        "coauthors_notice": notice,
    }
