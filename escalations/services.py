"""Every write to the escalation domain goes through a function here.

Keyword-only, typed, named ``<noun>_<verb>``. Several rows change together inside
``transaction.atomic()``; work for Celery is queued with ``transaction.on_commit``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import cadence
from .models import (
    CoachOverride,
    Escalation,
    Profile,
    PublicStatus,
    State,
    Update,
    UpdateKind,
    escalation_changed,
)
from .selectors import escalation_public_state

if TYPE_CHECKING:
    from .coach import Finding
    from .coach_fields import FieldFindings


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
    escalation_changed.send(sender=Escalation, pks=[escalation.pk])
    escalation.refresh_from_db(fields=["version"])


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
        refusal = update_refusal(locked)
        if refusal:
            raise UpdateRefused(refusal)
        if state is None:
            state = escalation_public_state(locked)
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
    # A draft escalates only through escalation_escalate (wizard complete, coach errors
    # fixed or explained, the pre-read posted), never by a bare state change.
    State.DRAFT: frozenset(),
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


# --- wizard ---------------------------------------------------------------------------------

# Autosave stores raw form data; cap it so a runaway client cannot bloat the row.
AUTOSAVE_MAX_CHARS = 100_000


class EscalationNotReady(ValueError):
    """Escalating needs every step complete (and, later, no blocking coach finding)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = problems


def escalation_create_draft(*, owner: User) -> Escalation:
    """An empty draft the wizard fills in; the executive's zone starts as the author's."""
    zone = profile_get_or_create(user=owner).time_zone
    return Escalation.objects.create(
        owner=owner, title="", executive_time_zone=zone, cadence_time_zone=zone
    )


def wizard_autosave(
    *,
    escalation: Escalation,
    step: str,
    data: dict[str, list[str]],
    now: datetime | None = None,
) -> datetime:
    """Keep what the author typed in one step, valid or not, so closing the tab loses nothing.

    Only the step's own draft is replaced; saved sections are untouched.
    """
    import json

    now = now or timezone.now()
    # PostgreSQL's jsonb refuses NUL characters; a pasted one must not lose the draft.
    data = {key: [v.replace("\x00", "") for v in values] for key, values in data.items()}
    if len(json.dumps(data)) > AUTOSAVE_MAX_CHARS:
        raise ValueError("Draft too large to autosave.")
    with transaction.atomic():
        locked = Escalation.objects.select_for_update().only("wizard_drafts").get(pk=escalation.pk)
        drafts = dict(locked.wizard_drafts or {})
        drafts[step] = data
        Escalation.objects.filter(pk=escalation.pk).update(
            wizard_drafts=drafts, wizard_autosaved_at=now
        )
    escalation.wizard_drafts = drafts
    escalation.wizard_autosaved_at = now
    return now


def _save_rows(escalation: Escalation, formset: Any) -> None:
    """Delete removed rows, then save the rest in the order shown (positions 0..n)."""
    for form in formset.deleted_forms:
        if form.instance.pk:
            form.instance.delete()
    rows = [form.instance for form in formset.live_forms()]
    for position, row in enumerate(rows):
        row.escalation = escalation
        row.position = position
    # The "factor I controlled" is unique per escalation: clear flags before setting one.
    for row in sorted(rows, key=lambda r: bool(getattr(r, "is_authors", False))):
        row.save()


def wizard_step_save(
    *,
    escalation: Escalation,
    step: str,
    forms: Any,
    by: User,
    author_time_zone: str | None = None,
    now: datetime | None = None,
) -> list[str]:
    """Save one valid wizard step (form and rows) and drop its autosaved draft.

    After escalation the executive has already read the old text, so the change is recorded
    in the timeline (``escalation_edit_section``); returns the lines describing it.
    """
    from . import wizard
    from .selectors import escalation_full_queryset

    now = now or timezone.now()
    step_obj = wizard.BY_SLUG[step]
    with transaction.atomic():
        before = wizard.section_snapshot(escalation_full_queryset().get(pk=escalation.pk), step_obj)
        locked = Escalation.objects.select_for_update().only("wizard_drafts").get(pk=escalation.pk)
        instance = forms.form.save(commit=False)
        drafts = dict(locked.wizard_drafts or {})
        drafts.pop(step, None)
        instance.wizard_drafts = drafts
        # Only this step's columns: the row may have moved on (an update, a state change)
        # since the form was loaded.
        instance.save(
            update_fields=[*forms.form.model_fields_to_save(), "wizard_drafts", "modified_at"]
        )
        if forms.formset is not None:
            _save_rows(instance, forms.formset)
        # Readers of a shared draft's status page must see the new text (cache key).
        escalation_bump_version(escalation=instance)
        if author_time_zone:
            profile_set_time_zone(user=by, time_zone=author_time_zone)
        changes: list[str] = []
        if instance.state != State.DRAFT:
            after = wizard.section_snapshot(
                escalation_full_queryset().get(pk=escalation.pk), step_obj
            )
            changes = wizard.describe_changes(before, after)
            if changes:
                escalation_edit_section(
                    escalation=instance, section=step_obj.title, changes=changes, by=by, now=now
                )
    escalation.refresh_from_db()
    return changes


def escalation_edit_section(
    *,
    escalation: Escalation,
    section: str,
    changes: list[str],
    by: User,
    now: datetime | None = None,
) -> Update:
    """Tell readers what changed in a section after escalation: history is never silently
    rewritten, so every reader-visible edit becomes a timeline entry."""
    body = f"Edited **{section}**:\n\n" + "\n".join(f"- {line}" for line in changes)
    return update_post(escalation=escalation, author=by, body=body, kind=UpdateKind.EDIT, now=now)


def escalation_blockers(escalation: Escalation) -> list[str]:
    """What stops this draft from being escalated, in words the author can act on.

    The one place to add further gates (e.g. the coach's blocking findings)."""
    from . import wizard

    if escalation.state != State.DRAFT:
        return ["This escalation has already been escalated."]
    blocker = wizard.first_incomplete(escalation)
    return [wizard.blocked_message(blocker)] if blocker else []


def _first_public_status(escalation: Escalation) -> str:
    if escalation.remediation_mitigation.strip():
        return PublicStatus.MITIGATING
    if escalation.cause_confidence == "confirmed":
        return PublicStatus.IDENTIFIED
    return PublicStatus.INVESTIGATING


class CoachErrorsOpen(EscalationNotReady):
    """The coach found errors the author has neither fixed nor explained."""

    def __init__(self, errors: list[tuple[FieldFindings, Finding]]) -> None:
        n = len(errors)
        super().__init__(
            [
                f"The clarity coach found {n} problem{'s' if n != 1 else ''} that would cost "
                "you the executive's trust. Fix each one, or say why it is right as written."
            ]
        )
        self.errors = errors


def _coach_overrides(
    *, escalation: Escalation, by: User, overrides: Mapping[str, str]
) -> list[CoachOverride]:
    """Open coach errors need a fix or a recorded reason; raises ``CoachErrorsOpen`` if not."""
    from .coach_fields import excerpt, open_errors

    errors = open_errors(escalation)
    unexplained = [(ff, f) for ff, f in errors if not overrides.get(ff.key(f), "").strip()]
    if unexplained:
        raise CoachErrorsOpen(unexplained)
    return [
        CoachOverride(
            escalation=escalation,
            rule=f.rule,
            section=ff.section,
            excerpt=("".join(excerpt(ff.text, f)) or ff.text)[:300],
            reason=overrides[ff.key(f)].strip(),
            created_by=by,
        )
        for ff, f in errors
    ]


def escalation_escalate(
    *,
    escalation: Escalation,
    by: User,
    overrides: Mapping[str, str] | None = None,
    now: datetime | None = None,
) -> Escalation:
    """Finalise the draft: escalated now, the pre-read becomes the first timeline entry, and
    the cadence clock starts (``update_post`` computes ``next_update_due_at``).

    Raises ``EscalationNotReady`` with the reasons when a step is incomplete, and
    ``CoachErrorsOpen`` when the coach's errors are neither fixed nor overridden: a draft
    always saves, but escalating with an error needs a reason per error, keyed by
    ``FieldFindings.key``; each reason is recorded as a ``CoachOverride``. ``escalation``
    must be loaded with ``selectors.escalation_full_queryset``.
    """
    from .outputs import preread, when
    from .selectors import escalation_full_queryset

    now = now or timezone.now()
    with transaction.atomic():
        Escalation.objects.select_for_update().filter(pk=escalation.pk).first()
        current = escalation_full_queryset().get(pk=escalation.pk)
        problems = escalation_blockers(current)
        if problems:
            raise EscalationNotReady(problems)
        CoachOverride.objects.bulk_create(
            _coach_overrides(escalation=current, by=by, overrides=overrides or {})
        )
        text = preread(current)
        Escalation.objects.filter(pk=current.pk).update(
            state=State.ESCALATED, escalated_at=now, wizard_drafts={}, modified_at=now
        )
        current.refresh_from_db()
        # An update that promises nothing reads as evasion: say when the next one comes
        # (the same due time update_post is about to store).
        due = cadence.next_update_due(current, after=now)
        body = text.markdown
        if due is not None:
            body += f"\n\n_Next update by {when(due, current.executive_time_zone)}._"
        update_post(
            escalation=current,
            author=by,
            body=body,
            state=_first_public_status(current),
            kind=UpdateKind.ESCALATED,
            now=now,
        )
    escalation.refresh_from_db()
    return escalation


# --- discard ---------------------------------------------------------------------------------


class NotADraft(ValueError):
    pass


def escalation_discard(*, escalation: Escalation, by: User) -> str:
    """Delete a draft nobody has seen; escalated ones are history and stay. Returns the title."""
    with transaction.atomic():
        locked = Escalation.objects.select_for_update().get(pk=escalation.pk)
        if locked.state != State.DRAFT or locked.owner_id != by.pk:
            raise NotADraft("Only drafts can be discarded; this one has been escalated.")
        title = locked.title or "Untitled draft"
        locked.delete()
    return title
