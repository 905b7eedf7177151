from __future__ import annotations

import pytest

from tests.factories import EscalatedFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_new_user_logs_in_and_sees_their_escalations(page, live_server, login, screenshot):
    user = UserFactory(username="maria")
    EscalatedFactory(owner=user, title="Payments API returning 502s")
    page.goto(live_server.url + "/")
    assert "/accounts/login/" in page.url
    screenshot("login")
    login(user)
    assert page.get_by_role("heading", name="My escalations").is_visible()
    assert page.get_by_text("Payments API returning 502s").is_visible()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/accounts/login/")
