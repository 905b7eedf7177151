"""One posted update, emailed to every "each update" subscriber (the executive is one by
default), and what updates and digests share: the updates in full, when the next one is
due, and a way out.

Owed by ``escalations.subscriptions.services.updates_fan_out`` with the update. Still owed
only while the subscriber is still subscribed to every update.
"""

from __future__ import annotations

from datetime import datetime

from django.template.loader import render_to_string

from escalations import timetext
from escalations.markdown import render_markdown
from escalations.models import (
    DispatchPurpose,
    OutboxMessage,
    PublicStatus,
    Subscription,
    SubscriptionMode,
    Update,
)
from escalations.outbox import links, mail
from escalations.subscriptions.tokens import subscription_url


def subscription_of(row: OutboxMessage) -> Subscription:
    if row.subscription is None:
        raise ValueError(f"Dispatch {row.pk} ({row.purpose}) has no subscription")
    return row.subscription


def reader_zone(sub: Subscription) -> str:
    if sub.for_executive:
        return sub.escalation.executive_time_zone or "UTC"
    return sub.time_zone or "UTC"


def state_label(update: Update) -> str:
    status = update.public_status
    return PublicStatus(status).label if status in PublicStatus.values else status


def _update_item(update: Update, tz: str) -> dict[str, str]:
    return {
        "state": state_label(update),
        "at": f"{timetext.when(update.created_at, tz)} ({tz})",
        "html": render_markdown(update.body),
        "text": mail.plain(update.body),
    }


def subscriber_mail(
    row: OutboxMessage, *, subject: str, intro: str, updates: list[Update]
) -> mail.Rendered:
    """An update or a digest: the updates in full, when the next one is due, and a way out.

    ``List-Unsubscribe`` + ``List-Unsubscribe-Post`` (RFC 8058) let the mail client offer
    one-click unsubscribe; the same link is in the footer.
    """
    sub = subscription_of(row)
    e = row.escalation
    tz = reader_zone(sub)
    unsubscribe = subscription_url(sub, "unsubscribe")
    status_url = links.executive_status_url(e) if sub.for_executive else None
    next_update = ""
    if e.is_open and e.next_update_due_at:
        next_update = f"Next update by {timetext.when(e.next_update_due_at, tz)} ({tz})."
    if sub.for_executive:
        why = f"You get {'a daily digest of ' if sub.mode == SubscriptionMode.DIGEST else ''}the updates on “{e.title}” because {mail.author_name(e)} escalated it to you."
        manage = (
            f"Every update, a daily digest or none: {status_url}#email-settings"
            if status_url
            else ""
        )
    else:
        why = f"You asked for the updates on “{e.title}” at this address."
        manage = ""
    context = {
        "subject": subject,
        "intro": intro,
        "title": e.title,
        "items": [_update_item(u, tz) for u in updates],
        "next_update": next_update,
        "status_url": status_url,
        "why": why,
        "manage": manage,
        "unsubscribe_url": unsubscribe,
    }
    return mail.Rendered(
        subject=subject,
        text=render_to_string("emails/updates.txt", context),
        html=render_to_string("emails/updates.html", context),
        to=row.to_email,
        reply_to=mail.reply_to_author(e),
        from_email=mail.on_behalf(e),
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def update_email(row: OutboxMessage, now: datetime) -> mail.Rendered:
    """One posted update, as it was posted."""
    update = row.update
    if update is None:
        raise ValueError(f"Dispatch {row.pk} has no update")
    e = row.escalation
    return subscriber_mail(
        row,
        subject=f"{state_label(update)}: {e.title}",
        intro="",
        updates=[update],
    )


def subscribed_still(row: OutboxMessage, now: datetime) -> str:
    """Updates and digests: not to someone who unsubscribed (or switched) meanwhile."""
    sub = row.subscription
    if sub is None:
        return ""
    if not sub.is_active:
        return "Unsubscribed (or switched off) before this was sent."
    if row.purpose == DispatchPurpose.UPDATE and sub.mode != SubscriptionMode.EACH:
        return "Switched to the daily digest before this was sent."
    return ""


KINDS: dict[str, mail.Kind] = {
    DispatchPurpose.UPDATE: mail.Kind(build=update_email, still_owed=subscribed_still)
}
