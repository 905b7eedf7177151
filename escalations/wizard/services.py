"""Writes behind the wizard: autosave a step as typed, save a valid step with its rows,
and tell readers what changed when a section is edited after escalation."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from escalations.models import Escalation, State, Update, UpdateKind
from escalations.profiles.services import profile_set_time_zone
from escalations.selectors import escalation_full_queryset
from escalations.services import escalation_touch
from escalations.subscriptions.services import subscription_executive_follow
from escalations.updates.services import update_post
from escalations.wizard import steps

# Autosave stores raw form data; cap it so a runaway client cannot bloat the row.
AUTOSAVE_MAX_CHARS = 100_000


class StaleStep(Exception):
    """The step changed (another tab, or another writer, autosaved or saved it) since this
    form was loaded. ``changed_by`` names the other writer; blank when it was this person
    (in another tab) or nobody is known."""

    def __init__(self, *, revision: int, changed_at: datetime | None, changed_by: str = "") -> None:
        super().__init__(
            f"{changed_by} changed this step."
            if changed_by
            else "This step changed in another tab."
        )
        self.revision = revision
        self.changed_at = changed_at
        self.changed_by = changed_by


def _editor(user: User | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.pk, "name": user.get_full_name() or user.get_username()}


def _editors_after(locked: Escalation, step: str, by: User | None) -> dict[str, Any]:
    editors = dict(locked.wizard_editors or {})
    mark = _editor(by)
    if mark is not None:
        editors[step] = mark
    return editors


def wizard_revision(escalation: Escalation, step: str) -> int:
    """The step's current revision (0 before its first autosave or save)."""
    return int((escalation.wizard_revisions or {}).get(step, 0))


def _claim_revision(
    locked: Escalation,
    step: str,
    expected: int | None,
    data: dict[str, list[str]] | None,
    by: User | None = None,
) -> tuple[dict[str, int], int]:
    """Next revision of ``step``, or StaleStep if the form was loaded at another one.

    ``expected`` None means the client sent no revision (a form from before this check):
    nothing to compare, last write wins as it always did. A stale revision whose stored
    draft is exactly ``data`` is no conflict: it is this tab's own autosave whose answer
    the browser dropped when the author pressed Save. The same check holds between people:
    a co-author's form loaded before the author's save is stale the same way, and the
    refusal names who wrote last (``wizard_editors``)."""
    revisions = dict(locked.wizard_revisions or {})
    current = int(revisions.get(step, 0))
    same_text = data is not None and (locked.wizard_drafts or {}).get(step) == data
    if expected is not None and expected != current and not same_text:
        times = [t for t in (locked.wizard_autosaved_at, locked.modified_at) if t is not None]
        last = (locked.wizard_editors or {}).get(step) or {}
        other = last.get("name", "") if by is not None and last.get("id") != by.pk else ""
        raise StaleStep(revision=current, changed_at=max(times, default=None), changed_by=other)
    revisions[step] = current + 1
    return revisions, current + 1


def _lock_wizard_state(escalation: Escalation) -> Escalation:
    """The row's wizard bookkeeping, locked: two tabs saving at once take turns."""
    return (
        Escalation.objects.select_for_update()
        .only(
            "wizard_drafts",
            "wizard_revisions",
            "wizard_editors",
            "wizard_autosaved_at",
            "modified_at",
        )
        .get(pk=escalation.pk)
    )


def wizard_autosave(
    *,
    escalation: Escalation,
    step: str,
    data: dict[str, list[str]],
    now: datetime | None = None,
    revision: int | None = None,
    by: User | None = None,
) -> datetime:
    """Keep what the author typed in one step, valid or not, so closing the tab loses nothing.

    Only the step's own draft is replaced; saved sections are untouched. With ``revision``
    (what the tab loaded), a step changed meanwhile in another tab raises StaleStep and
    nothing is written: the other tab's text stays, this tab keeps its own on screen.
    """
    now = now or timezone.now()
    # PostgreSQL's jsonb refuses NUL characters; a pasted one must not lose the draft.
    data = {key: [v.replace("\x00", "") for v in values] for key, values in data.items()}
    if len(json.dumps(data)) > AUTOSAVE_MAX_CHARS:
        raise ValueError("Draft too large to autosave.")
    with transaction.atomic():
        locked = _lock_wizard_state(escalation)
        stored = (locked.wizard_drafts or {}).get(step)
        if revision is not None and revision != wizard_revision(locked, step) and stored == data:
            # This very text is already kept: the same tab's beacon on leaving and its copy
            # put back on the next load, in either order. Writing nothing keeps the revision
            # the tab is told, so its next edit is not taken for another tab's.
            escalation.wizard_drafts = locked.wizard_drafts
            escalation.wizard_revisions = locked.wizard_revisions
            escalation.wizard_autosaved_at = locked.wizard_autosaved_at
            return locked.wizard_autosaved_at or now
        revisions, _ = _claim_revision(locked, step, revision, data, by)
        drafts = dict(locked.wizard_drafts or {})
        drafts[step] = data
        editors = _editors_after(locked, step, by)
        Escalation.objects.filter(pk=escalation.pk).update(
            wizard_drafts=drafts,
            wizard_autosaved_at=now,
            wizard_revisions=revisions,
            wizard_editors=editors,
        )
    escalation.wizard_drafts = drafts
    escalation.wizard_autosaved_at = now
    escalation.wizard_revisions = revisions
    escalation.wizard_editors = editors
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
    revision: int | None = None,
    typed: dict[str, list[str]] | None = None,
) -> list[str]:
    """Save one valid wizard step (form and rows) and drop its autosaved draft.

    After escalation the executive has already read the old text, so the change is recorded
    in the timeline (``escalation_edit_section``); returns the lines describing it. A step
    changed in another tab since ``revision`` raises StaleStep and saves nothing (``typed``
    is the raw form data, to recognise this tab's own last autosave).
    """
    now = now or timezone.now()
    step_obj = steps.BY_SLUG[step]
    with transaction.atomic():
        locked = _lock_wizard_state(escalation)
        revisions, _ = _claim_revision(locked, step, revision, typed, by)
        before = steps.section_snapshot(escalation_full_queryset().get(pk=escalation.pk), step_obj)
        forms.form.before_save(by)
        instance = forms.form.save(commit=False)
        drafts = dict(locked.wizard_drafts or {})
        drafts.pop(step, None)
        instance.wizard_drafts = drafts
        instance.wizard_revisions = revisions
        instance.wizard_editors = _editors_after(locked, step, by)
        # Only this step's columns: the row may have moved on (an update, a state change)
        # since the form was loaded.
        instance.save(
            update_fields=[
                *forms.form.model_fields_to_save(),
                "wizard_drafts",
                "wizard_revisions",
                "wizard_editors",
                "modified_at",
            ]
        )
        if forms.formset is not None:
            _save_rows(instance, forms.formset)
        if "executive" in forms.form.model_fields_to_save():
            # Addressed to someone (else): their row follows their choice.
            subscription_executive_follow(escalation=instance, now=now)
        # Readers of a shared draft's status page must see the new text (cache key).
        escalation_touch(escalation=instance)
        if author_time_zone:
            profile_set_time_zone(user=by, time_zone=author_time_zone)
        changes: list[str] = []
        if instance.state != State.DRAFT:
            after = steps.section_snapshot(
                escalation_full_queryset().get(pk=escalation.pk), step_obj
            )
            changes = steps.describe_changes(before, after)
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
