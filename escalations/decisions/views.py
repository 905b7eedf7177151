"""The author records a decision taken in the 1:1 or by chat, naming who decided.

Works with htmx (the Asks panel is swapped in place) and without JavaScript (a full POST,
then back to the page at the panel; a mistake shows the form again with what was typed).
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from escalations.decisions.forms import AskDecisionForm
from escalations.decisions.panels import PANEL, asks_context
from escalations.decisions.services import DecisionRefused, ask_decide
from escalations.http import (
    HtmxHttpRequest,
    child_or_404,
    editable_or_404,
    panel_or_page,
    panel_or_redirect,
    request_user,
)
from escalations.models import AskDecision, DecisionVia, Escalation

FORM_PAGE = "escalations/asks_form_page.html"


def _notice(decision: AskDecision) -> str:
    return (
        f"Recorded: {decision.decided_by_name} {decision.verb} “{decision.ask.decision}”. "
        "Readers see it on the status page and in the timeline."
    )


@require_POST
def ask_decision_record(request: HtmxHttpRequest, pk: int, ask_pk: int) -> HttpResponse:
    """Record (or change) the answer to one ask; the earlier answer stays in its history."""
    escalation = editable_or_404(request, pk)
    ask = child_or_404(escalation.asks.all(), ask_pk)
    form = AskDecisionForm(request.POST, auto_id=f"id_ask{ask.pk}_%s")
    if form.is_valid():
        try:
            decision = ask_decide(
                ask=ask,
                decision=form.cleaned_data["decision"],
                decided_by_name=form.cleaned_data["decided_by_name"],
                note=form.cleaned_data["note"],
                option=form.cleaned_data["option"]
                if form.cleaned_data["decision"] == "approved"
                else "",
                via=DecisionVia.AUTHOR,
                recorded_by=request_user(request),
            )
        except DecisionRefused as exc:
            form.add_error(None, str(exc))
        else:
            fresh = editable_or_404(request, pk)
            return panel_or_redirect(
                request,
                fresh,
                template=PANEL,
                context=asks_context(
                    escalation=fresh,
                    can_edit=True,
                    now=timezone.now(),
                    notice=_notice(decision),
                ),
                anchor="asks",
                notice=_notice(decision),
            )
    return _invalid(request, escalation, ask_pk=ask.pk, form=form)


def _invalid(
    request: HtmxHttpRequest, escalation: Escalation, *, ask_pk: int, form: AskDecisionForm
) -> HttpResponse:
    context = asks_context(
        escalation=escalation, can_edit=True, now=timezone.now(), bound={ask_pk: form}
    )
    return panel_or_page(request, template=PANEL, context=context, page=FORM_PAGE)
