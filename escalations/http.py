"""What every author-facing view shares: the typed htmx request, the two lookups of an
escalation by id, and the "swap the panel, or redirect back to the page" responses.

Login itself is ``LoginRequiredMiddleware``'s (no view carries ``login_required``). Every
view that changes an escalation, or offers to, fetches it with ``owned_or_404``; the pages a
reviewer may also read use ``visible_or_404``. A wrong or foreign id is a 404, never a 403
that would confirm the escalation exists (docs/access.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol, TypeVar

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django_htmx.http import HttpResponseClientRedirect
from django_htmx.middleware import HtmxDetails

from escalations.models import Escalation
from escalations.selectors import escalation_full_for_owner, escalation_full_for_user


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def request_user(request: HttpRequest) -> User:
    """The signed-in user (login is required everywhere behind these views)."""
    assert isinstance(request.user, User)  # noqa: S101 - LoginRequiredMiddleware guarantees it
    return request.user


def owned_or_404(request: HttpRequest, pk: int) -> Escalation:
    """The signed-in author's own escalation, with everything prefetched; 404 otherwise,
    staff and reviewers included. The one ownership check of every write."""
    return escalation_full_for_owner(user=request.user, pk=pk)


def visible_or_404(request: HttpRequest, pk: int) -> Escalation:
    """For pages that only read: the author's own escalation, or any escalation a reviewer
    may read (``escalations_visible_to``); 404 otherwise."""
    return escalation_full_for_user(user=request.user, pk=pk)


def is_owner(request: HttpRequest, escalation: Escalation) -> bool:
    """Whether a page read through ``visible_or_404`` offers the author's buttons. Only what
    is shown: each of those buttons posts to a view that checks with ``owned_or_404``."""
    return escalation.owner_id == request.user.pk


class _HasPk(Protocol):
    pk: Any


Child = TypeVar("Child", bound=_HasPk)


def child_or_404(children: Iterable[Child], pk: int) -> Child:
    """One row of an owned escalation's prefetched children (its meetings, its asks) by id;
    404 for an id that belongs to another escalation, as for a wrong escalation id."""
    found = next((c for c in children if c.pk == pk), None)
    if found is None:
        raise Http404("Nothing with that id on this escalation.")
    return found


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
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    """After a change (or a refusal, ``error``): htmx swaps the panel in place; without
    JavaScript the browser goes back to the escalation page at the panel (post/redirect/get)
    with the notice."""
    if request.htmx:
        return render(request, template, context, status=status)
    if notice:
        messages.success(request, notice)
    if error:
        messages.error(request, error)
    return redirect(f"{escalation.get_absolute_url()}#{anchor}")


def panel_or_page(
    request: HtmxHttpRequest,
    *,
    template: str,
    context: dict[str, Any],
    page: str,
    page_context: dict[str, Any] | None = None,
    status: int = 400,
) -> HttpResponse:
    """A form with errors: htmx swaps the panel, its form showing what was typed and what is
    wrong; without JavaScript the form gets a page of its own, nothing typed lost."""
    if request.htmx:
        return render(request, template, context)
    return render(
        request, page, page_context if page_context is not None else context, status=status
    )
