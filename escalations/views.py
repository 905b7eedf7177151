"""The author's pages. Typed function views: validate, call one service, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


@require_GET
@login_required
def home(request: HtmxHttpRequest) -> HttpResponse:
    """My escalations: the signed-in author's list, newest first."""
    from .selectors import escalations_owned_by

    assert isinstance(request.user, User)  # noqa: S101 - login_required guarantees it
    escalations = escalations_owned_by(request.user)
    return render(
        request,
        "escalations/home.html",
        {"escalations": escalations, "now": timezone.now()},
    )


@require_GET
@login_required
def detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """One escalation, everything about it, for its owner (or staff)."""
    from .selectors import escalation_full_for_user

    escalation = escalation_full_for_user(user=request.user, pk=pk)
    return render(
        request,
        "escalations/detail.html",
        {"escalation": escalation, "now": timezone.now()},
    )
