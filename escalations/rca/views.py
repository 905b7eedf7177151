"""The RCA page (write, complete, dismiss), settling preventive actions, the RCA review's
scheduling, and the RCA as Markdown or one printed page.

Writes are the author's only (``editable_or_404``: another user's id is a 404); the export and
the print view are readable by whoever may read the escalation (reviewers included).
Every form works without JavaScript: post, then back to the page (post/redirect/get), or
the page again with what was typed and what is wrong with it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from escalations.formfields import TextForm
from escalations.http import (
    HtmxHttpRequest,
    child_or_404,
    editable_or_404,
    go,
    panel_or_page,
    panel_or_redirect,
    visible_or_404,
)
from escalations.meetings.forms import MeetingScheduleForm
from escalations.meetings.services import MeetingError, meeting_schedule
from escalations.models import Escalation, MeetingPurpose, PreventiveAction, Rca
from escalations.rca import services
from escalations.rca.coaching import RCA_FIELDS, rca_check, shown
from escalations.rca.forms import DoneForm, RcaForm, ReasonForm, rca_formsets
from escalations.rca.panels import PANEL, rca_context
from escalations.rca.selectors import preventive_progress, rca_closed_at, rca_full
from escalations.rca.summary import rca_markdown, rca_summary

PAGE = "escalations/rca/rca.html"


def _rca_url(e: Escalation, anchor: str = "") -> str:
    return reverse("escalations:rca", args=[e.pk]) + anchor


def _coach(rca: Rca) -> dict[str, list[Any]]:
    """The coach's findings per saved RCA text, keyed by form field name."""
    out: dict[str, list[Any]] = {}
    for field in ("cause_statement", "went_well", "went_badly"):
        text = getattr(rca, field)
        out[field] = shown(text, rca_check(field, text))
    return out


def _rows(formset: Any, field: str) -> list[tuple[Any, list[Any]]]:
    """Each row's form with the coach's findings on its saved text."""
    rows = []
    for form in formset.forms:
        text = getattr(form.instance, field, "") if form.instance.pk else ""
        rows.append((form, shown(text, rca_check(field, text)) if text else []))
    return rows


def _page_context(
    request: HtmxHttpRequest,
    e: Escalation,
    rca: Rca,
    *,
    form: RcaForm | None = None,
    formsets: dict[str, Any] | None = None,
    problems: list[str] | None = None,
    review_form: MeetingScheduleForm | None = None,
) -> dict[str, Any]:
    done, not_doing, total = preventive_progress(rca)
    tz = timezone.get_current_timezone_name()
    now = timezone.now()
    formsets = formsets or rca_formsets(rca)
    actions = list(rca.preventive_actions.all())
    return {
        "escalation": e,
        "rca": rca,
        "form": form or RcaForm(instance=rca),
        "formsets": formsets,
        "timeline_rows": _rows(formsets["timeline"], "text"),
        "preventive_rows": _rows(formsets["preventive"], "description"),
        "coach": _coach(rca),
        "coach_labels": {k: v[0] for k, v in RCA_FIELDS.items()},
        "problems": problems or [],
        "done": done,
        "not_doing": not_doing,
        "total": total,
        "closed_at": rca_closed_at(rca),
        "actions": actions,
        "overdue": {a.pk for a in actions if a.is_overdue(now)},
        "author_tz": tz,
        "summary": rca_summary(e, rca),
        "reviews": [m for m in e.meetings.all() if m.is_rca_review],
        "review_form": review_form
        or MeetingScheduleForm(initial={"time_zone": tz}, executive_zone=e.executive_zone),
        "now": now,
    }


@require_POST
def rca_start(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Open the RCA, seeded from the updates and the remediation's preventive rows."""
    e = editable_or_404(request, pk)
    try:
        services.rca_start(escalation=e)
    except services.RcaError as exc:
        messages.error(request, str(exc))
        return go(request, e.get_absolute_url())
    return go(request, _rca_url(e))


@require_http_methods(["GET", "POST"])
def rca_page(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Write the RCA; "Save" keeps it as it is, "Save and complete" also checks it is whole."""
    e = editable_or_404(request, pk)
    rca = rca_full(e)
    if rca is None:
        messages.info(request, "Start the RCA from the escalation page first.")
        return redirect(e.get_absolute_url() + "#rca")
    if request.method == "GET":
        return render(request, PAGE, _page_context(request, e, rca))
    form = RcaForm(request.POST, instance=rca)
    formsets = rca_formsets(rca, request.POST)
    if not (form.is_valid() and all(fs.is_valid() for fs in formsets.values())):
        context = _page_context(request, e, rca, form=form, formsets=formsets)
        return render(request, PAGE, context, status=422)
    services.rca_save(rca=rca, forms=[form, *formsets.values()])
    if "complete" in request.POST:
        try:
            services.rca_complete(rca=rca)
        except services.RcaNotReady as exc:
            fresh = rca_full(e)
            assert fresh is not None  # noqa: S101 - saved just above
            context = _page_context(request, e, fresh, problems=exc.problems)
            return render(request, PAGE, context, status=422)
        messages.success(request, "RCA complete. Schedule its review with the executive below.")
    else:
        messages.success(request, "RCA saved.")
    return redirect(_rca_url(e))


@require_POST
def rca_dismiss(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """No RCA for this escalation, with the reason (reminders stop). From the RCA panel:
    htmx swaps the panel, without JavaScript the page comes back at the panel."""
    e = editable_or_404(request, pk)
    form = ReasonForm(request.POST, auto_id="rca-dismiss-%s")
    if not form.is_valid():
        # The reason as typed comes back with what is wrong with it.
        return panel_or_page(
            request,
            template=PANEL,
            context=rca_context(escalation=e, can_edit=True, now=timezone.now(), dismiss_form=form),
            page="escalations/rca/dismiss.html",
            page_context={"escalation": e, "form": form},
            status=422,
        )
    try:
        services.rca_dismiss(escalation=e, reason=form.cleaned_data["reason"])
    except services.RcaError as exc:
        notice, error = "", str(exc)
    else:
        notice, error = "No RCA for this one; the reason is recorded.", ""
    fresh = editable_or_404(request, pk)
    return panel_or_redirect(
        request,
        fresh,
        template=PANEL,
        context=rca_context(
            escalation=fresh, can_edit=True, now=timezone.now(), notice=notice, error=error
        ),
        anchor="rca",
        notice=notice,
        error=error,
    )


def _action_or_404(e: Escalation, action_pk: int) -> PreventiveAction:
    """One preventive action of the owned escalation's RCA (``child_or_404``): an action of
    another escalation is a 404, as a wrong escalation id is."""
    rca = rca_full(e)
    return child_or_404(rca.preventive_actions.all() if rca is not None else [], action_pk)


def _reopen(action: PreventiveAction, _data: dict[str, Any]) -> object:
    return services.preventive_reopen(action=action)


def _done(action: PreventiveAction, data: dict[str, Any]) -> object:
    return services.preventive_mark_done(action=action, note=data["note"])


def _not_doing(action: PreventiveAction, data: dict[str, Any]) -> object:
    return services.preventive_accept_not_doing(action=action, reason=data["reason"])


# How a preventive action is settled, per URL: what the author types (no form: nothing), the
# service that settles it, and what they are told.
SETTLE: dict[str, tuple[type[TextForm] | None, Callable[..., object], str]] = {
    "done": (DoneForm, _done, "Done"),
    "not_doing": (ReasonForm, _not_doing, "Accepted as not doing"),
    "reopen": (None, _reopen, "Open again"),
}


@require_POST
def preventive_settle(
    request: HtmxHttpRequest, pk: int, preventive_pk: int, how: str
) -> HttpResponse:
    """Mark a preventive action done (optional note), not doing (with a reason), or open
    again; then back to the RCA page's list with what happened."""
    e = editable_or_404(request, pk)
    action = _action_or_404(e, preventive_pk)
    form_class, settle, said = SETTLE[how]
    form = form_class(request.POST) if form_class is not None else None
    if form is not None and not form.is_valid():
        messages.error(request, str(next(iter(form.errors.values()))[0]))
    else:
        try:
            settle(action, form.cleaned_data if form is not None else {})
        except services.RcaError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"{said}: {action.description}")
    return go(request, _rca_url(e, "#preventive-actions"))


@require_POST
def rca_review_schedule(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Book the RCA review with the executive: a meeting like the 1:1, whose pre-read (30
    minutes before, through the same outbox row) is the RCA summary."""
    e = editable_or_404(request, pk)
    rca = rca_full(e)
    if rca is None:
        raise Http404("No RCA yet.")
    form = MeetingScheduleForm(request.POST, executive_zone=e.executive_zone)
    if form.is_valid():
        if not rca.is_complete:
            form.add_error(None, "Complete the RCA first: its summary is the pre-read.")
        else:
            data = form.cleaned_data
            try:
                meeting_schedule(
                    escalation=e,
                    starts_at=data["starts_at"],
                    time_zone=data["time_zone"],
                    duration_minutes=data["duration_minutes"],
                    video_link=data["video_link"],
                    purpose=MeetingPurpose.RCA_REVIEW,
                )
            except MeetingError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    "RCA review booked. The RCA summary goes to the executive 30 minutes "
                    "before; record what was agreed in the 1:1 panel afterwards.",
                )
                return go(request, _rca_url(e, "#rca-review"))
    context = _page_context(request, e, rca, review_form=form)
    return render(request, PAGE, context, status=422)


def _readable(request: HtmxHttpRequest, pk: int) -> tuple[Escalation, Rca]:
    e = visible_or_404(request, pk)
    rca = rca_full(e)
    if rca is None:
        raise Http404("No RCA yet.")
    return e, rca


@require_GET
def rca_export(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The RCA as a Markdown file."""
    e, rca = _readable(request, pk)
    response = HttpResponse(rca_markdown(e, rca), content_type="text/markdown; charset=utf-8")
    name = slugify(e.title)[:60] or f"escalation-{e.pk}"
    response["Content-Disposition"] = f'attachment; filename="rca-{name}.md"'
    return response


@require_GET
def rca_print(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The RCA on one printed page."""
    e, rca = _readable(request, pk)
    return render(
        request,
        "escalations/rca/print.html",
        {"escalation": e, "rca": rca, "document": rca_markdown(e, rca)},
    )
