"""Every capability URL is redacted by one filter, in Django's logs and gunicorn's access log;
unsubscribe links stop working after a stated time.

Before: ``/s/`` was redacted, but ``GET /subscriptions/confirm/<token>/``,
``POST /subscriptions/unsubscribe/<token>/`` and Django's "Not Found" warnings for them
carried the token in clear, and unsubscribe tokens never expired.
"""

from __future__ import annotations

import io
import logging
import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone

from config.logredact import RedactCapabilityUrls, redact
from escalations import models as m
from escalations.subscriptions import services as subs
from escalations.subscriptions.tokens import UNSUBSCRIBE_MAX_AGE, make_token
from tests import factories as f
from tests.test_log_redaction import _status, gunicorn_logs

SAMPLE = "Tk3n-" + "q" * 30


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def _sample_path(route: str) -> str:
    """A concrete path for a route or regex: ``token`` gets SAMPLE, other parts a value."""
    path = re.sub(r"\(\?P<token>[^)]*\)", SAMPLE, route)
    path = re.sub(r"<(?:\w+:)?token>", SAMPLE, path)
    path = re.sub(r"<int:\w+>", "1", path)
    path = re.sub(r"<(?:\w+:)?\w+>", "x", path)
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "x", path)
    return "/" + path.replace("^", "").replace("$", "")


def token_routes() -> list[tuple[str, str]]:
    """Every URL pattern carrying a capability, by the convention: the keyword ``token``."""
    found = []
    for route, pattern in _walk(get_resolver().url_patterns):
        if "token" in pattern.pattern.regex.groupindex:
            found.append((route, _sample_path(route)))
    return found


def test_the_walk_finds_status_pages_decisions_and_subscription_links():
    routes = " ".join(r for r, _ in token_routes())
    for expected in ("s/<str:token>/", "asks/", "subscriptions/confirm/", "unsubscribe/"):
        assert expected in routes


@pytest.mark.parametrize(("route", "path"), token_routes())
def test_every_token_route_is_redacted(route, path):
    # The sample really is that route (so the redaction is checked on a real URL).
    assert resolve(path).kwargs.get("token") == SAMPLE
    for line in (
        f'"GET {path} HTTP/1.1" 404',
        f"Not Found: {path}",
        f"https://upward.example{path}?x=1",
    ):
        assert SAMPLE not in redact(line), route


@pytest.fixture
def django_log():
    handlers = [
        h
        for h in logging.getLogger().handlers
        if any(isinstance(flt, RedactCapabilityUrls) for flt in h.filters)
    ]
    assert handlers
    buffer = io.StringIO()
    old = [h.setStream(buffer) for h in handlers]  # type: ignore[attr-defined]
    yield buffer
    for h, stream in zip(handlers, old, strict=True):
        h.setStream(stream)  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_django_logs_no_subscription_token(django_log):
    assert Client().get(f"/subscriptions/confirm/{SAMPLE}/").status_code == 404
    assert Client().post(f"/subscriptions/unsubscribe/{SAMPLE}/").status_code == 404
    text = django_log.getvalue()
    assert "Not Found: /subscriptions/confirm/<redacted>/" in text
    assert "Not Found: /subscriptions/unsubscribe/<redacted>/" in text
    assert SAMPLE not in text


@pytest.mark.django_db(transaction=True)
def test_gunicorn_access_log_carries_no_subscription_token():
    e = f.EscalatedFactory(executive_email="cto@example.com")
    sub = subs.subscription_for_executive(escalation=e)
    confirm, unsubscribe = make_token(sub, "confirm"), make_token(sub, "unsubscribe")

    def requests(base: str) -> None:
        assert _status(f"{base}/subscriptions/confirm/{confirm}/") == 200
        assert _status(f"{base}/subscriptions/unsubscribe/{unsubscribe}/", "POST") == 200
        assert _status(f"{base}/subscriptions/confirm/{SAMPLE}/") == 404

    logs = gunicorn_logs(requests)
    assert '"GET /subscriptions/confirm/<redacted>/ HTTP/1.1" 200' in logs
    assert '"POST /subscriptions/unsubscribe/<redacted>/ HTTP/1.1" 200' in logs
    assert "Not Found: /subscriptions/confirm/<redacted>/" in logs
    for token in (confirm, unsubscribe, SAMPLE):
        assert token not in logs


@pytest.mark.django_db
def test_an_unsubscribe_link_stops_working_after_its_stated_time():
    e = f.EscalatedFactory(executive_email="cto@example.com")
    sub = subs.subscription_for_executive(escalation=e)
    path = f"/subscriptions/unsubscribe/{make_token(sub, 'unsubscribe')}/"
    with time_machine.travel(timezone.now() + UNSUBSCRIBE_MAX_AGE + timedelta(minutes=1)):
        response = Client().post(path)
    assert response.status_code == 404
    assert "Unsubscribe links last 60 days" in response.content.decode()
    sub.refresh_from_db()
    assert sub.is_active
    with time_machine.travel(timezone.now() + UNSUBSCRIBE_MAX_AGE - timedelta(days=1)):
        assert Client().post(path).status_code == 200
    assert m.Subscription.objects.get(pk=sub.pk).unsubscribed_at is not None
