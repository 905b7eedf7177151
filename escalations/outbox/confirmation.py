"""Double opt-in: "confirm you want the updates" to an address that asked for them.

Owed by ``escalations.subscriptions.services.subscription_request`` (not twice within ten
minutes). Still owed only while the address is unconfirmed.
"""

from __future__ import annotations

from datetime import datetime

from escalations.models import DispatchPurpose, OutboxMessage
from escalations.outbox import mail, update
from escalations.subscriptions.tokens import subscription_url


def subscribe_confirm_email(row: OutboxMessage, now: datetime) -> mail.Rendered:
    """Double opt-in: nothing else is sent to this address until it confirms."""
    sub = update.subscription_of(row)
    e = row.escalation
    return mail.note(
        row,
        subject=f"Confirm: email me the updates on {e.title}",
        lines=[
            f"Someone — hopefully you — asked for the updates on “{e.title}” to be emailed "
            "to this address, one email per update.",
            "Confirm and you get the next one. If it was not you, ignore this email: "
            "nothing more will be sent.",
        ],
        action=("Yes, email me the updates", subscription_url(sub, "confirm")),
        footer="The link works for 3 days.",
        to_executive=False,
    )


def confirmation_still_owed(row: OutboxMessage, now: datetime) -> str:
    sub = row.subscription
    if sub is not None and sub.is_active:
        return "The address was already confirmed."
    return ""


KINDS: dict[str, mail.Kind] = {
    DispatchPurpose.SUBSCRIBE_CONFIRM: mail.Kind(
        build=subscribe_confirm_email, still_owed=confirmation_still_owed
    )
}
