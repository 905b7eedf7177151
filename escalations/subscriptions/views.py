"""Token pages from subscribers' emails: confirm an address, unsubscribe in one click.

No login: the signed token in the URL is the authentication, so the POSTs need no CSRF
token (there is no session to ride on) — and RFC 8058's one-click POST, sent by the mail
provider with ``List-Unsubscribe=One-Click`` as its only field, could not carry one. A GET
changes nothing: mail scanners prefetch links.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from escalations.http import (
    HtmxHttpRequest,
    editable_or_404,
    panel_or_page,
    panel_or_redirect,
    request_user,
)
from escalations.models import Escalation, OutboxMessage
from escalations.outbox.chat import chat_post_again as chat_post_again_service
from escalations.outbox.links import executive_status_url, reader_status_url
from escalations.subscriptions.forms import ChatWebhookForm
from escalations.subscriptions.panels import PANEL as READERS_PANEL
from escalations.subscriptions.panels import readers_context
from escalations.subscriptions.services import (
    chat_format_for,
    subscription_confirm,
    subscription_remove,
    subscription_unsubscribe,
)
from escalations.subscriptions.services import chat_webhook_remove as chat_webhook_remove_service
from escalations.subscriptions.services import chat_webhook_set as chat_webhook_set_service
from escalations.subscriptions.tokens import STATUS_PAGE_PATH, read_token, status_page_cookie

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
                "It may have expired (confirmation links last 3 days; Unsubscribe links last "
                "60 days, so use the one in the latest email) or been copied incompletely. "
                "Ask for the updates again from the status page."
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
    # Back to the page they subscribed from, in any browser: the executive's own link, a
    # reader's the link they came through (None once revoked); else what this browser kept.
    if sub.for_executive:
        back = executive_status_url(sub.escalation) or ""
    else:
        back = reader_status_url(sub.via_link_id) or ""
        kept = request.COOKIES.get(status_page_cookie(sub.escalation_id), "")
        if not back and STATUS_PAGE_PATH.match(kept):
            back = kept
    return _page(
        request,
        {
            "heading": "You are subscribed",
            "lines": [
                f"Every update on “{title}” will be emailed to {sub.email}.",
                "Each email has a one-click unsubscribe link.",
            ],
            "back_url": back,
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
                "lines": [
                    "You will get no more update emails about any escalation addressed to you."
                    if sub.for_executive
                    else "You will get no more updates about it by email."
                ],
                "button": "Unsubscribe",
            },
        )
    subscription_unsubscribe(subscription=sub)
    lines = [f"You will get no more emails about “{title}”."]
    if sub.for_executive:
        lines = [
            "You will get no more update emails about any escalation addressed to you: "
            "your choice applies to all of them.",
            "You can switch them back on from your status page.",
        ]
    return _page(request, {"heading": "Unsubscribed", "lines": lines})


# --- the author's chat webhook (signed in; owner only) --------------------------------------------


@sensitive_post_parameters("url")
@require_POST
def chat_webhook_set(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Post every update to a chat channel; the URL is never shown back in full."""
    escalation = editable_or_404(request, pk)
    form = ChatWebhookForm(request.POST)
    if not form.is_valid():
        return panel_or_page(
            request,
            template=READERS_PANEL,
            context=readers_context(escalation=escalation, can_edit=True, form=form),
            page="escalations/meeting_form_page.html",
            page_context={
                "escalation": escalation,
                "title": "Post updates to chat",
                "form": form,
                "action": request.path,
            },
        )
    url = form.cleaned_data["url"]
    fmt = form.cleaned_data["format"]
    hook = chat_webhook_set_service(
        escalation=escalation,
        url=url,
        fmt=chat_format_for(url) if fmt == "auto" else fmt,
        by=request_user(request),
    )
    notice = f"Every update will be posted to {hook.get_format_display()} ({hook.masked})."
    return _readers_panel(request, escalation, notice)


@require_POST
def chat_webhook_remove(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    escalation = editable_or_404(request, pk)
    chat_webhook_remove_service(escalation=escalation)
    notice = "Updates are no longer posted to chat."
    return _readers_panel(request, escalation, notice)


@require_POST
def subscriber_remove(request: HtmxHttpRequest, pk: int, sub_pk: int) -> HttpResponse:
    """The author takes a reader off the list: no more emails to that address."""
    escalation = editable_or_404(request, pk)
    removed = subscription_remove(escalation=escalation, pk=sub_pk)
    if removed is None:
        raise Http404("No such reader on this escalation.")
    notice = f"{removed.email} no longer gets the updates."
    return _readers_panel(request, escalation, notice)


@require_POST
def chat_post_again(request: HtmxHttpRequest, pk: int, dispatch_pk: int) -> HttpResponse:
    """Post a card that failed again, once the author fixed what the reason said."""
    escalation = editable_or_404(request, pk)
    failed = OutboxMessage.objects.filter(pk=dispatch_pk, escalation=escalation).first()
    if failed is None:
        raise Http404("No such chat post on this escalation.")
    try:
        chat_post_again_service(escalation=escalation, failed=failed)
    except ValueError as exc:
        notice = str(exc)
    else:
        notice = "Posting to chat again."
    return _readers_panel(request, escalation, notice)


def _readers_panel(request: HtmxHttpRequest, escalation: Escalation, notice: str) -> HttpResponse:
    """The author's "Who gets the updates" panel after a change, with what changed said."""
    return panel_or_redirect(
        request,
        escalation,
        template=READERS_PANEL,
        context=readers_context(escalation=escalation, can_edit=True, notice=notice),
        anchor="readers",
        notice=notice,
    )
