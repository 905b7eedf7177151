"""Token pages from subscribers' emails: confirm an address, unsubscribe in one click.

No login: the signed token in the URL is the authentication, so the POSTs need no CSRF
token (there is no session to ride on) — and RFC 8058's one-click POST, sent by the mail
provider with ``List-Unsubscribe=One-Click`` as its only field, could not carry one. A GET
changes nothing: mail scanners prefetch links.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from escalations.subscriptions.services import subscription_confirm, subscription_unsubscribe
from escalations.subscriptions.tokens import read_token

TEMPLATE = "escalations/subscription_page.html"
PRIVATE_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
    "Cache-Control": "private, no-store",
}


def _page(request: HttpRequest, context: dict, status: int = 200) -> HttpResponse:
    response = render(request, TEMPLATE, context, status=status)
    for name, value in PRIVATE_HEADERS.items():
        response.headers[name] = value
    return response


def _invalid(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        {
            "heading": "This link does not work",
            "lines": [
                "It may have expired (confirmation links last 3 days) or been copied "
                "incompletely. Ask for the updates again from the status page."
            ],
        },
        status=404,
    )


@login_not_required
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET: a button; POST: the address is confirmed."""
    sub = read_token(token, "confirm")
    if sub is None:
        return _invalid(request)
    title = sub.escalation.title
    if request.method != "POST":
        return _page(
            request,
            {
                "heading": f"Email me the updates on “{title}”",
                "lines": [f"Updates will go to {sub.email}, one email per update."],
                "button": "Confirm",
            },
        )
    subscription_confirm(subscription=sub)
    return _page(
        request,
        {
            "heading": "You are subscribed",
            "lines": [
                f"Every update on “{title}” will be emailed to {sub.email}.",
                "Each email has a one-click unsubscribe link.",
            ],
        },
    )


@login_not_required
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET: a button; POST (the button, or the mail client's one-click): no more email."""
    sub = read_token(token, "unsubscribe")
    if sub is None:
        return _invalid(request)
    title = sub.escalation.title
    if request.method != "POST":
        return _page(
            request,
            {
                "heading": f"Stop the emails about “{title}”?",
                "lines": ["You will get no more updates about it by email."],
                "button": "Unsubscribe",
            },
        )
    subscription_unsubscribe(subscription=sub)
    lines = [f"You will get no more emails about “{title}”."]
    if sub.for_executive:
        lines.append("You can switch them back on from your status page.")
    return _page(request, {"heading": "Unsubscribed", "lines": lines})
