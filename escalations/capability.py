"""Headers every capability page carries (a page whose URL token is the authentication): the
status pages under /s/ and the executive's desk under /desk/.

``statuspages`` uses these through ``statuspages.decorators`` (which re-exports them); they
live here because ``escalations`` never imports ``statuspages`` (docs/architecture.md) and
the desk is a room of ``escalations``. The Content-Security-Policy is the site's one policy
(django-csp, config/settings/base.py), the same for both.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, wraps
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotFound
from django.template.loader import render_to_string

PUBLIC_HEADERS = {
    # The token is in the URL: never leak it to a site a reader clicks through to.
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
    # Browsers may keep a copy but must revalidate (cheap: ETag / Last-Modified); shared
    # caches must not keep one at all, so a revoked link is never served from a proxy.
    "Cache-Control": "private, no-cache",
    "X-Content-Type-Options": "nosniff",
}


# Marks a response whose same-origin referrer policy was chosen by public_decision_page.
DECISION_PAGE = "upward_decision_page"


def apply_public_headers(response: HttpResponseBase) -> HttpResponseBase:
    for name, value in PUBLIC_HEADERS.items():
        response.headers[name] = value
    return response


def public_statuspage(
    view: Callable[..., HttpResponseBase],
) -> Callable[..., HttpResponseBase]:
    """No login, and the public headers on every response (200, 304, 404, 405)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return apply_public_headers(view(request, *args, **kwargs))

    return login_not_required(wrapped)


def public_decision_page(
    view: Callable[..., HttpResponseBase],
) -> Callable[..., HttpResponseBase]:
    """The public headers, except that the referrer policy is ``same-origin``.

    Under ``no-referrer`` a browser sends ``Origin: null`` with a form POST, and Django's
    CSRF check rightly refuses it; ``same-origin`` sends our own origin to our own site and
    still never lets the token in the URL reach anyone else.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = apply_public_headers(view(request, *args, **kwargs))
        response.headers["Referrer-Policy"] = "same-origin"
        # Tells PublicHeadersMiddleware this policy was chosen, not Django's default.
        setattr(response, DECISION_PAGE, True)
        return response

    return login_not_required(wrapped)


# --- the 404 of every capability page ----------------------------------------------------------
@cache
def _not_found_body() -> str:
    return render_to_string("statuspages/not_found.html")


def not_found() -> HttpResponse:
    """One response for unknown, revoked and expired links, status page or desk: nothing
    tells them apart."""
    return HttpResponseNotFound(_not_found_body())


@public_statuspage
def not_found_view(request: HttpRequest, rest: str = "") -> HttpResponse:
    return not_found()
