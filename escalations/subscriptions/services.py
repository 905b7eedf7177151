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
from django.db import transaction
from django.db.models import Case, DateTimeField, Exists, OuterRef, Q, QuerySet, Value, When
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

# At most this many digests are owed a tick, the earliest digest time first; the rest are
# owed by the next ticks, one tick (``UPWARD_TICK_SECONDS``, 20 s) apart: 10,000 readers
# taking their digest at the same minute get it within ten ticks, about three minutes.
# Keeps every tick under half a second (2,000 a tick took 0.6-0.7 s on the shared
# machine; docs/performance.md, "The beat ticks").
DIGESTS_PER_TICK = 1000


@dataclass
class DigestScan:
    considered: int = 0
    written: int = 0


def _digest_instant(zone: str, at: time | None, now: datetime) -> tuple[datetime, str] | None:
    """Today's digest time in the zone, if it has come (and the local date)."""
    if at is None:
        return None
    tz = zone_or_utc(zone)
    today = now.astimezone(tz).date()
    instant = datetime.combine(today, at, tzinfo=tz)
    if now < instant:
        return None
    return instant, today.isoformat()


DigestTimes = dict[tuple[str, time], tuple[datetime, str]]


def digest_active() -> QuerySet[Subscription]:
    """Every confirmed reader on the daily digest."""
    return Subscription.objects.filter(
        mode=SubscriptionMode.DIGEST,
        confirmed_at__isnull=False,
        unsubscribed_at__isnull=True,
    )


def digest_times_due(now: datetime) -> DigestTimes:
    """The (zone, digest time) pairs readers chose whose time has come today, each with
    today's instant and local date. Readers choose among few zones and hours: one small
    query, the rest in Python (``_digest_instant``, so DST and unknown zones read the same)."""
    due: DigestTimes = {}
    for zone, at in digest_active().order_by().values_list("time_zone", "digest_at").distinct():
        if at is None:
            continue
        instant = _digest_instant(zone, at, now)
        if instant is not None:
            due[(zone, at)] = instant
    return due


def digests_owed(
    due: DigestTimes, *, for_executive: bool, limit: int = DIGESTS_PER_TICK
) -> QuerySet[Subscription]:
    """The readers (or the executive's rows) owed today's digest, at most ``limit``, the
    earliest digest time first: their (zone, time) in ``due``, not yet covered up to that
    instant, with news since their last digest and up to it (an index probe each)."""
    instant_of = Case(
        *[When(time_zone=z, digest_at=t, then=Value(i)) for (z, t), (i, _day) in due.items()],
        output_field=DateTimeField(),
    )
    news = Update.objects.filter(
        escalation=OuterRef("escalation"),
        created_at__gt=OuterRef("since"),
        created_at__lte=OuterRef("instant"),
    )
    # Each pair said on its own, rather than through the CASE above, so PostgreSQL can
    # estimate from its statistics how many readers match, and probes the updates' index
    # for each rather than reading every update.
    come = Q()
    for (z, t), (i, _day) in due.items():
        come |= Q(time_zone=z, digest_at=t) & (
            Q(digest_covered_until__lt=i) | Q(digest_covered_until__isnull=True, created_at__lt=i)
        )
    owed = digest_active().filter(come, for_executive=for_executive)
    if for_executive:
        # An executive whose directory entry chose the digest gets one digest of their
        # whole desk instead (escalations/outbox/desk_digest.py), not one per escalation;
        # "off" means none. (Asked in a query of its own: joining every reader's escalation
        # cost a burst of 10,000 about 50 ms.)
        owed = owed.exclude(
            escalation__executive__mode__in=[SubscriptionMode.DIGEST, SubscriptionMode.OFF]
        )
    return (
        owed.annotate(instant=instant_of, since=Coalesce("digest_covered_until", "created_at"))
        .filter(Exists(news))
        .order_by("instant", "pk")[:limit]
    )


def digests_scan(*, now: datetime, limit: int = DIGESTS_PER_TICK) -> DigestScan:
    """Beat tick: write today's digest row for every digest subscriber whose time has come
    and who has updates since the last one and up to that time (one per subscriber per
    local day, by key), at most ``limit``, the earliest digest time first.

    Before anyone's hour the tick reads only the (zone, hour) pairs in use; once a reader
    has today's digest, nothing of theirs."""
    result = DigestScan()
    due = digest_times_due(now)
    if not due:
        return result
    fields = ("pk", "escalation_id", "for_executive", "email", "time_zone", "digest_at", "since")
    owed = sorted(
        [
            *digests_owed(due, for_executive=False, limit=limit).values_list(*fields),
            *digests_owed(due, for_executive=True, limit=limit).values_list(*fields),
        ],
        key=lambda row: (due[(row[4], row[5])][0], row[0]),
    )[:limit]
    result.considered = len(owed)
    rows: list[OutboxMessage] = []
    covered: dict[datetime, list[int]] = {}
    # The executive's digest goes where their emails go (``executive_address``): one query
    # for the few escalations whose executive is owed one.
    executives = Escalation.objects.select_related("executive").in_bulk(
        {row[1] for row in owed if row[2]}
    )
    for pk, escalation_id, for_executive, email, zone, at, since in owed:
        instant, day = due[(zone, at)]
        address = executives[escalation_id].executive_address if for_executive else email
        if not address:
            continue
        rows.append(
            OutboxMessage(
                escalation_id=escalation_id,
                subscription_id=pk,
                purpose=DispatchPurpose.DIGEST,
                dedupe_key=f"digest:sub:{pk}:{day}",
                to_email=address,
                covers_from=since,
                covers_until=instant,
                send_at=now,
            )
        )
        covered.setdefault(instant, []).append(pk)
    if not rows:
        return result
    # Today's digest already written (say the reader moved their hour later today): not
    # again, and their cover stays where that digest left it.
    written = set(
        OutboxMessage.objects.filter(dedupe_key__in=[r.dedupe_key for r in rows]).values_list(
            "dedupe_key", flat=True
        )
    )
    if written:
        kept = {r.subscription_id for r in rows if r.dedupe_key not in written}
        rows = [r for r in rows if r.subscription_id in kept]
        covered = {i: [pk for pk in pks if pk in kept] for i, pks in covered.items()}
    with transaction.atomic():
        # Two ticks at once write each row once (the key is unique) and the same covers.
        # The link each digest carries is minted when a worker claims it (``Kind.mints_link``),
        # once per escalation and batch, not here for each reader.
        OutboxMessage.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
        for instant, pks in covered.items():
            if pks:
                Subscription.objects.filter(pk__in=pks).update(digest_covered_until=instant)
    # Handed to the workers by the tick (``escalations.tick_digest``), all at once.
    result.written = len(rows)
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
