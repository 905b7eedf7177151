"""One strict Content-Security-Policy on every page, the admin included (django-csp).

Before: only responses under /s/ carried a policy; author pages and the admin sent none.
The browser check (no violation in the console) is tests/e2e/test_csp_e2e.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from tests import factories as f

pytestmark = pytest.mark.django_db
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
TOKEN = "c" * 43


def _policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def _assert_strict(response, where: str) -> None:
    policy = _policy(response)
    assert policy, f"{where}: no Content-Security-Policy"
    assert policy["default-src"] == ["'none'"], where
    assert policy["script-src"] == ["'self'"], where
    assert policy["style-src"] == ["'self'"], where
    assert policy["frame-ancestors"] == ["'none'"], where
    assert policy["form-action"] == ["'self'"], where
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"], where


def test_every_kind_of_page_carries_the_strict_policy(client_for):
    reviewer = f.UserFactory(is_staff=True, is_superuser=True)
    e = f.EscalatedFactory(owner=reviewer, executive_email="cto@example.com")
    f.ShareLinkFactory(escalation=e, token=TOKEN)
    author = client_for(reviewer)
    pages = {
        "login": Client().get("/accounts/login/"),
        "home": author.get("/"),
        "escalation": author.get(f"/escalations/{e.pk}/"),
        "wizard": author.get(f"/escalations/{e.pk}/wizard/impact/"),
        "admin index": author.get("/admin/"),
        "admin change": author.get(f"/admin/escalations/escalation/{e.pk}/change/"),
        "admin login": Client().get("/admin/login/"),
        "status page": Client().get(f"/s/{TOKEN}/"),
        "dead link": Client().get(f"/s/{'d' * 43}/"),
        "status CSRF 403": Client(enforce_csrf_checks=True).post(f"/s/{TOKEN}/"),
        "subscription link": Client().get(f"/subscriptions/confirm/{'x' * 40}/"),
        "not found": author.get("/nowhere/"),
        "bad host": Client().get("/accounts/login/", headers={"Host": "evil.example"}),
    }
    for where, response in pages.items():
        assert response.status_code in (200, 400, 403, 404), where
        _assert_strict(response, where)


def test_no_template_has_an_inline_script_or_a_style_attribute():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        if "emails" in path.parts:
            continue  # emails are not web pages (mail clients need inline styles)
        text = path.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "application/json" not in tag:
                offenders.append(f"{path.name}: {tag}")
        if re.search(r"\sstyle=\"", text) or re.search(r"<style\b", text):
            offenders.append(f"{path.name}: style")
        if re.search(r"\son[a-z]+=\"", text):
            offenders.append(f"{path.name}: event handler attribute")
    assert offenders == []
