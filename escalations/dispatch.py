"""Email Upward owes people, kept as ``EmailDispatch`` rows, and how they go out.

Data flows one way: a service writes a row with its ``send_at`` → a beat tick hands due rows
to the broker (``dispatches_queue_due``) → the thin task ``send_dispatch`` claims the row
with a conditional UPDATE and renders and sends it (``dispatch_send``). Nothing is ever
scheduled with an ETA: scheduling writes a row, so a request succeeds with the broker down
and the email goes out on the first tick after it is back.

Row states: ``pending`` → ``sending`` → ``sent`` | ``failed`` | ``cancelled`` (with the
reason in ``error``). On a *pending* row ``claimed_at`` means "handed to the broker at";
on a *sending* row it means "the send started at".

DELIVERY IS AT-MOST-ONCE. The only way into ``sending`` is
``filter(pk=…, state=pending).update(state=sending) == 1``, so however many ticks, workers
or duplicate broker messages race for a row, exactly one send is attempted. If the worker
dies between that claim and recording the result, we cannot know whether the SMTP server
accepted the message; the row stays in ``sending`` and after ``STUCK_AFTER`` becomes
``failed`` with a logged error, visible in the admin and on the escalation page — it is
never re-sent blindly. A duplicate pre-read or a second "no update on X" to a CTO costs more
trust than an email someone has to resend by hand after looking; the author can do that with
one click for a failed pre-read.

Cadence notices are unique per (escalation, window, kind) through ``dedupe_key``: running a
tick twice inserts nothing twice (``ON CONFLICT DO NOTHING``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from . import cadence
from .models import (
    OPEN_STATES,
    CadencePolicy,
    DispatchPurpose,
    DispatchState,
    EmailDispatch,
    Escalation,
    Meeting,
    State,
    escalation_changed,
)

logger = logging.getLogger(__name__)

PREREAD_LEAD = timedelta(minutes=30)
HEADS_UP_LEAD = timedelta(minutes=10)
# Heads-ups only make sense when updates are owed often; a daily cadence needs no nudge.
HEADS_UP_MAX_INTERVAL = timedelta(hours=1)
STUCK_AFTER = timedelta(minutes=10)
# A pending row handed to the broker but still pending this long later was lost on the way
# (broker restart, publish failure): hand it over again. The send task's conditional claim
# makes the duplicate message harmless.
REQUEUE_AFTER = timedelta(minutes=2)
TICK_BATCH = 1000
# Rows per broker message: a backlog of 1,000 is 50 messages, not 1,000 (publishing is the
# slow part of a tick); each row is still claimed and sent on its own.
HAND_OVER_CHUNK = 20
# Catching up on a daily-time cadence after a long outage: never loop for ever.
MAX_WINDOWS = 1000


def _stamp(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


# --- meetings: the pre-read and its notes ------------------------------------------------


def preread_key(meeting: Meeting) -> str:
    return f"preread:meeting:{meeting.pk}"


def preread_send_at(starts_at: datetime, now: datetime) -> datetime:
    """30 minutes before the 1:1 — or now, when the meeting is closer than that."""
    return max(starts_at - PREREAD_LEAD, now)


def preread_schedule(*, meeting: Meeting, now: datetime) -> EmailDispatch:
    """Owe the executive a pre-read for this meeting (one per meeting, by constraint)."""
    escalation = meeting.escalation
    row = EmailDispatch.objects.create(
        escalation=escalation,
        meeting=meeting,
        purpose=DispatchPurpose.PREREAD,
        dedupe_key=preread_key(meeting),
        to_email=escalation.executive_email,
        send_at=preread_send_at(meeting.starts_at, now),
    )
    _kick_if_due(row, now)
    return row


def preread_reschedule(
    *, meeting: Meeting, previous_starts_at: datetime, now: datetime
) -> EmailDispatch | None:
    """The meeting moved: move an unsent pre-read; once it has gone, send a "moved" note.

    Never a second pre-read. Returns the row that will tell the executive, if any. Call
    inside the transaction that saved the new ``starts_at``; the pre-read row is locked so a
    tick cannot claim it half-way (the claim also re-checks ``send_at``).
    """
    row = (
        EmailDispatch.objects.select_for_update()
        .filter(meeting=meeting, purpose=DispatchPurpose.PREREAD)
        .first()
    )
    if row is None:
        return preread_schedule(meeting=meeting, now=now)
    if row.state == DispatchState.PENDING:
        row.send_at = preread_send_at(meeting.starts_at, now)
        row.claimed_at = None
        row.to_email = meeting.escalation.executive_email
        row.save(update_fields=["send_at", "claimed_at", "to_email"])
        _kick_if_due(row, now)
        return row
    if row.state in (DispatchState.SENDING, DispatchState.SENT):
        return _meeting_note(
            meeting=meeting,
            purpose=DispatchPurpose.MEETING_MOVED,
            previous_starts_at=previous_starts_at,
            now=now,
        )
    # failed or cancelled: the executive may or may not have it; the panel shows the state
    # and the author decides whether to resend.
    return None


def preread_resend(*, meeting: Meeting, now: datetime) -> EmailDispatch:
    """The author looked at a failed pre-read and asks for it again (never automatic)."""
    with transaction.atomic():
        row = (
            EmailDispatch.objects.select_for_update()
            .filter(meeting=meeting, purpose=DispatchPurpose.PREREAD)
            .get()
        )
        if row.state != DispatchState.FAILED:
            raise ValueError("Only a failed pre-read can be sent again.")
        row.error = f"Sent again by the author at {now:%Y-%m-%d %H:%M} UTC after: {row.error}"
        row.state = DispatchState.PENDING
        row.claimed_at = None
        row.send_at = now
        row.to_email = meeting.escalation.executive_email
        row.save(update_fields=["error", "state", "claimed_at", "send_at", "to_email"])
        _kick_if_due(row, now)
    return row


def meeting_dispatches_cancel(*, meeting: Meeting, now: datetime) -> EmailDispatch | None:
    """The meeting was cancelled: cancel whatever is unsent; if the pre-read already went
    out, tell the executive in a short note. Returns that note, if any."""
    rows = list(EmailDispatch.objects.select_for_update().filter(meeting=meeting))
    known = _time_the_executive_knows(meeting, meeting.starts_at)
    EmailDispatch.objects.filter(meeting=meeting, state=DispatchState.PENDING).update(
        state=DispatchState.CANCELLED, error="The 1:1 was cancelled before this was sent."
    )
    told = any(
        r.purpose in (DispatchPurpose.PREREAD, DispatchPurpose.MEETING_MOVED)
        and r.state in (DispatchState.SENDING, DispatchState.SENT)
        for r in rows
    )
    if not told:
        return None
    return _meeting_note(
        meeting=meeting,
        purpose=DispatchPurpose.MEETING_CANCELLED,
        previous_starts_at=known,
        now=now,
    )


def _time_the_executive_knows(meeting: Meeting, default: datetime) -> datetime:
    """A "moved" note still waiting never reached the executive: the time they know is the
    one that note was correcting."""
    waiting = (
        EmailDispatch.objects.filter(
            meeting=meeting, purpose=DispatchPurpose.MEETING_MOVED, state=DispatchState.PENDING
        )
        .order_by("created_at")
        .values_list("window_due_at", flat=True)
        .first()
    )
    return waiting or default


def _meeting_note(
    *, meeting: Meeting, purpose: str, previous_starts_at: datetime, now: datetime
) -> EmailDispatch:
    known = _time_the_executive_knows(meeting, previous_starts_at)
    EmailDispatch.objects.filter(
        meeting=meeting, purpose=DispatchPurpose.MEETING_MOVED, state=DispatchState.PENDING
    ).update(state=DispatchState.CANCELLED, error="Superseded by a later change to the 1:1.")
    count = EmailDispatch.objects.filter(meeting=meeting, purpose=purpose).count()
    row = EmailDispatch.objects.create(
        escalation=meeting.escalation,
        meeting=meeting,
        purpose=purpose,
        dedupe_key=f"{purpose}:meeting:{meeting.pk}:{count + 1}",
        # For meeting notes: the time the executive last heard of (shown as "was …").
        window_due_at=known,
        to_email=meeting.escalation.executive_email,
        send_at=now,
    )
    _kick_if_due(row, now)
    return row


def followup_send(
    *, meeting: Meeting, subject: str, body: str, now: datetime
) -> tuple[EmailDispatch, bool]:
    """Queue the written follow-up to the executive; once per meeting, so a double click
    sends one email. Returns (row, created)."""
    try:
        with transaction.atomic():
            row = EmailDispatch.objects.create(
                escalation=meeting.escalation,
                meeting=meeting,
                purpose=DispatchPurpose.FOLLOWUP,
                dedupe_key=f"followup:meeting:{meeting.pk}",
                to_email=meeting.escalation.executive_email,
                send_at=now,
                subject=subject.strip()[:300],
                body_text=body.strip(),
            )
    except IntegrityError:
        return EmailDispatch.objects.get(dedupe_key=f"followup:meeting:{meeting.pk}"), False
    _kick_if_due(row, now)
    return row, True


# --- the tick: hand due rows to the broker -----------------------------------------------


def dispatches_due(now: datetime) -> Q:
    return Q(state=DispatchState.PENDING, send_at__lte=now) & (
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - REQUEUE_AFTER)
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
                claimed_at=now
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
            pk__in=unpublished, state=DispatchState.PENDING, claimed_at=now
        ).update(claimed_at=None)
    return handed


def _kick_if_due(row: EmailDispatch, now: datetime) -> None:
    """Don't make a due-now email wait for the next tick: publish it after commit.

    Best effort — with the broker down the row simply waits for a tick.
    """
    if row.send_at > now:
        return
    pk = row.pk

    def kick() -> None:
        from .tasks import kick_send

        try:
            kick_send(pk)
        except Exception:
            logger.warning("Broker unavailable; dispatch %s waits for the next tick", pk)

    transaction.on_commit(kick)


# --- the task: claim one row, render, send -----------------------------------------------


def dispatch_send(*, pk: int, now: datetime | None = None) -> str:
    """Claim one due row and send it. AT-MOST-ONCE (see the module docstring).

    Returns the row's final state, or "skipped" when another worker had it (or it is no
    longer due: rescheduled or cancelled since it was handed over).
    """
    from . import emails

    now = now or timezone.now()
    claimed = EmailDispatch.objects.filter(
        pk=pk, state=DispatchState.PENDING, send_at__lte=now
    ).update(state=DispatchState.SENDING, claimed_at=now)
    if claimed != 1:
        return "skipped"
    row = EmailDispatch.objects.select_related("escalation", "escalation__owner", "meeting").get(
        pk=pk
    )
    # The executive's address may have been corrected since the row was written: their
    # emails go to the address on the escalation now, and the log says where it went.
    current = row.escalation.executive_email
    if row.purpose in EXECUTIVE_PURPOSES and current and row.to_email != current:
        row.to_email = current
        EmailDispatch.objects.filter(pk=row.pk).update(to_email=current)
    reason = _no_longer_needed(row, now)
    if reason:
        _finish(row, DispatchState.CANCELLED, error=reason)
        logger.info("Dispatch %s (%s) not sent: %s", pk, row.purpose, reason)
        return DispatchState.CANCELLED
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
        pk=row.pk, state=DispatchState.SENDING, claimed_at=row.claimed_at
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
    if not row.to_email:
        return "No recipient address."
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
    return ""


def dispatches_fail_stuck(*, now: datetime) -> list[int]:
    """Rows stuck in ``sending`` longer than ``STUCK_AFTER`` become ``failed``.

    We cannot tell whether the SMTP server accepted them, so they are reported (log + admin +
    the escalation page), never re-sent blindly.
    """
    cutoff = now - STUCK_AFTER
    stuck = list(
        EmailDispatch.objects.filter(state=DispatchState.SENDING, claimed_at__lt=cutoff).values(
            "pk", "claimed_at", "purpose", "to_email"
        )
    )
    failed = []
    for row in stuck:
        done = EmailDispatch.objects.filter(
            pk=row["pk"], state=DispatchState.SENDING, claimed_at=row["claimed_at"]
        ).update(
            state=DispatchState.FAILED,
            error=(
                f"Stuck in sending since {row['claimed_at']:%Y-%m-%d %H:%M:%S} UTC: the worker "
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
                row["claimed_at"],
            )
    return failed


# --- the stale scan -----------------------------------------------------------------------


@dataclass
class StaleScan:
    overdue: int = 0
    newly_stale: int = 0
    notices: int = 0
    heads_ups: int = 0
    created: int = 0


@dataclass(frozen=True)
class Missed:
    """Due times that passed without an update: the first, the latest, and how many."""

    first: datetime
    latest: datetime
    count: int


def missed_windows(
    escalation: Escalation, *, now: datetime, policy: CadencePolicy | None
) -> Missed | None:
    """Which update windows passed without an update, or None.

    The first is ``next_update_due_at``; each next one comes from the same cadence function
    every writer uses, so a fixed daily time stays at 09:00 local across DST.
    """
    due = escalation.next_update_due_at
    if due is None or not escalation.is_open or now <= due:
        return None
    interval = cadence.current_interval(escalation, policy)
    if escalation.cadence_daily_at is None or interval < timedelta(days=1):
        steps, rest = divmod(now - due, interval)
        n = steps if rest else steps - 1  # exactly on a due time: that one has not passed
        return Missed(first=due, latest=due + n * interval, count=n + 1)
    latest, count = due, 1
    while count < MAX_WINDOWS:
        following = cadence.next_update_due(escalation, after=latest, policy=policy)
        if following is None or following >= now:
            break
        latest, count = following, count + 1
    return Missed(first=due, latest=latest, count=count)


def stale_scan(*, now: datetime) -> StaleScan:
    """Flag overdue escalations and owe their notices (one per escalation, window and kind).

    - ``stale_since`` is set to the missed due time;
    - the author gets one reminder per missed window, with a one-click link to post;
    - after two missed windows the executive is told once per silent stretch;
    - on hourly cadences the author gets a heads-up 10 minutes before each due time.
    Rows are inserted with ON CONFLICT DO NOTHING on ``dedupe_key``, so a second run in the
    same window inserts nothing; the dispatch tick sends them.
    """
    result = StaleScan()
    policies = {p.kind: p for p in CadencePolicy.objects.all()}
    columns = (
        "id",
        "title",
        "kind",
        "state",
        "executive_email",
        "next_update_due_at",
        "last_updated_at",
        "cadence_interval",
        "cadence_daily_at",
        "cadence_time_zone",
        "owner__email",
    )
    overdue = list(
        Escalation.objects.filter(state__in=OPEN_STATES, next_update_due_at__lt=now)
        .select_related("owner")
        .only(*columns)
        .order_by("next_update_due_at")
    )
    result.overdue = len(overdue)
    if overdue:
        # Readers see the flag (status pages key their caches on ``version``).
        result.newly_stale = Escalation.objects.filter(
            pk__in=[e.pk for e in overdue], stale_since__isnull=True
        ).update(stale_since=F("next_update_due_at"), version=F("version") + 1)
        if result.newly_stale:
            escalation_changed.send(sender=Escalation, pks=[e.pk for e in overdue])
    rows: list[EmailDispatch] = []
    for e in overdue:
        missed = missed_windows(e, now=now, policy=policies.get(e.kind))
        if missed is None:
            continue
        if e.owner.email:
            rows.append(
                EmailDispatch(
                    escalation=e,
                    purpose=DispatchPurpose.STALE_REMINDER,
                    dedupe_key=f"stale_reminder:{e.pk}:{_stamp(missed.latest)}",
                    window_due_at=missed.latest,
                    to_email=e.owner.email,
                    send_at=now,
                )
            )
        if missed.count >= 2 and e.executive_email:
            # Keyed on the first missed due time: once per silent stretch, however long.
            rows.append(
                EmailDispatch(
                    escalation=e,
                    purpose=DispatchPurpose.EXECUTIVE_NOTICE,
                    dedupe_key=f"executive_notice:{e.pk}:{_stamp(missed.first)}",
                    window_due_at=missed.first,
                    to_email=e.executive_email,
                    send_at=now,
                )
            )
    result.notices = len(rows)
    soon = list(
        Escalation.objects.filter(
            state__in=OPEN_STATES,
            next_update_due_at__gt=now,
            next_update_due_at__lte=now + HEADS_UP_LEAD,
        )
        .select_related("owner")
        .only(*columns)
    )
    for e in soon:
        assert e.next_update_due_at is not None  # noqa: S101 - filtered above
        if not e.owner.email:
            continue
        if cadence.current_interval(e, policies.get(e.kind)) > HEADS_UP_MAX_INTERVAL:
            continue
        rows.append(
            EmailDispatch(
                escalation=e,
                purpose=DispatchPurpose.HEADS_UP,
                dedupe_key=f"heads_up:{e.pk}:{_stamp(e.next_update_due_at)}",
                window_due_at=e.next_update_due_at,
                to_email=e.owner.email,
                send_at=now,
            )
        )
        result.heads_ups += 1
    if rows:
        # Most ticks owe nothing new: skip the rows that exist (one unique-index lookup)
        # rather than re-insert them every 20 s; ON CONFLICT still settles a race.
        existing = set(
            EmailDispatch.objects.filter(dedupe_key__in=[r.dedupe_key for r in rows]).values_list(
                "dedupe_key", flat=True
            )
        )
        rows = [r for r in rows if r.dedupe_key not in existing]
        EmailDispatch.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    result.created = len(rows)
    return result
