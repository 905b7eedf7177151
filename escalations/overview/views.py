"""The author's list and the escalation page, plus the moves that are not wizard steps:
start a draft, discard it, mark an escalation contained or resolved.

The escalation page gathers every topic's panel; each topic builds its own panel's context
(``escalations.meetings.panels``, ``escalations.updates.panels``) and other apps add theirs
through ``escalations.overview.panels`` (the sharing panel comes from statuspages that way,
so escalations never imports it).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from escalations import services
from escalations.actions.panels import actions_context
from escalations.decisions.panels import asks_context
from escalations.http import (
    HtmxHttpRequest,
    go,
    is_owner,
    owned_or_404,
    request_user,
    visible_or_404,
)
from escalations.meetings.panels import cadence_context, meetings_context
from escalations.models import Escalation, State
from escalations.overview.forms import StateForm
from escalations.overview.panels import page_context
from escalations.selectors import escalations_owned_by
from escalations.subscriptions.panels import readers_context
from escalations.updates.panels import updates_context
from escalations.wizard import steps


@require_GET
def home(request: HtmxHttpRequest) -> HttpResponse:
    """My escalations: the signed-in author's list, newest first."""
    escalations = escalations_owned_by(request_user(request))
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
    escalation = owned_or_404(request, pk)
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
    # Staff read every escalation but change none they do not own: no write form is shown
    # to them, since every write endpoint would answer 404 (see escalations/http.py).
    owner = is_owner(request, escalation)
    return {
        **meetings_context(escalation=escalation, is_owner=owner, now=now),
        **cadence_context(escalation=escalation, is_owner=owner, now=now),
        **asks_context(escalation=escalation, is_owner=owner, now=now),
        **actions_context(escalation=escalation, is_owner=owner, now=now),
        **readers_context(escalation=escalation, is_owner=owner),
        **updates_context(escalation=escalation, now=now, is_owner=owner),
        **page_context(request, escalation),
        "escalation": escalation,
        "now": now,
        "author_tz": timezone.get_current_timezone_name(),
        "wizard_complete": steps.is_complete(escalation),
        "is_owner": owner,
        "can_edit": owner and escalation.state != State.DRAFT,
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


@require_POST
def escalation_state(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Move an escalated matter on: contained, resolved, or reopened."""
    escalation = owned_or_404(request, pk)
    form = StateForm(request.POST, choices=[(s, s) for s in State.values])
    if not form.is_valid() and "note" in form.errors:
        # Show the page again with the note as typed and what is wrong with it.
        context = {
            **_detail_context(request, escalation),
            "state_note": request.POST.get("note", ""),
            "state_note_error": form.errors["note"][0],
        }
        return render(request, "escalations/detail.html", context, status=422)
    state = form.cleaned_data.get("state", "")
    note = form.cleaned_data.get("note", "").strip()
    refusal = services.escalation_move_refusal(escalation=escalation, state=state)
    if refusal:
        messages.error(request, refusal)
        return go(request, escalation.get_absolute_url())
    try:
        services.escalation_set_state(
            escalation=escalation, state=state, by=request_user(request), note=note
        )
    except services.TransitionNotAllowed as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"Marked {State(state).label.lower()}; readers see it in the timeline."
        )
    return go(request, escalation.get_absolute_url())
