"""The public headers on every response under /s/ and /desk/, whoever produced it.

``public_statuspage`` (statuspages/decorators.py) covers what the views return, but some
responses never reach a view: CsrfViewMiddleware's 403 for a POST/PUT/DELETE, a 400 for a
bad Host header, a 500. This middleware is first in ``MIDDLEWARE`` (the outermost), so it
sees every one of them last and sets the same headers — ``Referrer-Policy: no-referrer``
above all, since the token is in the URL.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

from .decorators import DECISION_PAGE, apply_public_headers

# The status pages, and the executive's desk (escalations/desk/), which wears the same headers.
PREFIXES = ("/s/", "/desk/")


class PublicHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if any(
            request.path_info.startswith(p) or request.path_info == p.rstrip("/") for p in PREFIXES
        ):
            # The executive's decision pages chose "same-origin" (public_decision_page) so
            # their CSRF-checked form can post; it still never sends the token elsewhere.
            apply_public_headers(response)
            if getattr(response, DECISION_PAGE, False):
                response.headers["Referrer-Policy"] = "same-origin"
        return response
