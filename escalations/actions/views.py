"""The author marks a remediation action done.

Works with htmx (the Actions panel is swapped in place) and without JavaScript (a full POST,
then back to the page at the panel; a note that is refused shows the form again with what
was typed).
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from escalations.actions.forms import ActionDoneForm
from escalations.actions.panels import PANEL, actions_context
from escalations.actions.services import ActionRefused, action_mark_done
from escalations.http import (
    HtmxHttpRequest,
    child_or_404,
    editable_or_404,
    panel_or_page,
    panel_or_redirect,
    request_user,
)

FORM_PAGE = "escalations/actions_form_page.html"


@require_POST
def action_done(request: HtmxHttpRequest, pk: int, action_pk: int) -> HttpResponse:
    """Mark one action done, with an optional note."""
    escalation = editable_or_404(request, pk)
    action = child_or_404(escalation.actions.all(), action_pk)
    form = ActionDoneForm(request.POST, auto_id=f"id_action{action.pk}_%s")
    if form.is_valid():
        try:
            action_mark_done(
                action=action, by=request_user(request), note=form.cleaned_data["note"]
            )
        except ActionRefused as exc:
            form.add_error(None, str(exc))
        else:
            fresh = editable_or_404(request, pk)
            notice = f"Done: “{action.description}”. {fresh.actions_progress}; readers see it on the status page."
            return panel_or_redirect(
                request,
                fresh,
                template=PANEL,
                context=actions_context(
                    escalation=fresh, can_edit=True, now=timezone.now(), notice=notice
                ),
                anchor="actions",
                notice=notice,
            )
    context = actions_context(
        escalation=escalation, can_edit=True, now=timezone.now(), bound={action.pk: form}
    )
    return panel_or_page(request, template=PANEL, context=context, page=FORM_PAGE)
