"""Capability URLs never reach a log: the token segment is written ``<redacted>``.

Some URLs are their own credential: a status page and everything under it (the executive's
decision pages, the feed, subscribe), the executive's desk, and the links in subscribers' emails (confirm an
address, unsubscribe). A path is logged in many places: Django's ``django.request`` warnings
("Not Found: …" for an unknown, revoked or expired link; "Forbidden (CSRF cookie not set.)"
and "Method Not Allowed" on a valid one), ``django.security``, ``django.server`` under
``runserver``, and gunicorn's access log. One filter covers them all:
``RedactCapabilityUrls`` is on every handler in ``LOGGING`` (config/settings/base.py), and
``GunicornLogger`` is the access logger named by config/gunicorn.py.

The company sign-in's callback carries its credentials in the query instead (``code``,
``state``), and the provider's sign-out URL the ID token (``id_token_hint``): ``redact``
writes those values ``<redacted>`` too.

The rule for URLs (docs/security.md): a capability is captured as the URL keyword ``token``
and its pattern starts with one of ``CAPABILITY_PREFIXES``; tests/security/test_capability_urls.py
walks every URL pattern and fails for a ``token`` this filter would let through.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from gunicorn.glogging import Logger

# The path before a capability token: status pages (statuspages/urls.py), the links in
# subscribers' emails (escalations/subscriptions/urls.py) and the executive's desk
# (escalations/desk/urls.py).
CAPABILITY_PREFIXES = ("/s/", "/subscriptions/confirm/", "/subscriptions/unsubscribe/", "/desk/")

# The segment after a prefix, up to the next slash, query, fragment, quote or whitespace.
_TOKEN_IN_PATH = re.compile(
    "(" + "|".join(re.escape(p) for p in CAPABILITY_PREFIXES) + r")[^/?#\s\"'<>]+"
)


# Credentials carried in a query string rather than a path segment: the company sign-in's
# callback (escalations/signin/) receives a one-time ``code`` and the ``state`` that binds
# it to the browser; the provider's sign-out is sent the ID token as ``id_token_hint``.
# Each value is written ``<redacted>``; the other parameters (``error``, ``iss``) stay.
_QUERY_PARAM = re.compile(r"([?&](?:code|state|session_state|id_token_hint)=)[^&#\s\"'<>]*")
_CALLBACK_QUERY = re.compile(r"/oidc/callback/\?[^#\s\"'<>]*")
_ID_TOKEN_HINT = re.compile(r"([?&]id_token_hint=)[^&#\s\"'<>]*")


def _redact_params(match: re.Match[str]) -> str:
    return _QUERY_PARAM.sub(r"\1<redacted>", match.group(0))


def redact(text: str) -> str:
    """``text`` with every capability token replaced by ``<redacted>``."""
    if "/oidc/callback/" in text:
        text = _CALLBACK_QUERY.sub(_redact_params, text)
    if "id_token_hint=" in text:
        text = _ID_TOKEN_HINT.sub(r"\1<redacted>", text)
    if not any(prefix in text for prefix in CAPABILITY_PREFIXES):
        return text
    return _TOKEN_IN_PATH.sub(r"\1<redacted>", text)


class RedactCapabilityUrls(logging.Filter):
    """Rewrites a record's message (and its cached traceback) without a token in it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            # Format the traceback now, so the redacted text is what every handler prints.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


class GunicornLogger(Logger):
    """gunicorn's logger with every access-log atom (request line, path, referer, headers,
    the Location of a redirect) redacted."""

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> Any:
        atoms = super().atoms(resp, req, environ, request_time)
        for key, value in list(atoms.items()):
            if isinstance(value, str):
                atoms[key] = redact(value)
        # The query string alone (``%(q)s``) does not name the callback's path.
        query = atoms.get("q")
        if isinstance(query, str) and str(environ.get("PATH_INFO", "")).startswith(
            "/oidc/callback/"
        ):
            atoms["q"] = _QUERY_PARAM.sub(r"\1<redacted>", "?" + query)[1:]
        return atoms
