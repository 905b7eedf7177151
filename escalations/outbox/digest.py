"""The daily digest: every update since the last digest, newest first under the open asks
and the current summary, at the subscriber's local time.

Owed by the digest tick (``escalations.subscriptions.services.digests_scan``), once per
subscriber and local day. Still owed only while the subscriber is still subscribed.
"""

from __future__ import annotations

from datetime import datetime

from escalations.models import DispatchPurpose, OutboxMessage, Update
from escalations.outbox import mail, update


def digest_email(row: OutboxMessage, now: datetime) -> mail.Rendered:
    """Every update since the last digest, newest first, under the open asks and the
    current summary."""
    e = row.escalation
    found = Update.objects.filter(escalation=e, created_at__lte=row.covers_until or now)
    if row.covers_from:
        found = found.filter(created_at__gt=row.covers_from)
    updates = list(found.order_by("-created_at", "-pk"))
    n = len(updates)
    latest = update.state_label(updates[0]) if updates else ""
    return update.subscriber_mail(
        row,
        subject=f"Digest: {n} update{'s' if n != 1 else ''}, now {latest.lower()} · {e.title}",
        intro=f"{n} update{'s' if n != 1 else ''} since the last digest, newest first.",
        updates=updates,
    )


KINDS: dict[str, mail.Kind] = {
    # Owed in bulk by the digest tick: the link is minted when a worker claims the row.
    DispatchPurpose.DIGEST: mail.Kind(
        build=digest_email, still_owed=update.subscribed_still, mints_link=True
    )
}
