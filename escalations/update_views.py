"""The author posts updates to the timeline from the escalation page.

Every update — written, or the one-click "no change since 14:00" — goes through
``services.update_post``, the one function that restarts the cadence clock. Each view works
without JavaScript (full-page POST, redirect back) and with htmx (the panel is swapped).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import cadence, services
from .markdown import render_markdown
from .models import Escalation, PublicStatus, UpdateKind
from .selectors import escalation_full_queryset, escalations_owned_by
from .services import update_post
from .views import HtmxHttpRequest

BODY_MAX_LENGTH = 5000


class UpdateForm(forms.Form):
    body = forms.CharField(
        label="What changed",
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Markdown. Say what changed for customers, what you are doing, and when the next update comes.",
        error_messages={
            "required": "Write what changed, or use “No change since …” if nothing did.",
            "max_length": "Keep an update under %(limit_value)d characters (this one has %(show_value)d): the executive reads it on a phone.",
        },
    )
    state = forms.ChoiceField(label="Status readers see", choices=PublicStatus.choices)

    def __init__(self, *args: Any, escalation: Escalation | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if escalation is not None and escalation.is_open:
            # "Resolved" next to "next update by…" would mislead readers and the reminders
            # would keep coming: resolving is a state change (the state panel).
            state = self.fields["state"]
            assert isinstance(state, forms.ChoiceField)  # noqa: S101 - declared just above
            state.choices = [c for c in PublicStatus.choices if c[0] != PublicStatus.RESOLVED]
            state.help_text = "To resolve, use “Mark resolved” in the state panel."

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(
                "Write what changed, or use “No change since …” if nothing did."
            )
        return body


def _author(request: HtmxHttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - login_required (middleware) guarantees it
    return request.user


def _owned(request: HtmxHttpRequest, pk: int) -> Escalation:
    """Only the owner posts updates; anyone else gets a 404."""
    return get_object_or_404(escalations_owned_by(_author(request)), pk=pk)


def _panel(
    request: HtmxHttpRequest,
    pk: int,
    *,
    form: UpdateForm | None = None,
    posted: str = "",
    status: int = 200,
) -> HttpResponse:
    escalation = get_object_or_404(escalation_full_queryset().filter(owner=_author(request)), pk=pk)
    return render(
        request,
        "escalations/_detail_updates.html",
        {
            "escalation": escalation,
            "now": timezone.now(),
            "update_form": form,
            "posted": posted,
        },
        status=status,
    )


@require_POST
def update_create(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Post a written update; on a mistake, show the form again with everything typed."""
    escalation = _owned(request, pk)
    form = UpdateForm(request.POST, escalation=escalation)
    problem = services.update_refusal(escalation)
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
        author=_author(request),
        body=form.cleaned_data["body"],
        state=form.cleaned_data["state"],
        kind=UpdateKind.PROGRESS,
    )
    if request.htmx:
        return _panel(request, pk, posted=_posted_message(escalation))
    messages.success(request, _posted_message(escalation))
    return redirect(escalation.get_absolute_url() + "#timeline")


def no_change_body(escalation: Escalation, now: datetime) -> str:
    """ "No change since 14:00 CET. Next update by 15:00 CET." in the author's zone.

    The promised time comes from the same cadence function ``update_post`` uses, so the
    text and the clock agree.
    """
    since = escalation.last_updated_at or escalation.escalated_at or now
    due = cadence.next_update_due(escalation, after=now)
    since_local = timezone.localtime(since)
    text = f"No change since {since_local:%H:%M %Z}."
    if since_local.date() != timezone.localtime(now).date():
        text = f"No change since {since_local:%a %d %b %H:%M %Z}."
    if due is not None:
        due_local = timezone.localtime(due)
        same_day = due_local.date() == timezone.localtime(now).date()
        text += (
            f" Next update by {due_local:%H:%M %Z}."
            if same_day
            else (f" Next update by {due_local:%a %d %b %H:%M %Z}.")
        )
    return text


@require_POST
def update_no_change(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """One click: "no change since 14:00; next update by 15:00" — it still counts."""
    escalation = _owned(request, pk)
    problem = services.update_refusal(escalation)
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
        author=_author(request),
        body=no_change_body(escalation, now),
        kind=UpdateKind.NO_CHANGE,
        now=now,
    )
    if request.htmx:
        return _panel(request, pk, posted=_posted_message(escalation))
    messages.success(request, _posted_message(escalation))
    return redirect(escalation.get_absolute_url() + "#timeline")


def _posted_message(escalation: Escalation) -> str:
    if escalation.next_update_due_at is None:
        return "Update posted."
    due = timezone.localtime(escalation.next_update_due_at)
    return f"Update posted. Next one due by {due:%a %H:%M %Z}."


@require_POST
def update_preview(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The body as readers will see it, through the same sanitiser as the status page."""
    _owned(request, pk)
    body = request.POST.get("body", "")[:BODY_MAX_LENGTH]
    if not body.strip():
        return HttpResponse('<p class="text-secondary mb-0">Nothing to preview yet.</p>')
    return HttpResponse(render_markdown(body))
