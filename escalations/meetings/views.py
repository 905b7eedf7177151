"""The 1:1 panel and the cadence panel: schedule, reschedule, cancel, record how it went,
send the follow-up, commit to a cadence.

Typed function views: validate, call one service, render. With htmx the panel swaps in
place (a form with errors keeps what was typed); without JavaScript a valid post redirects
back to the escalation page and an invalid one renders the form on a page of its own.
Only the escalation's owner may change its meetings; anyone else gets a 404.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from escalations.http import (
    HtmxHttpRequest,
    child_or_404,
    editable_or_404,
    panel_or_page,
    panel_or_redirect,
)
from escalations.meetings import services as svc
from escalations.meetings.forms import (
    CadenceForm,
    FollowupForm,
    MeetingOutcomeForm,
    MeetingScheduleForm,
    MeetingTimeForm,
    PrereadResendForm,
)
from escalations.meetings.panels import CADENCE_PANEL, PANEL, cadence_context, meetings_context
from escalations.models import DispatchPurpose, Escalation, Meeting
from escalations.outbox.preread import PREREAD_LEAD
from escalations.timetext import when

FORM_PAGE = "escalations/meeting_form_page.html"


def _meeting(escalation: Escalation, meeting_pk: int) -> Meeting:
    return child_or_404(escalation.meetings.all(), meeting_pk)


def _panel(request: HtmxHttpRequest, pk: int, *, notice: str = "", error: str = "") -> HttpResponse:
    """The 1:1 panel after a change (or a refusal), read afresh: swapped in by htmx, or a
    redirect back to the page (post/redirect/get) with the notice."""
    fresh = editable_or_404(request, pk)
    return panel_or_redirect(
        request,
        fresh,
        template=PANEL,
        context=meetings_context(
            escalation=fresh, can_edit=True, now=timezone.now(), notice=notice or error
        ),
        anchor="meetings",
        notice=notice,
        error=error,
    )


def _invalid(
    request: HtmxHttpRequest,
    escalation: Escalation,
    *,
    title: str,
    form: Any,
    bound: dict[int, dict[str, Any]] | None = None,
    schedule_form: MeetingScheduleForm | None = None,
) -> HttpResponse:
    return panel_or_page(
        request,
        template=PANEL,
        context=meetings_context(
            escalation=escalation,
            can_edit=True,
            now=timezone.now(),
            bound=bound,
            schedule_form=schedule_form,
        ),
        page=FORM_PAGE,
        page_context={
            "escalation": escalation,
            "title": title,
            "form": form,
            "action": request.path,
        },
    )


@require_POST
def meeting_schedule(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Book the 1:1; the pre-read goes to the executive 30 minutes before it."""
    escalation = editable_or_404(request, pk)
    form = MeetingScheduleForm(request.POST, executive_zone=escalation.executive_zone)
    if form.is_valid():
        d = form.cleaned_data
        try:
            meeting = svc.meeting_schedule(
                escalation=escalation,
                starts_at=d["starts_at"],
                time_zone=d["time_zone"],
                duration_minutes=d["duration_minutes"],
                video_link=d["video_link"],
            )
        except svc.MeetingError as exc:
            form.add_error("starts_at_local", str(exc))
        else:
            exec_tz = escalation.executive_zone
            soon = meeting.starts_at - timezone.now() < PREREAD_LEAD
            return _panel(
                request,
                escalation.pk,
                notice=(
                    f"1:1 booked for {when(meeting.starts_at, meeting.time_zone)} "
                    f"({when(meeting.starts_at, exec_tz)} for the executive). "
                    + (
                        "It is less than 30 minutes away, so the pre-read goes out now."
                        if soon
                        else "The pre-read goes out 30 minutes before."
                    )
                ),
            )
    return _invalid(
        request,
        escalation,
        title="Schedule the 1:1",
        form=form,
        schedule_form=form,
    )


@require_POST
def meeting_reschedule(request: HtmxHttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    """Move the 1:1: an unsent pre-read moves along; a sent one gets a "moved" note."""
    escalation = editable_or_404(request, pk)
    meeting = _meeting(escalation, meeting_pk)
    form = MeetingTimeForm(request.POST, auto_id=f"id_m{meeting.pk}_%s")
    if form.is_valid():
        try:
            note = svc.meeting_reschedule(
                meeting=meeting,
                starts_at=form.cleaned_data["starts_at"],
                time_zone=form.cleaned_data["time_zone"],
            )
        except svc.MeetingError as exc:
            form.add_error("starts_at_local", str(exc))
        else:
            if note is None:
                told = ""
            elif note.purpose == DispatchPurpose.PREREAD:
                told = " The pre-read moves with it."
            else:
                told = (
                    " The executive already has the pre-read, so they get a short note with "
                    "the new time."
                )
            return _panel(
                request,
                escalation.pk,
                notice=f"1:1 moved to {when(meeting.starts_at, meeting.time_zone)}.{told}",
            )
    return _invalid(
        request,
        escalation,
        title="Move the 1:1",
        form=form,
        bound={meeting.pk: {"reschedule": form}},
    )


@require_POST
def meeting_cancel(request: HtmxHttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    """Cancel the 1:1 and whatever email about it has not gone yet."""
    escalation = editable_or_404(request, pk)
    meeting = _meeting(escalation, meeting_pk)
    note = svc.meeting_cancel(meeting=meeting)
    told = (
        " The executive already had the pre-read, so they get a short cancellation note."
        if note is not None
        else " No pre-read had been sent; nothing will be."
    )
    return _panel(request, escalation.pk, notice=f"1:1 cancelled.{told}")


@require_POST
def meeting_outcome(request: HtmxHttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    """Record how the 1:1 went; if badly, the panel offers the written follow-up."""
    escalation = editable_or_404(request, pk)
    meeting = _meeting(escalation, meeting_pk)
    form = MeetingOutcomeForm(request.POST, auto_id=f"id_o{meeting.pk}_%s")
    if form.is_valid():
        try:
            svc.meeting_record_outcome(
                meeting=meeting,
                outcome=form.cleaned_data["outcome"],
                notes=form.cleaned_data["notes"],
                agreed=form.cleaned_data["agreed"],
            )
        except svc.MeetingError as exc:
            form.add_error("outcome", str(exc))
        else:
            notice = "Outcome recorded."
            if meeting.outcome == "went_badly":
                notice += (
                    " Send the written follow-up within 30 minutes, by "
                    f"{when(svc.followup_due_by(meeting), timezone.get_current_timezone_name())}."
                )
            return _panel(request, escalation.pk, notice=notice)
    return _invalid(
        request,
        escalation,
        title="How did the 1:1 go?",
        form=form,
        bound={meeting.pk: {"outcome": form}},
    )


@require_POST
def meeting_followup(request: HtmxHttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    """Send the pre-filled follow-up to the executive, with one click, once."""
    escalation = editable_or_404(request, pk)
    meeting = _meeting(escalation, meeting_pk)
    form = FollowupForm(request.POST, auto_id=f"id_f{meeting.pk}_%s")
    if form.is_valid():
        try:
            row, created = svc.followup_send(
                meeting=meeting,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
            )
        except svc.MeetingError as exc:
            form.add_error("body", str(exc))
        else:
            notice = (
                f"Follow-up on its way to {escalation.executive_label or row.to_email}."
                if created
                else "The follow-up for this 1:1 was already sent; it was not sent twice."
            )
            return _panel(request, escalation.pk, notice=notice)
    return _invalid(
        request,
        escalation,
        title="Follow-up after the 1:1",
        form=form,
        bound={meeting.pk: {"followup": form}},
    )


@require_POST
def meeting_preread_resend(request: HtmxHttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    """Send a failed pre-read again — only when the author asks, after seeing the error."""
    escalation = editable_or_404(request, pk)
    meeting = _meeting(escalation, meeting_pk)
    form = PrereadResendForm(request.POST)
    confirmed = form.is_valid() and form.cleaned_data["confirm"]
    try:
        svc.preread_resend(meeting=meeting, confirmed=confirmed)
    except svc.MeetingError as exc:
        return _panel(request, pk, error=str(exc))
    return _panel(request, escalation.pk, notice="The pre-read will be sent again now.")


@require_POST
def cadence_set(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The author commits to a stricter update rhythm than the policy."""
    escalation = editable_or_404(request, pk)
    form = CadenceForm(request.POST, escalation=escalation)
    if form.is_valid():
        d = form.cleaned_data
        svc.escalation_set_cadence(
            escalation=escalation,
            interval=d["interval"],
            daily_at=d["daily_at"],
            time_zone=d["time_zone"],
        )
        notice = "Cadence saved."
        if escalation.next_update_due_at:
            notice += (
                " Next update by "
                f"{timezone.localtime(escalation.next_update_due_at):%a %d %b %H:%M}."
            )
        return panel_or_redirect(
            request,
            escalation,
            template=CADENCE_PANEL,
            # The header's "Next update by" follows the new cadence (swapped out of band).
            context={
                **cadence_context(
                    escalation=escalation, can_edit=True, now=timezone.now(), notice=notice
                ),
                "header_oob": True,
            },
            anchor="cadence",
            notice=notice,
        )
    return panel_or_page(
        request,
        template=CADENCE_PANEL,
        context=cadence_context(
            escalation=escalation, can_edit=True, now=timezone.now(), form=form
        ),
        page=FORM_PAGE,
        page_context={
            "escalation": escalation,
            "title": "Update cadence",
            "form": form,
            "action": request.path,
        },
    )
