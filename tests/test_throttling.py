"""Login throttling (django-axes): ten failures in fifteen minutes lock a username or an address."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOCKED = "Too many failed logins"


def _try(client: Client, url: str, username: str, password: str):
    return client.post(url, {"username": username, "password": password, "next": "/"})


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_ten_wrong_passwords_lock_the_username_even_from_another_address(url):
    user = UserFactory(username="maria", is_staff=True)
    attacker = Client(REMOTE_ADDR="10.0.0.1")
    for _ in range(9):
        response = _try(attacker, url, user.username, "wrong")
        assert response.status_code == 200  # the ordinary "wrong password" form
        assert LOCKED not in response.content.decode()
    # The tenth failure is answered with the lockout itself, and so is what follows.
    assert _try(attacker, url, user.username, "wrong").status_code == 429
    refused = _try(attacker, url, user.username, PASSWORD)
    assert refused.status_code == 429
    assert LOCKED in refused.content.decode()
    assert "15 minutes" in refused.content.decode()
    # The right password from somewhere else is refused too: the username is locked.
    assert _try(Client(REMOTE_ADDR="10.0.0.2"), url, user.username, PASSWORD).status_code == 429
    # Fifteen minutes later it works again.
    with time_machine.travel(timezone.now() + timedelta(minutes=15, seconds=5)):
        assert _try(Client(REMOTE_ADDR="10.0.0.2"), url, user.username, PASSWORD).status_code == 302


def test_ten_failures_from_one_address_lock_that_address_for_every_username():
    victim = UserFactory(username="victim")
    spray = Client(REMOTE_ADDR="10.0.0.9")
    for i in range(9):
        assert _try(spray, "/accounts/login/", f"guess{i}", "wrong").status_code == 200
    assert _try(spray, "/accounts/login/", "guess9", "wrong").status_code == 429
    assert _try(spray, "/accounts/login/", victim.username, PASSWORD).status_code == 429
    # The victim, from their own address, is not locked out by someone else's spray.
    assert (
        _try(Client(REMOTE_ADDR="10.0.0.3"), "/accounts/login/", "victim", PASSWORD).status_code
        == 302
    )


def test_a_success_resets_the_count():
    user = UserFactory(username="forgetful")
    c = Client(REMOTE_ADDR="10.0.0.4")
    for _ in range(9):
        _try(c, "/accounts/login/", user.username, "wrong")
    assert _try(c, "/accounts/login/", user.username, PASSWORD).status_code == 302
    c.post("/accounts/logout/")
    for _ in range(9):
        assert _try(c, "/accounts/login/", user.username, "wrong").status_code == 200
    assert _try(c, "/accounts/login/", user.username, PASSWORD).status_code == 302


def test_failures_older_than_fifteen_minutes_do_not_count():
    user = UserFactory(username="slow")
    c = Client(REMOTE_ADDR="10.0.0.5")
    start = timezone.now()
    with time_machine.travel(start):
        for _ in range(9):
            _try(c, "/accounts/login/", user.username, "wrong")
    with time_machine.travel(start + timedelta(minutes=16)):
        for _ in range(9):
            assert _try(c, "/accounts/login/", user.username, "wrong").status_code == 200
        assert _try(c, "/accounts/login/", user.username, PASSWORD).status_code == 302


def test_reviewers_see_lockouts_in_the_admin():
    UserFactory(username="target")
    bad = Client(REMOTE_ADDR="10.0.0.6")
    for _ in range(11):
        _try(bad, "/accounts/login/", "target", "wrong")
    reviewer = UserFactory(username="rita", is_staff=True)
    reviewer.groups.add(Group.objects.get(name="Reviewers"))
    c = Client()
    c.force_login(reviewer)
    index = c.get("/admin/")
    assert "Access attempts" in index.content.decode()
    listing = c.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "target" in html and "10.0.0.6" in html


def test_a_locked_username_is_refused_by_the_login_form_even_though_client_login_works():
    """Client.login (no request) skips the throttle; every login page passes the request."""
    user = UserFactory(username="tester")
    assert Client().login(username="tester", password=PASSWORD)
    c = Client(REMOTE_ADDR="10.0.0.7")
    for _ in range(10):
        _try(c, "/accounts/login/", user.username, "wrong")
    assert (
        _try(Client(REMOTE_ADDR="10.0.0.8"), "/accounts/login/", "tester", PASSWORD).status_code
        == 429
    )


def test_a_forged_x_forwarded_for_does_not_dodge_the_address_lock():
    spray = Client(REMOTE_ADDR="10.0.1.1")
    for i in range(10):
        spray.post(
            "/accounts/login/",
            {"username": f"guess{i}", "password": "x"},
            HTTP_X_FORWARDED_FOR=f"192.0.2.{i}",
        )
    UserFactory(username="real")
    refused = spray.post(
        "/accounts/login/",
        {"username": "real", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="192.0.2.99",
    )
    assert refused.status_code == 429


def test_behind_a_trusted_proxy_each_client_is_counted_apart(settings):
    settings.TRUST_X_FORWARDED_FOR = True
    proxy = Client(REMOTE_ADDR="10.0.2.1")  # every request comes through the same proxy
    for i in range(10):
        proxy.post(
            "/accounts/login/",
            {"username": f"guess{i}", "password": "x"},
            HTTP_X_FORWARDED_FOR="203.0.113.5",
        )
    UserFactory(username="colleague")
    ok = proxy.post(
        "/accounts/login/",
        {"username": "colleague", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="forged-by-client, 203.0.113.6",
    )
    assert ok.status_code == 302  # another client behind the same proxy is not locked out
    locked = proxy.post(
        "/accounts/login/",
        {"username": "colleague", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.5",
    )
    assert locked.status_code == 429
