"""The author adds and removes co-authors (author only: ``authored_or_404``).

Works with htmx (the panel is swapped in place) and without JavaScript (a full POST, then
back to the page at the panel; a refusal shows the form again with the choice kept).
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_POST

from escalations.http import HtmxHttpRequest, authored_or_404, panel_or_page, panel_or_redirect
from escalations.teams.forms import CoauthorAddForm
from escalations.teams.panels import PANEL, coauthors_context
from escalations.teams.services import (
    CoauthorRefused,
    coauthor_add,
    coauthor_candidates,
    coauthor_remove,
)

FORM_PAGE = "escalations/coauthors_form_page.html"


def _name(user: User) -> str:
    return user.get_full_name() or user.get_username()


@require_POST
def coauthor_add_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    escalation = authored_or_404(request, pk)
    candidates = coauthor_candidates(escalation)
    form = CoauthorAddForm(request.POST, candidates=candidates, auto_id="id_coauthor_%s")
    if form.is_valid():
        user = form.cleaned_data["user"]
        try:
            coauthor_add(escalation=escalation, user=user)
        except CoauthorRefused as exc:
            form.add_error("user", str(exc))
        else:
            notice = (
                f"{_name(user)} is a co-author: they can edit it, post updates and record "
                "decisions, and they get the reminders."
            )
            return _coauthors_panel(request, pk, notice)
    context = coauthors_context(escalation=escalation, is_author=True, form=form)
    return panel_or_page(request, template=PANEL, context=context, page=FORM_PAGE)


@require_POST
def coauthor_remove_view(request: HtmxHttpRequest, pk: int, user_pk: int) -> HttpResponse:
    escalation = authored_or_404(request, pk)
    user = next((u for u in escalation.coauthors.all() if u.pk == user_pk), None)
    if user is None:
        raise Http404("Not a co-author of this escalation.")
    coauthor_remove(escalation=escalation, user=user)
    notice = f"{_name(user)} is no longer a co-author; the updates they wrote keep their name."
    return _coauthors_panel(request, pk, notice)


def _coauthors_panel(request: HtmxHttpRequest, pk: int, notice: str) -> HttpResponse:
    """The Co-authors panel after a change, read afresh, with what changed said."""
    fresh = authored_or_404(request, pk)
    return panel_or_redirect(
        request,
        fresh,
        template=PANEL,
        context=coauthors_context(escalation=fresh, is_author=True, notice=notice),
        anchor="coauthors",
        notice=notice,
    )
