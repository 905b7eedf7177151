"""Company sign-in in Chromium, through a real OpenID provider (node's oidc-provider on
127.0.0.1, tests/idp.py): nothing on Upward's side is mocked, the ID tokens are the
provider's, checked by Upward's own verification (escalations/signin/backend.py).

The provider knows four people. Ada and Grace are at the allowed domain; Eve is not; Late and
Mallory are at the allowed domain, but the provider hands Upward an expired ID token for Late
and one altered after signing for Mallory (tests/oidc_provider/server.mjs says how).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from escalations.models import Team
from escalations.signin import provider
from tests.e2e.test_accessibility import audit, axe_page  # noqa: F401 (a fixture)
from tests.factories import PASSWORD, EscalatedFactory, ShareLinkFactory, UserFactory
from tests.idp import CLIENT_ID, CLIENT_SECRET, Idp, run_provider

pytestmark = pytest.mark.django_db(transaction=True)

USERS: dict[str, dict[str, object]] = {
    "ada": {
        "email": "ada@acme.test",
        "name": "Ada Lovelace",
        "groups": ["payments", "Security-Reviewers", "all-staff"],
    },
    "grace": {"email": "Grace@Acme.test", "name": "Grace Hopper"},
    "eve": {"email": "eve@elsewhere.test", "name": "Eve Outsider"},
    "late": {"email": "late@acme.test", "name": "Late Comer", "token": "expired"},
    "mallory": {"email": "mallory@acme.test", "name": "Mallory", "token": "tampered"},
}


@pytest.fixture(scope="module")
def idp(live_server) -> Iterator[Idp]:
    with run_provider(upward_url=live_server.url, users=USERS) as running:
        yield running


@pytest.fixture(autouse=True)
def company_sign_in(settings, idp: Idp) -> Idp:
    settings.OIDC_DISCOVERY_URL = idp.issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_PROVIDER_NAME = "Acme"
    settings.OIDC_ALLOWED_DOMAINS = ["acme.test"]
    csp = {**settings.CONTENT_SECURITY_POLICY}
    csp["DIRECTIVES"] = {**csp["DIRECTIVES"], "form-action": ["'self'", idp.issuer]}
    settings.CONTENT_SECURITY_POLICY = csp
    provider._cache.clear()
    return idp


def sign_in_at_provider(page: Page, login: str) -> None:
    """The provider's own login form (oidc-provider's development page)."""
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("any password: the test provider checks none")
    page.get_by_role("button", name="Sign-in").click()


def start(page: Page, live_server) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Sign in with Acme").click()
    page.wait_for_url(lambda url: url.startswith("http://127.0.0.1:"))


def test_first_sign_in_creates_the_account_and_sign_out_ends_both_sessions(
    page: Page, live_server, idp: Idp, screenshot
):
    assert not User.objects.filter(email__iexact="ada@acme.test").exists()
    page.goto(f"{live_server.url}/me/")
    assert "/accounts/login/" in page.url
    page.get_by_role("link", name="Sign in with Acme").click()
    sign_in_at_provider(page, "ada")
    # Back on Upward, signed in, where the login page was asked to go.
    page.wait_for_url(f"{live_server.url}/me/")
    expect(page.get_by_role("link", name="Ada Lovelace")).to_be_visible()
    screenshot("signin-first")

    ada = User.objects.get(email="ada@acme.test")
    assert ada.get_full_name() == "Ada Lovelace"
    assert ada.username == "ada@acme.test"
    assert not ada.has_usable_password()  # the provider is the only way in

    # Sign-out ends Upward's session and goes on to the provider's sign-out page.
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(lambda url: url.startswith(idp.issuer + "/session/end"))
    page.get_by_role("button", name="Yes, sign me out").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    # Signed out at the provider too: it asks for a login again (no silent sign-in).
    page.get_by_role("link", name="Sign in with Acme").click()
    expect(page.locator("input[name=login]")).to_be_visible()

    # The second sign-in is the same account, not a new one.
    sign_in_at_provider(page, "ada")
    page.wait_for_url(f"{live_server.url}/")
    assert User.objects.filter(email__iexact="ada@acme.test").count() == 1


def test_an_existing_local_account_with_the_same_email_is_signed_into(page: Page, live_server):
    grace = UserFactory(username="grace", email="grace@acme.test", first_name="G.")
    start(page, live_server)
    sign_in_at_provider(page, "grace")
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("link", name="Grace Hopper")).to_be_visible()
    grace.refresh_from_db()
    assert grace.get_full_name() == "Grace Hopper"  # the name is the provider's now
    assert grace.check_password(PASSWORD)  # and the local password still works
    assert User.objects.count() == 1


def test_a_switched_off_account_stays_out(page: Page, live_server):
    UserFactory(username="ada", email="ada@acme.test", is_active=False)
    start(page, live_server)
    sign_in_at_provider(page, "ada")
    page.wait_for_url(f"{live_server.url}/oidc/callback/**")
    expect(page.get_by_role("heading", name="Your Upward account is switched off")).to_be_visible()
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    assert User.objects.count() == 1


def test_a_disallowed_domain_gets_a_clear_page_and_no_account(page: Page, live_server):
    start(page, live_server)
    sign_in_at_provider(page, "eve")
    page.wait_for_url(f"{live_server.url}/oidc/callback/**")
    expect(
        page.get_by_role("heading", name="Upward is not open to elsewhere.test addresses")
    ).to_be_visible()
    expect(page.get_by_text("No Upward account was created.")).to_be_visible()
    expect(page.get_by_text("acme.test", exact=True)).to_be_visible()
    assert not User.objects.exists()
    # Not signed in, and the refusal is not a failed password: nothing counted against the address.
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    assert not AccessAttempt.objects.exists()


@pytest.mark.parametrize("login", ["late", "mallory"], ids=["expired", "tampered"])
def test_an_expired_or_tampered_id_token_is_refused(page: Page, live_server, login):
    start(page, live_server)
    sign_in_at_provider(page, login)
    page.wait_for_url(f"{live_server.url}/oidc/callback/**")
    expect(
        page.get_by_role("heading", name="Sign-in refused: the proof of identity did not check out")
    ).to_be_visible()
    assert not User.objects.exists()
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url


def test_idp_groups_become_teams_when_the_groups_claim_is_set(page: Page, live_server, settings):
    settings.OIDC_GROUPS_CLAIM = "groups"
    settings.OIDC_RP_SCOPES = "openid email profile groups"
    payments = Team.objects.create(name="Payments", slug="payments")
    Team.objects.create(name="Security", slug="security")
    start(page, live_server)
    sign_in_at_provider(page, "ada")
    page.wait_for_url(f"{live_server.url}/")
    ada = User.objects.get(email="ada@acme.test")
    roles = {m.team.slug: m.role for m in ada.team_memberships.select_related("team")}
    assert roles == {"payments": "member", "security": "reviewer"}
    assert not Team.objects.filter(slug="all-staff").exists()
    assert payments.members.filter(pk=ada.pk).exists()


def test_a_colleagues_only_status_page_opens_after_signing_in_with_the_company(
    page: Page, live_server
):
    author = UserFactory(username="maria")
    escalation = EscalatedFactory(owner=author, title="Card payments failing in the EU")
    ShareLinkFactory(escalation=escalation, token="colleagues-raw-token", audience="colleagues")
    page.goto(f"{live_server.url}/s/colleagues-raw-token/")
    assert "/accounts/login/" in page.url
    page.get_by_role("link", name="Sign in with Acme").click()
    sign_in_at_provider(page, "ada")
    page.wait_for_url(f"{live_server.url}/s/colleagues-raw-token/")
    expect(page.get_by_text("Card payments failing in the EU").first).to_be_visible()


def test_local_logins_are_still_throttled_and_a_locked_address_can_use_the_provider(
    page: Page, live_server, settings
):
    settings.AXES_FAILURE_LIMIT = 3
    maria = UserFactory(username="maria")
    for _ in range(3):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(maria.username)
        page.get_by_label("Password").fill("wrong")
        page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Too many failed logins")).to_be_visible()
    start(page, live_server)
    sign_in_at_provider(page, "ada")
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("link", name="Ada Lovelace")).to_be_visible()


def test_the_login_button_and_the_refusal_page_pass_axe(
    axe_page: Page,  # noqa: F811
    live_server,
):
    page = axe_page
    found: list[str] = []
    page.goto(f"{live_server.url}/accounts/login/")
    found += audit(page, "login with company sign-in")
    # By keyboard: the company button takes focus and Enter follows it.
    page.get_by_role("link", name="Sign in with Acme").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: url.startswith("http://127.0.0.1:"))
    sign_in_at_provider(page, "eve")
    page.wait_for_url(f"{live_server.url}/oidc/callback/**")
    found += audit(page, "refused")
    assert found == []
