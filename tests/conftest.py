from __future__ import annotations

import contextlib

import pytest
from django.test import Client

from tests.factories import UserFactory


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def other_user(db):
    return UserFactory(username="someone-else")


@pytest.fixture
def client_for():
    """A logged-in test client for any user: ``client_for(user)``."""

    def make(u) -> Client:
        # force_login: django-axes's backend needs the request that Client.login cannot give;
        # tests/test_auth.py logs in through the real form.
        c = Client()
        c.force_login(u)
        return c

    return make


@pytest.fixture
def author_client(user, client_for) -> Client:
    return client_for(user)


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.conf import settings
    from django.core.cache import cache

    from statuspages import readpath

    def clear() -> None:
        # Rolling back a test's transaction is a write nobody told the status pages' cache
        # about: drop what a test leaves behind there (its own prefix in the real Redis;
        # the Celery broker shares that Redis db, so never FLUSHDB).
        cache.clear()
        readpath.breaker_reset()
        options = settings.CACHES["statuspages"]
        if "LOCATION" in options and "KEY_PREFIX" in options:
            import redis

            client = redis.Redis.from_url(options["LOCATION"], socket_timeout=2)
            with contextlib.suppress(redis.RedisError):
                keys = list(client.scan_iter(match=options["KEY_PREFIX"] + ":*", count=1000))
                if keys:
                    client.delete(*keys)
            client.close()

    clear()
    yield
    clear()


@pytest.fixture
def tasks_inline():
    """Run queued Celery tasks at once, in the caller's thread, as a worker would (for
    work a view queues, like the status page's subscribe form)."""
    from celery import current_app

    current_app.conf.task_always_eager = True
    yield
    current_app.conf.task_always_eager = False
