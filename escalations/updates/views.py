"""The author posts updates to the timeline from the escalation page.

Every update — written, or the one-click "no change since 14:00" — goes through
``update_post``, the one function that restarts the cadence clock. Each view works without
JavaScript (full-page POST, redirect back) and with htmx (the panel is swapped).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from escalations.http import HtmxHttpRequest, owned_or_404, request_user
from escalations.markdown import render_markdown
from escalations.models import Escalation, UpdateKind
from escalations.updates.forms import BODY_MAX_LENGTH, UpdateForm
from escalations.updates.panels import PANEL, updates_context
from escalations.updates.services import no_change_body, update_post, update_refusal


def _posted_message(escalation: Escalation) -> str:
    if escalation.next_update_due_at is None:
        return "Update posted."
    due = timezone.localtime(escalation.next_update_due_at)
    return f"Update posted. Next one due by {due:%a %H:%M %Z}."


def _panel(
    request: HtmxHttpRequest,
    pk: int,
    *,
    form: UpdateForm | None = None,
    posted: str = "",
    status: int = 200,
) -> HttpResponse:
    escalation = owned_or_404(request, pk)
    context = updates_context(escalation=escalation, now=timezone.now(), form=form, posted=posted)
    return render(request, PANEL, context, status=status)


@require_POST
def update_create(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Post a written update; on a mistake, show the form again with everything typed."""
    escalation = owned_or_404(request, pk)
    form = UpdateForm(request.POST, escalation=escalation)
    problem = update_refusal(escalation)
    if problem:
        form.add_error(None, problem)
    if problem or not form.is_valid():
        if request.htmx:
            return _panel(request, pk, form=form)
        return render(
            request,
            "escalations/update_form_page.html",
            {"escalation": escalation, "update_form": form, "now": timezone.now()},
            status=400,
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
    if request.htmx:
        return _panel(request, pk, posted=_posted_message(escalation))
    messages.success(request, _posted_message(escalation))
    return redirect(escalation.get_absolute_url() + "#timeline")


@require_POST
def update_no_change(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """One click: "no change since 14:00; next update by 15:00" — it still counts."""
    escalation = owned_or_404(request, pk)
    problem = update_refusal(escalation)
    if problem:
        if request.htmx:
            form = UpdateForm()
            form.add_error(None, problem)
            return _panel(request, pk, form=form)
        messages.error(request, problem)
        return redirect(escalation.get_absolute_url() + "#post-update")
    now = timezone.now()
    update_post(
        escalation=escalation,
        author=request_user(request),
        body=no_change_body(escalation, now),
        kind=UpdateKind.NO_CHANGE,
        now=now,
    )
    if request.htmx:
        return _panel(request, pk, posted=_posted_message(escalation))
    messages.success(request, _posted_message(escalation))
    return redirect(escalation.get_absolute_url() + "#timeline")


@require_POST
def update_preview(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The body as readers will see it, through the same sanitiser as the status page."""
    owned_or_404(request, pk)
    body = request.POST.get("body", "")[:BODY_MAX_LENGTH]
    if not body.strip():
        return HttpResponse('<p class="text-secondary mb-0">Nothing to preview yet.</p>')
    return HttpResponse(render_markdown(body))
