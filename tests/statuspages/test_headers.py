"""Headers on everything under /s/, and revalidation that costs a reader nothing."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from escalations.updates.services import update_post
from tests.factories import EscalatedFactory, ShareLinkFactory

pytestmark = pytest.mark.django_db

TOKEN = "h" * 43
PATHS = ["", "live/", "feed.atom", "status.json"]


@pytest.fixture
def link():
    return ShareLinkFactory(escalation=EscalatedFactory(), token=TOKEN)


def assert_public_headers(response) -> None:
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Cache-Control"] == "private, no-cache"
    csp = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert directives["frame-ancestors"] == "'none'"


@pytest.mark.parametrize("rest", PATHS)
def test_every_public_response_carries_the_headers(client, link, rest):
    response = client.get(f"/s/{TOKEN}/{rest}")
    assert response.status_code == 200
    assert_public_headers(response)
    assert response["ETag"]
    assert response["Last-Modified"]


@pytest.mark.parametrize("path", ["/s/unknown/", "/s/unknown/feed.atom", "/s/x/y/z", "/s/x"])
def test_404s_and_redirects_carry_the_headers_too(client, path):
    assert_public_headers(client.get(path))


def test_a_post_is_refused_with_the_headers(client, link):
    response = client.post(f"/s/{TOKEN}/")
    assert response.status_code == 405
    assert_public_headers(response)


def test_page_has_no_inline_script_or_style(client, link):
    html = client.get(f"/s/{TOKEN}/").content.decode()

    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts, "the page loads its live script"
    for attrs, body in scripts:
        assert 'src="/static/' in attrs and body.strip() == ""
    assert " style=" not in html and "<style" not in html
    assert not re.search(r"\son[a-z]+=", html)


@pytest.mark.parametrize("rest", PATHS)
def test_etag_revalidation_answers_304_until_something_changes(client, link, rest):
    first = client.get(f"/s/{TOKEN}/{rest}")
    again = client.get(f"/s/{TOKEN}/{rest}", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert_public_headers(again)
    assert again["ETag"] == first["ETag"]
    update_post(escalation=link.escalation, author=link.escalation.owner, body="News.")
    changed = client.get(f"/s/{TOKEN}/{rest}", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


@pytest.mark.parametrize("rest", ["live/", "feed.atom"])
def test_last_modified_revalidation_answers_304(client, link, rest):
    first = client.get(f"/s/{TOKEN}/{rest}")
    again = client.get(f"/s/{TOKEN}/{rest}", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304


def test_the_page_is_revalidated_afresh_each_minute_so_ago_texts_stay_true(client, link):
    first = client.get(f"/s/{TOKEN}/")
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        later = client.get(f"/s/{TOKEN}/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert later.status_code == 200


def test_the_poll_fragment_stays_304_across_minutes_until_the_overdue_flag_flips(client, link):
    escalation = link.escalation
    first = client.get(f"/s/{TOKEN}/live/")
    assert first["ETag"].startswith('W/"')
    due = escalation.next_update_due_at
    with time_machine.travel(due - timedelta(minutes=1)):
        assert client.get(f"/s/{TOKEN}/live/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    with time_machine.travel(due + timedelta(minutes=1), tick=False):
        flipped = client.get(f"/s/{TOKEN}/live/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert flipped.status_code == 200
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", flipped.content.decode()))
    assert "Update overdue by 1 min" in text


def test_robots_txt_disallows_status_pages(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert "Disallow: /s/" in response.content.decode().splitlines()


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_a_csrf_refusal_carries_the_headers_too(link, method):
    """Issue 11: the CSRF 403 came from middleware, with Referrer-Policy: same-origin and no
    CSP or noindex."""
    from django.test import Client

    response = getattr(Client(enforce_csrf_checks=True), method)(f"/s/{TOKEN}/")
    assert response.status_code == 403
    assert_public_headers(response)


def test_a_bad_host_answer_carries_the_headers_too(client, link):
    response = client.get(f"/s/{TOKEN}/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert_public_headers(response)
