"""The public status page and its feeds, plus the author's share-link actions.

Public views (everything under /s/) need no login, change nothing on GET except the link's
view statistics, answer unknown, revoked and expired tokens with the same 404, and
revalidate cheaply through ETag / Last-Modified.
"""

from __future__ import annotations

import json
import threading
import zoneinfo
from collections import OrderedDict
from datetime import datetime
from functools import cache, lru_cache
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.contrib.auth.models import User
from django.core.cache import cache as django_cache
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotFound,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import http_date
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from escalations import timetext
from escalations.decisions.services import DecisionRefused, ask_decide
from escalations.models import (
    DECISION_SLUGS,
    Ask,
    DecisionVia,
    Escalation,
    PublicStatus,
    State,
)
from escalations.selectors import escalations_owned_by
from escalations.subscriptions.selectors import executive_email_settings
from escalations.subscriptions.services import (
    subscription_executive_set,
    subscription_request,
)
from escalations.wizard.briefing import impact_quantities

from .decorators import public_decision_page, public_statuspage
from .forms import ExecutiveDecisionForm, ExecutiveEmailForm, ShareLinkForm, SubscribeForm
from .models import ShareLink, hash_token
from .panels import PANEL as SHARING_PANEL
from .panels import sharing_context
from .selectors import (
    LinkHit,
    StatusSnapshot,
    ask_for_hit,
    escalation_for_hit,
    share_link_for_author,
    status_snapshot,
    usable_link,
)
from .services import (
    executive_link_token,
    share_link_count_view,
    share_link_create,
    share_link_revoke,
    status_path,
)

UTC = zoneinfo.ZoneInfo("UTC")
# Rendered HTML is reused within a minute (the relative times it prints are per minute).
HTML_CACHE_SECONDS = 120
FEED_ENTRIES = 50


def poll_seconds() -> int:
    """How often an open page checks for news (30–60 s in production; tests shorten it)."""
    return int(getattr(settings, "STATUSPAGE_POLL_SECONDS", 45))


# --- the 404 -------------------------------------------------------------------------------
@cache
def _not_found_body() -> str:
    return render_to_string("statuspages/not_found.html")


def not_found() -> HttpResponse:
    """One response for unknown, revoked and expired links: nothing tells them apart."""
    return HttpResponseNotFound(_not_found_body())


@public_statuspage
def not_found_view(request: HttpRequest, rest: str = "") -> HttpResponse:
    return not_found()


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


# Without any of these, get_conditional_response can only answer "build it": skip it.
_CONDITIONAL_HEADERS = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
)


@lru_cache(maxsize=256)
def _http_date(timestamp: int) -> str:
    return http_date(timestamp)


def _conditional(
    request: HttpRequest, response_factory: Any, *, etag: str, last_modified: datetime
) -> HttpResponseBase:
    """304 when the reader's copy is current; otherwise build the response. Both get validators."""
    timestamp = int(last_modified.timestamp())
    response = None
    meta = request.META
    if any(name in meta for name in _CONDITIONAL_HEADERS):
        response = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if response is None:
        response = response_factory()
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = _http_date(timestamp)
    return response


def live_etag(escalation: Escalation | LinkHit, now: datetime) -> str:
    if isinstance(escalation, Escalation):
        pk, mine = escalation.pk, ""
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
        "live_etag": live_etag(escalation, now),
        # Only the executive's own link offers decision buttons; every link shows answers.
        "can_decide": for_executive,
        "decision_choices": [(slug, c.label) for slug, c in DECISION_SLUGS.items()],
    }


class _RecentHtml:
    """A small per-process copy of recent renderings (encoded) in front of the shared cache.

    Safe because every key carries the escalation's version as ``usable_link`` found it on
    this very request, after the link itself was checked (from the database, or from a copy
    the change beacon still vouches for): nothing here can outlive a change or serve a
    revoked link.
    """

    def __init__(self, size: int = 256) -> None:
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            html = self._items.get(key)
            if html is not None:
                self._items.move_to_end(key)
            return html

    def set(self, key: str, html: bytes) -> None:
        with self._lock:
            self._items[key] = html
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


recent_html = _RecentHtml()


def _rendered(kind: str, hit: LinkHit, now: datetime, *, stale: bool, minute: int) -> bytes:
    """The page (or its live fragment) as UTF-8, cached per escalation version, staleness and
    minute. Kept encoded: encoding 30 KB on every request cost more than the lookup."""
    # The executive's link adds their email settings, so it is cached apart from the others.
    who = "x" if hit.for_executive else "r"
    key = f"statuspages:html9:{kind}:{who}:{hit.escalation_id}:{hit.version}:{int(stale)}:{minute}"
    html = recent_html.get(key)
    if html is None:
        html = django_cache.get(key)
    if html is None:
        escalation = escalation_for_hit(hit)
        snapshot = status_snapshot(escalation)
        template = "statuspages/page.html" + ("#content" if kind == "fragment" else "")
        # Shared by every reader, so rendered in UTC; the page's script shows local times.
        with timezone.override(UTC):
            context = _page_context(escalation, snapshot, now, for_executive=hit.for_executive)
            html = render_to_string(template, context).encode()
        django_cache.set(key, html, HTML_CACHE_SECONDS)
    recent_html.set(key, html)
    return html


# --- public views -----------------------------------------------------------------------
@public_statuspage
@require_safe
def page(request: HttpRequest, token: str) -> HttpResponseBase:
    """The status page an executive opens from a DM: no login, everything on one screen."""
    now = timezone.now()
    hit = usable_link(token, now)
    if hit is None:
        return not_found()
    share_link_count_view(link_id=hit.link_id, now=now)
    minute = _minute(now)
    stamp = int(minute.timestamp())
    stale = hit.is_stale(now)
    # The page prints "12 min ago", so a copy is current for the minute it was made in.
    etag = f'"p{hit.escalation_id}-{hit.version}-{int(stale)}-{stamp}-{int(hit.for_executive)}"'
    return _conditional(
        request,
        lambda: HttpResponse(_rendered("page", hit, now, stale=stale, minute=stamp)),
        etag=etag,
        last_modified=max(minute, hit.modified_at),
    )


@public_statuspage
@require_safe
def live(request: HttpRequest, token: str) -> HttpResponseBase:
    """The page's changing part, polled by statuspage.js; 304 until something changes.

    Weak validator: the relative times inside differ minute by minute, but the script keeps
    those current itself, so only a new version or the overdue flag counts as a change.
    """
    now = timezone.now()
    hit = usable_link(token, now)
    if hit is None:
        return not_found()
    changed = hit.modified_at
    stale = hit.is_stale(now)
    if stale and hit.next_update_due_at:
        changed = max(changed, hit.next_update_due_at)
    stamp = int(_minute(now).timestamp())
    return _conditional(
        request,
        lambda: HttpResponse(_rendered("fragment", hit, now, stale=stale, minute=stamp)),
        etag=live_etag(hit, now),
        last_modified=changed,
    )


class _StableAtom1Feed(Atom1Feed):
    """Atom whose <updated> comes from the data, not the clock, so its ETag holds."""

    def __init__(self, *args: Any, updated: datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._updated = updated

    def latest_post_date(self) -> datetime:
        return self._updated


@public_statuspage
@require_safe
def feed(request: HttpRequest, token: str) -> HttpResponseBase:
    """Atom 1.0: one entry per update, newest first (the latest 50)."""
    now = timezone.now()
    hit = usable_link(token, now)
    if hit is None:
        return not_found()

    def build() -> HttpResponse:
        escalation = escalation_for_hit(hit)
        snapshot = status_snapshot(escalation)
        page_url = request.build_absolute_uri(f"/s/{token}/")
        host = urlsplit(settings.SITE_URL).hostname or "upward.invalid"
        tag = f"tag:{host},{escalation.created_at:%Y-%m-%d}:escalation-{escalation.pk}"
        updated = snapshot.updates[0].created_at if snapshot.updates else escalation.modified_at
        owner = escalation.owner.get_full_name() or escalation.owner.get_username()
        atom = _StableAtom1Feed(
            title=escalation.title,
            link=page_url,
            description=escalation.impact_headline,
            subtitle=escalation.impact_headline,
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

    return _conditional(
        request,
        build,
        etag=f'"a{hit.escalation_id}-{hit.version}"',
        last_modified=hit.modified_at,
    )


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


@public_statuspage
@require_safe
def status_json(request: HttpRequest, token: str) -> HttpResponseBase:
    now = timezone.now()
    hit = usable_link(token, now)
    if hit is None:
        return not_found()
    overdue = hit.overdue_by(now)
    # While overdue, stale_for_seconds changes every second, and so does the document.
    seconds = int(overdue.total_seconds()) if overdue else "ok"
    changed = now.replace(microsecond=0) if overdue else hit.modified_at

    def build() -> HttpResponse:
        escalation = escalation_for_hit(hit)
        document = status_document(escalation, status_snapshot(escalation), now)
        return HttpResponse(json.dumps(document), content_type="application/json")

    return _conditional(
        request,
        build,
        etag=f'"j{hit.escalation_id}-{hit.version}-{seconds}"',
        last_modified=changed,
    )


# --- the executive's decisions -------------------------------------------------------------
def _decision_page(
    request: HttpRequest,
    *,
    token: str,
    ask: Ask,
    choice: str,
    form: ExecutiveDecisionForm,
    recorded: bool = False,
    status: int = 200,
) -> HttpResponse:
    e = ask.escalation
    tz = e.executive_time_zone or "UTC"
    chosen = DECISION_SLUGS.get(choice)
    return render(
        request,
        "statuspages/decide.html",
        {
            "e": e,
            "ask": ask,
            "tz": tz,
            "decide_by": timetext.when(ask.decide_by, tz),
            "decided_at": timetext.when(ask.decided_at, tz) if ask.decided_at else "",
            "waiting": ask.waiting_since(timezone.now()) is not None,
            "choice": choice,
            "choice_label": chosen.label if chosen else "",
            "choices": [(slug, c.label) for slug, c in DECISION_SLUGS.items()],
            "form": form,
            "recorded": recorded,
            "page_url": f"/s/{token}/",
            "action": reverse(
                "statuspages:ask_decision", kwargs={"token": token, "ask_id": ask.pk}
            ),
        },
        status=status,
    )


@public_decision_page
@require_http_methods(["GET", "HEAD", "POST"])
def ask_decision(
    request: HttpRequest, token: str, ask_id: int, choice: str = ""
) -> HttpResponseBase:
    """The executive's confirmation page for one ask, and the POST that records the answer.

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
    if request.method != "POST":
        form = ExecutiveDecisionForm(initial={"decision": choice} if choice else None)
        recorded = request.GET.get("recorded") == "1"
        return _decision_page(
            request, token=token, ask=ask, choice=choice, form=form, recorded=recorded
        )
    form = ExecutiveDecisionForm(request.POST)
    if form.is_valid():
        e = ask.escalation
        try:
            ask_decide(
                ask=ask,
                decision=DECISION_SLUGS[form.cleaned_data["decision"]],
                decided_by_name=e.executive_name or "The executive",
                decided_by_email=e.executive_email,
                via=DecisionVia.EXECUTIVE_LINK,
                note=form.cleaned_data["note"],
                now=now,
            )
        except DecisionRefused as exc:
            form.add_error(None, str(exc))
        else:
            url = reverse("statuspages:ask_decision", kwargs={"token": token, "ask_id": ask.pk})
            return redirect(f"{url}?recorded=1")
    return _decision_page(
        request,
        token=token,
        ask=ask,
        # Keep the answer they picked when only the note was wrong: nothing typed is lost.
        choice=posted
        if (posted := str(request.POST.get("decision", ""))) in DECISION_SLUGS
        else "",
        form=form,
        status=400,
    )


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
    if hit is None:
        return not_found()
    escalation = escalation_for_hit(hit)
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return _email_page(request, token, escalation, {"form": form}, status=400)
    email = form.cleaned_data["email"]
    subscription_request(
        escalation=escalation,
        email=email,
        time_zone=form.cleaned_data.get("time_zone") or "UTC",
        now=now,
    )
    # The same answer whether or not the address was already subscribed.
    return _email_page(request, token, escalation, {"sent_to": email})


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
    if not form.is_valid():
        context = {
            "exec_form": form,
            "for_executive": True,
            "exec_email": executive_email_settings(escalation),
        }
        return _email_page(request, token, escalation, context, status=400)
    subscription_executive_set(
        escalation=escalation,
        mode=form.cleaned_data["mode"],
        digest_at=form.cleaned_data.get("digest_at"),
        time_zone=form.cleaned_data["time_zone"],
        now=now,
    )
    return redirect(f"/s/{token}/#email-settings", permanent=False)


@login_not_required
@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    return HttpResponse("User-agent: *\nDisallow: /s/\n", content_type="text/plain")


# --- the author's share-link actions ------------------------------------------------------
def _author(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - login_required guarantees it
    return request.user


def _sharing_panel(request: HttpRequest, escalation: Escalation, **extra: Any) -> HttpResponse:
    context = {"escalation": escalation, "now": timezone.now()}
    context |= sharing_context(request, escalation) | extra
    return render(request, SHARING_PANEL, context)


@require_POST
@login_required
def link_create(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Mint a link; the full URL is in this response only, never stored or shown again."""
    escalation = get_object_or_404(escalations_owned_by(_author(request)), pk=pk)
    form = ShareLinkForm(request.POST)
    is_htmx = bool(getattr(request, "htmx", False))
    if not form.is_valid():
        if is_htmx:
            return _sharing_panel(request, escalation, share_form=form)
        return render(
            request,
            "statuspages/link_form_page.html",
            {"escalation": escalation, "share_form": form, "now": timezone.now()},
            status=400,
        )
    created = share_link_create(
        escalation=escalation,
        created_by=_author(request),
        label=form.cleaned_data["label"],
        expires_at=form.expires_at(timezone.now()),
    )
    url = request.build_absolute_uri(created.path)
    if is_htmx:
        return _sharing_panel(request, escalation, new_link=created.link, new_url=url)
    return render(
        request,
        "statuspages/link_created.html",
        {"escalation": escalation, "link": created.link, "url": url},
    )


@require_POST
@login_required
def link_revoke(request: HttpRequest, pk: int, link_pk: int) -> HttpResponseBase:
    link = share_link_for_author(user=_author(request), pk=link_pk)
    if link is None or link.escalation_id != pk:
        raise Http404("No such link on your escalations.")
    share_link_revoke(link=link)
    if getattr(request, "htmx", False):
        return _sharing_panel(request, link.escalation, revoked=link)
    messages.success(request, f"Link “{link.label}” revoked: it stopped working just now.")
    return redirect(link.escalation.get_absolute_url() + "#sharing")


@require_POST
@login_required
def executive_link(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Show the author the executive's own link (the one their emails carry), to send it
    by chat: from it the executive can decide the asks. Minted if none is usable; it is
    derived from SECRET_KEY, so asking again shows the same link until it is revoked."""
    escalation = get_object_or_404(escalations_owned_by(_author(request)), pk=pk)
    if escalation.state == State.DRAFT:
        messages.error(request, "Escalate first: the executive's link shows what you sent.")
        return redirect(escalation.get_absolute_url() + "#sharing")
    token = executive_link_token(escalation=escalation)
    link = ShareLink.objects.get(token_hash=hash_token(token))
    url = request.build_absolute_uri(status_path(token))
    if getattr(request, "htmx", False):
        return _sharing_panel(request, escalation, new_link=link, new_url=url)
    return render(
        request,
        "statuspages/link_created.html",
        {"escalation": escalation, "link": link, "url": url},
    )
