"""The author's side of the desk: revoke the executive's desk link (it was forwarded, or
the executive asked). Behind login, on the author's own escalation addressed to them."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from escalations.desk.links import desk_url
from escalations.desk.services import desk_link_rotate
from escalations.http import HtmxHttpRequest, authored_or_404


@require_POST
def desk_link_revoke(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    escalation = authored_or_404(request, pk)
    executive = escalation.executive
    if executive is None:
        raise Http404("This escalation is addressed to no executive in the directory.")
    desk_link_rotate(executive=executive)
    messages.success(
        request,
        f"{executive.name}'s desk link is revoked: the old one stopped working just now. "
        "Their next email from Upward carries a new one.",
    )
    return redirect(f"{escalation.get_absolute_url()}#sharing")


@require_POST
def desk_link_show(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The executive's desk link, to send them by chat (they chose no emails, or revoked
    it and want it now). A POST: the link is a credential, never in a GET's URL or cache."""
    escalation = authored_or_404(request, pk)
    executive = escalation.executive
    if executive is None:
        raise Http404("This escalation is addressed to no executive in the directory.")
    response = render(
        request,
        "desk/author_link.html",
        {
            "escalation": escalation,
            "x": executive,
            "url": f"{settings.SITE_URL}{desk_url(executive)}",
        },
    )
    response.headers["Cache-Control"] = "no-store"
    return response
