"""Headers every response under /s/ carries, whatever the view or status code.

The decorators live in ``escalations.capability`` (the executive's desk, a room of
``escalations``, wears the same ones, and ``escalations`` never imports ``statuspages``);
the status pages use them from here.
"""

from __future__ import annotations

from escalations.capability import (
    DECISION_PAGE,
    PUBLIC_HEADERS,
    apply_public_headers,
    public_decision_page,
    public_statuspage,
)

__all__ = [
    "DECISION_PAGE",
    "PUBLIC_HEADERS",
    "apply_public_headers",
    "public_decision_page",
    "public_statuspage",
]
