"""What every author-facing view shares: the typed htmx request, the two lookups of an
escalation by id, and the "swap the panel, or redirect back to the page" responses.

Login itself is ``LoginRequiredMiddleware``'s (no view carries ``login_required``). Every
view that changes an escalation, or offers to, fetches it with ``editable_or_404`` (author or
co-author), the few author-only ones with ``authored_or_404``; the pages a reviewer may also
read use ``visible_or_404``. Who is who is decided in ``escalations/selectors.py`` alone. A wrong or foreign id is a 404, never a 403
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
from escalations.selectors import (
    escalation_full_for_author,
    escalation_full_for_editor,
    escalation_full_for_user,
    may_edit,
)


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def request_user(request: HttpRequest) -> User:
    """The signed-in user (login is required everywhere behind these views)."""
    assert isinstance(request.user, User)  # noqa: S101 - LoginRequiredMiddleware guarantees it
    return request.user


def editable_or_404(request: HttpRequest, pk: int) -> Escalation:
    """An escalation the signed-in person may change (its author or a co-author), with
    everything prefetched; 404 otherwise, reviewers and superusers included. The one check
    of every write but the author-only ones (``authored_or_404``)."""
    return escalation_full_for_editor(user=request.user, pk=pk)


def authored_or_404(request: HttpRequest, pk: int) -> Escalation:
    """The signed-in author's own escalation; 404 for anyone else, co-authors included.
    Only for what stays the author's alone (docs/access.md): choosing co-authors,
    discarding a draft, and share links (who may read it outside the app)."""
    return escalation_full_for_author(user=request.user, pk=pk)


def visible_or_404(request: HttpRequest, pk: int) -> Escalation:
    """For pages that only read: an escalation the person may edit, or one they review
    (``escalations_visible_to``); 404 otherwise."""
    return escalation_full_for_user(user=request.user, pk=pk)


def can_edit(request: HttpRequest, escalation: Escalation) -> bool:
    """Whether a page read through ``visible_or_404`` offers the writers' buttons. Only what
    is shown: each of those buttons posts to a view that checks with ``editable_or_404``."""
    return may_edit(request.user, escalation)


def is_author(request: HttpRequest, escalation: Escalation) -> bool:
    """Whether the page offers the author-only buttons (checked again by ``authored_or_404``)."""
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
