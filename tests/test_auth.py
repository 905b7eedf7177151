from __future__ import annotations

import pytest

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_home_requires_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/")


def test_login_page_is_styled_and_public(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Log in to Upward" in html
    assert "bootstrap.min.css" in html and "htmx" in html


def test_login_then_home_then_logout(client, user):
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert "My escalations" in home.content.decode()
    assert 'hx-headers=\'{"X-CSRFToken": "' in home.content.decode()
    out = client.post("/accounts/logout/")
    assert out.status_code == 302
    assert client.get("/").status_code == 302


def test_wrong_password_shows_a_clear_message_and_keeps_the_username(client, user):
    response = client.post("/accounts/login/", {"username": user.username, "password": "nope"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "correct username and password" in html
    assert f'value="{user.username}"' in html


def test_admin_is_not_for_non_staff(client_for, user):
    response = client_for(user).get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_another_users_escalation_is_404(client_for, user, other_user):
    from tests.factories import EscalationFactory

    e = EscalationFactory(owner=other_user)
    assert client_for(user).get(f"/escalations/{e.pk}/").status_code == 404
    assert client_for(other_user).get(f"/escalations/{e.pk}/").status_code == 200
