"""The author's sharing panel on the escalation page: its links and a fresh form.

Registered with escalations' page in ``StatuspagesConfig.ready`` (escalations never imports
statuspages); the link views render the same partial with the same context.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from escalations.models import Escalation

from ..forms import ShareLinkForm
from ..selectors import share_links_for

PAGE = "statuspages/link_form_page.html"  # without JavaScript: the panel on a page of its own
PANEL = "escalations/detail.html#sharing"


def sharing_context(request: HttpRequest, escalation: Escalation) -> dict[str, Any]:
    """The author's links (one query) and an empty form to make another."""
    return {"share_links": list(share_links_for(escalation)), "share_form": ShareLinkForm()}


def panel_context(request: HttpRequest, escalation: Escalation, **extra: Any) -> dict[str, Any]:
    """Everything the panel needs when a link view renders it on its own."""
    return (
        {"escalation": escalation, "now": timezone.now()}
        | sharing_context(request, escalation)
        | extra
    )
