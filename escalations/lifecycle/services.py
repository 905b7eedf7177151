"""The escalation's lifecycle: a draft is created, escalated, moves through its states, is
reviewed, or is discarded.

These steps cross rooms (escalating checks the wizard's steps, builds the briefing, records
coach overrides and posts the first update), so they live here, above the rooms, and not in
the core's ``escalations/services.py``. Keyword-only, typed, ``<noun>_<verb>``; several rows
change together inside ``transaction.atomic()``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from escalations import cadence
from escalations.coach import Finding
from escalations.coach.fields import FieldFindings, excerpt, open_errors
from escalations.models import (
    CoachOverride,
    Escalation,
    PublicStatus,
    State,
    UpdateKind,
)
from escalations.outbox.preread import preread_received_words
from escalations.profiles.services import profile_get_or_create
from escalations.selectors import escalation_full_queryset, escalations_empty_drafts, teams_of
from escalations.services import escalation_touch
from escalations.timetext import when
from escalations.updates.services import update_post
from escalations.wizard import steps
from escalations.wizard.briefing import PREREAD_WORD_LIMIT, preread

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


# The moves after which the impact stops growing: the figures given with them are final.
_FINAL_IMPACT = frozenset({State.CONTAINED, State.RESOLVED})


class TransitionNotAllowed(ValueError):
    pass


# The moves an author makes from the escalation page, in the order the page offers them;
# "reviewed" is the reviewers' (the admin's), and a draft escalates through its review page.
AUTHOR_MOVES = (State.CONTAINED, State.RESOLVED, State.ESCALATED)


def escalation_author_moves(escalation: Escalation) -> list[State]:
    """The states the author may move ``escalation`` to from its page (none for a draft)."""
    allowed = ALLOWED_TRANSITIONS[escalation.state]
    return [s for s in AUTHOR_MOVES if s in allowed]


def escalation_move_refusal(*, escalation: Escalation, state: str) -> str:
    """Why the author may not move ``escalation`` to ``state`` from its page, in words for
    them; empty when they may (``escalation_set_state`` still checks under its lock)."""
    if state in escalation_author_moves(escalation):
        return ""
    if escalation.state == State.DRAFT:
        return "A draft is escalated from its review page, once every step is done."
    if state in State.values:
        return (
            f"An escalation that is {escalation.get_state_display().lower()} cannot move "
            f"to {State(state).label.lower()} here."
        )
    return "Choose what state it is in now."


def escalation_set_state(
    *,
    escalation: Escalation,
    state: str,
    by: User,
    note: str = "",
    impact: str = "",
    now: datetime | None = None,
) -> Escalation:
    """Move the escalation along its lifecycle and tell readers in the timeline.

    Containment and resolution carry the final impact (``impact``; blank keeps the current
    line), which readers then see as "Final impact" above the write-up.

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
                public_status=_PUBLIC_FOR_STATE[State(state)],
                kind=UpdateKind.STATE_CHANGE,
                now=now,
                impact=impact.strip() or (locked.impact_now if state in _FINAL_IMPACT else ""),
                impact_final=state in _FINAL_IMPACT,
            )
        else:
            escalation_touch(escalation=locked)
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


def escalation_review_save(
    *,
    escalation: Escalation,
    root_cause_confirmed: bool | None,
    prevention_actions: str,
    lessons: str,
) -> Escalation:
    """The reviewer's notes (the admin's review fieldset). Only these columns are written,
    so a reviewer's form loaded before an update cannot put back an older row; readers do
    not see them, so the version stays."""
    Escalation.objects.filter(pk=escalation.pk).update(
        review_root_cause_confirmed=root_cause_confirmed,
        review_prevention_actions=prevention_actions,
        review_lessons=lessons,
    )
    escalation.refresh_from_db()
    return escalation


# --- wizard ---------------------------------------------------------------------------------


class EscalationNotReady(ValueError):
    """Escalating needs every step complete (and, later, no blocking coach finding)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = problems


def escalation_create_draft(*, owner: User) -> Escalation:
    """An empty draft the wizard fills in, in the author's team; the executive's zone starts
    as the author's.

    "+ New escalation" pressed again, after leaving without typing a word, reopens that
    empty draft instead of adding another "Untitled draft" (the home list hides it)."""
    untouched = escalations_empty_drafts(owner).order_by("-created_at").first()
    if untouched is not None:
        return untouched
    zone = profile_get_or_create(user=owner).time_zone
    # The author's team (the first by name when in several: triage asks which); none when
    # the author is in no team.
    return Escalation.objects.create(
        owner=owner,
        title="",
        cadence_time_zone=zone,
        team=teams_of(owner).first(),
    )


def escalation_blockers(escalation: Escalation) -> list[str]:
    """What stops this draft from being escalated, in words the author can act on.

    The one place to add further gates (e.g. the coach's blocking findings)."""
    if escalation.state != State.DRAFT:
        return ["This escalation has already been escalated."]
    blocker = steps.first_incomplete(escalation)
    return [steps.blocked_message(blocker)] if blocker else []


def _first_public_status(escalation: Escalation) -> str:
    if escalation.remediation_mitigation.strip():
        return PublicStatus.MITIGATING
    if escalation.cause_confidence == "confirmed":
        return PublicStatus.IDENTIFIED
    return PublicStatus.INVESTIGATING


# "ok" is not a reason: a reviewer must be able to read why the author kept the words.
MIN_OVERRIDE_REASON = 15


class CoachErrorsOpen(EscalationNotReady):
    """The coach found errors the author has neither fixed nor explained."""

    def __init__(self, errors: list[tuple[FieldFindings, Finding]]) -> None:
        n = len(errors)
        super().__init__(
            [
                f"The clarity coach found {n} problem{'s' if n != 1 else ''} that would cost "
                "you the executive's trust. Fix each one, or say in a sentence (at least "
                f"{MIN_OVERRIDE_REASON} characters) why it is right as written."
            ]
        )
        self.errors = errors


def _coach_overrides(
    *, escalation: Escalation, by: User, overrides: Mapping[str, str]
) -> list[CoachOverride]:
    """Open coach errors need a fix or a recorded reason; raises ``CoachErrorsOpen`` if not."""
    errors = open_errors(escalation)
    unexplained = [
        (ff, f)
        for ff, f in errors
        if len(overrides.get(ff.key(f), "").strip()) < MIN_OVERRIDE_REASON
    ]
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


class PrereadTooLong(EscalationNotReady):
    """The pre-read is above the hard limit and the author has not said why it must be."""

    def __init__(self, words: int) -> None:
        super().__init__(
            [
                f"The pre-read is {words} words; above {PREREAD_WORD_LIMIT} it does not fit on "
                "a phone. Shorten it (or leave out the prepared answers), or say why it must "
                "be this long."
            ]
        )
        self.words = words


def escalation_set_preread_options(*, escalation: Escalation, include_answers: bool) -> None:
    """Whether the emailed pre-read carries the author's prepared answers."""
    Escalation.objects.filter(pk=escalation.pk).update(preread_include_answers=include_answers)
    escalation.refresh_from_db(fields=["preread_include_answers"])


def escalation_escalate(
    *,
    escalation: Escalation,
    by: User,
    overrides: Mapping[str, str] | None = None,
    length_reason: str = "",
    now: datetime | None = None,
) -> Escalation:
    """Finalise the draft: escalated now, the pre-read becomes the first timeline entry, and
    the cadence clock starts (``update_post`` computes ``next_update_due_at``).

    Raises ``EscalationNotReady`` with the reasons when a step is incomplete, and
    ``CoachErrorsOpen`` when the coach's errors are neither fixed nor overridden: a draft
    always saves, but escalating with an error needs a reason per error, keyed by
    ``FieldFindings.key``; each reason is recorded as a ``CoachOverride``. A pre-read above
    ``PREREAD_WORD_LIMIT`` words raises ``PrereadTooLong`` unless ``length_reason`` says why
    (recorded on the escalation and as a ``CoachOverride`` reviewers see). ``escalation``
    must be loaded with ``selectors.escalation_full_queryset``.
    """
    now = now or timezone.now()
    with transaction.atomic():
        Escalation.objects.select_for_update().filter(pk=escalation.pk).first()
        current = escalation_full_queryset().get(pk=escalation.pk)
        problems = escalation_blockers(current)
        if problems:
            raise EscalationNotReady(problems)
        recorded = _coach_overrides(escalation=current, by=by, overrides=overrides or {})
        text = preread(current)
        # Counted as the executive receives it (the email's text part), as the review page
        # shows it.
        upcoming = [m for m in current.meetings.all() if not m.is_cancelled and m.starts_at > now]
        words = preread_received_words(current, upcoming[0] if upcoming else None, now)
        reason = length_reason.strip()
        if words > PREREAD_WORD_LIMIT:
            if not reason:
                raise PrereadTooLong(words)
            recorded.append(
                CoachOverride(
                    escalation=current,
                    rule="preread-too-long",
                    section="preread",
                    excerpt=f"{words} words (limit {PREREAD_WORD_LIMIT})",
                    reason=reason,
                    created_by=by,
                )
            )
        CoachOverride.objects.bulk_create(recorded)
        Escalation.objects.filter(pk=current.pk).update(
            state=State.ESCALATED,
            escalated_at=now,
            wizard_drafts={},
            modified_at=now,
            preread_length_override_reason=reason if words > PREREAD_WORD_LIMIT else "",
        )
        current.refresh_from_db()
        # An update that promises nothing reads as evasion: say when the next one comes
        # (the same due time update_post is about to store).
        due = cadence.next_update_due(current, after=now)
        body = text.markdown
        if due is not None:
            body += f"\n\n_Next update by {when(due, current.executive_zone)}._"
        update_post(
            escalation=current,
            author=by,
            body=body,
            public_status=_first_public_status(current),
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
