"""Every write to the escalation domain goes through a function here.

Keyword-only, typed, named ``<noun>_<verb>``. Several rows change together inside
``transaction.atomic()``; work for Celery is queued with ``transaction.on_commit``.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import cadence
from .models import (
    Escalation,
    Profile,
    PublicStatus,
    State,
    Update,
    UpdateKind,
)


def profile_get_or_create(*, user: User) -> Profile:
    """The author's preferences row, created with UTC on first use."""
    profile, _ = Profile.objects.get_or_create(user=user)
    return profile


def profile_set_time_zone(*, user: User, time_zone: str) -> Profile:
    """Remember the zone the author enters and reads times in."""
    profile = profile_get_or_create(user=user)
    profile.time_zone = time_zone
    profile.full_clean()
    profile.save(update_fields=["time_zone"])
    return profile


def escalation_bump_version(*, escalation: Escalation) -> None:
    """Mark the escalation changed for readers (status-page caches key on ``version``)."""
    Escalation.objects.filter(pk=escalation.pk).update(version=F("version") + 1)
    escalation.refresh_from_db(fields=["version"])


def update_post(
    *,
    escalation: Escalation,
    author: User,
    body: str,
    state: str | None = None,
    kind: str = UpdateKind.PROGRESS,
    now: datetime | None = None,
) -> Update:
    """Post an update to the timeline and restart the cadence clock.

    Sets ``last_updated_at``, recomputes ``next_update_due_at`` through
    ``cadence.next_update_due`` and clears the stale flag; the update keeps the due time it
    answered so reviews can tell whether it was on time.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = Escalation.objects.select_for_update().get(pk=escalation.pk)
        previous = locked.updates.only("state").first()
        if state is None:
            state = previous.state if previous else locked.public_status
        update = Update.objects.create(
            escalation=locked,
            body=body,
            state=state,
            kind=kind,
            author=author,
            created_at=now,
            was_due_at=locked.next_update_due_at,
        )
        locked.last_updated_at = now
        locked.next_update_due_at = cadence.next_update_due(locked, after=now)
        locked.stale_since = None
        locked.version = F("version") + 1
        locked.save(
            update_fields=[
                "last_updated_at",
                "next_update_due_at",
                "stale_since",
                "version",
                "modified_at",
            ]
        )
    escalation.refresh_from_db()
    return update


_STATE_TIMESTAMP = {
    State.ESCALATED: "escalated_at",
    State.CONTAINED: "contained_at",
    State.RESOLVED: "resolved_at",
    State.REVIEWED: "reviewed_at",
}

# Which way an escalation may move; resolved can be reopened if the fix did not hold.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    State.DRAFT: frozenset({State.ESCALATED}),
    State.ESCALATED: frozenset({State.CONTAINED, State.RESOLVED}),
    State.CONTAINED: frozenset({State.ESCALATED, State.RESOLVED}),
    State.RESOLVED: frozenset({State.REVIEWED, State.CONTAINED}),
    State.REVIEWED: frozenset(),
}

_PUBLIC_FOR_STATE = {
    State.ESCALATED: PublicStatus.INVESTIGATING,
    State.CONTAINED: PublicStatus.MONITORING,
    State.RESOLVED: PublicStatus.RESOLVED,
    State.REVIEWED: PublicStatus.RESOLVED,
}


class TransitionNotAllowed(ValueError):
    pass


def escalation_set_state(
    *,
    escalation: Escalation,
    state: str,
    by: User,
    note: str = "",
    now: datetime | None = None,
) -> Escalation:
    """Move the escalation along its lifecycle and tell readers in the timeline.

    The cadence changes with the phase (hourly → daily once contained; nothing owed once
    resolved), so ``next_update_due_at`` is recomputed here too, through the same function.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = Escalation.objects.select_for_update().get(pk=escalation.pk)
        if state not in ALLOWED_TRANSITIONS[locked.state]:
            raise TransitionNotAllowed(
                f"An escalation that is {locked.get_state_display().lower()} cannot move to "
                f"{State(state).label.lower()}."
            )
        locked.state = state
        stamp = _STATE_TIMESTAMP.get(State(state))
        if stamp and getattr(locked, stamp) is None:
            setattr(locked, stamp, now)
        if state in (State.ESCALATED, State.CONTAINED):
            # Reopened: the fix did not hold, so it is no longer resolved.
            locked.resolved_at = None
        locked.save()
        if state != State.REVIEWED:
            body = note.strip() or f"State changed to **{State(state).label.lower()}**."
            update_post(
                escalation=locked,
                author=by,
                body=body,
                state=_PUBLIC_FOR_STATE[State(state)],
                kind=UpdateKind.STATE_CHANGE,
                now=now,
            )
        else:
            escalation_bump_version(escalation=locked)
    escalation.refresh_from_db()
    return escalation


# --- review ---


class ReviewNotAllowed(ValueError):
    pass


def escalation_mark_reviewed(
    *, escalation: Escalation, by: User, now: datetime | None = None
) -> Escalation:
    """Close the post-incident review: record who reviewed it and when, state → reviewed.

    Only a resolved escalation can be reviewed; anything else raises ``ReviewNotAllowed``
    with a sentence the admin shows as is. The move goes through ``escalation_set_state``
    so the lifecycle rules and the version bump stay in one place.
    """
    now = now or timezone.now()
    if escalation.state != State.RESOLVED:
        raise ReviewNotAllowed(
            f"“{escalation.title}” is {escalation.get_state_display().lower()}, not resolved: "
            "only a resolved escalation can be marked reviewed."
        )
    with transaction.atomic():
        escalation_set_state(escalation=escalation, state=State.REVIEWED, by=by, now=now)
        Escalation.objects.filter(pk=escalation.pk).update(reviewed_by=by, reviewed_at=now)
    escalation.refresh_from_db()
    return escalation
