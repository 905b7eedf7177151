"""The current summary: the situation as it stands, shown above the write-up as first reported.

Three lines every reader sees first — on the status page, in every email to the executive
and at the top of the pre-read: the impact now (running figures, or final ones once the
author gives them on containment or resolution), the state, and what changed with the latest
update. ``update_post`` keeps it true; the fields live on ``Escalation`` (``summary_*``) so a
page renders it with no extra query.
"""

from __future__ import annotations

from escalations.models import UpdateKind

# One line on a phone: longer first paragraphs are cut at a word with an ellipsis.
CHANGED_MAX = 240

# Entries the author wrote about the situation; a decision is shown with the asks instead.
CHANGES_SUMMARY = frozenset(
    {UpdateKind.PROGRESS, UpdateKind.NO_CHANGE, UpdateKind.STATE_CHANGE, UpdateKind.EDIT}
)
