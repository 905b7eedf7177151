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
    from django.core.cache import cache

    from statuspages.selectors import recent_snapshots
    from statuspages.store import RedisUnavailable, status_redis
    from statuspages.views import recent_html

    def clear() -> None:
        # Rolling back a test's transaction is a write nobody publishes to Redis: drop the
        # status pages' link records (and renderings) a test leaves behind.
        cache.clear()
        recent_html.clear()
        recent_snapshots.clear()
        store = status_redis()
        if store is not None:
            with contextlib.suppress(RedisUnavailable):
                store.flush_prefix()

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
