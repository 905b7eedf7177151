"""The author's list and the escalation page, plus the moves that are not wizard steps:
start a draft, discard it, mark an escalation contained or resolved.

The escalation page gathers every topic's panel; each topic builds its own panel's context
(``escalations.meetings.panels``, ``escalations.updates.panels``) and other apps add theirs
through ``escalations.overview.panels`` (the sharing panel comes from statuspages that way,
so escalations never imports it).
"""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from escalations.actions.panels import actions_context
from escalations.decisions.panels import asks_context
from escalations.http import (
    HtmxHttpRequest,
    authored_or_404,
    can_edit,
    editable_or_404,
    go,
    is_author,
    request_user,
    visible_or_404,
)
from escalations.lifecycle import services
from escalations.meetings.panels import cadence_context, meetings_context
from escalations.models import Escalation, Meeting, State
from escalations.overview.forms import StateForm
from escalations.overview.panels import page_context
from escalations.overview.services import escalation_move
from escalations.rca.panels import rca_context
from escalations.selectors import EMPTY_DRAFT, escalations_owned_by
from escalations.subscriptions.panels import readers_context
from escalations.teams.panels import coauthors_context
from escalations.updates.panels import updates_context
from escalations.wizard import steps


@require_GET
def home(request: HtmxHttpRequest) -> HttpResponse:
    """My escalations: the signed-in author's list, newest first."""
    # A draft left before a word was typed is not listed ("+ New escalation" reopens it).
    escalations = escalations_owned_by(request_user(request)).exclude(EMPTY_DRAFT)
    return render(
        request,
        "escalations/home.html",
        {
            "escalations": escalations,
            "now": timezone.now(),
            "author_tz": timezone.get_current_timezone_name(),
        },
    )


@require_POST
def escalation_new(request: HtmxHttpRequest) -> HttpResponse:
    escalation = services.escalation_create_draft(owner=request_user(request))
    return go(
        request, reverse("escalations:wizard_step", args=[escalation.pk, steps.STEPS[0].slug])
    )


@require_POST
def escalation_discard(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Throw away a draft nobody has seen (escalated ones are history and stay)."""
    escalation = authored_or_404(request, pk)
    try:
        title = services.escalation_discard(escalation=escalation, by=request_user(request))
    except services.NotADraft as exc:
        messages.error(request, str(exc))
        return go(request, escalation.get_absolute_url())
    messages.success(request, f"Discarded the draft “{title}”.")
    return go(request, reverse("escalations:home"))


@require_GET
def detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """One escalation, everything about it, for its owner (or a reviewer, read-only)."""
    escalation = visible_or_404(request, pk)
    return render(request, "escalations/detail.html", _detail_context(request, escalation))


def _detail_context(request: HtmxHttpRequest, escalation: Escalation) -> dict[str, object]:
    """The page and every panel on it: each room's panel context, merged (their keys are
    distinct), so each panel renders here and alone as ``detail.html#<panel>``."""
    now = timezone.now()
    # Reviewers read their teams' escalations but change none they do not write: no write
    # form is shown to them, since every write endpoint would answer 404 (escalations/http.py).
    owner = can_edit(request, escalation)
    return {
        **meetings_context(escalation=escalation, can_edit=owner, now=now),
        **cadence_context(escalation=escalation, can_edit=owner, now=now),
        **asks_context(escalation=escalation, can_edit=owner, now=now),
        **actions_context(escalation=escalation, can_edit=owner, now=now),
        **readers_context(escalation=escalation, can_edit=owner),
        **updates_context(escalation=escalation, now=now, can_edit=owner),
        **rca_context(escalation=escalation, can_edit=owner, now=now),
        **coauthors_context(escalation=escalation, is_author=is_author(request, escalation)),
        **page_context(request, escalation),
        "escalation": escalation,
        "now": now,
        "author_tz": timezone.get_current_timezone_name(),
        "wizard_complete": steps.is_complete(escalation),
        "can_edit": owner,
        "is_author": is_author(request, escalation),
        "can_edit_sections": owner and escalation.state != State.DRAFT,
        "steps": steps.STEPS,
        "state_choices": _state_choices(escalation),
    }


def _state_choices(e: Escalation) -> list[tuple[str, str]]:
    """The moves the services allow the author, each with the words its button says."""
    labels = {
        State.CONTAINED: (
            "Reopen (the fix did not hold)" if e.state == State.RESOLVED else "Mark contained"
        ),
        State.RESOLVED: "Mark resolved",
        State.ESCALATED: "Reopen (not contained after all)",
    }
    return [(s, labels[s]) for s in services.escalation_author_moves(e)]


# The moves that close a chapter ask first: with the note readers will get, and what the
# move leaves open (asks stay open; coming 1:1s may be cancelled with it).
CONFIRMED_MOVES = (State.CONTAINED, State.RESOLVED)
NOTE_REQUIRED = (
    "Say what changed: it is posted to the timeline and emailed to readers, so it cannot be empty."
)


@require_POST
def escalation_state(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Move an escalated matter on: contained, resolved, or reopened. Contained and resolved
    show a confirmation first; every move needs a note (an empty "What changed?" is never
    posted or emailed)."""
    escalation = editable_or_404(request, pk)
    now = timezone.now()
    form = StateForm(request.POST, choices=[(s, s) for s in State.values])
    state = request.POST.get("state", "")
    confirming = state in CONFIRMED_MOVES
    raw_note = request.POST.get("note", "")
    raw_impact = request.POST.get("impact", "")
    invalid = {} if form.is_valid() else form.errors
    note_error = str(invalid["note"][0]) if "note" in invalid else ""
    impact_error = str(invalid["impact"][0]) if "impact" in invalid else ""
    refusal = (
        ""
        if note_error or impact_error
        else services.escalation_move_refusal(escalation=escalation, state=state)
    )
    if refusal:
        messages.error(request, refusal)
        return go(request, escalation.get_absolute_url())
    note = "" if note_error else form.cleaned_data.get("note", "").strip()
    confirmed = request.POST.get("confirmed") == "yes"
    if not note_error and confirmed and not note:
        note_error = NOTE_REQUIRED
    if confirming and (not confirmed or note_error or impact_error):
        return _confirm_page(
            request,
            escalation,
            state=state,
            note=raw_note,
            error=note_error,
            impact=raw_impact or escalation.impact_now,
            impact_error=impact_error,
            now=now,
        )
    if not note_error and not note:
        note_error = NOTE_REQUIRED
    if note_error or impact_error:
        # Show the page again with the note as typed and what is wrong with it.
        context = {
            **_detail_context(request, escalation),
            "state_note": raw_note,
            "state_note_error": note_error,
            "state_impact": raw_impact,
            "state_impact_error": impact_error,
        }
        return render(request, "escalations/detail.html", context, status=422)
    upcoming = _upcoming_meetings(escalation, now)
    chosen = set(request.POST.getlist("cancel_meeting"))
    try:
        cancelled = escalation_move(
            escalation=escalation,
            state=state,
            by=request_user(request),
            note=note,
            impact="" if impact_error else form.cleaned_data.get("impact", ""),
            cancel=[m for m in upcoming if str(m.pk) in chosen],
            now=now,
        )
    except services.TransitionNotAllowed as exc:
        messages.error(request, str(exc))
        return go(request, escalation.get_absolute_url())
    said = [f"Marked {State(state).label.lower()}; readers see your note in the timeline."]
    if cancelled:
        said.append(
            "Cancelled the 1:1 on "
            + ", ".join(f"{timezone.localtime(m.starts_at):%a %d %b %H:%M}" for m in cancelled)
            + "."
        )
    open_asks = [a for a in escalation.asks.all() if a.is_open]
    if state == State.RESOLVED and open_asks:
        said.append(
            f"{len(open_asks)} ask{'s' if len(open_asks) != 1 else ''} still open on the "
            "status page: the executive can still answer."
        )
    messages.success(request, " ".join(said))
    return go(request, escalation.get_absolute_url())


def _upcoming_meetings(escalation: Escalation, now: datetime) -> list[Meeting]:
    return [m for m in escalation.meetings.all() if not m.is_cancelled and m.starts_at > now]


def _confirm_page(
    request: HtmxHttpRequest,
    escalation: Escalation,
    *,
    state: str,
    note: str,
    error: str,
    now: datetime,
    impact: str = "",
    impact_error: str = "",
) -> HttpResponse:
    """ "Mark resolved?": the note as typed, the asks that stay open, and the coming 1:1s
    with a box to cancel each (ticked when resolving: nothing is left to meet about)."""
    return render(
        request,
        "escalations/state_confirm.html",
        {
            "escalation": escalation,
            "state": state,
            "state_label": State(state).label.lower(),
            "note": note,
            "note_error": error,
            "impact": impact,
            "impact_error": impact_error,
            "open_asks": [a for a in escalation.asks.all() if a.is_open],
            "upcoming": _upcoming_meetings(escalation, now),
            "cancel_by_default": state == State.RESOLVED,
            "author_tz": timezone.get_current_timezone_name(),
            "now": now,
        },
        status=422 if error else 200,
    )
