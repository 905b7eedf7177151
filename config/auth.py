"""The login throttle's authentication backend (django-axes), tolerant of request-less calls.

Every way into Upward — /accounts/login/ and /admin/login/ — authenticates with the request,
so it is throttled. ``authenticate()`` without a request (Django's test ``Client.login``, a
shell) cannot be attributed to a client address: axes would raise, and here it simply
leaves the decision to the next backend, like any backend that does not apply.
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class ThrottledLoginBackend(AxesStandaloneBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
