"""The wizard's pages: triage, the five steps, the review with the briefing, escalate.

Typed function views: validate, call one service, render.

Every escalation is fetched with ``editable_or_404`` (or ``visible_or_404`` for the pages a
reviewer may read), so a wrong id is a 404. Wizard
steps render the ``step`` partial of ``escalations/wizard.html`` for htmx requests and the
whole page otherwise, so every URL also works as a plain form post without JavaScript.
"""

from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import push_url

from escalations import cadence
from escalations.coach.fields import open_errors, summary_by_section
from escalations.http import (
    HtmxHttpRequest,
    can_edit,
    editable_or_404,
    go,
    request_user,
    visible_or_404,
)
from escalations.lifecycle import services
from escalations.markdown import markdown_to_plain_tight
from escalations.models import Escalation, State, TriageVerdict
from escalations.outbox.preread import preread_received_words
from escalations.profiles.middleware import SESSION_KEY
from escalations.selectors import similar_past
from escalations.wizard import briefing, steps
from escalations.wizard import services as wizard_services
from escalations.wizard.forms import (
    FORMSETS,
    MAX_ROWS,
    TRIAGE_QUESTIONS,
    OverrideReasonsForm,
    StepForms,
    TriageForm,
)

# The hidden field carrying the step revision a tab loaded (see wizard_services.StaleStep).
REVISION_FIELD = "wizard_revision"


def _posted_revision(data: QueryDict) -> int | None:
    raw = data.get(REVISION_FIELD, "")
    return int(raw) if raw.isdigit() else None


def _author_tz() -> str:
    return timezone.get_current_timezone_name()


def _step_or_404(slug: str) -> steps.Step:
    step = steps.get_step(slug)
    if step is None:
        raise Http404("No such step.")
    return step


def _step_url(e: Escalation, step: steps.Step) -> str:
    return reverse("escalations:wizard_step", args=[e.pk, step.slug])


# --- the wizard -----------------------------------------------------------------------------


@require_GET
def wizard_resume(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Where the author left off: the first incomplete step, or the review."""
    escalation = visible_or_404(request, pk)
    if not can_edit(request, escalation):
        return _read_only(request, escalation)
    blocker = steps.first_incomplete(escalation)
    if blocker is None:
        return redirect("escalations:review", pk=escalation.pk)
    return redirect(_step_url(escalation, blocker.step))


def _read_only(request: HtmxHttpRequest, e: Escalation) -> HttpResponse:
    """A reviewer (not the author nor a co-author) reads what was written on the escalation
    page: the wizard's forms would offer a Save that only its writers may use."""
    messages.info(
        request,
        "Only its author and co-authors can edit this escalation; here is what they wrote.",
    )
    return go(request, e.get_absolute_url())


def _blocked(request: HtmxHttpRequest, e: Escalation) -> HttpResponse:
    """Refuse a step whose earlier steps are incomplete and say which one, and why."""
    blocker = steps.first_incomplete(e)
    assert blocker is not None  # noqa: S101 - only called when a step is not open
    messages.warning(request, steps.blocked_message(blocker))
    return go(request, _step_url(e, blocker.step))


@require_http_methods(["GET", "POST"])
def wizard_step(request: HtmxHttpRequest, pk: int, step: str) -> HttpResponse:
    # Only its writers may change a step; a reviewer opening one reads the escalation page.
    if request.method == "POST":
        escalation = editable_or_404(request, pk)
    else:
        escalation = visible_or_404(request, pk)
        if not can_edit(request, escalation):
            return _read_only(request, escalation)
    current = _step_or_404(step)
    if not steps.can_open(escalation, current):
        # Nothing posted to a locked step is saved, not even as a draft.
        return _blocked(request, escalation)
    if request.method == "POST":
        return _step_post(request, escalation, current)
    return _render_step(request, escalation, current, _display_forms(escalation, current))


def _draft_data(e: Escalation, step: steps.Step) -> QueryDict | None:
    draft = (e.wizard_drafts or {}).get(step.slug)
    if not draft:
        return None
    data = QueryDict(mutable=True)
    for key, values in draft.items():
        data.setlist(key, [str(v) for v in values] if isinstance(values, list) else [str(values)])
    return data


def _display_forms(e: Escalation, step: steps.Step) -> StepForms:
    """The saved section, or what the author last typed (autosaved) if there is a draft."""
    data = _draft_data(e, step)
    forms = StepForms(step.slug, e, data, author_time_zone=_author_tz())
    forms.restored = data is not None
    if data is not None:
        forms.silence_errors()
    return forms


def _raw(forms: StepForms, data: QueryDict) -> dict[str, list[str]]:
    return {key: data.getlist(key) for key in data if forms.keeps(key)}


def _step_post(request: HtmxHttpRequest, e: Escalation, step: steps.Step) -> HttpResponse:
    user = request_user(request)
    data = request.POST
    if "add_row" in data or "remove_row" in data:
        return _rows_without_js(request, e, step)
    revision = _posted_revision(data)
    # Before validating: a valid ModelForm writes its values onto ``e`` in memory.
    complete_before = steps.complete_slugs(e)
    forms = StepForms(step.slug, e, data, author_time_zone=_author_tz())
    if not forms.is_valid():
        # Keep every keystroke: the invalid text becomes the step's draft.
        try:
            wizard_services.wizard_autosave(
                escalation=e, step=step.slug, data=_raw(forms, data), revision=revision, by=user
            )
        except wizard_services.StaleStep as stale:
            return _conflict(request, e, step, forms, stale)
        except ValueError:
            # Too large to keep as a draft: the page itself still holds what was typed.
            return _render_step(
                request, e, step, forms, invalid=True, draft_error=_too_large(), status=413
            )
        return _render_step(request, e, step, forms, invalid=True)
    new_tz = forms.form.cleaned_data.get("author_time_zone") if step.slug == "triage" else None
    try:
        changes = wizard_services.wizard_step_save(
            escalation=e,
            step=step.slug,
            forms=forms,
            by=user,
            author_time_zone=new_tz,
            revision=revision,
            typed=_raw(forms, data),
        )
    except wizard_services.StaleStep as stale:
        return _conflict(request, e, step, forms, stale)
    if new_tz:
        request.session[SESSION_KEY] = new_tz
        timezone.activate(zoneinfo.ZoneInfo(new_tz))
    e = editable_or_404(request, e.pk)
    invalidated = steps.invalidated_by_save(e, saved=step, complete_before=complete_before)
    if invalidated:
        messages.warning(request, steps.invalidated_message(step, invalidated[0]))
        return _go_step(request, e, invalidated[0].step)
    if e.state != State.DRAFT:
        messages.success(
            request,
            f"Saved “{step.title}”. "
            + (
                "The change is posted to the timeline so readers see what changed."
                if changes
                else "Nothing readers see changed, so nothing was posted."
            ),
        )
        return go(request, e.get_absolute_url())
    following = steps.next_after_save(step, complete_before=complete_before)
    if following is None:
        if steps.next_step(step) is not None:
            messages.success(request, f"Saved “{step.title}”.")
        return go(request, reverse("escalations:review", args=[e.pk]))
    return _go_step(request, e, following)


def _conflict(
    request: HtmxHttpRequest,
    e: Escalation,
    step: steps.Step,
    forms: StepForms,
    stale: wizard_services.StaleStep,
) -> HttpResponse:
    """Another tab changed this step: save nothing, show this tab's text in the form and the
    other tab's beside it, and let the author pick (Save keeps this one, now that the form
    carries the current revision; the link loads the other)."""
    fresh = editable_or_404(request, e.pk)
    theirs = _display_forms(fresh, step)
    conflict = {
        "at": stale.changed_at,
        "by": stale.changed_by,
        "differences": _differences(theirs, forms.form.data),
    }
    response = _render_step(request, fresh, step, forms, conflict=conflict, revision=stale.revision)
    response.status_code = 409 if not request.htmx else 200
    return response


def _differences(theirs: StepForms, mine: Any) -> list[tuple[str, str]]:
    """(label, the other tab's text) for each text field where the two tabs differ."""
    pairs: list[tuple[django_forms.BaseForm, str]] = [(theirs.form, "")]
    if theirs.formset is not None:
        pairs += [(f, f" (row {i + 1})") for i, f in enumerate(theirs.formset.forms)]
    out = []
    for form, suffix in pairs:
        for name, field in form.fields.items():
            if not isinstance(field, django_forms.CharField):
                continue
            bound = form[name]
            other = str(bound.value() or "").strip()
            here = str(mine.get(bound.html_name, "") or "").strip()
            if other != here:
                out.append((f"{field.label}{suffix}", other or "(empty)"))
    return out


def _go_step(request: HtmxHttpRequest, e: Escalation, step: steps.Step) -> HttpResponse:
    """Show the next step: swapped in place for htmx (URL pushed), a redirect otherwise."""
    url = _step_url(e, step)
    if not request.htmx:
        return redirect(url)
    response = _render_step(request, e, step, _display_forms(e, step))
    return push_url(response, url)


def _rows_without_js(request: HtmxHttpRequest, e: Escalation, step: steps.Step) -> HttpResponse:
    """The Add/Remove buttons as plain submits: change the rows, keep the text, no errors."""
    forms = StepForms(step.slug, e, author_time_zone=_author_tz())
    prefix = forms.prefix
    data = request.POST.copy()
    if prefix is not None:
        total_key = f"{prefix}-TOTAL_FORMS"
        if data.get("add_row") == prefix:
            total = _int(data.get(total_key))
            data[total_key] = str(min(total + 1, MAX_ROWS))
        removed = data.get("remove_row", "")
        if removed.startswith(f"{prefix}-"):
            data[f"{removed}-DELETE"] = "on"
    forms = StepForms(step.slug, e, data, author_time_zone=_author_tz())
    try:
        wizard_services.wizard_autosave(escalation=e, step=step.slug, data=_raw(forms, data))
    except ValueError:
        forms.silence_errors()
        return _render_step(request, e, step, forms, draft_error=_too_large(), status=413)
    forms.silence_errors()
    return _render_step(request, e, step, forms)


def _too_large() -> str:
    return (
        f"Not saved: this step holds more than {wizard_services.AUTOSAVE_MAX_CHARS:,} "
        "characters, more than a draft can keep. What you typed is still below: shorten the "
        "longest text (each box says its limit) and save again."
    )


def _int(value: Any) -> int:
    try:
        return max(int(value), 0)
    except (TypeError, ValueError):
        return 0


def _verdict(forms: StepForms, e: Escalation) -> tuple[str, str] | None:
    form = forms.form
    if form.is_bound:
        answers = [form.data.get(name) for name in TRIAGE_QUESTIONS]
        if all(a in ("yes", "no") for a in answers):
            flags = [a == "yes" for a in answers]
            return steps.triage_verdict(
                business_impact=flags[0],
                severe=flags[1],
                normal_channels_tried=flags[2],
                reputational_risk=flags[3],
            )
        return None
    if e.triage_verdict:
        return e.triage_verdict, e.triage_reason
    return None


def _step_context(
    e: Escalation,
    step: steps.Step,
    forms: StepForms,
    *,
    invalid: bool = False,
    conflict: dict[str, Any] | None = None,
    revision: int | None = None,
) -> dict[str, Any]:
    statuses = steps.statuses(e)
    verdict = _verdict(forms, e) if step.slug == "triage" else None
    following = steps.next_step(step)
    author_tz = _author_tz()
    return {
        "escalation": e,
        "step": step,
        "steps": statuses,
        "all_complete": all(s.complete for s in statuses),
        "forms": forms,
        "form": forms.form,
        "formset": forms.formset,
        "formset_title": _FORMSET_TITLES.get(step.slug, ""),
        "formset_in_layout": step.slug in ("remediation", "asks"),
        "restored": forms.restored,
        "invalid": invalid,
        "previous": steps.previous_step(step),
        "following": following,
        "is_edit": e.state != State.DRAFT,
        "submit_label": (
            "Save changes"
            if e.state != State.DRAFT
            else (
                "Save and continue"
                if following and not all(s.complete for s in statuses)
                else "Save and review"
            )
        ),
        "step_url": _step_url(e, step),
        "autosave_url": reverse("escalations:wizard_autosave", args=[e.pk, step.slug]),
        "add_row_url": reverse("escalations:wizard_row_add", args=[e.pk, step.slug]),
        "remove_row_url": reverse("escalations:wizard_row_remove", args=[e.pk, step.slug]),
        "verdict_url": reverse("escalations:wizard_verdict", args=[e.pk]),
        "verdict": verdict,
        "normal_channel": TriageVerdict.NORMAL_CHANNEL,
        "author_tz": author_tz,
        "exec_tz_differs": e.executive_zone != author_tz,
        "now": timezone.now(),
        "conflict": conflict,
        # Past RCAs of the same kind with similar titles, as reading while writing.
        "similar_past": (
            similar_past(e) if e.state == State.DRAFT and step.slug in SIMILAR_ON_STEPS else []
        ),
        "revision_field": REVISION_FIELD,
        "revision": (
            revision if revision is not None else wizard_services.wizard_revision(e, step.slug)
        ),
    }


SIMILAR_ON_STEPS = frozenset({"impact", "cause"})

_FORMSET_TITLES = {
    "cause": "Contributing factors (optional) — mark the one you controlled",
    "remediation": "Dated actions — each with one owner and a due time",
    "asks": "Asks — decisions only they can make, each with a deadline",
    "prepare": "The questions they will most likely ask — at least two, with your answers",
}


def _render_step(
    request: HtmxHttpRequest,
    e: Escalation,
    step: steps.Step,
    forms: StepForms,
    *,
    invalid: bool = False,
    draft_error: str = "",
    status: int = 200,
    conflict: dict[str, Any] | None = None,
    revision: int | None = None,
) -> HttpResponse:
    # A history restore after a cache miss needs the whole page, not the step.
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    template = "escalations/wizard.html#step" if partial else "escalations/wizard.html"
    context = {
        **_step_context(e, step, forms, invalid=invalid, conflict=conflict, revision=revision),
        "draft_error": draft_error,
    }
    response = render(request, template, context, status=status)
    # One URL, two bodies: caches and the back button must not mix them up.
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_POST
def wizard_autosave(request: HtmxHttpRequest, pk: int, step: str) -> HttpResponse:
    """Store what the author typed in a step, valid or not (debounced by htmx)."""
    escalation = editable_or_404(request, pk)
    current = _step_or_404(step)
    if not steps.can_open(escalation, current):
        blocker = steps.first_incomplete(escalation)
        assert blocker is not None  # noqa: S101
        return HttpResponse(f"Not saved: finish “{blocker.step.title}” first.", status=409)
    forms = StepForms(current.slug, escalation, author_time_zone=_author_tz())
    try:
        saved_at = wizard_services.wizard_autosave(
            escalation=escalation,
            step=current.slug,
            data=_raw(forms, request.POST),
            revision=_posted_revision(request.POST),
            by=request_user(request),
        )
    except wizard_services.StaleStep as stale:
        # Answered 200 so htmx shows it; nothing was written.
        return render(
            request,
            "escalations/wizard.html#autosave_conflict",
            {"changed_at": stale.changed_at, "changed_by": stale.changed_by},
        )
    except ValueError:
        # Plain text for the status line (static/js/wizard.js shows it); htmx swaps nothing
        # else on an error, so the page keeps what was typed.
        return HttpResponse(
            f"Not saved: this step holds more than {wizard_services.AUTOSAVE_MAX_CHARS:,} "
            "characters. Shorten the longest text; what you typed is still on this page.",
            status=413,
            content_type="text/plain; charset=utf-8",
        )
    return render(
        request,
        "escalations/wizard.html#autosave",
        {
            "saved_at": saved_at,
            "now": saved_at,
            "revision_field": REVISION_FIELD,
            # Swapped out of band into the form, so this tab's next save is not "stale".
            "revision_oob": wizard_services.wizard_revision(escalation, current.slug),
        },
    )


@require_GET
def wizard_row_add(request: HtmxHttpRequest, pk: int, step: str) -> HttpResponse:
    """One more empty row for a step's list (htmx), and the formset's new total."""
    escalation = editable_or_404(request, pk)
    current = _step_or_404(step)
    if current.slug not in FORMSETS or not steps.can_open(escalation, current):
        raise Http404("No rows here.")
    forms = StepForms(current.slug, escalation, author_time_zone=_author_tz())
    assert forms.formset is not None  # noqa: S101
    prefix = forms.formset.prefix
    index = _int(request.GET.get(f"{prefix}-TOTAL_FORMS"))
    if index >= MAX_ROWS:
        return HttpResponse(status=204)
    # The formset's own constructor gives the row the right prefix, fk and empty_permitted.
    row = forms.formset._construct_form(index)  # type: ignore[attr-defined]
    return render(
        request,
        "escalations/wizard.html#added",
        {
            "form": row,
            "formset": forms.formset,
            "total": index + 1,
            "remove_row_url": reverse("escalations:wizard_row_remove", args=[pk, current.slug]),
        },
    )


@require_GET
def wizard_row_remove(request: HtmxHttpRequest, pk: int, step: str) -> HttpResponse:
    """Replace a row with its 'removed' marker; it is deleted when the step is saved."""
    escalation = editable_or_404(request, pk)
    current = _step_or_404(step)
    if current.slug not in FORMSETS or not steps.can_open(escalation, current):
        raise Http404("No rows here.")
    prefix = FORMSETS[current.slug][0]
    row_prefix = request.GET.get("row", "")
    head, _, index = row_prefix.rpartition("-")
    if head != prefix or not index.isdigit():
        raise Http404("No such row.")
    return render(
        request,
        "escalations/wizard.html#removed",
        {
            "row_prefix": row_prefix,
            "row_id": request.GET.get(f"{row_prefix}-id", ""),
            "fk_name": f"{row_prefix}-escalation",
            "fk_value": escalation.pk,
        },
    )


@require_GET
def wizard_verdict(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The triage verdict as the author answers the four questions (htmx preview)."""
    escalation = editable_or_404(request, pk)
    forms = StepForms("triage", escalation, request.GET, author_time_zone=_author_tz())
    forms.silence_errors()
    form = forms.form
    assert isinstance(form, TriageForm)  # noqa: S101
    return render(
        request,
        "escalations/wizard.html#verdict",
        {
            "form": form,
            "verdict": _verdict(forms, escalation),
            "normal_channel": TriageVerdict.NORMAL_CHANNEL,
            "verdict_url": reverse("escalations:wizard_verdict", args=[pk]),
        },
    )


# --- review, print, escalate ------------------------------------------------------------------


def _outputs(e: Escalation, author_tz: str) -> dict[str, Any]:
    track = briefing.talk_track(e, author_tz, executive_tz=e.executive_zone)
    track_md = briefing.talk_track_markdown(track)
    # The pre-read the next 1:1 will get, so the count matches that email word for word.
    now = timezone.now()
    upcoming = [m for m in e.meetings.all() if not m.is_cancelled and m.starts_at > now]
    pre = briefing.preread(e, upcoming[0] if upcoming else None)
    opening = briefing.opening_line(e)
    # The budget counts what the executive receives: the email's text part, whole.
    words = preread_received_words(e, upcoming[0] if upcoming else None, now)
    return {
        "opening_line": opening,
        "talk_track": track,
        "talk_track_md": track_md,
        "talk_track_plain": markdown_to_plain_tight(track_md),
        "preread": pre,
        "preread_md": f"**{pre.subject}**\n\n{pre.markdown}",
        "preread_plain": pre.subject + "\n\n" + markdown_to_plain_tight(pre.markdown),
        "preread_words": words,
        "preread_within_target": words <= briefing.PREREAD_WORD_TARGET,
        "preread_within_limit": words <= briefing.PREREAD_WORD_LIMIT,
        "word_target": briefing.PREREAD_WORD_TARGET,
        "word_limit": briefing.PREREAD_WORD_LIMIT,
    }


def _review_context(escalation: Escalation, *, can_edit: bool, **extra: Any) -> dict[str, Any]:
    author_tz = _author_tz()
    errors = open_errors(escalation) if escalation.state == State.DRAFT else []
    reasons: dict[str, str] = extra.pop("override_reasons", {})
    extra.setdefault("length_reason", "")
    context = {
        "escalation": escalation,
        "can_edit": can_edit,
        "steps": steps.statuses(escalation),
        "all_complete": True,
        "now": timezone.now(),
        "author_tz": author_tz,
        "exec_tz_differs": escalation.executive_zone != author_tz,
        "cadence": cadence.describe(escalation),
        "coach_summary": summary_by_section(escalation),
        "late": briefing.late_escalation(escalation, timezone.now()),
        "coach_errors": [
            {
                "key": ff.key(f),
                "field": ff,
                "finding": f,
                "reason": reasons.get(ff.key(f), ""),
                "too_short": len(reasons.get(ff.key(f), "").strip()) < services.MIN_OVERRIDE_REASON,
            }
            for ff, f in errors
        ],
        **_outputs(escalation, author_tz),
        **extra,
    }
    return context


@require_GET
def review(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The opening line, the 1:1 talk track and the pre-read, ready to copy or print, with
    the coach's findings per section."""
    escalation = visible_or_404(request, pk)
    blocker = steps.first_incomplete(escalation)
    if blocker is not None and escalation.state == State.DRAFT:
        return _blocked(request, escalation)
    context = _review_context(escalation, can_edit=can_edit(request, escalation))
    return render(request, "escalations/review.html", context)


PRINTABLE = {"talk-track": "1:1 talk track", "preread": "Pre-read"}


@require_GET
def review_print(request: HtmxHttpRequest, pk: int, what: str) -> HttpResponse:
    escalation = visible_or_404(request, pk)
    if what not in PRINTABLE:
        raise Http404("Nothing to print here.")
    if escalation.state == State.DRAFT and not steps.is_complete(escalation):
        return _blocked(request, escalation)
    context = {
        "escalation": escalation,
        "what": what,
        "title": PRINTABLE[what],
        "now": timezone.now(),
        **_outputs(escalation, _author_tz()),
    }
    return render(request, "escalations/print.html", context)


@require_POST
def escalate(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    escalation = editable_or_404(request, pk)
    reasons = OverrideReasonsForm(request.POST)
    if not reasons.is_valid():
        context = _review_context(
            escalation,
            can_edit=True,
            override_reasons=reasons.raw_reasons(),
            length_reason=request.POST.get("preread_length_reason", ""),
            escalate_error="A reason needs changing: " + reasons.first_error(),
        )
        return render(request, "escalations/review.html", context, status=422)
    overrides = reasons.reasons()
    length_reason = reasons.cleaned_data["preread_length_reason"]
    try:
        services.escalation_escalate(
            escalation=escalation,
            by=request_user(request),
            overrides=overrides,
            length_reason=length_reason,
        )
    except (services.CoachErrorsOpen, services.PrereadTooLong) as exc:
        # Show the review again with every reason the author typed kept in place.
        escalation = editable_or_404(request, pk)
        context = _review_context(
            escalation,
            can_edit=True,
            override_reasons=overrides,
            length_reason=length_reason,
            escalate_error=exc.problems[0],
        )
        return render(request, "escalations/review.html", context, status=422)
    except services.EscalationNotReady as exc:
        messages.error(request, " ".join(exc.problems))
        if escalation.state != State.DRAFT:
            return go(request, escalation.get_absolute_url())
        return go(request, reverse("escalations:wizard_resume", args=[escalation.pk]))
    due = escalation.next_update_due_at
    due_text = (
        f" Your next update is due {timezone.localtime(due):%a %H:%M} ({_author_tz()})."
        if due
        else ""
    )
    messages.success(
        request,
        "Escalated. The pre-read is the first entry in the timeline." + due_text,
    )
    return go(request, escalation.get_absolute_url())


@require_POST
def preread_options(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The author ticks (or unticks) "include my prepared answers" in the emailed pre-read."""
    escalation = editable_or_404(request, pk)
    include = request.POST.get("include_answers") == "on"
    services.escalation_set_preread_options(escalation=escalation, include_answers=include)
    messages.success(
        request,
        "Your prepared answers are now in the pre-read."
        if include
        else "The pre-read no longer carries your prepared answers.",
    )
    return go(request, reverse("escalations:review", args=[pk]) + "#preread-h")
