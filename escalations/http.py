"""What every author-facing view shares: the typed htmx request, the owner-or-404 lookup,
and the "swap the panel, or redirect back to the page" response.

Writes are owner-only: staff and reviewers read through ``escalations.selectors`` but never
reach an author's write endpoints (a wrong or foreign id is a 404, never a 403 that would
confirm the escalation exists).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django_htmx.http import HttpResponseClientRedirect
from django_htmx.middleware import HtmxDetails

from escalations.models import Escalation
from escalations.selectors import escalation_full_for_owner


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def request_user(request: HttpRequest) -> User:
    """The signed-in user (login is required everywhere behind these views)."""
    assert isinstance(request.user, User)  # noqa: S101 - LoginRequiredMiddleware guarantees it
    return request.user


def owned_or_404(request: HttpRequest, pk: int) -> Escalation:
    """The signed-in author's own escalation, with everything prefetched; 404 otherwise."""
    return escalation_full_for_owner(user=request.user, pk=pk)


def go(request: HtmxHttpRequest, url: str) -> HttpResponse:
    """A redirect that also works for htmx (a full navigation, not a swap)."""
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def panel_or_redirect(
    request: HtmxHttpRequest,
    escalation: Escalation,
    *,
    template: str,
    context: dict[str, Any],
    anchor: str,
    notice: str = "",
    status: int = 200,
) -> HttpResponse:
    """After a change: htmx swaps the panel in place; without JavaScript the browser goes
    back to the escalation page at the panel (post/redirect/get) with the notice."""
    if request.htmx:
        return render(request, template, context, status=status)
    if notice:
        messages.success(request, notice)
    return redirect(f"{escalation.get_absolute_url()}#{anchor}")
