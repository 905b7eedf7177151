"""The login throttle's authentication backend (django-axes), tolerant of request-less calls.

Every password login — /accounts/login/ and /admin/login/ — authenticates with the request,
so it is throttled. The company sign-in (escalations/signin/) guesses no password: it is
neither blocked nor counted here. ``authenticate()`` without a request (Django's test ``Client.login``, a
shell) cannot be attributed to a client address: axes would raise, and here it simply
leaves the decision to the next backend, like any backend that does not apply.
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.http import HttpRequest


class ThrottledLoginBackend(AxesStandaloneBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if request is None or password is None:
            # No request: not attributable to an address. No password: not a password login
            # (the company sign-in's callback), which the throttle does not count or block.
            return None
        return super().authenticate(request, username, password, **kwargs)


def client_ip(request: HttpRequest) -> str | None:
    """The address the throttle counts (``AXES_CLIENT_IP_CALLABLE``).

    ``REMOTE_ADDR``: gunicorn is exposed directly, and a client can write any
    X-Forwarded-For it likes. Behind a TLS proxy we run (``TRUST_X_FORWARDED_FOR=true``), every
    client would share the proxy's address, so the address that proxy appended last to
    X-Forwarded-For is used instead (never the left-most entries, which the client wrote).
    """
    from django.conf import settings

    if getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        last = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR")


class LoginAttemptsHandler(AxesDatabaseHandler):
    """django-axes's database handler, except what a successful login clears.

    axes's own ``AXES_RESET_ON_SUCCESS`` deletes every failure matching the username *or*
    the address, so a guesser who logs into an account of their own from the same address
    wipes the count against their victim (nine guesses, one success, over and over). Here a
    success clears only the failures recorded against the username that just logged in;
    the address keeps counting everyone else's.
    """

    def user_login_failed(
        self, sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
    ) -> None:
        """Only wrong passwords count. A refused company sign-in (a disallowed domain, an
        expired token) guesses nothing, and must not lock a whole office's address out."""
        if "password" not in credentials:
            return
        super().user_login_failed(sender, credentials, request, **kwargs)

    def user_logged_in(self, sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
        super().user_logged_in(sender, request, user, **kwargs)
        AccessAttempt.objects.filter(username=user.get_username()).delete()
