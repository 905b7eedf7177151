"""Delivery: hand due outbox rows to the broker, then claim, render and send each one.

Row states: ``pending`` → ``sending`` → ``sent`` | ``failed`` | ``cancelled`` (with the
reason in ``error``). ``handed_over_at`` is when a pending row was last given to the broker;
``sending_since`` is when a worker claimed it.

DELIVERY IS AT-MOST-ONCE. The only way into ``sending`` is
``filter(pk=…, state=pending).update(state=sending) == 1``, so however many ticks, workers
or duplicate broker messages race for a row, exactly one send is attempted. If the worker
dies between that claim and recording the result, we cannot know whether the SMTP server
accepted the message; the row stays in ``sending`` and after ``STUCK_AFTER`` becomes
``failed`` with ``outcome_unknown`` set — it is never re-sent blindly. A duplicate pre-read
or a second "no update on X" to a CTO costs more trust than an email someone has to resend
by hand after looking; the author can do that with one click for a failed pre-read, and is
told first when the first copy may have arrived.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from escalations.meetings import emails
from escalations.models import (
    AskStatus,
    ChatWebhook,
    DispatchPurpose,
    DispatchState,
    EmailDispatch,
    State,
    SubscriptionMode,
    UpdateKind,
)
from escalations.selectors import preread_carries_escalation
from escalations.subscriptions import chat

logger = logging.getLogger(__name__)


STUCK_AFTER = timedelta(minutes=10)
# A pending row handed to the broker but still pending this long later was lost on the way
# (broker restart, publish failure): hand it over again. The send task's conditional claim
# makes the duplicate message harmless.
REQUEUE_AFTER = timedelta(minutes=2)
TICK_BATCH = 1000
# Rows per broker message: a backlog of 1,000 is 50 messages, not 1,000 (publishing is the
# slow part of a tick); each row is still claimed and sent on its own.
HAND_OVER_CHUNK = 20


# --- the tick: hand due rows to the broker -----------------------------------------------


def dispatches_due(now: datetime) -> Q:
    return Q(state=DispatchState.PENDING, send_at__lte=now) & (
        Q(handed_over_at__isnull=True) | Q(handed_over_at__lt=now - REQUEUE_AFTER)
    )


def dispatches_queue_due(
    *,
    now: datetime,
    enqueue: Callable[[list[int]], object],
    limit: int = TICK_BATCH,
    chunk: int = HAND_OVER_CHUNK,
) -> list[int]:
    """Hand due pending rows to the broker, in chunks, each row once per ``REQUEUE_AFTER``.

    ``SELECT … FOR UPDATE SKIP LOCKED`` lets two ticks run at once without handing over the
    same rows. A chunk whose publish fails goes back to "not handed over", so the next tick
    retries it: nothing is lost while Redis is down. Returns the ids handed over.
    """
    with transaction.atomic():
        ids = list(
            EmailDispatch.objects.select_for_update(skip_locked=True)
            .filter(dispatches_due(now))
            .order_by("send_at")
            .values_list("pk", flat=True)[:limit]
        )
        if ids:
            EmailDispatch.objects.filter(pk__in=ids, state=DispatchState.PENDING).update(
                handed_over_at=now
            )
    handed: list[int] = []
    unpublished: list[int] = []
    for start in range(0, len(ids), chunk):
        batch = ids[start : start + chunk]
        try:
            enqueue(batch)
        except Exception:
            logger.warning("Could not hand dispatches %s to the broker; next tick retries", batch)
            unpublished.extend(batch)
        else:
            handed.extend(batch)
    if unpublished:
        EmailDispatch.objects.filter(
            pk__in=unpublished, state=DispatchState.PENDING, handed_over_at=now
        ).update(handed_over_at=None)
    return handed


# --- the task: claim one row, render, send -----------------------------------------------


def dispatch_send(*, pk: int, now: datetime | None = None) -> str:
    """Claim one due row and send it. AT-MOST-ONCE (see the module docstring).

    Returns the row's final state, or "skipped" when another worker had it (or it is no
    longer due: rescheduled or cancelled since it was handed over).
    """

    now = now or timezone.now()
    claimed = EmailDispatch.objects.filter(
        pk=pk, state=DispatchState.PENDING, send_at__lte=now
    ).update(state=DispatchState.SENDING, sending_since=now)
    if claimed != 1:
        return "skipped"
    row = EmailDispatch.objects.select_related(
        "escalation",
        "escalation__owner",
        "meeting",
        "ask",
        "ask_decision",
        "subscription",
        "update",
    ).get(pk=pk)
    # The executive's address may have been corrected since the row was written: their
    # emails go to the address on the escalation now, and the log says where it went.
    current = row.escalation.executive_email
    to_executive = row.purpose in EXECUTIVE_PURPOSES or (
        row.subscription is not None and row.subscription.for_executive
    )
    if to_executive and current and row.to_email != current:
        row.to_email = current
        EmailDispatch.objects.filter(pk=row.pk).update(to_email=current)
    reason = _no_longer_needed(row, now)
    if reason:
        _finish(row, DispatchState.CANCELLED, error=reason)
        logger.info("Dispatch %s (%s) not sent: %s", pk, row.purpose, reason)
        return DispatchState.CANCELLED
    if row.purpose == DispatchPurpose.CHAT_UPDATE:
        return _chat_send(row, now)
    try:
        message = emails.build(row, now=now)
    except Exception as exc:
        logger.exception("Dispatch %s (%s) could not be rendered", pk, row.purpose)
        _finish(row, DispatchState.FAILED, error=f"Could not render the email: {exc!r}")
        return DispatchState.FAILED
    try:
        message.send()
    except Exception as exc:
        logger.exception("Dispatch %s (%s) to %s failed", pk, row.purpose, row.to_email)
        _finish(
            row,
            DispatchState.FAILED,
            error=f"Sending failed: {exc!r}",
            subject=str(message.subject),
        )
        return DispatchState.FAILED
    _finish(row, DispatchState.SENT, subject=str(message.subject), sent_at=timezone.now())
    logger.info("Dispatch %s (%s) sent to %s", pk, row.purpose, row.to_email)
    return DispatchState.SENT


# Chat posts are retried on 5xx, 429 and network failures, with a growing pause, at most
# CHAT_MAX_ATTEMPTS times in all; a 4xx fails at once (the URL or card is wrong).
CHAT_MAX_ATTEMPTS = 5
CHAT_BACKOFF = timedelta(seconds=30)


def chat_backoff(attempt: int) -> timedelta:
    """30 s, 1 min, 2 min, 4 min after attempts 1, 2, 3, 4."""
    return CHAT_BACKOFF * (2 ** (attempt - 1))


def _chat_send(row: EmailDispatch, now: datetime) -> str:
    """POST the card. The URL is never logged, nor written to the row."""
    hook = ChatWebhook.objects.filter(escalation_id=row.escalation_id).first()
    if hook is None or row.update is None:
        _finish(row, DispatchState.CANCELLED, error="The chat webhook was removed.")
        return DispatchState.CANCELLED
    tz = emails.author_zone(row.escalation)
    try:
        body = chat.payload_for(hook, row.escalation, row.update, tz)
    except Exception as exc:
        logger.exception("Chat dispatch %s could not be rendered", row.pk)
        _finish(row, DispatchState.FAILED, error=f"Could not render the card: {exc!r}")
        return DispatchState.FAILED
    result = chat.post(hook.url, body)
    attempt = row.attempts + 1
    subject = f"Chat: {row.escalation.title}"
    if result.ok:
        EmailDispatch.objects.filter(pk=row.pk, sending_since=row.sending_since).update(
            attempts=attempt
        )
        _finish(row, DispatchState.SENT, subject=subject, sent_at=timezone.now())
        logger.info("Chat dispatch %s posted (attempt %s)", row.pk, attempt)
        return DispatchState.SENT
    error = f"Attempt {attempt}: {result.error}"
    if result.retry and attempt < CHAT_MAX_ATTEMPTS:
        retry_at = now + chat_backoff(attempt)
        EmailDispatch.objects.filter(
            pk=row.pk, state=DispatchState.SENDING, sending_since=row.sending_since
        ).update(
            state=DispatchState.PENDING,
            attempts=attempt,
            send_at=retry_at,
            handed_over_at=None,
            sending_since=None,
            error=f"{error} Trying again at {retry_at:%H:%M:%S} UTC.",
        )
        logger.warning("Chat dispatch %s: %s; retrying", row.pk, result.error)
        return DispatchState.PENDING
    EmailDispatch.objects.filter(pk=row.pk, sending_since=row.sending_since).update(
        attempts=attempt
    )
    _finish(row, DispatchState.FAILED, error=error, subject=subject)
    logger.warning("Chat dispatch %s failed: %s", row.pk, result.error)
    return DispatchState.FAILED


def _finish(
    row: EmailDispatch,
    state: str,
    *,
    error: str = "",
    subject: str = "",
    sent_at: datetime | None = None,
) -> None:
    fields: dict[str, object] = {"state": state}
    if error:
        fields["error"] = error[:4000]
    if subject:
        fields["subject"] = subject[:300]
    if sent_at:
        fields["sent_at"] = sent_at
    # Only the claimant finishes the row: a reaper that already failed it wins.
    EmailDispatch.objects.filter(
        pk=row.pk, state=DispatchState.SENDING, sending_since=row.sending_since
    ).update(**fields)


EXECUTIVE_PURPOSES = frozenset(
    {
        DispatchPurpose.PREREAD,
        DispatchPurpose.MEETING_MOVED,
        DispatchPurpose.MEETING_CANCELLED,
        DispatchPurpose.FOLLOWUP,
        DispatchPurpose.EXECUTIVE_NOTICE,
    }
)


def _no_longer_needed(row: EmailDispatch, now: datetime) -> str:
    """Why a row that was due is pointless now (e.g. the update was posted meanwhile)."""
    e = row.escalation
    if not row.to_email and row.purpose != DispatchPurpose.CHAT_UPDATE:
        return "No recipient address."
    sub = row.subscription
    if sub is not None and row.purpose in (DispatchPurpose.UPDATE, DispatchPurpose.DIGEST):
        if not sub.is_active:
            return "Unsubscribed (or switched off) before this was sent."
        if row.purpose == DispatchPurpose.UPDATE and sub.mode != SubscriptionMode.EACH:
            return "Switched to the daily digest before this was sent."
    if (
        sub is not None
        and sub.for_executive
        and row.update is not None
        and row.update.kind == UpdateKind.ESCALATED
        and preread_carries_escalation(escalation_id=e.pk, now=now)
    ):
        return "The pre-read carries the news: the executive gets one message, not two."
    if sub is not None and row.purpose == DispatchPurpose.SUBSCRIBE_CONFIRM and sub.is_active:
        return "The address was already confirmed."
    if row.purpose in EXECUTIVE_PURPOSES and e.state == State.DRAFT:
        # Never email the executive an unfinished draft.
        return "The escalation is still a draft."
    meeting = row.meeting
    if row.purpose == DispatchPurpose.PREREAD and meeting is not None:
        if meeting.is_cancelled:
            return "The 1:1 was cancelled."
        if now >= meeting.starts_at + timedelta(minutes=meeting.duration_minutes):
            return "The 1:1 was already over; a pre-read now would only confuse."
    if row.purpose == DispatchPurpose.HEADS_UP and (
        not e.is_open
        or row.window_due_at is None
        or e.next_update_due_at != row.window_due_at
        or now >= row.window_due_at
    ):
        return "The update was posted (or the due time passed) before the heads-up went out."
    if row.purpose in (DispatchPurpose.STALE_REMINDER, DispatchPurpose.EXECUTIVE_NOTICE) and (
        not e.is_stale(now)
    ):
        return "An update was posted before this notice went out."
    if row.purpose == DispatchPurpose.ASK_OVERDUE and (
        row.ask is None
        or row.ask.status != AskStatus.OPEN
        or row.ask.decide_by != row.window_due_at
        or not e.is_open
    ):
        return "The ask was answered (or its deadline moved) before this reminder went out."
    return ""


def dispatches_fail_stuck(*, now: datetime) -> list[int]:
    """Rows stuck in ``sending`` longer than ``STUCK_AFTER`` become ``failed``.

    We cannot tell whether the SMTP server accepted them, so they are reported (log + admin +
    the escalation page), never re-sent blindly.
    """
    cutoff = now - STUCK_AFTER
    stuck = list(
        EmailDispatch.objects.filter(state=DispatchState.SENDING, sending_since__lt=cutoff).values(
            "pk", "sending_since", "purpose", "to_email"
        )
    )
    failed = []
    for row in stuck:
        done = EmailDispatch.objects.filter(
            pk=row["pk"], state=DispatchState.SENDING, sending_since=row["sending_since"]
        ).update(
            state=DispatchState.FAILED,
            outcome_unknown=True,
            error=(
                f"Stuck in sending since {row['sending_since']:%Y-%m-%d %H:%M:%S} UTC: the worker "
                "stopped before recording the result. It may or may not have been delivered, "
                "so it was not sent again — check with the recipient and resend by hand."
            ),
        )
        if done:
            failed.append(row["pk"])
            logger.error(
                "Dispatch %s (%s to %s) stuck in sending since %s; marked failed, not re-sent",
                row["pk"],
                row["purpose"],
                row["to_email"],
                row["sending_since"],
            )
    return failed
