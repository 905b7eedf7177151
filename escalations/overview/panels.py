"""Panels other apps add to the escalation page, without escalations importing them.

An app registers a function in its ``AppConfig.ready()``; the escalation page's view calls
each one and merges what it returns into the page's context (the sharing panel comes from
statuspages this way). Registration is by name, so a reload registers nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from escalations.models import Escalation

PageContext = Callable[[HttpRequest, Escalation], dict[str, Any]]

_providers: dict[str, PageContext] = {}


def register_page_context(name: str, provider: PageContext) -> None:
    _providers[name] = provider


def page_context(request: HttpRequest, escalation: Escalation) -> dict[str, Any]:
    """Everything registered apps add to this escalation's page."""
    context: dict[str, Any] = {}
    for provider in _providers.values():
        context.update(provider(request, escalation))
    return context
