"""Company sign-in without a browser: off by default, what the login page shows, the refusal
pages that need no provider, and the callback's code and state kept out of logs.

Signing in through a real provider is tests/e2e/test_signin_e2e.py."""

from __future__ import annotations

import logging

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User

from config.logredact import RedactCapabilityUrls, redact
from escalations.signin import provider
from escalations.signin.provider import discovery_document_url
from tests.test_log_redaction import _status, django_log, gunicorn_logs  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

CODE = "Zq9-one-time-code-from-the-provider"
STATE = "state-binding-this-browser-4f1c"


@pytest.fixture
def configured(settings):
    """A provider configured but never reached (nothing here follows the redirect)."""
    settings.OIDC_DISCOVERY_URL = "http://127.0.0.1:9/never-reached"
    settings.OIDC_RP_CLIENT_ID = "upward"
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.OIDC_PROVIDER_NAME = "Acme"
    provider._cache.clear()
    yield settings
    provider._cache.clear()


def test_off_by_default_the_login_page_has_no_company_button(client):
    html = client.get("/accounts/login/").content.decode()
    assert "Log in to Upward" in html
    assert "Sign in with" not in html
    assert client.get("/oidc/start/").status_code == 404
    assert client.get(f"/oidc/callback/?code={CODE}&state={STATE}").status_code == 404


def test_configured_the_login_page_offers_the_company_and_keeps_next(client, configured):
    html = client.get("/accounts/login/?next=/me/").content.decode()
    assert "Sign in with Acme" in html
    assert 'href="/oidc/start/?next=/me/"' in html
    # The local form is still there.
    assert 'name="password"' in html


def test_an_unreachable_provider_gets_a_page_not_a_500(client, configured):
    response = client.get("/oidc/start/")
    assert response.status_code == 403
    assert "Acme is not answering" in response.content.decode()


def test_a_callback_this_browser_did_not_start_is_refused_and_counts_no_failure(client, configured):
    response = client.get(f"/oidc/callback/?code={CODE}&state={STATE}")
    assert response.status_code == 403
    assert "This sign-in has expired" in response.content.decode()
    assert not User.objects.exists()
    assert not AccessAttempt.objects.exists()


def test_a_sign_in_cancelled_at_the_provider_says_so(client, configured):
    response = client.get(f"/oidc/callback/?error=access_denied&state={STATE}")
    html = response.content.decode()
    assert response.status_code == 403
    assert "Acme did not sign you in" in html and "access_denied" in html
    odd = client.get("/oidc/callback/?error=<script>&state=x").content.decode()
    assert "<script>" not in odd


def test_the_discovery_url_may_be_the_issuer_or_the_document():
    doc = "https://idp.example.com/realms/acme/.well-known/openid-configuration"
    assert discovery_document_url("https://idp.example.com/realms/acme") == doc
    assert discovery_document_url("https://idp.example.com/realms/acme/") == doc
    assert discovery_document_url(doc) == doc


def test_redact_hides_the_callbacks_code_and_state_and_the_sign_out_token():
    line = f'"GET /oidc/callback/?code={CODE}&state={STATE}&iss=http%3A%2F%2Fidp HTTP/1.1" 302'
    assert redact(line) == (
        '"GET /oidc/callback/?code=<redacted>&state=<redacted>&iss=http%3A%2F%2Fidp HTTP/1.1" 302'
    )
    out = redact("Location: https://idp.example/session/end?id_token_hint=eyJ.a.b&client_id=u")
    assert "eyJ" not in out and "client_id=u" in out
    # Elsewhere "state" is an ordinary word, left alone.
    assert redact("/escalations/?state=contained") == "/escalations/?state=contained"


def test_the_log_filter_redacts_a_runserver_request_line(django_log):  # noqa: F811
    logging.getLogger("django.server").info(
        '"GET /oidc/callback/?state=%s&code=%s HTTP/1.1" 302 0', STATE, CODE
    )
    text = django_log.getvalue()
    assert "/oidc/callback/?state=<redacted>&code=<redacted>" in text
    assert CODE not in text and STATE not in text
    assert any(
        isinstance(f, RedactCapabilityUrls)
        for h in logging.getLogger("django.server").handlers
        for f in h.filters
    )


@pytest.mark.django_db(transaction=True)
def test_gunicorn_access_log_carries_no_code_or_state():
    def requests(base: str) -> None:
        assert _status(f"{base}/oidc/callback/?code={CODE}&state={STATE}") == 404

    logs = gunicorn_logs(requests)
    assert "/oidc/callback/?code=<redacted>&state=<redacted>" in logs
    assert CODE not in logs and STATE not in logs


# --- IdP groups -> teams (OIDC_GROUPS_CLAIM) ---------------------------------------------------


def _teams():
    from escalations.models import Team

    return (
        Team.objects.create(name="Payments", slug="payments"),
        Team.objects.create(name="Security", slug="security"),
        Team.objects.create(name="Platform", slug="platform"),
    )


def _roles(user) -> dict[str, str]:
    return {m.team.slug: m.role for m in user.team_memberships.select_related("team")}


def test_groups_make_the_teams_and_roles_at_each_sign_in(user):
    from escalations.models import Team
    from escalations.signin.services import signin_user_sync
    from escalations.teams.services import team_membership_set

    payments, security, platform = _teams()
    team_membership_set(team=platform, user=user)
    signin_user_sync(
        user=user,
        email=user.email,
        display_name=user.get_full_name(),
        groups=["PAYMENTS", "Security-Reviewers", "no-such-team"],
    )
    # Named by slug or name, any case; "-reviewers" gives the reviewer role; a team no group
    # names is left; an unknown group creates nothing.
    assert _roles(user) == {"payments": "member", "security": "reviewer"}
    assert Team.objects.count() == 3
    # The next sign-in follows the groups again.
    signin_user_sync(
        user=user, email=user.email, display_name=user.get_full_name(), groups=["Platform"]
    )
    assert _roles(user) == {"platform": "member"}
    signin_user_sync(user=user, email=user.email, display_name=user.get_full_name(), groups=[])
    assert _roles(user) == {}


def test_without_a_groups_claim_sign_in_leaves_teams_alone(user):
    from escalations.signin.services import signin_user_sync
    from escalations.teams.services import team_membership_set

    payments, _, _ = _teams()
    team_membership_set(team=payments, user=user, role="reviewer")
    signin_user_sync(user=user, email=user.email, display_name="New Name", groups=None)
    assert _roles(user) == {"payments": "reviewer"}
    user.refresh_from_db()
    assert user.get_full_name() == "New Name"


def test_settings_come_from_the_environment():
    """django-environ reads the provider, the domains (trimmed, lower case, "@" dropped) and
    the groups claim; the sign-out redirect's origin joins the CSP's form-action."""
    from tests.test_settings import _run

    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.OIDC_DISCOVERY_URL, s.OIDC_RP_CLIENT_ID, s.OIDC_ALLOWED_DOMAINS, "
        "s.OIDC_GROUPS_CLAIM, s.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action'])"
    )
    result = _run(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "OIDC_DISCOVERY_URL": "https://login.acme.test/realms/acme",
            "OIDC_CLIENT_ID": "upward",
            "OIDC_CLIENT_SECRET": "s",
            "OIDC_ALLOWED_DOMAINS": " Acme.com, @acme.co.uk ,",
            "OIDC_GROUPS_CLAIM": "groups",
        },
        ["-c", script],
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "https://login.acme.test/realms/acme upward ['acme.com', 'acme.co.uk'] groups "
        "[\"'self'\", 'https://login.acme.test']"
    )


@pytest.mark.parametrize(
    ("oidc", "message"),
    [
        (
            {"OIDC_DISCOVERY_URL": "https://login.acme.test"},
            "missing: OIDC_CLIENT_ID, OIDC_CLIENT_SECRET",
        ),
        (
            {
                "OIDC_DISCOVERY_URL": "http://login.acme.test",
                "OIDC_CLIENT_ID": "upward",
                "OIDC_CLIENT_SECRET": "s",
            },
            "OIDC_DISCOVERY_URL must be an https:// URL",
        ),
    ],
)
def test_production_refuses_half_a_provider_or_plain_http(oidc, message):
    from tests.test_settings import STRONG_KEY, _run

    base = {
        "SECRET_KEY": STRONG_KEY,
        "ALLOWED_HOSTS": "upward.example.com",
        "DATABASE_URL": "postgres://u:p@db:5432/upward",
        "REDIS_URL": "redis://redis:6379/0",
    }
    result = _run({**base, **oidc})
    assert result.returncode != 0
    assert message in result.stderr
    ok = _run(
        {
            **base,
            "OIDC_DISCOVERY_URL": "https://login.acme.test",
            "OIDC_CLIENT_ID": "upward",
            "OIDC_CLIENT_SECRET": "s",
        }
    )
    assert ok.returncode == 0, ok.stderr
