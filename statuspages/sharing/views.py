"""The author's share-link actions: typed function views, owner-only (``authored_or_404``),
login through the middleware. Each one swaps the sharing panel for htmx and works without
JavaScript too (``panel_or_redirect``); a new link's URL is shown once, in the response."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from escalations.http import (
    HtmxHttpRequest,
    authored_or_404,
    go,
    panel_or_page,
    panel_or_redirect,
    request_user,
)
from escalations.models import Escalation, State

from ..forms import ShareLinkForm
from ..models import ShareLink
from ..selectors import share_links_for
from ..services import (
    executive_link_find_or_mint,
    share_link_create,
    share_link_revoke,
    status_path,
)
from .panels import PAGE, PANEL, panel_context


def _shown_once(
    request: HtmxHttpRequest, escalation: Escalation, link: ShareLink, url: str
) -> HttpResponse:
    """A link's full URL, in this response only: in the panel (htmx) or on a page."""
    if request.htmx:
        return render(
            request, PANEL, panel_context(request, escalation, new_link=link, new_url=url)
        )
    context = {"escalation": escalation, "link": link, "url": url}
    return render(request, "statuspages/link_created.html", context)


@require_POST
def link_create(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Mint a link; the full URL is in this response only, never stored or shown again."""
    escalation = authored_or_404(request, pk)
    form = ShareLinkForm(request.POST)
    if not form.is_valid():
        # What they typed stays in the form, on the panel or on a page of its own.
        return panel_or_page(
            request,
            template=PANEL,
            context=panel_context(request, escalation, share_form=form),
            page=PAGE,
        )
    created = share_link_create(
        escalation=escalation,
        created_by=request_user(request),
        label=form.cleaned_data["label"],
        expires_at=form.expires_at(timezone.now()),
        audience=form.cleaned_data["audience"],
    )
    return _shown_once(request, escalation, created.link, request.build_absolute_uri(created.path))


@require_POST
def link_revoke(request: HtmxHttpRequest, pk: int, link_pk: int) -> HttpResponse:
    escalation = authored_or_404(request, pk)
    link = share_links_for(escalation).filter(pk=link_pk).first()
    if link is None:
        raise Http404("No such link on your escalations.")
    share_link_revoke(link=link)
    return panel_or_redirect(
        request,
        escalation,
        template=PANEL,
        context=panel_context(request, escalation, revoked=link),
        anchor="sharing",
        notice=f"Link “{link.label}” revoked: it stopped working just now.",
    )


@require_POST
def executive_link(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Show the author the executive's own link (the one their emails carry), to send it
    by chat: from it the executive can decide the asks. Minted if none is usable; its token
    is stored, so asking again shows the same link until it is revoked."""
    escalation = authored_or_404(request, pk)
    if escalation.state == State.DRAFT:
        messages.error(request, "Escalate first: the executive's link shows what you sent.")
        return go(request, f"{escalation.get_absolute_url()}#sharing")
    link = executive_link_find_or_mint(escalation=escalation)
    url = request.build_absolute_uri(status_path(link.mailed_token))
    return _shown_once(request, escalation, link, url)
