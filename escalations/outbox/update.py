"""One posted update, emailed to every "each update" subscriber (the executive is one by
default) and posted to the chat channel, and what updates and digests share: the updates in
full, when the next one is due, and a way out.

Owed: ``update_post`` marks the update ``fan_out_owed`` in its transaction (one row
written, whatever the list's size) and a worker writes the readers' rows in batches of
``FAN_OUT_BATCH`` (``update_fan_out_batch``), each batch in its own transaction that moves
``fan_out_cursor``, so a worker killed mid-way resumes where it stopped and a second worker
never writes a row twice (dedupe key per update and subscriber). With the broker down the
dispatch tick finds the owed update and does the same.

Built: the part every reader shares is rendered once per batch, zone and kind of reader
(``build_many``), and turned into an email's bytes once (``mail.Splice``); each reader's
unsubscribe link, address and thread headers are filled in. Still owed only while the
subscriber is still subscribed to every update.
"""

from __future__ import annotations

import dataclasses
import functools
from datetime import datetime
from html import escape

from django.db import transaction
from django.template.loader import render_to_string

from escalations import timetext
from escalations.markdown import first_line, render_markdown
from escalations.models import (
    ChatWebhook,
    DispatchPurpose,
    Escalation,
    OutboxMessage,
    PublicStatus,
    State,
    Subscription,
    SubscriptionMode,
    Update,
    UpdateKind,
)
from escalations.outbox import chat, escalated, links, mail
from escalations.outbox.owe import FAN_OUT, publish_after_commit
from escalations.subscriptions.services import subscription_for_executive
from escalations.subscriptions.tokens import subscription_url

FAN_OUT_BATCH = 1000


# --- owed: one mark in the author's transaction, the rows in a worker's batches ----------


def updates_fan_out(*, update: Update, escalation: Escalation, now: datetime) -> None:
    """Owe every "each update" subscriber this update, and the chat channel a card.

    Call inside the transaction that created ``update``: the debt commits with it or not at
    all. Only the update row is touched here; a worker writes the readers' rows.
    """
    if escalation.state == State.DRAFT:
        return
    update.fan_out_owed = True
    update.save(update_fields=["fan_out_owed"])
    publish_after_commit(FAN_OUT, update.pk)


def updates_fan_out_owed(limit: int = 100) -> list[int]:
    """Updates whose readers' rows are not all written yet, oldest first (partial index)."""
    found = Update.objects.filter(fan_out_owed=True).order_by("created_at")
    return list(found.values_list("pk", flat=True)[:limit])


def update_fan_out_batch(
    *, update_id: int, now: datetime, size: int = FAN_OUT_BATCH, wait: bool = False
) -> tuple[list[OutboxMessage], bool] | None:
    """Write the next batch of this update's rows: (rows written, whether it is all done).

    None when there is nothing to do: done already, or another worker holds the update (the
    lock is per batch, so two workers take turns and neither writes a row twice). With
    ``wait``, the other worker's batch is waited for (a batch takes a fraction of a second)
    and the next one written. The first batch also owes the chat post and mints the links
    the messages carry.
    """
    with transaction.atomic():
        upd = (
            Update.objects.select_for_update(skip_locked=not wait, of=("self",))
            .select_related("escalation", "escalation__owner", "escalation__executive")
            .filter(pk=update_id, fan_out_owed=True)
            .first()
        )
        if upd is None:
            return None
        e = upd.escalation
        rows: list[OutboxMessage] = []
        if upd.fan_out_cursor == 0:
            rows.extend(_first_rows(upd, e, now))
        # Ids and addresses only: 1,000 readers need no 1,000 model instances.
        subs = list(
            Subscription.objects.filter(
                escalation=e,
                mode=SubscriptionMode.EACH,
                confirmed_at__isnull=False,
                unsubscribed_at__isnull=True,
                pk__gt=upd.fan_out_cursor,
            )
            .order_by("pk")
            .values_list("pk", "email", "for_executive")[:size]
        )
        for sub_id, email, for_executive in subs:
            if for_executive and not executive_takes_each(e):
                continue  # on the daily digest of their desk, or no emails
            to_email = e.executive_address if for_executive else email
            # Held from when the update was posted, however late the worker writes the row.
            send_at = (
                max(now, upd.created_at + escalated.ESCALATED_HOLD)
                if escalated.held(upd, for_executive=for_executive)
                else now
            )
            if to_email:
                rows.append(
                    OutboxMessage(
                        escalation=e,
                        subscription_id=sub_id,
                        update=upd,
                        purpose=DispatchPurpose.UPDATE,
                        dedupe_key=f"update:{upd.pk}:sub:{sub_id}",
                        to_email=to_email,
                        send_at=send_at,
                        handed_over_at=now if send_at <= now else None,
                    )
                )
        done = len(subs) < size
        upd.fan_out_cursor = subs[-1][0] if subs else upd.fan_out_cursor
        upd.fan_out_owed = not done
        upd.save(update_fields=["fan_out_cursor", "fan_out_owed"])
        created = OutboxMessage.objects.bulk_create(rows)
    return created, done


def executive_takes_each(e: Escalation) -> bool:
    """Whether the executive gets this escalation's updates one by one: not when their
    directory entry chose the daily digest of their desk (``desk_digest``), or no emails."""
    return e.executive is None or e.executive.mode == SubscriptionMode.EACH


def _first_rows(upd: Update, e: Escalation, now: datetime) -> list[OutboxMessage]:
    """Before the first batch: the executive's subscription exists, the links the messages
    carry are minted (now that they are owed, never while rendering: the executive's, and
    the channel's for the other readers), the chat card."""
    rows = []
    if e.executive_address:
        sub = subscription_for_executive(escalation=e)
        if sub.is_active and sub.mode == SubscriptionMode.EACH and executive_takes_each(e):
            links.executive_link_owed(e)
    readers = Subscription.objects.filter(
        escalation=e,
        for_executive=False,
        mode=SubscriptionMode.EACH,
        confirmed_at__isnull=False,
        unsubscribed_at__isnull=True,
    )
    if readers.exists():
        # Their emails link to the status page through the channel's link, never the
        # executive's own.
        links.channel_link_owed(e)
    if ChatWebhook.objects.filter(escalation=e).exists():
        card = chat.chat_row(update=upd, escalation=e, now=now)
        card.handed_over_at = now
        rows.append(card)
    return rows


# --- built ---------------------------------------------------------------------------------


def subscription_of(row: OutboxMessage) -> Subscription:
    if row.subscription is None:
        raise ValueError(f"Dispatch {row.pk} ({row.purpose}) has no subscription")
    return row.subscription


def reader_zone(sub: Subscription) -> str:
    if sub.for_executive:
        return sub.escalation.executive_zone
    return sub.time_zone or "UTC"


def state_label(update: Update) -> str:
    return status_label(update.public_status)


def status_label(status: str) -> str:
    return PublicStatus(status).label if status in PublicStatus.values else status


def _update_item(update: Update, tz: str) -> dict[str, object]:
    return {
        "state": state_label(update),
        "at": f"{timetext.when(update.created_at, tz)} ({tz})",
        "html": render_markdown(update.body),
        "text": mail.plain(update.body),
        "impact": update.impact,
    }


# Stands in for the reader's unsubscribe link in the part every reader shares; letters,
# digits and dashes only, so HTML escaping leaves it as it is.
UNSUBSCRIBE_SLOT = "upward-unsubscribe-link-slot"

SharedKey = tuple[object, ...]


def subscriber_mail(
    row: OutboxMessage,
    *,
    subject: str,
    intro: str,
    updates: list[Update],
    shared: dict[SharedKey, mail.Splice] | None = None,
) -> mail.Rendered:
    """An update or a digest: the updates in full, when the next one is due, and a way out.

    ``List-Unsubscribe`` + ``List-Unsubscribe-Post`` (RFC 8058) let the mail client offer
    one-click unsubscribe; the same link is in the footer. What readers of the same zone and
    kind share is rendered once into ``shared`` (keyed by what it depends on): the current
    summary and, for the executive, the open asks with their buttons are the same for every
    reader of one update; only the unsubscribe link and the address are per reader.
    """
    sub = subscription_of(row)
    tz = reader_zone(sub)
    key: SharedKey = (
        subject,
        tuple(u.pk for u in updates),
        tz,
        sub.for_executive,
        sub.mode if sub.for_executive else "",
        None if sub.for_executive else sub.via_link_id,  # each reader's own link
    )
    memo = shared if shared is not None else {}
    splice = memo.get(key)
    if splice is None:
        splice = memo[key] = mail.Splice(
            _shared_part(row, sub=sub, tz=tz, subject=subject, intro=intro, updates=updates),
            slot=UNSUBSCRIBE_SLOT,
        )
    common = splice.shared
    unsubscribe = subscription_url(sub, "unsubscribe")
    return dataclasses.replace(
        common,
        text=common.text.replace(UNSUBSCRIBE_SLOT, unsubscribe),
        html=common.html.replace(UNSUBSCRIBE_SLOT, escape(unsubscribe)),
        to=row.to_email,
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        # Sent as the shared part's bytes with this reader's values spliced in
        # (``mail.Splice``), unless something about them needs the ordinary build.
        splice=splice,
        reader_link=unsubscribe,
    )


def _shared_part(
    row: OutboxMessage,
    *,
    sub: Subscription,
    tz: str,
    subject: str,
    intro: str,
    updates: list[Update],
) -> mail.Rendered:
    e = row.escalation
    # The executive's own link; a reader's, the link they subscribed through.
    status_url = (
        links.executive_status_url(e)
        if sub.for_executive
        else links.reader_status_url(sub.via_link_id)
    )
    next_update = ""
    if e.is_open and e.next_update_due_at:
        next_update = f"Next update by {timetext.when(e.next_update_due_at, tz)} ({tz})."
    if sub.for_executive:
        why = f"You get {'a daily digest of ' if sub.mode == SubscriptionMode.DIGEST else ''}the updates on “{e.title}” because {mail.author_name(e)} escalated it to you."
        # A link, not a bare URL: a long URL in text widens the email past a phone screen.
        manage_url = f"{status_url}#email-settings" if status_url else ""
    else:
        why = f"You asked for the updates on “{e.title}” at this address."
        manage_url = ""
    context = {
        # Where it stands, then (for the executive) what waits on them: the same for every
        # reader of one update, so rendered once with the rest of the shared part.
        "e": e,
        "summary_tz": tz,
        "open_asks": mail.open_asks_context(e, status_url, tz) if sub.for_executive else [],
        "subject": subject,
        "intro": intro,
        "title": e.title,
        "items": [_update_item(u, tz) for u in updates],
        "next_update": next_update,
        "actions_progress": e.actions_progress,
        "status_url": status_url,
        "why": why,
        "manage_url": manage_url,
        "unsubscribe_url": UNSUBSCRIBE_SLOT,
    }
    return mail.Rendered(
        subject=subject,
        text=render_to_string("emails/updates.txt", context),
        html=render_to_string("emails/updates.html", context),
        to="",
        reply_to=mail.reply_to_author(e),
        from_email=mail.on_behalf(e),
    )


def update_email(
    row: OutboxMessage, now: datetime, shared: dict[SharedKey, mail.Splice] | None = None
) -> mail.Rendered:
    """One posted update, as it was posted; the executive's copy of the escalation's own
    update is the "Escalated to you" note (``escalated``)."""
    update = row.update
    if update is None:
        raise ValueError(f"Dispatch {row.pk} has no update")
    if escalated.is_escalated_note(row):
        return escalated.escalated_email(row, now)
    e = row.escalation
    return subscriber_mail(
        row,
        subject=update_subject(update.body, update.kind, update.public_status, e.title),
        intro="",
        updates=[update],
        shared=shared,
    )


@functools.lru_cache(maxsize=128)
def update_subject(body: str, kind: str, public_status: str, title: str) -> str:
    """What changed, then the title; a state change says the state first. Every reader of
    an update shares it, and its lead is a Markdown parse: worked out once per process."""
    line = first_line(body, 60)
    if kind == UpdateKind.STATE_CHANGE:
        lead = f"{status_label(public_status)}: {line}"
    else:
        lead = line or status_label(public_status)
    return mail.lead_then_title(lead, title)


def update_emails(rows: list[OutboxMessage], now: datetime) -> list[mail.Rendered | Exception]:
    """A batch of update emails: the shared part rendered once per update, zone and kind of
    reader; one reader's failure is that reader's only."""
    shared: dict[SharedKey, mail.Splice] = {}
    out: list[mail.Rendered | Exception] = []
    for row in rows:
        try:
            out.append(update_email(row, now, shared))
        except Exception as exc:  # recorded on that row by the engine
            out.append(exc)
    return out


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


def update_still_owed(row: OutboxMessage, now: datetime) -> str:
    """Still subscribed; and the executive's "escalated" note only while no pre-read
    carries the news."""
    return subscribed_still(row, now) or escalated.still_owed(row, now)


KINDS: dict[str, mail.Kind] = {
    DispatchPurpose.UPDATE: mail.Kind(
        build=update_email, still_owed=update_still_owed, build_many=update_emails
    )
}
