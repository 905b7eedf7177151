"""The one delivery engine: hand due outbox rows to the broker, then claim, render and send
each one. What each message says, and whether it is still owed, is its own module's
(``KINDS`` below gathers them); the chat post's card and HTTP call are ``chat``'s.

Row states: ``pending`` → ``sending`` → ``sent`` | ``failed`` | ``cancelled`` (with the
reason in ``error``). ``handed_over_at`` is when a pending row was last given to the broker;
``sending_since`` is when a worker claimed it.

DELIVERY IS AT-MOST-ONCE. A send task gets a batch of row ids; the only way into
``sending`` is one conditional claim per batch (``SELECT … FOR UPDATE SKIP LOCKED`` of the
rows still pending, then ``UPDATE … SET state=sending`` in the same transaction), so however
many ticks, workers or duplicate broker messages race for a row, exactly one send is
attempted. The batch's emails then go over one SMTP connection, and each row's outcome is
recorded. If the worker dies between the claim and recording the results, we cannot know
which of that batch's messages the SMTP server accepted; those rows stay in ``sending`` and
after ``STUCK_AFTER`` become ``failed`` with ``outcome_unknown`` set — never re-sent
blindly, and no other batch is touched. A duplicate pre-read
or a second "no update on X" to a CTO costs more trust than an email someone has to resend
by hand after looking; the author can do that with one click for a failed pre-read, and is
told first when the first copy may have arrived.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from escalations.desk.links import desk_url
from escalations.models import (
    ChatWebhook,
    DispatchPurpose,
    DispatchState,
    Escalation,
    Executive,
    OutboxMessage,
    State,
    Update,
)
from escalations.outbox import (
    action_overdue,
    chat,
    confirmation,
    decision,
    desk_digest,
    digest,
    followup,
    heads_up,
    links,
    mail,
    preread,
    preventive_overdue,
    rca_reminder,
    reminder,
    update,
)

logger = logging.getLogger(__name__)

# Every email purpose, and the module that says how it is built and whether it is still owed.
KINDS: dict[str, mail.Kind] = {
    **preread.KINDS,
    **followup.KINDS,
    **heads_up.KINDS,
    **reminder.KINDS,
    **update.KINDS,
    **digest.KINDS,
    **desk_digest.KINDS,
    **decision.KINDS,
    **confirmation.KINDS,
    **rca_reminder.KINDS,
    **preventive_overdue.KINDS,
    **action_overdue.KINDS,
}


STUCK_AFTER = timedelta(minutes=10)
# A pending row handed to the broker but still pending this long later was lost on the way
# (broker restart, publish failure): hand it over again. The send task's conditional claim
# makes the duplicate message harmless.
REQUEUE_AFTER = timedelta(minutes=2)
TICK_BATCH = 1000
# Rows per broker message, and so per claim and per SMTP connection: 10,000 readers of one
# update are 100 messages, each sent over one connection.
HAND_OVER_CHUNK = 100
# Chat posts wait on someone else's web server: a few per message, on their own queue.
CHAT_CHUNK = 5

Enqueue = Callable[[list[int]], object]


# --- handing rows to the broker (the tick, and the fan-out as it writes rows) -------------


def dispatches_due(now: datetime) -> Q:
    return Q(state=DispatchState.PENDING, send_at__lte=now) & (
        Q(handed_over_at__isnull=True) | Q(handed_over_at__lt=now - REQUEUE_AFTER)
    )


def dispatches_queue_due(
    *,
    now: datetime,
    enqueue: Enqueue,
    enqueue_chat: Enqueue | None = None,
    limit: int = TICK_BATCH,
    chunk: int = HAND_OVER_CHUNK,
) -> list[int]:
    """Write the rows of updates still owed to their readers (up to ``limit``), then hand
    due pending rows to the broker, in chunks, each row once per ``REQUEUE_AFTER``.

    ``SELECT … FOR UPDATE SKIP LOCKED`` lets two ticks run at once without handing over the
    same rows. A chunk whose publish fails goes back to "not handed over", so the next tick
    retries it: nothing is lost while Redis is down. Chat posts go to ``enqueue_chat`` (their
    own queue) when given. Returns the ids handed over.
    """
    handed: list[int] = []
    for update_id in update.updates_fan_out_owed():
        if len(handed) >= limit:
            break
        handed += update_fan_out(
            update_id=update_id,
            now=now,
            enqueue=enqueue,
            enqueue_chat=enqueue_chat,
            limit=limit - len(handed),
            chunk=chunk,
        )
    with transaction.atomic():
        due = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(dispatches_due(now))
            .order_by("send_at")
            .values_list("pk", "purpose")[:limit]
        )
        if due:
            OutboxMessage.objects.filter(
                pk__in=[pk for pk, _ in due], state=DispatchState.PENDING
            ).update(handed_over_at=now)
    return handed + _publish(due, now=now, enqueue=enqueue, enqueue_chat=enqueue_chat, chunk=chunk)


def update_fan_out(
    *,
    update_id: int,
    now: datetime,
    enqueue: Enqueue,
    enqueue_chat: Enqueue | None = None,
    limit: int | None = None,
    chunk: int = HAND_OVER_CHUNK,
    wait: bool = False,
) -> list[int]:
    """Write an owed update's rows batch by batch, handing each batch to the broker as soon
    as it commits (the first readers' emails leave while later rows are being written).
    Returns the ids handed over.

    The fan-out task ``wait``s when a tick holds the update for a batch: giving up would
    leave the rest to the ticks, at most ``TICK_BATCH`` rows each (10,000 readers: ten
    ticks, minutes with the default tick). A tick never waits: it hands over due rows."""
    handed: list[int] = []
    while limit is None or len(handed) < limit:
        batch = update.update_fan_out_batch(update_id=update_id, now=now, wait=wait)
        if batch is None:
            break
        rows, done = batch
        # A held row (the executive's "escalated" note) waits for the tick at its time.
        pairs = [(r.pk, r.purpose) for r in rows if r.pk is not None and r.send_at <= now]
        handed += _publish(pairs, now=now, enqueue=enqueue, enqueue_chat=enqueue_chat, chunk=chunk)
        if done:
            break
    return handed


def _publish(
    rows: list[tuple[int, str]],
    *,
    now: datetime,
    enqueue: Enqueue,
    enqueue_chat: Enqueue | None,
    chunk: int,
) -> list[int]:
    """Publish rows already marked ``handed_over_at=now``; a chunk that fails to publish is
    unmarked, so the next tick hands it over again."""
    chat_ids = [pk for pk, purpose in rows if purpose == DispatchPurpose.CHAT_UPDATE]
    email_ids = [pk for pk, purpose in rows if purpose != DispatchPurpose.CHAT_UPDATE]
    handed: list[int] = []
    unpublished: list[int] = []
    for ids, publish, size in (
        (email_ids, enqueue, chunk),
        (chat_ids, enqueue_chat or enqueue, CHAT_CHUNK),
    ):
        for start in range(0, len(ids), size):
            batch = ids[start : start + size]
            try:
                publish(batch)
            except Exception:
                logger.warning("Could not hand rows %s to the broker; next tick retries", batch)
                unpublished.extend(batch)
            else:
                handed.extend(batch)
    if unpublished:
        OutboxMessage.objects.filter(
            pk__in=unpublished, state=DispatchState.PENDING, handed_over_at=now
        ).update(handed_over_at=None)
    return handed


# --- the task: claim a batch, render, send over one connection ---------------------------


def dispatch_send(*, pk: int, now: datetime | None = None) -> str:
    """Claim one due row and send it (``dispatches_send`` for one row)."""
    return dispatches_send(pks=[pk], now=now)[pk]


def dispatches_send(*, pks: list[int], now: datetime | None = None) -> dict[int, str]:
    """Claim the due rows among ``pks`` at once and send their emails over one SMTP
    connection. AT-MOST-ONCE (see the module docstring).

    Returns each row's final state, or "skipped" when another worker had it (or it is no
    longer due: rescheduled or cancelled since it was handed over). One message failing
    (refused, or the connection dropped) fails that row only; the rest are sent.
    """
    now = now or timezone.now()
    results = dict.fromkeys(pks, "skipped")
    with transaction.atomic():
        claimed = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk__in=pks, state=DispatchState.PENDING, send_at__lte=now)
            .values_list("pk", flat=True)
        )
        if not claimed:
            return results
        OutboxMessage.objects.filter(pk__in=claimed).update(
            state=DispatchState.SENDING, sending_since=now
        )
    rows = _load(claimed)
    by_kind: dict[str, list[OutboxMessage]] = {}
    for row in rows:
        kind = KINDS.get(row.purpose)
        _follow_the_executives_address(row, kind)
        reason = _no_longer_needed(row, kind, now)
        if reason:
            _finish(row, DispatchState.CANCELLED, error=reason)
            logger.info("Dispatch %s (%s) not sent: %s", row.pk, row.purpose, reason)
            results[row.pk] = DispatchState.CANCELLED
        elif row.purpose == DispatchPurpose.CHAT_UPDATE:
            results[row.pk] = _chat_send(row, now)
        else:
            by_kind.setdefault(row.purpose, []).append(row)
    # Links owed in bulk by a tick, minted once per escalation and batch: the executive's
    # for their messages, the channel's for other readers'.
    minted: set[tuple[int, bool]] = set()
    for purpose, mine in by_kind.items():
        for row in mine:
            if not KINDS[purpose].mints_link:
                continue
            for_executive = KINDS[purpose].to_executive or (
                row.subscription is not None and row.subscription.for_executive
            )
            if (row.escalation_id, for_executive) not in minted:
                if for_executive:
                    links.executive_link_owed(row.escalation)
                else:
                    links.channel_link_owed(row.escalation)
                minted.add((row.escalation_id, for_executive))
    outbox: list[tuple[OutboxMessage, EmailMultiAlternatives]] = []
    for purpose, mine in by_kind.items():
        for row, built in zip(mine, _build(KINDS[purpose], mine, now), strict=True):
            if isinstance(built, Exception):
                logger.error("Dispatch %s (%s) could not be rendered: %r", row.pk, purpose, built)
                _finish(row, DispatchState.FAILED, error=f"Could not render the email: {built!r}")
                results[row.pk] = DispatchState.FAILED
            else:
                outbox.append((row, built))
    sent: list[tuple[OutboxMessage, str]] = []
    for row, message, error in _send_over_one_connection(outbox):
        subject = str(message.subject)
        if error is None:
            sent.append((row, subject))
            results[row.pk] = DispatchState.SENT
        else:
            logger.error(
                "Dispatch %s (%s) to %s failed: %r", row.pk, row.purpose, row.to_email, error
            )
            _finish(row, DispatchState.FAILED, error=f"Sending failed: {error!r}", subject=subject)
            results[row.pk] = DispatchState.FAILED
    _finish_sent(sent, claimed_at=now)
    return results


def _load(pks: list[int]) -> list[OutboxMessage]:
    """The claimed rows with what they refer to; the escalation and the update are loaded
    once and shared by every row of the batch (an update's 100 readers share one)."""
    rows = list(
        OutboxMessage.objects.select_related(
            "meeting", "ask", "ask_decision", "subscription", "executive"
        )
        .filter(pk__in=pks)
        .order_by("pk")
    )
    escalations = Escalation.objects.select_related("owner", "executive").in_bulk(
        {r.escalation_id for r in rows}
    )
    updates = Update.objects.in_bulk({r.update_id for r in rows if r.update_id is not None})
    for row in rows:
        row.escalation = escalations[row.escalation_id]
        if row.subscription is not None and row.subscription.escalation_id == row.escalation_id:
            row.subscription.escalation = row.escalation
        if row.update_id is not None:
            row.update = updates[row.update_id]
    return rows


def _follow_the_executives_address(row: OutboxMessage, kind: mail.Kind | None) -> None:
    """The executive's address may have been corrected since the row was written: their
    emails go to their directory entry's address now, and the log says where it went."""
    # The executive's digest goes to its own directory entry's address.
    current = row.executive.email if row.executive is not None else row.escalation.executive_address
    to_executive = (kind is not None and kind.to_executive) or (
        row.subscription is not None and row.subscription.for_executive
    )
    if to_executive and current and row.to_email != current:
        row.to_email = current
        OutboxMessage.objects.filter(pk=row.pk).update(to_email=current)


def _build(
    kind: mail.Kind, rows: list[OutboxMessage], now: datetime
) -> list[EmailMultiAlternatives | Exception]:
    if kind.build_many is not None:
        rendered = kind.build_many(rows, now)
    else:
        rendered = []
        for row in rows:
            try:
                rendered.append(kind.build(row, now))
            except Exception as exc:
                rendered.append(exc)
    out: list[EmailMultiAlternatives | Exception] = []
    for row, r, threading in zip(rows, rendered, mail.thread_headers(rows), strict=True):
        try:
            if isinstance(r, Exception):
                out.append(r)
                continue
            r.headers = {**r.headers, **threading}
            desk = _desk_of_recipient(row, kind)
            if desk is not None and not kind.carries_desk_link:
                r = mail.with_desk_link(r, f"{settings.SITE_URL}{desk_url(desk)}")
            out.append(r.message())
        except Exception as exc:
            out.append(exc)
    return out


def _desk_of_recipient(row: OutboxMessage, kind: mail.Kind) -> Executive | None:
    """The executive this email goes to, when it goes to one (their desk link rides along)."""
    if row.executive is not None:
        return row.executive
    to_executive = kind.to_executive or (
        row.subscription is not None and row.subscription.for_executive
    )
    return row.escalation.executive if to_executive else None


def _send_over_one_connection(
    outbox: list[tuple[OutboxMessage, EmailMultiAlternatives]],
) -> Iterator[tuple[OutboxMessage, EmailMultiAlternatives, Exception | None]]:
    """Each message on one open connection (Django's ``send_messages``), its own outcome
    each; after a failure the connection is opened afresh for the next message."""
    if not outbox:
        return
    connection = get_connection()
    try:
        for row, message in outbox:
            try:
                connection.open()  # a no-op while it is open
                accepted = connection.send_messages([message])
            except Exception as exc:
                connection.close()
                yield row, message, exc
                continue
            if accepted:
                yield row, message, None
            else:
                yield row, message, RuntimeError("The mail server accepted no recipient.")
    finally:
        connection.close()


def _finish_sent(sent: list[tuple[OutboxMessage, str]], *, claimed_at: datetime) -> None:
    """Record the sent rows, one statement per subject (an update's readers share one)."""
    by_subject: dict[str, list[int]] = {}
    for row, subject in sent:
        by_subject.setdefault(subject[:300], []).append(row.pk)
    at = timezone.now()
    for subject, ids in by_subject.items():
        OutboxMessage.objects.filter(
            pk__in=ids, state=DispatchState.SENDING, sending_since=claimed_at
        ).update(state=DispatchState.SENT, subject=subject, sent_at=at)
    if len(sent) == 1:
        [(row, _subject)] = sent
        logger.info("Dispatch %s (%s) sent to %s", row.pk, row.purpose, row.to_email)
    elif sent:
        # One line per batch: 10,000 readers are 100 lines, not 10,000.
        logger.info("%d dispatches sent (ids %s…%s)", len(sent), sent[0][0].pk, sent[-1][0].pk)


def _chat_send(row: OutboxMessage, now: datetime) -> str:
    """POST the card. The URL is never logged, nor written to the row."""
    hook = ChatWebhook.objects.filter(escalation_id=row.escalation_id).first()
    if hook is None or row.update is None:
        _finish(row, DispatchState.CANCELLED, error="The chat webhook was removed.")
        return DispatchState.CANCELLED
    tz = mail.author_zone(row.escalation)
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
        OutboxMessage.objects.filter(pk=row.pk, sending_since=row.sending_since).update(
            attempts=attempt
        )
        _finish(row, DispatchState.SENT, subject=subject, sent_at=timezone.now())
        logger.info("Chat dispatch %s posted (attempt %s)", row.pk, attempt)
        return DispatchState.SENT
    error = f"Attempt {attempt}: {result.error}"
    if result.retry and attempt < chat.MAX_ATTEMPTS:
        retry_at = now + chat.backoff(attempt)
        OutboxMessage.objects.filter(
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
    OutboxMessage.objects.filter(pk=row.pk, sending_since=row.sending_since).update(
        attempts=attempt
    )
    _finish(row, DispatchState.FAILED, error=error, subject=subject)
    logger.warning("Chat dispatch %s failed: %s", row.pk, result.error)
    return DispatchState.FAILED


def _finish(
    row: OutboxMessage,
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
    OutboxMessage.objects.filter(
        pk=row.pk, state=DispatchState.SENDING, sending_since=row.sending_since
    ).update(**fields)


def _no_longer_needed(row: OutboxMessage, kind: mail.Kind | None, now: datetime) -> str:
    """Why a row that was due is pointless now (e.g. the update was posted meanwhile): the
    checks every message shares, then its own module's ``still_owed``."""
    if not row.to_email and row.purpose != DispatchPurpose.CHAT_UPDATE:
        return "No recipient address."
    if kind is None:
        return ""
    if kind.to_executive and row.escalation.state == State.DRAFT:
        # Never email the executive an unfinished draft.
        return "The escalation is still a draft."
    return desk_digest.takes_no_single_emails(row) or kind.still_owed(row, now)


def dispatches_fail_stuck(*, now: datetime) -> list[int]:
    """Rows stuck in ``sending`` longer than ``STUCK_AFTER`` become ``failed``.

    We cannot tell whether the SMTP server accepted them, so they are reported (log + admin +
    the escalation page), never re-sent blindly.
    """
    cutoff = now - STUCK_AFTER
    stuck = list(
        OutboxMessage.objects.filter(state=DispatchState.SENDING, sending_since__lt=cutoff).values(
            "pk", "sending_since", "purpose", "to_email"
        )
    )
    failed = []
    for row in stuck:
        done = OutboxMessage.objects.filter(
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
