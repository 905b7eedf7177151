"""The public status page and its feeds (the author's link actions: statuspages/sharing/).

Public views (everything under /s/) need no login (``login_not_required`` through
``public_statuspage``), change nothing on GET except the link's view count, answer unknown,
revoked and expired tokens with the same 404, and revalidate cheaply through ETag /
Last-Modified (Django's ``condition`` decorator). Each first looks its link up through
``statuspages.readpath``: a warm page view is one cache ``get_many`` and no query.
"""

from __future__ import annotations

import json
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import condition, require_http_methods, require_POST, require_safe

from config.auth import client_ip
from escalations.capability import not_found
from escalations.decisions.confirm import ConfirmPlace, decision_confirm
from escalations.models import (
    DECISION_SLUGS,
    Escalation,
    PublicStatus,
)
from escalations.subscriptions import throttle as subscribe_throttle
from escalations.subscriptions.selectors import executive_email_settings
from escalations.subscriptions.services import SubscriptionInvalid, subscription_executive_set
from escalations.subscriptions.tasks import subscription_request_later
from escalations.subscriptions.tokens import status_page_cookie
from escalations.text import xml_values
from escalations.wizard.briefing import impact_quantities

from .decorators import public_decision_page, public_statuspage
from .forms import ExecutiveEmailForm, SubscribeForm
from .readpath import LinkHit, Lookup, lookup, page_store, usable_link
from .selectors import StatusSnapshot, ask_for_hit, escalation_for_hit, status_snapshot
from .services import share_link_count_view, share_link_keep_for_readers

UTC = zoneinfo.ZoneInfo("UTC")
FEED_ENTRIES = 50


def poll_seconds() -> int:
    """How often an open page checks for news (30–60 s in production; tests shorten it)."""
    return int(getattr(settings, "STATUSPAGE_POLL_SECONDS", 45))


@public_statuspage
@require_safe
def add_slash(request: HttpRequest, token: str) -> HttpResponseBase:
    """Chat apps sometimes drop the trailing slash; the page's relative links need it."""
    return HttpResponsePermanentRedirect(f"/s/{token}/")


# --- helpers ----------------------------------------------------------------------------
def _minute(now: datetime) -> datetime:
    return now.replace(second=0, microsecond=0)


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True, slots=True)
class Reading:
    """One public request's usable link, read once, at the request's own instant."""

    found: Lookup
    now: datetime
    stale: bool  # overdue at ``now``
    # The page prints "12 min ago", so a rendering is current for the minute it is for.
    minute_start: datetime
    minute: int  # minute_start as a Unix timestamp

    @property
    def hit(self) -> LinkHit:
        return self.found.hit


_READING = "statuspage_reading"


def reading(request: HttpRequest) -> Reading:
    value: Reading = getattr(request, _READING)
    return value


def audience_admits(request: HttpRequest, hit: LinkHit) -> bool:
    """Whether this visitor may read the link's page: anyone, unless the author shared it
    with signed-in colleagues only (docs/access.md)."""
    return not hit.colleagues_only or request.user.is_authenticated


def sign_in_first(token: str) -> HttpResponseBase:
    """The login page, then back to the status page (the token in ``next`` is redacted in
    logs like any /s/ path, config/logredact.py)."""
    return redirect_to_login(f"/s/{token}/")


def for_usable_link(
    *, rendering: str = "", count_view: bool = False
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """The same 404 for unknown, revoked and expired links; otherwise the view runs with
    ``reading(request)``. ``rendering``: the kind of cached rendering ("page", "fragment")
    fetched in the same round trip as the link. ``count_view``: the page itself (not its
    poll, feed or JSON) counts a view, a 304 included."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapped(request: HttpRequest, token: str) -> HttpResponseBase:
            now = timezone.now()
            start = _minute(now)
            minute = int(start.timestamp())
            kept = (rendering, minute) if rendering else None
            found = lookup(token, now, page=kept, count_view=count_view)
            if found is None:
                return not_found()
            if not audience_admits(request, found.hit):
                # Before anything of the page is read, its cached rendering included: the
                # page itself asks to sign in and comes back; its feeds and polls say 404.
                return sign_in_first(token) if count_view else not_found()
            if count_view and not found.counted:  # no Redis: the database counts it
                share_link_count_view(link_id=found.hit.link_id, now=now)
            setattr(request, _READING, Reading(found, now, found.hit.is_stale(now), start, minute))
            return view(request, token)

        return wrapped

    return decorator


def live_etag(
    escalation: Escalation | LinkHit, now: datetime, *, for_executive: bool = False
) -> str:
    if isinstance(escalation, Escalation):
        pk, mine = escalation.pk, "x" if for_executive else ""
    else:
        pk, mine = escalation.escalation_id, "x" if escalation.for_executive else ""
    return f'W/"f{pk}-{escalation.version}-{int(escalation.is_stale(now))}{mine}"'


def _page_context(
    escalation: Escalation, snapshot: StatusSnapshot, now: datetime, *, for_executive: bool = False
) -> dict:
    state = snapshot.current_state(escalation)
    updates = snapshot.updates
    return {
        "for_executive": for_executive,
        # Once contained: what was lost, not what is at risk per hour.
        "impact_numbers": impact_quantities(escalation),
        "exec_email": executive_email_settings(escalation) if for_executive else None,
        "e": escalation,
        "s": snapshot,
        "now": now,
        "state": state,
        "state_label": PublicStatus(state).label if state in PublicStatus.values else state,
        "is_stale": escalation.is_stale(now),
        "overdue_by": escalation.overdue_by(now),
        "recent_updates": updates[:20],
        "older_updates": updates[20:],
        "poll_seconds": poll_seconds(),
        "live_etag": live_etag(escalation, now, for_executive=for_executive),
        # Only the executive's own link offers decision buttons; every link shows answers.
        "can_decide": for_executive,
        "decision_choices": [(slug, c.label) for slug, c in DECISION_SLUGS.items()],
    }


def _rendered(kind: str, r: Reading) -> bytes:
    """The page (or its live fragment) as UTF-8: the cached rendering the link lookup
    brought back, else rendered now and cached for the rest of the minute. Kept encoded:
    encoding 30 KB on every request cost more than the lookup."""
    if r.found.cached_page is not None:
        return r.found.cached_page
    escalation = escalation_for_hit(r.hit)
    snapshot = status_snapshot(escalation)
    template = "statuspages/page.html" + ("#content" if kind == "fragment" else "")
    # Shared by every reader of the link, so rendered in UTC; the script shows local times.
    with timezone.override(UTC):
        context = _page_context(escalation, snapshot, r.now, for_executive=r.hit.for_executive)
        html = render_to_string(template, context).encode()
    page_store(kind, r.found, r.minute, r.stale, html)
    return html


# --- public views -----------------------------------------------------------------------
def _page_etag(request: HttpRequest, token: str) -> str:
    r = reading(request)
    mine = int(r.hit.for_executive)  # the executive's page differs (decision buttons)
    return f'"p{r.hit.escalation_id}-{r.hit.version}-{int(r.stale)}-{r.minute}-{mine}"'


def _page_last_modified(request: HttpRequest, token: str) -> datetime:
    r = reading(request)
    return max(r.minute_start, r.hit.modified_at)


@public_statuspage
@require_safe
@for_usable_link(rendering="page", count_view=True)
@condition(etag_func=_page_etag, last_modified_func=_page_last_modified)
def page(request: HttpRequest, token: str) -> HttpResponseBase:
    """The status page an executive opens from a DM: no login, everything on one screen."""
    return HttpResponse(_rendered("page", reading(request)))


def _live_etag(request: HttpRequest, token: str) -> str:
    r = reading(request)
    return live_etag(r.hit, r.now)


def _live_last_modified(request: HttpRequest, token: str) -> datetime:
    r = reading(request)
    changed = r.hit.modified_at
    if r.stale and r.hit.next_update_due_at:
        changed = max(changed, r.hit.next_update_due_at)
    return changed


@public_statuspage
@require_safe
@for_usable_link(rendering="fragment")
@condition(etag_func=_live_etag, last_modified_func=_live_last_modified)
def live(request: HttpRequest, token: str) -> HttpResponseBase:
    """The page's changing part, polled by statuspage.js; 304 until something changes.

    Weak validator: the relative times inside differ minute by minute, but the script keeps
    those current itself, so only a new version or the overdue flag counts as a change.
    """
    return HttpResponse(_rendered("fragment", reading(request)))


class _StableAtom1Feed(Atom1Feed):
    """Atom whose <updated> comes from the data, not the clock, so its ETag holds; whatever
    a row holds, the document is XML (``xml_values``: a control character from an old row
    would otherwise fail every request for the feed)."""

    def __init__(self, *args: Any, updated: datetime, **kwargs: Any) -> None:
        super().__init__(*args, **xml_values(kwargs))
        self._updated = updated

    def add_item(self, *args: Any, **kwargs: Any) -> None:
        super().add_item(*args, **xml_values(kwargs))

    def latest_post_date(self) -> datetime:
        return self._updated


def _feed_etag(request: HttpRequest, token: str) -> str:
    hit = reading(request).hit
    return f'"a{hit.escalation_id}-{hit.version}"'


def _feed_last_modified(request: HttpRequest, token: str) -> datetime:
    return reading(request).hit.modified_at


@public_statuspage
@require_safe
@for_usable_link()
@condition(etag_func=_feed_etag, last_modified_func=_feed_last_modified)
def feed(request: HttpRequest, token: str) -> HttpResponseBase:
    """Atom 1.0: one entry per update, newest first (the latest 50)."""
    escalation = escalation_for_hit(reading(request).hit)
    snapshot = status_snapshot(escalation)
    page_url = request.build_absolute_uri(f"/s/{token}/")
    host = urlsplit(settings.SITE_URL).hostname or "upward.invalid"
    tag = f"tag:{host},{escalation.created_at:%Y-%m-%d}:escalation-{escalation.pk}"
    updated = snapshot.updates[0].created_at if snapshot.updates else escalation.modified_at
    owner = escalation.owner.get_full_name() or escalation.owner.get_username()
    now_reads = summary_line(escalation)
    atom = _StableAtom1Feed(
        title=escalation.title,
        link=page_url,
        description=now_reads,
        subtitle=now_reads,
        feed_url=request.build_absolute_uri(),
        feed_guid=tag,
        author_name=owner,
        language="en",
        updated=updated,
    )
    for u in snapshot.updates[:FEED_ENTRIES]:
        first_line = (u.body_plain.splitlines() or [""])[0]
        summary = first_line if len(first_line) <= 90 else first_line[:89] + "…"
        atom.add_item(
            title=f"{u.state_label}: {summary}" if summary else u.state_label,
            link=f"{page_url}#update-{u.pk}",
            description=u.body_html,
            unique_id=f"{tag}:update-{u.pk}",
            unique_id_is_permalink=False,
            pubdate=u.created_at,
            updateddate=u.created_at,
            author_name=u.author_name,
            categories=[u.state_label],
        )
    return HttpResponse(
        atom.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8"
    )


def summary_line(escalation: Escalation) -> str:
    """The current summary in one paragraph, as the status page's top section reads it:
    "Impact now: … What changed: …" (the feed's subtitle)."""
    said = f"{escalation.impact_now_label}: {escalation.impact_now}"
    if escalation.summary_changed:
        label = "Last update" if escalation.is_resolved else "What changed"
        said += f" {label}: {escalation.summary_changed}"
    return said


def status_document(escalation: Escalation, snapshot: StatusSnapshot, now: datetime) -> dict:
    """The JSON schema documented in the README (``/s/<token>/status.json``)."""
    overdue = escalation.overdue_by(now)
    state = snapshot.current_state(escalation)
    return {
        "title": escalation.title,
        "kind": escalation.kind,
        "severity": escalation.severity,
        "state": state,
        "state_label": PublicStatus(state).label if state in PublicStatus.values else state,
        "lifecycle": escalation.state,
        "impact_headline": escalation.impact_headline,
        # The situation as it stands, as the page's top section reads it.
        "summary": {
            "impact": escalation.impact_now,
            "impact_label": escalation.impact_now_label,
            "impact_final": escalation.impact_now_label == "Final impact",
            "changed": escalation.summary_changed,
            "updated_at": _iso(escalation.summary_updated_at),
        },
        "last_updated": _iso(escalation.last_updated_at),
        "next_update_due": _iso(escalation.next_update_due_at) if escalation.is_open else None,
        "is_stale": overdue is not None,
        "stale_for_seconds": int(overdue.total_seconds()) if overdue else 0,
        "updates": [
            {
                "id": u.pk,
                "created_at": _iso(u.created_at),
                "state": u.state,
                "kind": u.kind,
                "body": u.body,
                "body_html": u.body_html,
                "on_time": u.on_time,
            }
            for u in snapshot.updates
        ],
        "asks": [
            {
                "id": a.pk,
                "decision": a.decision,
                "decide_by": _iso(a.decide_by),
                "status": a.status,
                "decided_by": a.decided_by or None,
                "decided_at": _iso(a.decided_at),
                "note": a.note,
                "waiting_since": _iso(a.waiting_since(now)),
            }
            for a in snapshot.asks
        ],
    }


def _overdue_seconds(r: Reading) -> int | None:
    overdue = r.hit.overdue_by(r.now)
    return int(overdue.total_seconds()) if overdue else None


def _json_etag(request: HttpRequest, token: str) -> str:
    r = reading(request)
    # While overdue, stale_for_seconds changes every second, and so does the document.
    seconds = _overdue_seconds(r)
    return f'"j{r.hit.escalation_id}-{r.hit.version}-{"ok" if seconds is None else seconds}"'


def _json_last_modified(request: HttpRequest, token: str) -> datetime:
    r = reading(request)
    return r.hit.modified_at if _overdue_seconds(r) is None else r.now.replace(microsecond=0)


@public_statuspage
@require_safe
@for_usable_link()
@condition(etag_func=_json_etag, last_modified_func=_json_last_modified)
def status_json(request: HttpRequest, token: str) -> HttpResponseBase:
    r = reading(request)
    escalation = escalation_for_hit(r.hit)
    document = status_document(escalation, status_snapshot(escalation), r.now)
    return HttpResponse(json.dumps(document), content_type="application/json")


# --- the executive's decisions -------------------------------------------------------------
@public_decision_page
@require_http_methods(["GET", "HEAD", "POST"])
def ask_decision(
    request: HttpRequest, token: str, ask_id: int, choice: str = ""
) -> HttpResponseBase:
    """The executive's confirmation page for one ask, and the POST that records the answer
    (escalations/decisions/confirm.py, shared with the executive's desk).

    A GET changes nothing — mail scanners open links in emails — and only the executive's
    own link (``ShareLink.for_executive``) reaches it; any other link, ask or answer gets
    the same 404 as a dead link. The POST is CSRF-protected like every form here.
    """
    now = timezone.now()
    hit = usable_link(token, now)
    if hit is None or not hit.for_executive or (choice and choice not in DECISION_SLUGS):
        return not_found()
    ask = ask_for_hit(hit, ask_id)
    if ask is None:
        return not_found()
    e = ask.escalation
    place = ConfirmPlace(
        action_url=reverse("statuspages:ask_decision", kwargs={"token": token, "ask_id": ask.pk}),
        back_url=f"/s/{token}/",
        back_label="Back to the status page",
        decided_by_name=e.executive_label or "The executive",
        decided_by_email=e.executive_address,
        time_zone=e.executive_zone,
    )
    return decision_confirm(request, ask=ask, choice=choice, place=place)


# --- email: anyone subscribes; the executive picks each / digest / off ---------------------
# The token in the URL is what authenticates these POSTs (no session, no cookie), so CSRF
# protection has nothing to protect and the shared, cached page carries no CSRF token.


def _email_page(
    request: HttpRequest, token: str, escalation: Escalation, context: dict, status: int = 200
) -> HttpResponse:
    base = {"e": escalation, "page_url": f"/s/{token}/"}
    return render(request, "statuspages/email.html", base | context, status=status)


@public_statuspage
@csrf_exempt
@require_POST
def subscribe(request: HttpRequest, token: str) -> HttpResponseBase:
    """Anyone with the link: send a confirmation to the address (double opt-in)."""
    now = timezone.now()
    hit = usable_link(token, now)
    if hit is None or not audience_admits(request, hit):
        return not_found()
    escalation = escalation_for_hit(hit)
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return _email_page(request, token, escalation, {"form": form}, status=400)
    email = form.cleaned_data["email"]
    if not subscribe_throttle.request_allowed(token=token, client=client_ip(request)):
        form.add_error("email", "Too many sign-ups from here just now: try again in an hour.")
        return _email_page(request, token, escalation, {"form": form}, status=429)
    # Their emails and confirmation page lead back here: the link keeps its token.
    share_link_keep_for_readers(link_id=hit.link_id, token=token)
    # Queued: the same answer, in the same time, whether or not the address was subscribed.
    subscription_request_later(
        escalation=escalation,
        email=email,
        time_zone=form.cleaned_data.get("time_zone") or "UTC",
        via_link_id=hit.link_id,
    )
    response = _email_page(request, token, escalation, {"sent_to": email})
    # This browser is led back at once after confirming (escalations' subscriptions/
    # tokens.py); any other, through the link kept above.
    response.set_cookie(
        status_page_cookie(escalation.pk),
        f"/s/{token}/",
        max_age=7 * 24 * 3600,
        path="/subscriptions/",
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return response


@public_statuspage
@csrf_exempt
@require_POST
def email_settings(request: HttpRequest, token: str) -> HttpResponseBase:
    """Only the executive's personal link: every update, a daily digest, or off."""
    now = timezone.now()
    hit = usable_link(token, now)
    if hit is None or not hit.for_executive:
        return not_found()
    escalation = escalation_for_hit(hit)
    form = ExecutiveEmailForm(request.POST)
    if form.is_valid():
        try:
            subscription_executive_set(
                escalation=escalation,
                mode=form.cleaned_data["mode"],
                digest_at=form.cleaned_data.get("digest_at"),
                time_zone=form.cleaned_data["time_zone"],
                now=now,
            )
        except SubscriptionInvalid as exc:
            form.add_error(None, str(exc))
    if not form.is_valid():
        context = {
            "exec_form": form,
            "for_executive": True,
            "exec_email": executive_email_settings(escalation),
        }
        return _email_page(request, token, escalation, context, status=400)
    return redirect(f"/s/{token}/#email-settings", permanent=False)


@login_not_required
@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    return HttpResponse("User-agent: *\nDisallow: /s/\n", content_type="text/plain")
