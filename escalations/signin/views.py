"""The login page (with "Sign in with <company>" when a provider is configured), the two
steps of a company sign-in, and signing out.

- ``start`` sends the browser to the provider (mozilla-django-oidc's view: state, nonce and
  PKCE kept in the session), with the endpoint read from the discovery document.
- ``callback`` is where the provider sends it back; a refusal is a page saying why, in
  words a person can act on, with status 403 — never a bare redirect or a 500.
- ``sign_out`` ends the Upward session, then, for someone who came through the provider and
  when the provider offers RP-initiated sign-out, continues to its end_session_endpoint.

The callback's ``code`` and ``state`` are credentials for a few minutes: config/logredact.py
keeps them out of every log line.
"""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from escalations.signin.backend import Refusal
from escalations.signin.provider import ProviderUnavailable, oidc_enabled, provider_endpoints

logger = logging.getLogger(__name__)

# Where mozilla-django-oidc keeps the ID token (OIDC_STORE_ID_TOKEN): a session key name.
ID_TOKEN_SESSION_KEY = "oidc_id_token"  # noqa: S105


def company_name() -> str:
    return str(settings.OIDC_PROVIDER_NAME)


class LoginView(auth_views.LoginView):
    """Django's login page (username and password, throttled by django-axes), plus the
    company's button when a provider is configured."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["company_sign_in"] = company_name() if oidc_enabled() else ""
        return context


def refused(request: HttpRequest, refusal: Refusal) -> HttpResponse:
    return render(
        request,
        "registration/signin_refused.html",
        {
            "refusal": refusal,
            "company": company_name(),
            "allowed_domains": settings.OIDC_ALLOWED_DOMAINS,
        },
        status=403,
    )


@method_decorator(login_not_required, name="dispatch")
class StartView(OIDCAuthenticationRequestView):
    def __init__(self, **kwargs: Any) -> None:
        # The library's __init__ reads the endpoint from settings; here it comes from the
        # discovery document, when the view runs.
        View.__init__(self, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not oidc_enabled():
            raise Http404("No company sign-in is configured.")
        try:
            endpoints = provider_endpoints()
        except ProviderUnavailable as exc:
            logger.warning("Company sign-in not started: the provider is unavailable (%s)", exc)
            return refused(request, Refusal("provider"))
        self.OIDC_OP_AUTH_ENDPOINT = endpoints.authorization_endpoint
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


# What a provider may put in ``error`` (RFC 6749 section 4.1.2.1: printable ASCII); shown
# only when it looks like one of those codes.
_ERROR_CODE = re.compile(r"^[a-z_]{1,64}$")


@method_decorator(login_not_required, name="dispatch")
class CallbackView(OIDCAuthenticationCallbackView):
    def get(self, request: HttpRequest) -> HttpResponse:
        if not oidc_enabled():
            raise Http404("No company sign-in is configured.")
        try:
            return super().get(request)
        except SuspiciousOperation:
            # A state this browser did not start (a second tab, an old bookmark, a replay).
            return refused(request, Refusal("stale"))

    def login_failure(self) -> HttpResponse:
        refusal = getattr(self.request, "upward_signin_refusal", None)
        if refusal is None:
            error = self.request.GET.get("error", "")
            if error:
                refusal = Refusal("provider_error", error if _ERROR_CODE.match(error) else "")
            else:
                refusal = Refusal("stale")
        return refused(self.request, refusal)


start = StartView.as_view()
callback = CallbackView.as_view()


class SignOutView(auth_views.LogoutView):
    """Ends the Upward session; someone who signed in through the provider then goes on to
    the provider's own sign-out, when it offers one, and comes back to the login page."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        id_token = request.session.get(ID_TOKEN_SESSION_KEY)
        response = super().post(request, *args, **kwargs)
        if not id_token or not oidc_enabled():
            return response
        try:
            end_session = provider_endpoints().end_session_endpoint
        except ProviderUnavailable:
            return response
        if not end_session:
            return response
        query = urlencode(
            {
                "id_token_hint": id_token,
                "client_id": settings.OIDC_RP_CLIENT_ID,
                "post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
            }
        )
        separator = "&" if "?" in end_session else "?"
        return HttpResponseRedirect(f"{end_session}{separator}{query}")
