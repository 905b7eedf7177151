"""Share-link tokens never reach a log: ``/s/<token>/`` is written ``/s/<redacted>/``.

A status page's token is its only credential, and a path is logged in many places: Django's
``django.request`` warnings for 404s (an unknown, revoked or expired link) and for 403/405 on
a valid one (``Forbidden (CSRF cookie not set.): /s/<token>/``), ``django.security``,
``django.server`` under ``runserver``, and gunicorn's access log. ``RedactShareTokens`` is a
filter on every handler in ``LOGGING`` (config/settings/base.py); ``GunicornLogger`` is the
access logger named by config/gunicorn.py.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from gunicorn.glogging import Logger

# A path segment after "/s/" (the status-page prefix, statuspages/urls.py), up to the next
# slash, query, fragment, quote or whitespace.
_TOKEN_IN_PATH = re.compile(r"/s/[^/?#\s\"'<>]+")
REDACTED = "/s/<redacted>"


def redact(text: str) -> str:
    """``text`` with every status-page token replaced."""
    if "/s/" not in text:
        return text
    return _TOKEN_IN_PATH.sub(REDACTED, text)


class RedactShareTokens(logging.Filter):
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
            if isinstance(value, str) and "/s/" in value:
                atoms[key] = redact(value)
        return atoms
