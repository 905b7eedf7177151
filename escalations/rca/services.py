"""Writes about the RCA: start it (seeded from the escalation), save it, complete or
dismiss it, and settle each preventive action (done, or accepted as not doing).

Keyword-only, typed, ``<noun>_<verb>``, atomic where several rows change. Every write that
readers of the status page can see moves the escalation's version (through
``escalations.services.escalation_touch``, the one way readers hear of a change).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from django.db import IntegrityError, transaction
from django.utils import timezone

from escalations.markdown import markdown_to_plain
from escalations.models import (
    ActionKind,
    Escalation,
    PreventiveAction,
    Rca,
    RcaTimelineEntry,
    UpdateKind,
)
from escalations.rca.selectors import RCA_STATES, rca_of
from escalations.services import escalation_touch
from escalations.wizard.briefing import short_sentence

# "ok" is not a reason: whoever reads it later must learn why.
MIN_REASON = 15
# Updates that mark a key moment, and how many words of each the timeline keeps.
TIMELINE_KINDS = frozenset({UpdateKind.ESCALATED, UpdateKind.STATE_CHANGE, UpdateKind.DECISION})
TIMELINE_WORDS = 25
# The most moments an RCA's timeline holds (its form's limit too). A longer history is seeded
# with its first moment (detection) and its latest ones, so the seeded RCA can be saved.
MAX_MOMENTS = 200


class RcaError(ValueError):
    """A change to the RCA that cannot be made; the message is for the author."""


class RcaNotReady(RcaError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = problems


def timeline_seed(e: Escalation) -> list[tuple[datetime, str]]:
    """Key moments drawn from the escalation and its updates (prefetched), oldest first:
    detected, escalated, each state change and decision, with the first words said then."""
    moments: list[tuple[datetime, str]] = []
    if e.detected_at:
        moments.append((e.detected_at, "Impact started (detected)."))
    for u in e.updates.all():
        if u.kind not in TIMELINE_KINDS:
            continue
        label = {
            UpdateKind.ESCALATED: "Escalated",
            UpdateKind.DECISION: "Decision",
        }.get(UpdateKind(u.kind), "State changed")
        said = short_sentence(markdown_to_plain(u.body), TIMELINE_WORDS)
        moments.append((u.created_at, f"{label}: {said}"[:500]))
    moments.sort(key=lambda m: m[0])
    if len(moments) > MAX_MOMENTS:
        moments = moments[:1] + moments[-(MAX_MOMENTS - 1) :]
    return moments


def rca_start(*, escalation: Escalation, now: datetime | None = None) -> Rca:
    """Open the RCA, seeded from what is already known: the timeline from the updates, the
    final impact from the impact headline, the preventive actions from the remediation's
    preventative rows. Idempotent: a second call returns the same row untouched.

    ``escalation`` must be loaded with ``selectors.escalation_full_queryset``.
    """
    now = now or timezone.now()
    if escalation.state not in RCA_STATES:
        raise RcaError("The RCA is written once the escalation is contained or resolved.")
    existing = rca_of(escalation)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            rca = Rca.objects.create(escalation=escalation, impact_final=escalation.impact_headline)
            RcaTimelineEntry.objects.bulk_create(
                RcaTimelineEntry(rca=rca, at=at, text=text, position=i)
                for i, (at, text) in enumerate(timeline_seed(escalation))
            )
            PreventiveAction.objects.bulk_create(
                PreventiveAction(
                    rca=rca,
                    description=a.description,
                    owner_name=a.owner_name,
                    due_at=a.due_at,
                    position=i,
                )
                for i, a in enumerate(
                    a for a in escalation.actions.all() if a.kind == ActionKind.PREVENTATIVE
                )
            )
    except IntegrityError:
        # Two tabs started it at once: the other one won, and that is the RCA.
        return Rca.objects.get(escalation=escalation)
    return rca


class Saveable(Protocol):
    def save(self, commit: bool = ...) -> object: ...


def rca_save(*, rca: Rca, forms: Iterable[Saveable]) -> Rca:
    """Save the RCA form and its rows (already validated) together, and tell readers."""
    with transaction.atomic():
        for form in forms:
            form.save()
        escalation_touch(escalation=rca.escalation)
    rca.refresh_from_db()
    return rca


def rca_problems(rca: Rca) -> list[str]:
    """What stops this RCA from being complete, in words the author can act on."""
    problems = []
    if not rca.cause_statement.strip():
        problems.append("Say what the confirmed root cause was.")
    if not rca.cause_confidence:
        problems.append("Say how confident you are in it.")
    if not rca.cause_category:
        problems.append("Choose what kind of cause it was.")
    if not (rca.went_well.strip() or rca.went_badly.strip()):
        problems.append("Say what went well or what did not.")
    if not rca.preventive_actions.exists():
        problems.append(
            "Add at least one preventive action with an owner and a due date: what stops "
            "it happening again."
        )
    return problems


def rca_complete(*, rca: Rca, now: datetime | None = None) -> Rca:
    """Mark the RCA complete (reminders stop; the executive can review it). Raises
    ``RcaNotReady`` with what is missing. Completing twice keeps the first time."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Rca.objects.select_for_update().get(pk=rca.pk)
        problems = rca_problems(locked)
        if problems:
            raise RcaNotReady(problems)
        if locked.completed_at is None:
            locked.completed_at = now
            locked.dismissed_at = None
            locked.dismissed_reason = ""
            locked.save(update_fields=["completed_at", "dismissed_at", "dismissed_reason"])
        escalation_touch(escalation=locked.escalation)
    rca.refresh_from_db()
    return rca


def rca_dismiss(*, escalation: Escalation, reason: str, now: datetime | None = None) -> Rca:
    """No RCA for this one, and why (recorded; reviewers see it): reminders stop."""
    now = now or timezone.now()
    reason = reason.strip()
    if len(reason) < MIN_REASON:
        raise RcaError(
            f"Say in a sentence (at least {MIN_REASON} characters) why this needs no RCA."
        )
    if escalation.state not in RCA_STATES:
        raise RcaError("The RCA is asked for once the escalation is contained or resolved.")
    with transaction.atomic():
        rca, _ = Rca.objects.select_for_update().get_or_create(escalation=escalation)
        if rca.completed_at is not None:
            raise RcaError("This RCA is complete; there is nothing to dismiss.")
        rca.dismissed_at = now
        rca.dismissed_reason = reason
        rca.save(update_fields=["dismissed_at", "dismissed_reason"])
    return rca


def preventive_mark_done(
    *, action: PreventiveAction, note: str = "", now: datetime | None = None
) -> PreventiveAction:
    """The action is done (with an optional note, e.g. the PR or the runbook)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = PreventiveAction.objects.select_for_update().get(pk=action.pk)
        if locked.is_settled:
            raise RcaError("This action is already settled.")
        locked.done_at = now
        locked.done_note = note.strip()
        locked.save(update_fields=["done_at", "done_note"])
        escalation_touch(escalation=action.rca.escalation)
    action.refresh_from_db()
    return action


def preventive_accept_not_doing(
    *, action: PreventiveAction, reason: str, now: datetime | None = None
) -> PreventiveAction:
    """The action will not be done, accepted explicitly and with a reason readers see."""
    now = now or timezone.now()
    reason = reason.strip()
    if len(reason) < MIN_REASON:
        raise RcaError(
            f"Say in a sentence (at least {MIN_REASON} characters) why it will not be done."
        )
    with transaction.atomic():
        locked = PreventiveAction.objects.select_for_update().get(pk=action.pk)
        if locked.is_settled:
            raise RcaError("This action is already settled.")
        locked.not_doing_at = now
        locked.not_doing_reason = reason
        locked.save(update_fields=["not_doing_at", "not_doing_reason"])
        escalation_touch(escalation=action.rca.escalation)
    action.refresh_from_db()
    return action


def preventive_reopen(*, action: PreventiveAction) -> PreventiveAction:
    """Undo a mistaken "done" or "not doing": the action is open again."""
    with transaction.atomic():
        PreventiveAction.objects.filter(pk=action.pk).update(
            done_at=None, done_note="", not_doing_at=None, not_doing_reason=""
        )
        escalation_touch(escalation=action.rca.escalation)
    action.refresh_from_db()
    return action
