"""Writes every room shares, below all of them: the one touch that tells readers.

The domain core imports no room. Lifecycle steps that cross rooms (escalate, change state,
review) live in ``escalations.lifecycle.services``; each room writes its own rows in its own
``services.py`` and calls ``escalation_touch`` for anything a reader could notice.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from django.db.models import F

from escalations.models import Escalation, escalation_changed


def escalation_touch(
    *,
    escalation: Escalation | None = None,
    pks: Collection[int] = (),
    changes: Mapping[str, Any] | None = None,
) -> list[int]:
    """Readers see the change: the one call every reader-visible write makes.

    Moves ``version`` by one for ``escalation`` and every id in ``pks`` (status pages, feeds
    and their ETags key on it) and sends ``escalation_changed`` with those ids, the only
    place that does. Call it inside the write's transaction, after the write: listeners
    forget what they hold at once and publish the committed state on commit, so a reader
    on any host sees the write on their very next request. Returns the ids touched.

    ``changes`` (column: value or expression) are written by the same UPDATE, when the write
    itself is an update of those escalations: each row is then rewritten once, not twice
    (the stale tick flags a thousand escalations at once).
    """
    ids = sorted({*pks, *([escalation.pk] if escalation is not None else [])})
    if not ids:
        return []
    Escalation.objects.filter(pk__in=ids).update(version=F("version") + 1, **(changes or {}))
    escalation_changed.send(sender=Escalation, pks=ids)
    if escalation is not None:
        escalation.refresh_from_db(fields=["version"])
    return ids
