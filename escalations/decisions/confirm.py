"""The executive's confirmation page for one ask, wherever their link led: their status
page (``statuspages``, /s/<token>/asks/<id>/) or their desk (``escalations.desk``,
/desk/<token>/asks/<id>/). The caller checks its link and finds the ask; this is the rest,
the same for both.

A GET changes nothing (mail scanners open links in emails); the POST, CSRF-protected,
records the answer through ``ask_decide`` and redirects to ``action_url?recorded=1``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone

from escalations import timetext
from escalations.decisions.forms import ExecutiveDecisionForm
from escalations.decisions.services import DecisionRefused, ask_decide
from escalations.models import DECISION_SLUGS, Ask, DecisionVia


@dataclass(frozen=True)
class ConfirmPlace:
    """Where the page sits: where it posts, where "back" leads, and who is answering."""

    action_url: str
    back_url: str
    back_label: str
    decided_by_name: str
    decided_by_email: str
    time_zone: str


def _page(
    request: HttpRequest,
    *,
    place: ConfirmPlace,
    ask: Ask,
    choice: str,
    form: ExecutiveDecisionForm,
    recorded: bool = False,
    status: int = 200,
    option: int | None = None,
) -> HttpResponse:
    tz = place.time_zone or "UTC"
    chosen = DECISION_SLUGS.get(choice)
    options = ask.option_list
    option_label = options[option - 1] if option and option <= len(options) else ""
    return render(
        request,
        "statuspages/decide.html",
        {
            "e": ask.escalation,
            "ask": ask,
            "tz": tz,
            "decide_by": timetext.when(ask.decide_by, tz),
            "decided_at": timetext.when(ask.decided_at, tz) if ask.decided_at else "",
            "waiting": ask.waiting_since(timezone.now()) is not None,
            "choice": choice,
            "choice_label": f"Choose “{option_label}”"
            if option_label and choice == "approve"
            else (chosen.label if chosen else ""),
            "options": list(enumerate(options, start=1)),
            "option": option if option_label else None,
            "choices": [(slug, c.label) for slug, c in DECISION_SLUGS.items()],
            "form": form,
            "recorded": recorded,
            "page_url": place.back_url,
            "back_label": place.back_label,
            "action": place.action_url,
        },
        status=status,
    )


def decision_confirm(
    request: HttpRequest, *, ask: Ask, choice: str, place: ConfirmPlace
) -> HttpResponseBase:
    """GET: the page (``choice`` preselects an answer); POST: record it, or show the page
    again with what was typed and why it was refused."""
    if request.method != "POST":
        form = ExecutiveDecisionForm(initial={"decision": choice} if choice else None)
        option = request.GET.get("option", "")
        return _page(
            request,
            place=place,
            ask=ask,
            choice=choice,
            form=form,
            recorded=request.GET.get("recorded") == "1",
            option=int(option) if option.isdigit() else None,
        )
    data = request.POST.copy()
    if data.get("option") and not data.get("decision"):
        data["decision"] = "approve"  # picking an option approves the ask with it
    form = ExecutiveDecisionForm(data)
    if form.is_valid():
        number = form.cleaned_data.get("option")
        options = ask.option_list
        try:
            if (number is not None and number > len(options)) or (
                options and not number and form.cleaned_data["decision"] == "approve"
            ):
                raise DecisionRefused("Choose one of the options listed on the ask.")
            ask_decide(
                option=options[number - 1] if number else "",
                ask=ask,
                decision=DECISION_SLUGS[form.cleaned_data["decision"]],
                decided_by_name=place.decided_by_name or "The executive",
                decided_by_email=place.decided_by_email,
                via=DecisionVia.EXECUTIVE_LINK,
                note=form.cleaned_data["note"],
            )
        except DecisionRefused as exc:
            form.add_error(None, str(exc))
        else:
            return redirect(f"{place.action_url}?recorded=1")
    return _page(
        request,
        place=place,
        ask=ask,
        # Keep the answer they picked when only the note was wrong: nothing typed is lost.
        choice=posted
        if (posted := str(request.POST.get("decision", ""))) in DECISION_SLUGS
        else "",
        form=form,
        status=400,
        option=int(o) if (o := str(data.get("option", ""))).isdigit() else None,
    )
