"""/healthz: is the database reachable, is the broker reachable? 200 or 503, as JSON.

It is public (load balancers and `make run`'s smoke test call it), so it must never amplify an
outage: the answer is cached for ``HEALTHZ_CACHE_SECONDS`` (default 5) per process, at most
one probe runs at a time, and each probe gets ``DEADLINE`` seconds — a dependency that has
not answered by then is reported unreachable (503 naming it) while its check finishes in the
background. Before, each call opened a broker connection with retries (about 2.8 s with
Redis down), and six looping clients slowed the login page from 13 ms to 3.8 s.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

import redis
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection, connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu import Connection

logger = logging.getLogger(__name__)

# Seconds a probe may take in all; the answer must come within one second.
DEADLINE = 0.8
# Socket timeouts inside the checks, so a background check does not linger either.
SOCKET_TIMEOUT = 0.5


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("healthz: database unreachable")
        return False


def _broker_ok() -> bool:
    url = settings.CELERY_BROKER_URL
    try:
        if url.startswith(("redis://", "rediss://")):
            client = redis.Redis.from_url(
                url, socket_connect_timeout=SOCKET_TIMEOUT, socket_timeout=SOCKET_TIMEOUT
            )
            try:
                return bool(client.ping())
            finally:
                client.close()
        with Connection(
            url,
            transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS,
            connect_timeout=SOCKET_TIMEOUT,
        ) as conn:
            conn.ensure_connection(max_retries=1, timeout=1)
            # A connection object alone proves little for some transports; open a channel.
            conn.default_channel  # noqa: B018
        return True
    except Exception:
        logger.warning("healthz: broker unreachable", exc_info=True)
        return False


def _run(name: str, check: Callable[[], bool], results: dict[str, bool]) -> None:
    try:
        results[name] = check()
    except Exception:
        results[name] = False
    finally:
        connections.close_all()  # this thread's own connections


def probe(deadline: float = DEADLINE) -> dict[str, str]:
    """Run every check in its own thread; what has not answered by ``deadline`` is down."""
    checks = {"database": _database_ok, "broker": _broker_ok}
    results: dict[str, bool] = {}
    threads = [
        threading.Thread(target=_run, args=(name, check, results), daemon=True)
        for name, check in checks.items()
    ]
    end = time.monotonic() + deadline
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, end - time.monotonic()))
    return {name: "ok" if results.get(name) else "unreachable" for name in checks}


_clock: Callable[[], float] = time.monotonic
_lock = threading.Lock()
_last: tuple[float, dict[str, str]] | None = None


def cached_checks() -> dict[str, str]:
    """The latest probe's answer, probing again once it is older than the cache window."""
    global _last  # noqa: PLW0603 - one cached answer per process
    ttl = float(getattr(settings, "HEALTHZ_CACHE_SECONDS", 5.0))
    last = _last
    if last is not None and _clock() - last[0] < ttl:
        return last[1]
    # One probe at a time: the others wait for it (under DEADLINE) and share its answer.
    with _lock:
        last = _last
        if last is not None and _clock() - last[0] < ttl:
            return last[1]
        checks = probe()
        _last = (_clock(), checks)
        return checks


def forget() -> None:
    """Drop the cached answer (tests; nothing else needs to)."""
    global _last  # noqa: PLW0603
    _last = None


@never_cache
@require_GET
@login_not_required
def healthz(request: HttpRequest) -> JsonResponse:
    checks = cached_checks()
    healthy = all(v == "ok" for v in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )
