"""How access works, checked over every URL the project routes (docs/access.md).

The URL patterns are walked, not listed by hand, so a view added tomorrow is covered too:
login comes from ``LoginRequiredMiddleware`` alone (no view wraps itself in
``login_required``), the public views are exactly the ones named below, and every URL that
names an escalation answers 404 to anyone but its owner, whatever the method.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.views.decorators.http import require_POST

from escalations.models import (
    ChatFormat,
    ChatWebhook,
    DispatchPurpose,
    DispatchState,
    Escalation,
    OutboxMessage,
    PreventiveAction,
    State,
    Subscription,
)
from statuspages.models import ShareLink
from tests import factories as f

pytestmark = pytest.mark.django_db

# The only views a signed-out visitor may reach (each marked ``login_not_required``): the
# status pages a share link opens, the subscribers' emailed links, the login page itself,
# and what browsers and load balancers ask for.
PUBLIC = {
    "statuspages:page",
    "statuspages:robots",
    "statuspages:live",
    "statuspages:feed",
    "statuspages:json",
    "statuspages:ask_decision",
    "statuspages:ask_decision_confirm",
    "statuspages:subscribe",
    "statuspages:email_settings",
    "s/<str:token>/",  # the page again, routed first (config/urls.py)
    "^s/(?P<token>[A-Za-z0-9_-]{1,128})$",  # /s/<token> without its slash
    "^s/(?P<rest>.*)$",  # any other /s/ path: the same "not available" page
    "escalations:subscription_confirm",
    "escalations:subscription_unsubscribe",
    "healthz",
    "favicon",
    "login",
    # Company sign-in (escalations/signin/): sending the browser to the provider, and its
    # return; both answer 404 when no provider is configured.
    "oidc_authentication_init",
    "oidc_authentication_callback",
}


@dataclass(frozen=True)
class Route:
    route: str
    name: str
    callback: Callable[..., Any]
    converters: dict[str, str]


def _routes(resolver: URLResolver, prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            inner = namespace + (f"{p.namespace}:" if p.namespace else "")
            yield from _routes(p, prefix + str(p.pattern), inner)
        elif isinstance(p, URLPattern):
            converters = {
                k: type(v).__name__ for k, v in getattr(p.pattern, "converters", {}).items()
            }
            # An unnamed route is known by its pattern.
            name = namespace + p.name if p.name else prefix + str(p.pattern)
            yield Route(prefix + str(p.pattern), name, p.callback, converters)


def project_routes() -> list[Route]:
    """Every route but the admin's (the admin sends visitors to its own login page)."""
    return [r for r in _routes(get_resolver()) if not r.name.startswith("admin:")]


def _wraps_login_required(view: Callable[..., Any]) -> bool:
    """``login_required`` is ``user_passes_test``; ``functools.wraps`` renames its wrapper
    after the view, but not the wrapper's code, which keeps its own qualified name."""
    fn: Any = view
    while fn is not None:
        code = getattr(fn, "__code__", None)
        if code is not None and code.co_qualname.startswith("user_passes_test."):
            return True
        fn = getattr(fn, "__wrapped__", None)
    return False


def _is_public(route: Route) -> bool:
    return getattr(route.callback, "login_required", True) is False


def test_the_check_spots_login_required_under_other_decorators():
    @require_POST
    @login_required
    def view(request):  # pragma: no cover - never called
        raise AssertionError

    assert _wraps_login_required(view)
    assert not _wraps_login_required(require_POST(lambda request: None))


def test_no_view_is_wrapped_in_login_required():
    wrapped = {r.name for r in project_routes() if _wraps_login_required(r.callback)}
    assert wrapped == set(), sorted(wrapped)


def test_the_public_views_are_exactly_the_known_ones():
    public = {r.name for r in project_routes() if _is_public(r)}
    assert public == PUBLIC


def _sample_url(route: Route) -> str:
    """The route with a plausible value in each parameter (the id need not exist: the login
    redirect comes before any lookup)."""
    url = "/" + route.route
    for name, converter in route.converters.items():
        value = "1" if converter == "IntConverter" else "x"
        for spelled in (f"<int:{name}>", f"<str:{name}>", f"<slug:{name}>", f"<{name}>"):
            url = url.replace(spelled, value)
    return url


PRIVATE = [r for r in project_routes() if not _is_public(r) and "(?P" not in r.route]


@pytest.mark.parametrize("route", PRIVATE, ids=[r.name for r in PRIVATE])
@pytest.mark.parametrize("method", ["get", "post"])
def test_every_other_view_sends_a_signed_out_visitor_to_log_in(client, route, method):
    url = _sample_url(route)
    response = getattr(client, method)(url)
    assert response.status_code == 302, url
    assert response["Location"].startswith(reverse("login") + "?next="), url


# --- owner-scoped URLs -------------------------------------------------------------------------

OWNER_SCOPED = [r for r in project_routes() if "pk" in r.converters]


def _objects(owner) -> dict[str, Any]:
    """An escalated escalation with one of each child a URL can name."""
    e = f.EscalatedFactory(owner=owner, executive_email="cto@example.com")
    ChatWebhook.objects.create(
        escalation=e,
        url="https://hooks.slack.com/services/T0/B0/x",
        format=ChatFormat.SLACK,
        created_by=owner,
    )
    failed_post = f.OutboxMessageFactory(
        escalation=e,
        update=f.UpdateFactory(escalation=e),
        purpose=DispatchPurpose.CHAT_UPDATE,
        to_email="",
        state=DispatchState.FAILED,
        error="The webhook answered HTTP 404.",
    )
    reader = Subscription.objects.create(
        escalation=e, email="reader@example.com", link_key="k", confirmed_at=e.escalated_at
    )
    return {
        "escalation": e,
        "meeting_pk": f.MeetingFactory(escalation=e).pk,
        "ask_pk": f.AskFactory(escalation=e).pk,
        "action_pk": f.RemediationActionFactory(escalation=e).pk,
        "link_pk": f.ShareLinkFactory(escalation=e).pk,
        "preventive_pk": f.PreventiveActionFactory(rca=f.RcaFactory(escalation=e)).pk,
        "sub_pk": reader.pk,
        "dispatch_pk": failed_post.pk,
    }


def _url(route: Route, pk: int, children: dict[str, Any]) -> str:
    kwargs: dict[str, Any] = {"pk": pk}
    for name in route.converters:
        if name == "step":
            kwargs[name] = "impact"
        elif name == "what":
            kwargs[name] = "preread"
        elif name != "pk":
            kwargs[name] = children[name]
    return reverse(route.name, kwargs=kwargs)


def _snapshot(e: Escalation) -> tuple[Any, ...]:
    return (
        Escalation.objects.filter(pk=e.pk).values().get(),
        e.meetings.count(),
        e.updates.count(),
        e.actions.filter(done_at__isnull=False).count(),
        ShareLink.objects.filter(escalation=e, revoked_at=None).count(),
        list(
            PreventiveAction.objects.filter(rca__escalation=e).values_list(
                "done_at", "not_doing_at", "rca__completed_at", "rca__dismissed_at"
            )
        ),
        Subscription.objects.filter(escalation=e, unsubscribed_at=None).count(),
        OutboxMessage.objects.filter(escalation=e).count(),
    )


def test_every_owner_scoped_url_is_walked():
    """The walk below must see the views it is meant to guard (a renamed parameter would
    silently drop them)."""
    names = {r.name for r in OWNER_SCOPED}
    assert {
        "escalations:detail",
        "escalations:wizard_step",
        "escalations:meeting_cancel",
        "escalations:ask_decision_record",
        "escalations:chat_webhook_set",
        "escalations:subscriber_remove",
        "escalations:chat_post_again",
        "statuspages:link_revoke",
        "escalations:rca",
        "escalations:preventive_done",
    } <= names
    assert len(names) >= 25


@pytest.mark.parametrize("route", OWNER_SCOPED, ids=[r.name for r in OWNER_SCOPED])
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_users_escalation_is_404_on_every_owner_scoped_url(
    client_for, user, other_user, route, method
):
    theirs = _objects(other_user)
    e = theirs["escalation"]
    before = _snapshot(e)
    url = _url(route, e.pk, theirs)
    response = getattr(client_for(user), method)(url, {"state": State.CONTAINED})
    # 405 is fine too: the method check comes first and reveals nothing about the id.
    assert response.status_code in (404, 405), url
    assert b"cto@example.com" not in response.content
    assert _snapshot(e) == before


CHILD_SCOPED = [r for r in OWNER_SCOPED if set(r.converters) - {"pk", "step", "what"}]


@pytest.mark.parametrize("route", CHILD_SCOPED, ids=[r.name for r in CHILD_SCOPED])
def test_a_child_id_from_another_users_escalation_is_404_under_your_own(
    client_for, user, other_user, route
):
    mine = _objects(user)
    theirs = _objects(other_user)
    before = _snapshot(theirs["escalation"])
    url = _url(route, mine["escalation"].pk, theirs)
    response = client_for(user).post(url)
    assert response.status_code == 404, url
    assert _snapshot(theirs["escalation"]) == before


def _reviewer():
    staff = f.UserFactory(username="reviewer", is_staff=True)
    staff.groups.add(Group.objects.get(name="Reviewers"))
    return staff


@pytest.mark.parametrize("route", OWNER_SCOPED, ids=[r.name for r in OWNER_SCOPED])
def test_a_reviewer_changes_nothing_on_any_owner_scoped_url(client_for, user, route):
    """Reviewers read every escalation, but a POST anywhere is a 404 (or 405 where the URL
    takes no POST): history is not rewritten by a reviewer."""
    theirs = _objects(user)
    e = theirs["escalation"]
    before = _snapshot(e)
    response = client_for(_reviewer()).post(_url(route, e.pk, theirs), {"state": "contained"})
    assert response.status_code in (404, 405), route.name
    assert _snapshot(e) == before
