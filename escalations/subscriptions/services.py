"""Who gets the updates, and the outbox rows that carry them.

Every posted update is owed to each active "each update" subscriber and the chat channel
(``escalations.outbox.update.updates_fan_out``, whose rows a worker writes in batches).
Dedupe keys are per (update, subscriber) and per (subscriber, local day) for digests, so a
double post or a tick that runs twice sends nothing twice. Delivery is the outbox engine's (``escalations.outbox.engine``);
how each message reads is ``escalations.outbox.update`` / ``digest`` / ``confirmation`` / ``chat``.
"""

from __future__ import annotations

import logging
import zoneinfo
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from urllib.parse import urlsplit

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.db.models.functions import Coalesce
from django.utils import timezone

from escalations.models import (
    ChatFormat,
    ChatWebhook,
    DispatchPurpose,
    DispatchState,
    Escalation,
    Executive,
    OutboxMessage,
    Subscription,
    SubscriptionMode,
    Update,
    zone_or_utc,
)
from escalations.outbox import links
from escalations.outbox.owe import kick_if_due
from escalations.services import escalation_touch
from escalations.subscriptions import throttle
from escalations.subscriptions.tokens import new_link_key

logger = logging.getLogger(__name__)

# A second "confirm your address" within this window is not sent: the form cannot be used
# to flood someone's inbox.
CONFIRM_RESEND_AFTER = timedelta(minutes=10)


# --- the executive ------------------------------------------------------------------------


def subscription_for_executive(*, escalation: Escalation) -> Subscription:
    """The executive's row on this escalation, created on first need: confirmed, and
    following the choice on their directory entry (every update unless they chose else)."""
    executive = escalation.executive
    mode = executive.mode if executive is not None else SubscriptionMode.EACH
    sub, _ = Subscription.objects.get_or_create(
        escalation=escalation,
        for_executive=True,
        defaults={
            "mode": mode,
            "digest_at": executive.digest_at if executive is not None else None,
            "time_zone": escalation.executive_zone,
            "link_key": new_link_key(),
            "confirmed_at": timezone.now(),
            "unsubscribed_at": timezone.now() if mode == SubscriptionMode.OFF else None,
        },
    )
    return sub


class SubscriptionInvalid(ValueError):
    pass


def _mirror(sub: Subscription, executive: Executive, now: datetime) -> bool:
    """Copy the executive's choice onto one of their rows; whether anything changed."""
    off = executive.mode == SubscriptionMode.OFF
    wanted = {
        "mode": executive.mode,
        "digest_at": executive.digest_at if executive.digest_at is not None else sub.digest_at,
        "time_zone": executive.time_zone or "UTC",
    }
    if executive.mode != SubscriptionMode.DIGEST:
        wanted["digest_at"] = sub.digest_at
    changed = [k for k, v in wanted.items() if getattr(sub, k) != v]
    if executive.mode == SubscriptionMode.DIGEST and sub.mode != SubscriptionMode.DIGEST:
        # The digest starts from now: what came before was emailed one by one.
        sub.digest_covered_until = now
        changed.append("digest_covered_until")
    if off != (sub.unsubscribed_at is not None):
        sub.unsubscribed_at = now if off else None
        changed.append("unsubscribed_at")
    for k, v in wanted.items():
        setattr(sub, k, v)
    if changed:
        sub.save(update_fields=sorted(set(changed)))
    return bool(changed)


def subscription_executive_set(
    *,
    escalation: Escalation,
    mode: str,
    digest_at: time | None = None,
    time_zone: str = "",
    now: datetime | None = None,
) -> Subscription:
    """The executive chooses, from this escalation's status link: every update, a daily
    digest at a local time, or off. The choice is their directory entry's and applies to
    every escalation addressed to them: each of their rows follows it, and every one of
    those escalations is touched (their pages show the choice).
    """
    now = now or timezone.now()
    if mode == SubscriptionMode.DIGEST and digest_at is None:
        raise SubscriptionInvalid("Pick the time the daily digest should arrive.")
    if escalation.executive_id is None:
        raise SubscriptionInvalid("This escalation is not addressed to anyone yet.")
    if time_zone and time_zone not in zoneinfo.available_timezones():
        raise SubscriptionInvalid("Pick a time zone from the list, e.g. Europe/Paris.")
    with transaction.atomic():
        executive = Executive.objects.select_for_update().get(pk=escalation.executive_id)
        executive.mode = mode
        if mode == SubscriptionMode.DIGEST:
            executive.digest_at = digest_at
            executive.time_zone = time_zone or executive.time_zone
        executive.save(update_fields=["mode", "digest_at", "time_zone"])
        escalation.executive = executive
        subscription_for_executive(escalation=escalation)
        rows = Subscription.objects.select_for_update().filter(
            for_executive=True, escalation__executive=executive
        )
        for row in rows:
            _mirror(row, executive, now)
        escalation_touch(pks=[escalation.pk, *executive.escalations.values_list("pk", flat=True)])
    return Subscription.objects.get(escalation=escalation, for_executive=True)


def subscription_executive_follow(*, escalation: Escalation, now: datetime | None = None) -> None:
    """The escalation is addressed to someone (else) now: its executive row, if any, takes
    on that executive's choice. Called inside the write that changed the executive."""
    if escalation.executive is None:
        return
    row = (
        Subscription.objects.select_for_update()
        .filter(escalation=escalation, for_executive=True)
        .first()
    )
    if row is not None:
        _mirror(row, escalation.executive, now or timezone.now())


# --- anyone with a status-page link ---------------------------------------------------------


def subscription_request(
    *,
    escalation: Escalation,
    email: str,
    time_zone: str = "UTC",
    via_link_id: int | None = None,
    now: datetime | None = None,
) -> Subscription | None:
    """Someone with a status-page link asks for updates: email them a confirmation first.

    Nothing is sent to an address that is already subscribed, nor twice within
    ``CONFIRM_RESEND_AFTER``; the caller shows the same answer either way, so the form
    does not reveal who is subscribed. Returns the row (None when nothing was written).
    """
    now = now or timezone.now()
    address = email.strip().lower()
    zone = time_zone if time_zone in zoneinfo.available_timezones() else "UTC"
    with transaction.atomic():
        sub, created = Subscription.objects.select_for_update().get_or_create(
            escalation=escalation,
            email=address,
            for_executive=False,
            defaults={"time_zone": zone, "link_key": new_link_key()},
        )
        if not created and sub.is_active:
            return sub
        recent = OutboxMessage.objects.filter(
            subscription=sub,
            purpose=DispatchPurpose.SUBSCRIBE_CONFIRM,
            send_at__gte=now - CONFIRM_RESEND_AFTER,
        ).exists()
        if recent:
            return sub
        sub.time_zone = zone
        # The link they asked through now owns the subscription (revoking it ends it).
        sub.via_link_id = via_link_id
        sub.save(update_fields=["time_zone", "via_link_id"])
        count = OutboxMessage.objects.filter(
            subscription=sub, purpose=DispatchPurpose.SUBSCRIBE_CONFIRM
        ).count()
        row = OutboxMessage.objects.create(
            escalation=escalation,
            subscription=sub,
            purpose=DispatchPurpose.SUBSCRIBE_CONFIRM,
            dedupe_key=f"subscribe_confirm:sub:{sub.pk}:{count + 1}",
            to_email=address,
            send_at=now,
        )
        kick_if_due(row, now)
    return sub


def subscription_request_from_page(
    *, escalation: Escalation, email: str, time_zone: str, via_link_id: int | None = None
) -> None:
    """The status page's subscribe form (run as a task): ``subscription_request`` within the
    per-mailbox limit (escalations/subscriptions/throttle.py), silently dropped beyond it.
    ``via_link_id`` is the link the reader subscribed through (revoking it ends this)."""
    if not throttle.mailbox_allowed(escalation_id=escalation.pk, email=email):
        logger.info("Subscribe: mailbox limit reached for escalation %s", escalation.pk)
        return
    subscription_request(
        escalation=escalation, email=email, time_zone=time_zone, via_link_id=via_link_id
    )


def subscription_confirm(*, subscription: Subscription, now: datetime | None = None) -> bool:
    """The address is confirmed: every update from now on. Returns False if it already was."""
    now = now or timezone.now()
    with transaction.atomic():
        sub = Subscription.objects.select_for_update().get(pk=subscription.pk)
        if sub.is_active:
            return False
        sub.confirmed_at = now
        sub.unsubscribed_at = None
        sub.mode = SubscriptionMode.EACH
        sub.save(update_fields=["confirmed_at", "unsubscribed_at", "mode"])
    subscription.refresh_from_db()
    return True


def subscription_unsubscribe(*, subscription: Subscription, now: datetime | None = None) -> bool:
    """One click: no more email; what is still queued for them is cancelled.

    Returns False when it was already off. For the executive this is "off" (they can switch
    it back on from their status page).
    """
    now = now or timezone.now()
    if subscription.for_executive and subscription.escalation.executive_id is not None:
        return _executive_unsubscribe(subscription, now)
    with transaction.atomic():
        sub = Subscription.objects.select_for_update().get(pk=subscription.pk)
        OutboxMessage.objects.filter(
            subscription=sub,
            purpose__in=[DispatchPurpose.UPDATE, DispatchPurpose.DIGEST],
            state=DispatchState.PENDING,
        ).update(state=DispatchState.CANCELLED, error="Unsubscribed before this was sent.")
        if sub.unsubscribed_at is not None and sub.mode == SubscriptionMode.OFF:
            return False
        sub.unsubscribed_at = now
        sub.mode = SubscriptionMode.OFF
        sub.save(update_fields=["unsubscribed_at", "mode"])
        if sub.for_executive:
            # The executive's page shows their email choice.
            escalation_touch(pks=[sub.escalation_id])
    subscription.refresh_from_db()
    return True


def _executive_unsubscribe(subscription: Subscription, now: datetime) -> bool:
    """The executive's one click means "no emails", their choice for every escalation
    addressed to them: what is queued for any of their rows is cancelled."""
    escalation = subscription.escalation
    with transaction.atomic():
        executive = Executive.objects.select_for_update().get(escalations=escalation)
        OutboxMessage.objects.filter(
            subscription__for_executive=True,
            subscription__escalation__executive=executive,
            purpose__in=[DispatchPurpose.UPDATE, DispatchPurpose.DIGEST],
            state=DispatchState.PENDING,
        ).update(state=DispatchState.CANCELLED, error="Unsubscribed before this was sent.")
        if executive.mode == SubscriptionMode.OFF:
            return False
        subscription_executive_set(escalation=escalation, mode=SubscriptionMode.OFF, now=now)
    subscription.refresh_from_db()
    return True


def subscriptions_end_for_link(*, link_id: int, now: datetime | None = None) -> int:
    """A revoked link takes its readers with it: every subscription made through it stops,
    and what is still queued for them is cancelled. Returns how many were active."""
    now = now or timezone.now()
    ended = 0
    for sub in Subscription.objects.filter(via_link_id=link_id, unsubscribed_at__isnull=True):
        ended += int(subscription_unsubscribe(subscription=sub, now=now))
    return ended


def subscription_remove(
    *, escalation: Escalation, pk: int, now: datetime | None = None
) -> Subscription | None:
    """The author takes a reader off the list (never the executive, who chooses on their own
    page). Returns the row, or None when there is no such reader on this escalation."""
    sub = Subscription.objects.filter(escalation=escalation, pk=pk, for_executive=False).first()
    if sub is None:
        return None
    subscription_unsubscribe(subscription=sub, now=now)
    return sub


# --- the daily digest ----------------------------------------------------------------------


@dataclass
class DigestScan:
    considered: int = 0
    written: int = 0


def _digest_instant(sub: Subscription, now: datetime) -> tuple[datetime, str] | None:
    """Today's digest time in the subscriber's zone, if it has come (and the local date)."""
    if sub.digest_at is None:
        return None
    tz = zone_or_utc(sub.time_zone)
    today = now.astimezone(tz).date()
    at = datetime.combine(today, sub.digest_at, tzinfo=tz)
    if now < at:
        return None
    return at, today.isoformat()


def digests_scan(*, now: datetime) -> DigestScan:
    """Beat tick: write today's digest row for every digest subscriber whose time has come
    and who has updates since the last one (one per subscriber per local day, by key)."""
    result = DigestScan()
    # Only subscribers with news since their last digest (an index probe per subscriber on
    # ``update_esc_created_idx``): on most ticks that is nobody, not 10,000 rows to load.
    news = Update.objects.filter(
        escalation=OuterRef("escalation"),
        created_at__gt=Coalesce(OuterRef("digest_covered_until"), OuterRef("created_at")),
    )
    subs = (
        Subscription.objects.filter(
            mode=SubscriptionMode.DIGEST,
            confirmed_at__isnull=False,
            unsubscribed_at__isnull=True,
        )
        .filter(Exists(news))
        # An executive whose directory entry chose the digest gets one digest of their whole
        # desk instead (escalations/outbox/desk_digest.py), not one per escalation; "off"
        # means none.
        .exclude(
            for_executive=True,
            escalation__executive__mode__in=[SubscriptionMode.DIGEST, SubscriptionMode.OFF],
        )
        .select_related("escalation")
    )
    due: list[tuple[Subscription, datetime, str]] = []
    for sub in subs:
        result.considered += 1
        instant = _digest_instant(sub, now)
        if instant is not None:
            due.append((sub, *instant))
    # Two queries for the whole tick, not two per subscriber: which of today's digest rows
    # exist already, and when each escalation's updates since the oldest cover were posted.
    keys = {sub.pk: f"digest:sub:{sub.pk}:{day}" for sub, _until, day in due}
    written = set(
        OutboxMessage.objects.filter(dedupe_key__in=keys.values()).values_list(
            "dedupe_key", flat=True
        )
    )
    oldest = min((sub.digest_covered_until or sub.created_at for sub, _u, _d in due), default=now)
    posted: dict[int, list[datetime]] = {}
    for escalation_id, created_at in Update.objects.filter(
        escalation_id__in={sub.escalation_id for sub, _u, _d in due}, created_at__gt=oldest
    ).values_list("escalation_id", "created_at"):
        posted.setdefault(escalation_id, []).append(created_at)
    for sub, until, _day in due:
        key = keys[sub.pk]
        since = sub.digest_covered_until or sub.created_at
        if key in written:
            continue
        if not any(since < at <= until for at in posted.get(sub.escalation_id, [])):
            continue
        address = sub.address()
        if not address:
            continue
        try:
            with transaction.atomic():
                row = OutboxMessage.objects.create(
                    escalation=sub.escalation,
                    subscription=sub,
                    purpose=DispatchPurpose.DIGEST,
                    dedupe_key=key,
                    to_email=address,
                    covers_from=since,
                    covers_until=until,
                    send_at=now,
                )
                Subscription.objects.filter(pk=sub.pk).update(digest_covered_until=until)
                # The link the digest carries: the executive's own, or the channel's.
                if sub.for_executive:
                    links.executive_link_owed(sub.escalation)
                else:
                    links.channel_link_owed(sub.escalation)
                kick_if_due(row, now)
        except IntegrityError:
            continue
        result.written += 1
    return result


# --- chat ----------------------------------------------------------------------------------


SLACK_HOSTS = ("hooks.slack.com",)


def chat_format_for(url: str) -> str:
    """Slack's own host means Slack's format; any other HTTPS endpoint gets the Teams card
    (Teams incoming webhooks and Power Automate flows live on many hosts)."""
    host = (urlsplit(url).hostname or "").lower()
    return ChatFormat.SLACK if host in SLACK_HOSTS else ChatFormat.TEAMS


def chat_webhook_set(*, escalation: Escalation, url: str, fmt: str, by: User) -> ChatWebhook:
    """Post every update of this escalation to ``url`` (replaces any earlier one)."""
    with transaction.atomic():
        hook, _ = ChatWebhook.objects.update_or_create(
            escalation=escalation,
            defaults={"url": url.strip(), "format": fmt, "created_by": by},
        )
    return hook


def chat_webhook_remove(*, escalation: Escalation) -> None:
    """Stop posting to chat; posts still queued are cancelled."""
    with transaction.atomic():
        ChatWebhook.objects.filter(escalation=escalation).delete()
        OutboxMessage.objects.filter(
            escalation=escalation,
            purpose=DispatchPurpose.CHAT_UPDATE,
            state=DispatchState.PENDING,
        ).update(state=DispatchState.CANCELLED, error="The chat webhook was removed.")
