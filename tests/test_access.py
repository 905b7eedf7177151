"""How access works, checked over every URL the project routes (docs/access.md).

The URL patterns are walked, not listed by hand, so a view added tomorrow is covered too:
login comes from ``LoginRequiredMiddleware`` alone (no view wraps itself in
``login_required``), the public views are exactly the ones named below, every URL that
names an escalation answers 404 to anyone who may not write it, whatever the method, and
every URL is tried for every role against the table in docs/access.md (``ACCESS`` gives
each URL its row; a URL with none fails).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import Group
from django.test import Client
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
    TeamRole,
)
from statuspages.models import ShareLink
from tests import factories as f

pytestmark = pytest.mark.django_db

# The only views a signed-out visitor may reach (each marked ``login_not_required``): the
# status pages a share link opens, the executive's desk, the subscribers' emailed links, the login page itself,
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
    # The executive's desk: their personal link is the credential (escalations/desk/).
    "desk:page",
    "desk:ask_decision",
    "desk:ask_decision_confirm",
    "desk:preread",
    "desk:revoke",
    "desk/^(?P<rest>.*)$",  # any other /desk/ path: the same "not available" page
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
    """Every route but the admin's (the admin sends visitors to its own login page; its
    scope is the "admin review" row, checked below)."""
    return [
        r
        for r in _routes(get_resolver())
        if not r.name.startswith("admin:") and not r.route.startswith("admin/")
    ]


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
    coauthor = f.UserFactory(username=f"coauthor-of-{owner.username}")
    e.coauthors.add(coauthor)
    return {
        "escalation": e,
        "user_pk": coauthor.pk,
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
            # A step with rows, so the row views have something to add to.
            kwargs[name] = "cause" if "row" in route.name else "impact"
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
        sorted(e.coauthors.values_list("pk", flat=True)),
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


def _reviewer(username: str = "reviewer"):
    staff = f.UserFactory(username=username, is_staff=True)
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


# --- the table of docs/access.md, walked for every URL and every role ----------------------

DOC = Path(settings.BASE_DIR) / "docs" / "access.md"
ROLES = (
    "author",
    "co-author",
    "reviewer",
    "superuser",
    "colleague",
    "executive (own link)",
    "reader (link)",
    "signed-out",
)

# Each URL's row in the table. A URL missing here fails ``test_every_url_has_a_row``:
# classify a new view here (and add a row to the table if none fits).
ACCESS: dict[str, str] = {
    # public
    "healthz": "public",
    "favicon": "public",
    "login": "public",
    "oidc_authentication_init": "public",
    "oidc_authentication_callback": "public",
    "statuspages:robots": "public",
    "^s/(?P<token>[A-Za-z0-9_-]{1,128})$": "public",
    "^s/(?P<rest>.*)$": "public",
    # any signed-in person
    "logout": "app",
    "escalations:home": "app",
    "escalations:new": "app",
    "escalations:profile": "app",
    "escalations:time_zone": "app",
    "escalations:coach_check": "app",
    # pages that only read an escalation
    "escalations:detail": "read",
    "escalations:review": "read",
    "escalations:review_print": "read",
    "escalations:wizard_resume": "read",
    "escalations:rca": "write",
    "escalations:rca_export": "read",
    "escalations:rca_print": "read",
    # writes: author and co-authors
    "escalations:state": "write",
    "escalations:wizard_verdict": "write",
    "escalations:wizard_step": "write",
    "escalations:wizard_autosave": "write",
    "escalations:wizard_row_add": "write",
    "escalations:wizard_row_remove": "write",
    "escalations:preread_options": "write",
    "escalations:escalate": "write",
    "escalations:update_create": "write",
    "escalations:update_no_change": "write",
    "escalations:update_preview": "write",
    "escalations:meeting_schedule": "write",
    "escalations:meeting_reschedule": "write",
    "escalations:meeting_cancel": "write",
    "escalations:meeting_outcome": "write",
    "escalations:meeting_followup": "write",
    "escalations:meeting_preread_resend": "write",
    "escalations:cadence_set": "write",
    "escalations:ask_decision_record": "write",
    "escalations:action_done": "write",
    "escalations:chat_webhook_set": "write",
    "escalations:subscriber_remove": "write",
    "escalations:chat_post_again": "write",
    "escalations:chat_webhook_remove": "write",
    "escalations:rca_start": "write",
    "escalations:rca_dismiss": "write",
    "escalations:rca_review": "write",
    "escalations:preventive_done": "write",
    "escalations:preventive_not_doing": "write",
    "escalations:preventive_reopen": "write",
    # the author's alone
    "escalations:discard": "author",
    "escalations:coauthor_add": "author",
    "escalations:coauthor_remove": "author",
    "statuspages:link_create": "author",
    "statuspages:link_revoke": "author",
    "statuspages:executive_link": "author",
    # share links
    "s/<str:token>/": "link page",
    "statuspages:page": "link page",
    "statuspages:live": "link data",
    "statuspages:feed": "link data",
    "statuspages:json": "link data",
    "statuspages:subscribe": "link data",
    "statuspages:ask_decision": "executive link",
    "statuspages:ask_decision_confirm": "executive link",
    "statuspages:email_settings": "executive link",
    "escalations:subscription_confirm": "emailed token",
    "escalations:subscription_unsubscribe": "emailed token",
    # the executive's desk: their personal link is the credential
    "desk:page": "desk",
    "desk:ask_decision": "desk",
    "desk:ask_decision_confirm": "desk",
    "desk:preread": "desk",
    "desk:revoke": "desk",
    "desk/^(?P<rest>.*)$": "public",
    "escalations:desk_link_show": "author",
    "escalations:desk_link_revoke": "author",
}
# Rows with no URL of their own in the walk: the admin review (checked on its own, below).
ROWS_WITHOUT_URLS = {"admin review"}


def access_table() -> dict[str, dict[str, str]]:
    """kind → role → expected, read from docs/access.md (the one table)."""
    text = DOC.read_text(encoding="utf-8")
    body = text.split("<!-- access-table", 1)[1].split("<!-- /access-table -->", 1)[0]
    lines = [line.strip() for line in body.splitlines() if line.strip().startswith("|")]
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    assert tuple(header[2:]) == ROLES, header
    table = {}
    for line in lines[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        table[cells[0]] = dict(zip(ROLES, cells[2:], strict=True))
    return table


TABLE = access_table()
ALL_ROUTES = project_routes()
WALKED = [(r, role) for r in ALL_ROUTES if r.name in ACCESS for role in ROLES]


def test_every_url_has_a_row():
    unclassified = sorted(r.name for r in ALL_ROUTES if r.name not in ACCESS)
    assert not unclassified, (
        "Give each new URL its row of the table in docs/access.md (ACCESS in this file): "
        f"{unclassified}"
    )
    gone = sorted(set(ACCESS) - {r.name for r in ALL_ROUTES})
    assert not gone, f"In ACCESS but no longer routed: {gone}"


def test_every_row_is_a_row_of_the_table():
    assert set(ACCESS.values()) <= set(TABLE)
    assert set(TABLE) - set(ACCESS.values()) <= ROWS_WITHOUT_URLS
    for kind, row in TABLE.items():
        assert set(row.values()) <= {"yes", "no", "sign in", "their teams"}, kind


@dataclass
class World:
    """One escalated escalation with a child of each kind, its team, a co-author, a reviewer
    of the team, a superuser, a colleague, and three links: for anyone, for colleagues only,
    and the executive's own."""

    users: dict[str, Any]
    children: dict[str, Any]
    tokens: dict[str, str]

    @property
    def escalation(self) -> Escalation:
        return self.children["escalation"]


def _world() -> World:
    from statuspages.models import Audience
    from statuspages.services import share_link_create

    author = f.UserFactory(username="author")
    children = _objects(author)
    e = children["escalation"]
    coauthor = e.coauthors.get(pk=children["user_pk"])
    reviewer = _reviewer()
    team = f.TeamFactory(name="Payments", slug="payments")
    f.member_of(team, author, coauthor)
    f.member_of(team, reviewer, role=TeamRole.REVIEWER)
    Escalation.objects.filter(pk=e.pk).update(team=team)
    children["ask_id"] = f.AskFactory(escalation=e).pk
    children["choice"] = "approve"
    users = {
        "author": author,
        "co-author": coauthor,
        "reviewer": reviewer,
        "superuser": f.UserFactory(username="root", is_staff=True, is_superuser=True),
        "colleague": f.UserFactory(username="colleague"),
    }

    def mint(**kw: Any) -> str:
        return share_link_create(escalation=e, created_by=author, label="x", **kw).token

    tokens = {
        "anyone": mint(),
        "colleagues": mint(audience=Audience.COLLEAGUES),
        "executive": mint(for_executive=True, keep_token=True),
    }
    return World(users, children, tokens)


def _token_for(role: str, world: World) -> str:
    if role == "executive (own link)":
        return world.tokens["executive"]
    if role == "reader (link)":
        return world.tokens["anyone"]
    return world.tokens["colleagues"]  # signed in, or signed out, with a colleagues-only link


def _desk_url(route: Route, role: str, world: World) -> str:
    """The executive's own desk token; anyone else has none, so tries a forged one."""
    from escalations.desk.links import desk_url

    executive = world.escalation.executive
    assert executive is not None
    token = desk_url(executive).rstrip("/").rsplit("/", 1)[-1]
    if role != "executive (own link)":
        token = token[:-4] + "AAAA"
    kwargs: dict[str, Any] = {"token": token}
    for name in route.converters:
        if name == "ask_id":
            kwargs[name] = world.children["ask_pk"]
        elif name == "meeting_id":
            kwargs[name] = world.children["meeting_pk"]
        elif name == "choice":
            kwargs[name] = "approve"
    return reverse(route.name, kwargs=kwargs)


def _role_url(route: Route, role: str, world: World) -> str:
    if route.name.startswith("desk:"):
        return _desk_url(route, role, world)
    if route.name.startswith("desk/^"):
        return "/desk/nothing/here/"
    if route.name.startswith("^s/(?P<token>"):
        return f"/s/{_token_for(role, world)}"
    if route.name.startswith("^s/(?P<rest>"):
        return "/s/nothing/here/"
    if "token" in route.converters and route.name.startswith("statuspages:"):
        kwargs: dict[str, Any] = {"token": _token_for(role, world)}
        for name in route.converters:
            if name != "token":
                kwargs[name] = world.children[name]
        return reverse(route.name, kwargs=kwargs)
    if route.name == "s/<str:token>/":
        return f"/s/{_token_for(role, world)}/"
    if route.name == "escalations:wizard_row_remove":
        return _url(route, world.escalation.pk, world.children) + "?row=factors-0"
    if "pk" in route.converters:
        return _url(route, world.escalation.pk, world.children)
    return _sample_url(route)


def _answers(client: Client, url: str) -> list[tuple[int, str]]:
    out = []
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        out.append((response.status_code, response.get("Location", "")))
    return out


def _signs_in(answer: tuple[int, str]) -> bool:
    return answer[0] == 302 and answer[1].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize(("route", "role"), WALKED, ids=[f"{r.name}-{role}" for r, role in WALKED])
def test_every_url_for_every_role_follows_the_table(route, role):
    world = _world()
    expected = TABLE[ACCESS[route.name]][role]
    user = world.users.get(role)
    client = Client()
    if user is not None:
        client.force_login(user)
    url = _role_url(route, role, world)
    before = _snapshot(world.escalation)
    answers = _answers(client, url)
    where = f"{route.name} as {role}: {answers}"
    if expected == "sign in":
        assert any(_signs_in(a) for a in answers), where
        assert all(_signs_in(a) or a[0] == 405 for a in answers), where
    elif expected == "no":
        # The wizard's pages send a reviewer who opens them to the escalation page they may
        # read (read-only, docs/access.md); anything else is the 404 of an unknown id.
        page = (302, world.escalation.get_absolute_url())
        assert all(a[0] in (404, 405) or a == page for a in answers), where
        assert _snapshot(world.escalation) == before, where
    else:  # yes
        assert not any(_signs_in(a) or a[0] == 403 for a in answers), where
        if ACCESS[route.name] not in ("public", "emailed token"):
            assert any(a[0] not in (404, 405) for a in answers), where


def test_the_admin_review_follows_the_table(client_for):
    """The admin row: a reviewer lists their teams' escalations only, a superuser every one,
    anyone else gets the admin's login page."""
    world = _world()
    other_team = f.EscalatedFactory(
        title="Payroll export stuck in another team", owner=f.UserFactory()
    )
    f.reviews(f.UserFactory(username="their-reviewer"), other_team)
    url = reverse("admin:escalations_escalation_changelist")
    row = TABLE["admin review"]
    for role in ROLES:
        user = world.users.get(role)
        client = client_for(user) if user is not None else Client()
        response = client.get(url)
        if row[role] in ("no", "sign in"):
            assert response.status_code == 302, role
            login = reverse("admin:login") if row[role] == "no" else reverse("login")
            assert response["Location"].startswith(login), role
            continue
        assert response.status_code == 200, role
        listed = response.content.decode()
        assert world.escalation.title in listed, role
        assert (other_team.title in listed) == (row[role] == "yes"), role


def test_a_reviewer_of_no_team_sees_nothing(client_for):
    world = _world()
    lonely = _reviewer("lonely-reviewer")
    response = client_for(lonely).get(reverse("admin:escalations_escalation_changelist"))
    assert response.status_code == 200
    assert world.escalation.title not in response.content.decode()
    page = client_for(lonely).get(reverse("escalations:detail", args=[world.escalation.pk]))
    assert page.status_code == 404
