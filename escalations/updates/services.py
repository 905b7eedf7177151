"""Posting to the timeline: the one function that restarts the cadence clock.

Every update — written, the one-click "no change since 14:00", a state change or an edit
after escalation — goes through ``update_post``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from escalations import cadence
from escalations.markdown import first_line
from escalations.models import Escalation, State, Update, UpdateKind
from escalations.outbox.chat import chat_fan_out
from escalations.outbox.update import updates_fan_out
from escalations.selectors import escalation_public_state
from escalations.services import escalation_touch
from escalations.timetext import humanize_delta
from escalations.updates.summary import CHANGED_MAX, CHANGES_SUMMARY


class UpdateRefused(ValueError):
    pass


def update_refusal(escalation: Escalation) -> str | None:
    """Why an update cannot be posted now, in words for the author; None if it can."""
    if escalation.state == State.DRAFT:
        return "Escalate first: updates go to readers of an escalation they already know about."
    return None


def update_post(
    *,
    escalation: Escalation,
    author: User,
    body: str,
    public_status: str | None = None,
    kind: str = UpdateKind.PROGRESS,
    now: datetime | None = None,
    restarts_cadence: bool = True,
    next_update_by: datetime | None = None,
    impact: str = "",
    impact_final: bool = False,
) -> Update:
    """Post an update to the timeline and restart the cadence clock.

    Sets ``last_updated_at``, recomputes ``next_update_due_at`` through
    ``cadence.next_update_due`` and clears the stale flag; the update keeps the due time it
    answered so reviews can tell whether it was on time. Subscribers (the executive by
    default) and the chat webhook are owed the update in the same transaction.

    ``restarts_cadence=False`` posts an entry the author did not write (the executive's
    decision on an ask): readers see it (the version moves) but the author still owes the
    update they promised, so the clock, the stale flag and ``last_updated_at`` stay put.

    ``next_update_by`` is a time the author promised in the text: it is what readers are
    promised when it comes before the cadence's own (``UpdateForm`` refuses a later one).

    ``impact`` restates the impact now (running figures; ``impact_final`` for the final
    ones given on containment or resolution): with the update's first line it becomes the
    current summary readers see first (escalations/updates/summary.py).
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = Escalation.objects.select_for_update().get(pk=escalation.pk)
        refusal = update_refusal(locked)
        if refusal:
            raise UpdateRefused(refusal)
        if public_status is None:
            public_status = escalation_public_state(locked)
        impact = impact.strip()
        update = Update.objects.create(
            escalation=locked,
            body=body,
            impact=impact if impact != locked.impact_now.strip() else "",
            public_status=public_status,
            kind=kind,
            author=author,
            created_at=now,
            was_due_at=locked.next_update_due_at if restarts_cadence else None,
        )
        if not restarts_cadence:
            locked.save(update_fields=["modified_at"])
            escalation_touch(escalation=locked)
            # Not emailed one by one (the author is, and the digest carries it), but the
            # chat channel sees decisions as they happen.
            chat_fan_out(update=update, escalation=locked, now=now)
            escalation.refresh_from_db()
            return update
        locked.last_updated_at = now
        due = cadence.next_update_due(locked, after=now)
        if due is not None and next_update_by is not None and now < next_update_by < due:
            due = next_update_by
        locked.next_update_due_at = due
        locked.stale_since = None
        summary_fields = _summary_set(locked, update=update, impact=impact, final=impact_final)
        locked.save(
            update_fields=[
                *summary_fields,
                "last_updated_at",
                "next_update_due_at",
                "stale_since",
                "modified_at",
            ]
        )
        escalation_touch(escalation=locked)
        # Readers are owed the update (emails, the chat post) with it or not at all; a worker
        # writes their rows after the commit.
        updates_fan_out(update=update, escalation=locked, now=now)
    escalation.refresh_from_db()
    return update


def _summary_set(escalation: Escalation, *, update: Update, impact: str, final: bool) -> list[str]:
    """Keep the current summary true with a posted update; the fields to save."""
    changed: list[str] = []
    if impact:
        escalation.summary_impact = impact
        escalation.summary_impact_final = final
        changed += ["summary_impact", "summary_impact_final"]
    elif escalation.state == State.ESCALATED and escalation.summary_impact_final:
        # Reopened without new figures: the last ones are running again, not final.
        escalation.summary_impact_final = False
        changed.append("summary_impact_final")
    if update.kind in CHANGES_SUMMARY:
        escalation.summary_changed = first_line(update.body, CHANGED_MAX)
        escalation.summary_updated_at = update.created_at
        changed += ["summary_changed", "summary_updated_at"]
    return changed


def no_change_body(escalation: Escalation, now: datetime) -> str:
    """ "No change in the last 1 h 10 min. Next update within 1 h."

    No clock time: the text is read in every reader's zone (the executive's email, each
    subscriber's, the status page in the reader's browser zone), and each reader already
    sees this entry's time and the next update's in their own zone (docs/time.md). The
    promised time comes from the same cadence function ``update_post`` uses, so the text
    and the clock agree.
    """
    since = escalation.last_updated_at or escalation.escalated_at or now
    due = cadence.next_update_due(escalation, after=now)
    quiet = now - since
    text = (
        f"No change in the last {humanize_delta(quiet)}."
        if quiet >= timedelta(minutes=1)
        else "No change since the last update."
    )
    if due is not None and due > now:
        text += f" Next update within {humanize_delta(due - now)}."
    return text
