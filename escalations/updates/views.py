"""The author posts updates to the timeline from the escalation page.

Every update — written, or the one-click "no change since 14:00" — goes through
``update_post``, the one function that restarts the cadence clock. Each view works without
JavaScript (full-page POST, redirect back) and with htmx (the panel is swapped).
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from escalations.http import (
    HtmxHttpRequest,
    editable_or_404,
    panel_or_page,
    panel_or_redirect,
    request_user,
)
from escalations.models import Escalation, UpdateKind
from escalations.updates.forms import BODY_MAX_LENGTH, UpdateForm
from escalations.updates.panels import PANEL, PREVIEW, updates_context
from escalations.updates.services import no_change_body, update_post, update_refusal


def _posted_message(escalation: Escalation) -> str:
    if escalation.next_update_due_at is None:
        return "Update posted."
    due = timezone.localtime(escalation.next_update_due_at)
    # In the page's one zone and format, named once in its header (docs/time.md).
    return f"Update posted. Next one due by {due:%a %d %b %H:%M}."


def _posted(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The panel with the new update in its timeline, or back to the page's timeline."""
    fresh = editable_or_404(request, pk)
    notice = _posted_message(fresh)
    return panel_or_redirect(
        request,
        fresh,
        template=PANEL,
        # The header's "Next update by" moves with the post (swapped out of band).
        context={
            **updates_context(escalation=fresh, now=timezone.now(), posted=notice),
            "header_oob": True,
        },
        anchor="timeline",
        notice=notice,
    )


@require_POST
def update_create(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Post a written update; on a mistake, show the form again with everything typed."""
    escalation = editable_or_404(request, pk)
    form = UpdateForm(request.POST, escalation=escalation)
    problem = update_refusal(escalation)
    if problem:
        form.add_error(None, problem)
    if problem or not form.is_valid():
        now = timezone.now()
        return panel_or_page(
            request,
            template=PANEL,
            context=updates_context(escalation=escalation, now=now, form=form),
            page="escalations/update_form_page.html",
            page_context={"escalation": escalation, "update_form": form, "now": now},
        )
    update_post(
        escalation=escalation,
        author=request_user(request),
        body=form.cleaned_data["body"],
        public_status=form.cleaned_data["state"],
        kind=UpdateKind.PROGRESS,
        next_update_by=form.cleaned_data.get("next_update_by"),
        impact=form.cleaned_data["impact"],
    )
    return _posted(request, pk)


@require_POST
def update_no_change(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """One click: "no change since 14:00; next update by 15:00" — it still counts."""
    escalation = editable_or_404(request, pk)
    now = timezone.now()
    problem = update_refusal(escalation)
    if problem:
        # Bound (to nothing) and cleaned, so that the form can carry the refusal.
        form = UpdateForm({}, escalation=escalation)
        form.is_valid()
        form.add_error(None, problem)
        return panel_or_redirect(
            request,
            escalation,
            template=PANEL,
            context=updates_context(escalation=escalation, now=now, form=form),
            anchor="post-update",
            error=problem,
        )
    update_post(
        escalation=escalation,
        author=request_user(request),
        body=no_change_body(escalation, now),
        kind=UpdateKind.NO_CHANGE,
        now=now,
    )
    return _posted(request, pk)


@require_POST
def update_preview(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The body as readers will see it, through the same sanitiser as the status page."""
    editable_or_404(request, pk)
    return render(request, PREVIEW, {"body": request.POST.get("body", "")[:BODY_MAX_LENGTH]})
