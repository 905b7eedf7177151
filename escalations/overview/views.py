"""The author's list and the escalation page, plus the moves that are not wizard steps:
start a draft, discard it, mark an escalation contained or resolved.

The escalation page gathers every topic's panel; each topic builds its own panel's context
(``escalations.meetings.panels``, ``escalations.updates.panels``) and other apps add theirs
through ``escalations.overview.panels`` (the sharing panel comes from statuspages that way,
so escalations never imports it).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from escalations import services
from escalations.decisions.panels import PANEL as ASKS_PANEL
from escalations.decisions.panels import asks_context
from escalations.http import HtmxHttpRequest, go, request_user
from escalations.meetings.panels import CADENCE_PANEL, cadence_context, meetings_context
from escalations.meetings.panels import PANEL as MEETINGS_PANEL
from escalations.models import Escalation, State
from escalations.overview.forms import StateForm
from escalations.overview.panels import page_context
from escalations.selectors import (
    escalation_full_for_owner,
    escalation_full_for_user,
    escalations_owned_by,
)
from escalations.subscriptions.panels import PANEL as READERS_PANEL
from escalations.subscriptions.panels import readers_context
from escalations.updates.panels import updates_context
from escalations.wizard import steps


@require_GET
@login_required
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
@login_required
def escalation_new(request: HtmxHttpRequest) -> HttpResponse:
    escalation = services.escalation_create_draft(owner=request_user(request))
    return go(
        request, reverse("escalations:wizard_step", args=[escalation.pk, steps.STEPS[0].slug])
    )


@require_POST
@login_required
def escalation_discard(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Throw away a draft nobody has seen (escalated ones are history and stay)."""
    escalation = escalation_full_for_owner(user=request.user, pk=pk)
    try:
        title = services.escalation_discard(escalation=escalation, by=request_user(request))
    except services.NotADraft as exc:
        messages.error(request, str(exc))
        return go(request, escalation.get_absolute_url())
    messages.success(request, f"Discarded the draft “{title}”.")
    return go(request, reverse("escalations:home"))


@require_GET
@login_required
def detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """One escalation, everything about it, for its owner (or a reviewer, read-only)."""
    escalation = escalation_full_for_user(user=request.user, pk=pk)
    return render(request, "escalations/detail.html", _detail_context(request, escalation))


def _detail_context(request: HtmxHttpRequest, escalation: Escalation) -> dict[str, object]:
    now = timezone.now()
    user = request.user
    # Staff read every escalation but change none they do not own: no write form is shown
    # to them, since every write endpoint would answer 404 (see escalations/http.py).
    is_owner = escalation.owner_id == user.pk
    asks = asks_context(escalation=escalation, user=user, now=now)
    return {
        "escalation": escalation,
        "now": now,
        "author_tz": timezone.get_current_timezone_name(),
        "wizard_complete": steps.is_complete(escalation),
        "is_owner": is_owner,
        "can_edit": is_owner and escalation.state != State.DRAFT,
        "steps": steps.STEPS,
        "state_choices": _state_choices(escalation),
        "meetings_panel": render_to_string(
            MEETINGS_PANEL,
            meetings_context(escalation=escalation, user=user, now=now),
            request=request,
        ),
        "cadence_panel": render_to_string(
            CADENCE_PANEL,
            cadence_context(escalation=escalation, user=user, now=now),
            request=request,
        ),
        "asks_panel": render_to_string(ASKS_PANEL, asks, request=request),
        "asks_overdue": asks["asks_overdue"],
        "readers_panel": render_to_string(
            READERS_PANEL,
            readers_context(escalation=escalation, user=user),
            request=request,
        ),
        **updates_context(escalation=escalation, now=now, is_owner=is_owner),
        **page_context(request, escalation),
    }


def _state_choices(e: Escalation) -> list[tuple[str, str]]:
    labels = {
        State.CONTAINED: (
            "Reopen (the fix did not hold)" if e.state == State.RESOLVED else "Mark contained"
        ),
        State.RESOLVED: "Mark resolved",
        State.ESCALATED: "Reopen (not contained after all)",
    }
    allowed = services.ALLOWED_TRANSITIONS.get(State(e.state), frozenset())
    return [
        (s, labels[State(s)])
        for s in (State.CONTAINED, State.RESOLVED, State.ESCALATED)
        if s in allowed and e.state != State.DRAFT
    ]


@require_POST
@login_required
def escalation_state(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Move an escalated matter on: contained, resolved, or reopened."""
    escalation = escalation_full_for_owner(user=request.user, pk=pk)
    form = StateForm(request.POST, choices=[(s, s) for s in State.values])
    if not form.is_valid() and ("note" in form.errors or "impact" in form.errors):
        # Show the page again with the note as typed and what is wrong with it.
        context = {
            **_detail_context(request, escalation),
            "state_note": request.POST.get("note", ""),
            "state_note_error": form.errors["note"][0] if "note" in form.errors else "",
            "state_impact": request.POST.get("impact", ""),
            "state_impact_error": form.errors["impact"][0] if "impact" in form.errors else "",
        }
        return render(request, "escalations/detail.html", context, status=422)
    state = form.cleaned_data.get("state", "")
    note = form.cleaned_data.get("note", "").strip()
    # Only the moves the state panel offers: a draft escalates through the review page
    # (wizard and coach checks, the pre-read), and "reviewed" belongs to the reviewers.
    if state not in {value for value, _label in _state_choices(escalation)}:
        if escalation.state == State.DRAFT:
            reason = "A draft is escalated from its review page, once every step is done."
        elif state in State.values:
            reason = (
                f"An escalation that is {escalation.get_state_display().lower()} cannot move "
                f"to {State(state).label.lower()} here."
            )
        else:
            reason = "Choose what state it is in now."
        messages.error(request, reason)
        return go(request, escalation.get_absolute_url())
    try:
        services.escalation_set_state(
            escalation=escalation,
            state=state,
            by=request_user(request),
            note=note,
            impact=form.cleaned_data.get("impact", ""),
        )
    except services.TransitionNotAllowed as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"Marked {State(state).label.lower()}; readers see it in the timeline."
        )
    return go(request, escalation.get_absolute_url())
