"""Headers every response under /s/ carries, whatever the view or status code."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponseBase

# No inline script, no eval, nothing from elsewhere: the page's only script is a static
# file. data: images are Bootstrap's own SVG icons in its stylesheet.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        # The page's own forms only: subscribe, and the executive's email settings.
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

PUBLIC_HEADERS = {
    # The token is in the URL: never leak it to a site a reader clicks through to.
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
    # Browsers may keep a copy but must revalidate (cheap: ETag / Last-Modified); shared
    # caches must not keep one at all, so a revoked link is never served from a proxy.
    "Cache-Control": "private, no-cache",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
}


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
