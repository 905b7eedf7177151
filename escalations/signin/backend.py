"""The authentication backend for company sign-in (mozilla-django-oidc's, made stricter).

What mozilla-django-oidc does and is kept: the authorization-code exchange, PKCE, the state
and nonce checks, and the ID token's signature checked against the provider's published
keys (its JWKS). What is added here, because an ID token is only as good as its checks:

- the token must be for Upward (``aud`` is our client id), from the configured provider
  (``iss`` is the discovery document's issuer), and unexpired (``exp``, one minute of clock
  skew allowed); a token failing any check is refused with a page, never a 500;
- the person's email and display name come from the verified ID token itself (no userinfo
  call), and the email must be verified by the provider when it says so;
- only people whose email domain is in ``OIDC_ALLOWED_DOMAINS`` get in; a first sign-in
  from an allowed domain creates the account, any other is refused and creates nothing;
- every sign-in brings the name and email up to date from the token.

Why a sign-in was refused is left on the request (``request.upward_signin_refusal``) for the
callback view to explain (escalations/signin/views.py).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from escalations.signin import services
from escalations.signin.provider import (
    ProviderEndpoints,
    ProviderUnavailable,
    oidc_enabled,
    provider_endpoints,
)
from escalations.text import one_line

logger = logging.getLogger(__name__)

# Seconds of clock difference tolerated between the provider and Upward.
CLOCK_SKEW = 60


@dataclass(frozen=True)
class Refusal:
    """Why a company sign-in did not let someone in (shown by the callback view)."""

    # "domain", "no_email", "unverified", "token", "provider", "ambiguous", "inactive"
    kind: str
    detail: str = ""


def refuse(request: HttpRequest, kind: str, detail: str = "") -> None:
    request.upward_signin_refusal = Refusal(kind, detail)  # type: ignore[attr-defined]


def email_domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].strip().lower() if "@" in email else ""


def display_name(claims: dict[str, Any], email: str) -> str:
    """``name``, else ``given_name family_name``, else the email's local part."""
    name = claims.get("name") or " ".join(
        str(claims.get(k) or "") for k in ("given_name", "family_name")
    )
    name = one_line(str(name))[:150]
    return name or email.split("@", 1)[0][:150]


class CompanySignInBackend(OIDCAuthenticationBackend):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Django builds every backend for every login, the password ones included: nothing
        # here may need the provider, or a settings value that is unset without one.
        self.UserModel = get_user_model()
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.OIDC_OP_TOKEN_ENDPOINT = ""
        self.OIDC_OP_JWKS_ENDPOINT = ""
        self.OIDC_OP_USER_ENDPOINT = ""
        self.endpoints: ProviderEndpoints | None = None

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> Any:  # type: ignore[override]
        # Only the callback view's call (it passes the nonce) is ours; a password login
        # passes a username and password and is left to the other backends.
        if request is None or "nonce" not in kwargs or not oidc_enabled():
            return None
        try:
            self.endpoints = provider_endpoints()
        except ProviderUnavailable as exc:
            logger.warning("Company sign-in refused: the provider is unavailable (%s)", exc)
            refuse(request, "provider")
            return None
        self.OIDC_OP_TOKEN_ENDPOINT = self.endpoints.token_endpoint
        self.OIDC_OP_JWKS_ENDPOINT = self.endpoints.jwks_uri
        try:
            return super().authenticate(request, **kwargs)
        except (SuspiciousOperation, jwt.PyJWTError) as exc:
            # An expired, tampered, foreign or replayed token. The reason goes to the log
            # (never the token); the person gets a page.
            logger.warning("Company sign-in refused: the ID token failed a check (%s)", exc)
            refuse(request, "token")
        except requests.RequestException as exc:
            logger.warning("Company sign-in refused: the provider did not answer (%s)", exc)
            refuse(request, "provider")
        return None

    def _verify_jws(self, payload: str, key: Any) -> dict[str, Any]:
        """The signature (by the provider's key, in the one algorithm configured), and the
        claims that make the token ours: audience, issuer, expiry."""
        if self.endpoints is None:
            raise SuspiciousOperation("ID token checked before the provider was resolved")
        alg = jwt.get_unverified_header(payload).get("alg")
        if alg != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation(f"ID token signed with {alg!r}, not {self.OIDC_RP_SIGN_ALGO}")
        decoded: dict[str, Any] = jwt.decode(
            payload,
            key,
            algorithms=[self.OIDC_RP_SIGN_ALGO],
            audience=self.OIDC_RP_CLIENT_ID,
            issuer=self.endpoints.issuer,
            leeway=CLOCK_SKEW,
            options={"require": ["exp", "iat", "iss", "aud", "sub"]},
        )
        return decoded

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        """The person the verified ID token names, created on first sign-in when their
        email domain is allowed."""
        request = self.request
        email = one_line(str(payload.get("email") or ""))
        domain = email_domain(email)
        if not domain:
            refuse(request, "no_email")
            return None
        if payload.get("email_verified") is False:
            refuse(request, "unverified", email)
            return None
        allowed = settings.OIDC_ALLOWED_DOMAINS
        if domain not in allowed:
            logger.info("Company sign-in refused: %s is not an allowed domain", domain)
            refuse(request, "domain", domain)
            return None
        users = list(self.UserModel.objects.filter(email__iexact=email))
        if len(users) > 1:
            refuse(request, "ambiguous", email)
            return None
        if users and not users[0].is_active:
            refuse(request, "inactive", email)
            return None
        groups = self._groups(payload)
        return services.signin_user_sync(
            user=users[0] if users else None,
            email=email,
            display_name=display_name(payload, email),
            groups=groups,
        )

    def _groups(self, payload: dict[str, Any]) -> list[str] | None:
        """The IdP groups named by ``OIDC_GROUPS_CLAIM`` (None when it is not set)."""
        claim = settings.OIDC_GROUPS_CLAIM
        if not claim:
            return None
        value = payload.get(claim) or []
        if isinstance(value, str):
            value = [value]
        return [one_line(str(v))[:150] for v in value if one_line(str(v))]
