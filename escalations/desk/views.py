"""The executive's desk: one page, behind their personal link, with everything waiting on
them across every escalation addressed to them (docs/access.md, "The executive's desk").

A capability URL like the status pages: no login, the same headers (``public_statuspage``,
escalations/capability.py), the same 404 for an unknown, forged or revoked token, and the
token redacted from every log (config/logredact.py). Deciding goes through the same
scanner-safe confirmation page as the status page's (escalations/decisions/confirm.py).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from escalations import timetext
from escalations.capability import (
    not_found,
    public_decision_page,
    public_statuspage,
)
from escalations.decisions.confirm import ConfirmPlace, decision_confirm
from escalations.desk.links import desk_executive
from escalations.desk.selectors import desk_for
from escalations.desk.services import desk_link_rotate
from escalations.markdown import render_markdown
from escalations.models import DECISION_SLUGS, Ask, Meeting, State
from escalations.rca.summary import rca_preread
from escalations.wizard import briefing


@public_statuspage
@require_safe
def page(request: HttpRequest, token: str) -> HttpResponseBase:
    executive = desk_executive(token)
    if executive is None:
        return not_found()
    desk = desk_for(executive, timezone.now())
    return render(
        request,
        "desk/page.html",
        {"desk": desk, "x": executive, "choices": list(DECISION_SLUGS.items())},
    )


@public_decision_page
@require_http_methods(["GET", "HEAD", "POST"])
def ask_decision(
    request: HttpRequest, token: str, ask_id: int, choice: str = ""
) -> HttpResponseBase:
    """The confirmation page for one ask on an escalation addressed to this executive (a
    GET decides nothing); the POST records the answer in their name."""
    executive = desk_executive(token)
    if executive is None or (choice and choice not in DECISION_SLUGS):
        return not_found()
    ask = (
        Ask.objects.select_related("escalation", "escalation__owner")
        .filter(pk=ask_id, escalation__executive=executive)
        .exclude(escalation__state=State.DRAFT)
        .first()
    )
    if ask is None:
        return not_found()
    place = ConfirmPlace(
        action_url=reverse("desk:ask_decision", args=[token, ask.pk]),
        back_url=reverse("desk:page", args=[token]),
        back_label="Back to your desk",
        decided_by_name=executive.name,
        decided_by_email=executive.email,
        time_zone=executive.time_zone,
    )
    return decision_confirm(request, ask=ask, choice=choice, place=place)


@public_statuspage
@require_safe
def preread(request: HttpRequest, token: str, meeting_id: int) -> HttpResponseBase:
    """The pre-read of a coming 1:1, word for word as emailed (``briefing.preread``)."""
    executive = desk_executive(token)
    if executive is None:
        return not_found()
    meeting = (
        Meeting.objects.select_related("escalation", "escalation__owner")
        .filter(pk=meeting_id, escalation__executive=executive, cancelled_at__isnull=True)
        .exclude(escalation__state=State.DRAFT)
        .first()
    )
    if meeting is None:
        return not_found()
    e = meeting.escalation
    pre = rca_preread(e, meeting) or briefing.preread(e, meeting)
    tz = executive.time_zone or "UTC"
    return render(
        request,
        "desk/preread.html",
        {
            "e": e,
            "meeting": meeting,
            "starts": timetext.when(meeting.starts_at, tz),
            "parts": [{"title": p.title, "html": render_markdown(p.markdown)} for p in pre.parts],
            "desk_url": reverse("desk:page", args=[token]),
        },
    )


@public_statuspage
@csrf_exempt
@require_POST
def revoke(request: HttpRequest, token: str) -> HttpResponseBase:
    """The executive revokes their own desk link (it was forwarded, or they are unsure):
    this and every earlier link stop working; the next email carries a new one. The token
    in the URL is what authenticates the POST, as for the status page's email settings."""
    executive = desk_executive(token)
    if executive is None:
        return not_found()
    desk_link_rotate(executive=executive)
    return render(request, "desk/revoked.html", {"x": executive})
