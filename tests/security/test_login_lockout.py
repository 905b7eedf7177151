"""A successful login elsewhere cannot reset someone else's failure count.

The attack: from one address, nine wrong passwords for the victim, then one correct login to
an account of one's own, five times over (45 guesses). Before the fix the success deleted
every failure behind the address and the victim was never locked.
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _try(client: Client, url: str, username: str, password: str):
    return client.post(url, {"username": username, "password": password, "next": "/"})


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_successes_on_another_account_do_not_reset_the_victims_count(url):
    victim = UserFactory(username="victim", is_staff=True)
    UserFactory(username="mallory", is_staff=True)
    answers = []
    for _round in range(5):
        for _ in range(9):
            answers.append(_try(Client(REMOTE_ADDR="10.9.0.1"), url, "victim", "wrong").status_code)
        _try(Client(REMOTE_ADDR="10.9.0.1"), url, "mallory", PASSWORD)
    # The tenth wrong password for the victim is refused with the lockout, and so is the rest.
    assert answers[:9] == [200] * 9
    assert set(answers[9:]) == {429}
    # The victim's right password is refused too, from this address and from another one.
    assert _try(Client(REMOTE_ADDR="10.9.0.1"), url, victim.username, PASSWORD).status_code == 429
    assert _try(Client(REMOTE_ADDR="10.9.0.2"), url, victim.username, PASSWORD).status_code == 429


def test_a_success_still_clears_the_failures_of_the_username_that_logged_in():
    UserFactory(username="forgetful")
    c = Client(REMOTE_ADDR="10.9.0.3")
    for _ in range(9):
        _try(c, "/accounts/login/", "forgetful", "wrong")
    assert _try(c, "/accounts/login/", "forgetful", PASSWORD).status_code == 302
    c.post("/accounts/logout/")
    for _ in range(9):
        assert _try(c, "/accounts/login/", "forgetful", "wrong").status_code == 200
