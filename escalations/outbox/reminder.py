"""Reminders on the cadence: the stale scan that flags overdue escalations and owes their
notices (the author's reminder, the executive's notice, the heads-up before an hourly due
time, and the author's flag on an overdue ask), and how the two reminders are built.

Both reminders are still owed only while the escalation is stale: an update posted before
the notice left cancels it. Cadence notices are unique per (escalation, window, kind)
through ``dedupe_key``: running a tick twice inserts nothing twice (``ON CONFLICT DO
NOTHING``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import BooleanField, Case, ExpressionWrapper, F, Q, When

from escalations import cadence, timetext
from escalations.models import (
    OPEN_STATES,
    CadencePolicy,
    DispatchPurpose,
    Escalation,
    OutboxMessage,
)
from escalations.outbox import (
    action_overdue,
    decision,
    links,
    mail,
    preventive_overdue,
    rca_reminder,
)
from escalations.outbox.owe import copies_for_coauthors, owed
from escalations.services import escalation_touch
from escalations.timetext import clock

logger = logging.getLogger(__name__)

HEADS_UP_LEAD = timedelta(minutes=10)
# Heads-ups only make sense when updates are owed often; a daily cadence needs no nudge.
HEADS_UP_MAX_INTERVAL = timedelta(hours=1)
# Catching up on a daily-time cadence after a long outage: never loop for ever.
MAX_WINDOWS = 1000
# --- the stale scan -----------------------------------------------------------------------


@dataclass
class StaleScan:
    overdue: int = 0
    newly_stale: int = 0
    notices: int = 0
    heads_ups: int = 0
    asks_overdue: int = 0
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


def _notice(
    e: Escalation, purpose: str, window: datetime, to_email: str, now: datetime
) -> OutboxMessage:
    """A cadence notice owed once per (escalation, window, purpose): the key says so."""
    return owed(
        purpose=purpose, about=e.pk, escalation_id=e.pk, to_email=to_email, due=window, now=now
    )


def stale_scan(*, now: datetime) -> StaleScan:
    """Flag overdue escalations and owe their notices (one per escalation, window and kind).

    - ``stale_since`` is set to the missed due time;
    - the author gets one reminder per missed window, with a one-click link to post;
    - after two missed windows the executive is told once per silent stretch;
    - on hourly cadences the author gets a heads-up 10 minutes before each due time;
    - an ask still unanswered past its decide-by time is flagged to the author once (per
      ask and deadline);
    - an action past its due time and not done is flagged to the author once per cadence
      window (``action_overdue``).
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
        "executive__email",
        "next_update_due_at",
        "last_updated_at",
        "cadence_interval",
        "cadence_daily_at",
        "cadence_time_zone",
        "owner__email",
    )
    overdue = list(
        Escalation.objects.filter(state__in=OPEN_STATES, next_update_due_at__lt=now)
        .select_related("owner", "executive")
        .only(*columns)
        .order_by("next_update_due_at")
    )
    result.overdue = len(overdue)
    rows: list[OutboxMessage] = []
    for e in overdue:
        missed = missed_windows(e, now=now, policy=policies.get(e.kind))
        if missed is None:
            continue
        if e.owner.email:
            rows.append(
                _notice(e, DispatchPurpose.STALE_REMINDER, missed.latest, e.owner.email, now)
            )
        if missed.count >= 2 and e.executive_address:
            # Keyed on the first missed due time: once per silent stretch, however long.
            rows.append(
                _notice(e, DispatchPurpose.EXECUTIVE_NOTICE, missed.first, e.executive_address, now)
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
        rows.append(_notice(e, DispatchPurpose.HEADS_UP, e.next_update_due_at, e.owner.email, now))
        result.heads_ups += 1
    rows.extend(decision.asks_overdue_rows(now))
    rows.extend(action_overdue.actions_overdue_owed(now, policies))
    # After resolution: the RCA still to write, and preventive actions past their due date.
    rows.extend(rca_reminder.rca_reminders_owed(now))
    rows.extend(preventive_overdue.preventive_overdue_owed(now))
    # Co-authors get the author's reminders too (escalations/outbox/owe.py).
    rows.extend(copies_for_coauthors(rows))
    result.asks_overdue = sum(1 for r in rows if r.purpose == DispatchPurpose.ASK_OVERDUE)
    if rows:
        # Most ticks owe nothing new: skip the rows that exist (one unique-index lookup)
        # rather than re-insert them every 20 s; ON CONFLICT still settles a race.
        existing = set(
            OutboxMessage.objects.filter(dedupe_key__in=[r.dedupe_key for r in rows]).values_list(
                "dedupe_key", flat=True
            )
        )
        rows = [r for r in rows if r.dedupe_key not in existing]
    # The executive's notice carries their link; a tick may owe a thousand notices at
    # once, so the engine mints it when it claims the notice (``Kind.mints_link``).
    # An ask that just became overdue reads "waiting since …" on status pages: readers
    # see it with the row that records it.
    waiting = {r.escalation_id for r in rows if r.purpose == DispatchPurpose.ASK_OVERDUE}
    if overdue or rows:
        # One transaction and one UPDATE for the flags, the versions and the rows: readers
        # see them together at the commit, and each escalation is rewritten once (it was
        # three times: flag, touch, touch again for its overdue ask). Every escalation to be
        # written is locked first, in id order, so two ticks at once wait for each other
        # rather than deadlock, and each escalation is flagged once.
        # Overdue and not yet flagged: said in SQL rather than as a list of a thousand ids.
        unflagged = Q(state__in=OPEN_STATES, next_update_due_at__lt=now, stale_since__isnull=True)
        with transaction.atomic():
            locked = (
                Escalation.objects.select_for_update()
                .filter(unflagged | Q(pk__in=waiting))
                .annotate(to_flag=ExpressionWrapper(unflagged, output_field=BooleanField()))
                .order_by("pk")
                .values_list("pk", "to_flag")
            )
            newly = [pk for pk, to_flag in locked if to_flag]
            OutboxMessage.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
            # Readers see the flag: ``stale_since`` is the missed due time.
            flag = Case(When(unflagged, then=F("next_update_due_at")), default=F("stale_since"))
            escalation_touch(
                pks=[*newly, *waiting], changes={"stale_since": flag} if newly else None
            )
        result.newly_stale = len(newly)
    result.created = len(rows)
    return result


# --- how they are built -------------------------------------------------------------


def stale_reminder_email(row: OutboxMessage, now: datetime) -> mail.Rendered:
    e = row.escalation
    tz = mail.author_zone(e)
    due = row.window_due_at or e.next_update_due_at or now
    last = (
        f"Your last update was at {timetext.when(e.last_updated_at, tz)}."
        if e.last_updated_at
        else "There is no update yet."
    )
    return mail.note(
        row,
        subject=f"Update overdue: {e.title} — was due {clock(due, tz)} ({tz})",
        lines=[
            f"Your update on “{e.title}” was due at {timetext.when(due, tz)} ({tz}). {last}",
            "Silence reads as ignorance or evasion. If nothing changed, say so and say when "
            "the next update comes: “No change since "
            f"{clock(e.last_updated_at or due, tz)}; next update at …”.",
        ],
        action=("Post the update now", mail.post_update_url(e)),
        footer="Upward sends one reminder per missed update window.",
        to_executive=False,
    )


def executive_notice_email(row: OutboxMessage, now: datetime) -> mail.Rendered:
    """Two update windows missed: the executive hears it from Upward, once."""
    e = row.escalation
    tz = e.executive_zone
    since = e.last_updated_at or e.escalated_at or row.window_due_at or now
    latest = e.updates.order_by("-created_at", "-pk").first()
    status_url = links.executive_status_url(e)
    due = row.window_due_at or since
    return mail.note(
        row,
        subject=f"No update on {e.title} since {clock(since, tz)} ({tz})",
        lines=[
            f"There has been no update on “{e.title}” since {timetext.when(since, tz)}. "
            f"The update due at {timetext.when(due, tz)} and the one after it were both missed.",
            f"{mail.author_name(e)} owns this escalation and has been reminded.",
        ]
        + (["The last update said:"] if latest else []),
        quote=latest.body if latest else "",
        action=("Open the status page", status_url) if status_url else None,
        footer="Upward tells you once per silent stretch, not at every missed update.",
        to_executive=True,
    )


def still_stale(row: OutboxMessage, now: datetime) -> str:
    if not row.escalation.is_stale(now):
        return "An update was posted before this notice went out."
    return ""


KINDS: dict[str, mail.Kind] = {
    DispatchPurpose.STALE_REMINDER: mail.Kind(build=stale_reminder_email, still_owed=still_stale),
    DispatchPurpose.EXECUTIVE_NOTICE: mail.Kind(
        build=executive_notice_email, still_owed=still_stale, to_executive=True, mints_link=True
    ),
}
