"""The public status page: what a reader sees, who can see it, and what it costs."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from escalations import models as m
from escalations.lifecycle.services import escalation_set_state
from escalations.updates.services import update_post
from statuspages.models import ShareLink
from statuspages.services import share_link_revoke, share_link_set_expiry
from tests.factories import (
    AskFactory,
    EscalatedFactory,
    RemediationActionFactory,
    ShareLinkFactory,
    UpdateFactory,
)

pytestmark = pytest.mark.django_db

TOKEN = "t" * 43
DUMMY = "django.core.cache.backends.dummy.DummyCache"
ROOT = Path(__file__).resolve().parents[2]


def url(token: str = TOKEN, rest: str = "") -> str:
    return f"/s/{token}/{rest}"


@pytest.fixture
def escalation():
    return EscalatedFactory(title="Checkout failing for EU cards")


@pytest.fixture
def link(escalation):
    return ShareLinkFactory(escalation=escalation, token=TOKEN, label="CTO")


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_anonymous_reader_sees_last_updated_first_then_the_essentials(client, escalation, link):
    update_post(
        escalation=escalation,
        author=escalation.owner,
        body="Backup processor carries **all EU traffic**.",
        public_status=m.PublicStatus.MITIGATING,
    )
    AskFactory(escalation=escalation, decision="Approve €63,000 in backup fees")
    RemediationActionFactory(escalation=escalation, description="Ship the pinned-cert fix")
    RemediationActionFactory(
        escalation=escalation, description="Rotate alerts", done_at=timezone.now()
    )

    response = client.get(url())

    assert response.status_code == 200
    html = response.content.decode()
    body = html[html.index("<body") :]
    # "Last updated" is the first thing in the page body a reader sees.
    assert body.index("Last updated") < body.index("<h1")
    assert "just now" in html
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"', html)
    assert 'title="' in html and " UTC" in html
    text = text_of(response)
    assert "Next update by" in text
    assert "Checkout failing for EU cards" in text
    assert "Mitigating" in text and "sp-state-mitigating" in html
    assert "Major incident" in text and "SEV1" in text
    assert escalation.impact_headline in text
    assert "Ship the pinned-cert fix" in text and "Rotate alerts" in text
    assert "1 of 2 done" in text
    assert "Approve €63,000 in backup fees" in text
    assert "<strong>all EU traffic</strong>" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html


def test_timeline_is_newest_first_with_state_badges(client, escalation, link):
    now = timezone.now()
    for minutes, body, state in [
        (50, "First: investigating", m.PublicStatus.INVESTIGATING),
        (30, "Second: identified", m.PublicStatus.IDENTIFIED),
        (10, "Third: monitoring", m.PublicStatus.MONITORING),
    ]:
        UpdateFactory(
            escalation=escalation,
            body=body,
            public_status=state,
            created_at=now - timedelta(minutes=minutes),
        )
    html = client.get(url()).content.decode()
    assert html.index("Third: monitoring") < html.index("Second: identified")
    assert html.index("Second: identified") < html.index("First: investigating")
    for label in ("Monitoring", "Identified", "Investigating"):
        assert f">{label}</span>" in html


def test_overdue_banner_appears_exactly_when_the_next_update_is_due(client, escalation, link):
    due = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
    m.Escalation.objects.filter(pk=escalation.pk).update(
        last_updated_at=due - timedelta(hours=1), next_update_due_at=due
    )
    with time_machine.travel(due - timedelta(seconds=1), tick=False):
        html = client.get(url()).content.decode()
        assert 'id="sp-overdue"' in html and "hidden>" in html.split('id="sp-overdue"')[1][:200]
        assert "Next update by" in text_of_html(html) and "15:00 UTC" in html
    with time_machine.travel(due + timedelta(minutes=25), tick=False):
        html = client.get(url()).content.decode()
        banner = html.split('id="sp-overdue"')[1].split("</div>")[0]
        assert "hidden" not in banner.split(">")[0]
        assert "Update overdue by 25 min" in text_of_html(banner)


def text_of_html(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_resolved_escalation_says_no_more_updates_are_scheduled(client, escalation, link):
    escalation_set_state(
        escalation=escalation, state=m.State.RESOLVED, by=escalation.owner, note="Fixed."
    )
    text = text_of(client.get(url()))
    assert "Resolved" in text and "No further updates are scheduled" in text
    assert "Next update by" not in text and "overdue" not in text.lower()


def test_unknown_revoked_and_expired_links_get_identical_404s(client, escalation):
    ShareLinkFactory(escalation=escalation, token="r" * 43, revoked_at=timezone.now())
    expired = ShareLinkFactory(escalation=escalation, token="e" * 43)
    ShareLink.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    responses = [client.get(url(tok)) for tok in ("u" * 43, "r" * 43, "e" * 43, "short")]
    responses.append(client.get("/s/anything/else/here"))
    first = responses[0]
    assert first.status_code == 404
    assert b"This status link is not available" in first.content
    for r in responses[1:]:
        assert r.status_code == 404
        assert r.content == first.content
        assert sorted(r.headers.items()) == sorted(first.headers.items())


def test_revocation_is_effective_on_the_very_next_request(client, escalation, link):
    assert client.get(url()).status_code == 200
    assert client.get(url(rest="live/")).status_code == 200
    share_link_revoke(link=link)
    for rest in ("", "live/", "feed.atom", "status.json"):
        assert client.get(url(rest=rest)).status_code == 404, rest


def test_revocation_beats_a_cached_copy_and_a_conditional_request(client, escalation, link):
    first = client.get(url())
    assert client.get(url(), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    share_link_revoke(link=link)
    again = client.get(url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 404


def test_expiry_answers_404_from_the_expiry_instant(client, escalation, link):
    assert client.get(url()).status_code == 200  # Redis and this process hold the link
    expires = timezone.now() + timedelta(hours=1)
    share_link_set_expiry(link=link, expires_at=expires)
    with time_machine.travel(expires - timedelta(seconds=1), tick=False):
        assert client.get(url()).status_code == 200
        assert client.get(url()).status_code == 200
    with time_machine.travel(expires - timedelta(microseconds=1), tick=False):
        assert client.get(url()).status_code == 200
    with time_machine.travel(expires, tick=False):
        assert client.get(url()).status_code == 404
    share_link_set_expiry(link=link, expires_at=None)
    with time_machine.travel(expires, tick=False):
        assert client.get(url()).status_code == 200


def test_a_get_changes_nothing_but_the_view_statistics(client, escalation, link, fold_views):
    before = m.Escalation.objects.values().get(pk=escalation.pk)
    with time_machine.travel(timezone.now() + timedelta(minutes=5), tick=False):
        client.get(url())
        client.get(url())
        seen = timezone.now()
        # The author's list is one beat tick behind: "last viewed" is when the tick saw them.
        assert fold_views() == 2
    assert m.Escalation.objects.values().get(pk=escalation.pk) == before
    link.refresh_from_db()
    assert link.view_count == 2
    assert link.last_viewed_at == seen
    # Polling and feeds do not inflate "views".
    client.get(url(rest="live/"))
    client.get(url(rest="status.json"))
    client.get(url(rest="feed.atom"))
    assert fold_views() == 0
    link.refresh_from_db()
    assert link.view_count == 2


def test_posting_an_update_changes_the_page_at_once(client, escalation, link):
    client.get(url())
    update_post(escalation=escalation, author=escalation.owner, body="Fix deployed at 14:02.")
    assert "Fix deployed at 14:02." in client.get(url()).content.decode()


@pytest.mark.parametrize("count", [1, 500])
def test_page_query_budget_is_the_same_for_1_and_500_updates(client, escalation, link, count):
    now = timezone.now()
    m.Update.objects.bulk_create(
        m.Update(
            escalation=escalation,
            author=escalation.owner,
            body=f"Update number {i} with a [link](https://example.com/{i})",
            public_status=m.PublicStatus.INVESTIGATING,
            created_at=now - timedelta(minutes=i),
        )
        for i in range(count)
    )
    RemediationActionFactory(escalation=escalation)
    AskFactory(escalation=escalation)
    # Both requests in the same minute: the rendering is cached per minute ("12 min ago").
    with time_machine.travel(now.replace(second=5), tick=False):
        with CaptureQueriesContext(connection) as cold:
            response = client.get(url())
        assert response.status_code == 200
        assert f"Update number {count - 1} " in response.content.decode()
        # The link with its version (then kept in the cache), then the escalation, its
        # actions, asks and updates for a version not rendered yet. The view is counted in
        # the cache.
        tables = [re.search(r'FROM "?(\w+)"?', q["sql"]).group(1) for q in cold]
        assert tables == [
            "statuspages_sharelink",
            "escalations_escalation",
            "escalations_remediationaction",
            "escalations_ask",
            "escalations_update",
        ], [q["sql"] for q in cold]
        assert len(cold) <= 6
        with CaptureQueriesContext(connection) as warm:
            assert client.get(url()).status_code == 200
        assert len(warm) == 0, [q["sql"] for q in warm]


def test_link_label_and_other_links_are_never_shown_to_readers(client, escalation, link):
    ShareLinkFactory(escalation=escalation, label="#inc-payments-secret")
    html = client.get(url()).content.decode()
    assert "#inc-payments-secret" not in html
    assert "CTO" not in text_of_html(html.split("<body")[1])


def test_missing_trailing_slash_redirects_to_the_page(client, link):
    response = client.get(f"/s/{TOKEN}")
    assert response.status_code == 301
    assert response["Location"] == f"/s/{TOKEN}/"
    assert response["Referrer-Policy"] == "no-referrer"


def test_live_fragment_is_the_pages_content_without_the_shell(client, escalation, link):
    UpdateFactory(escalation=escalation, body="Fragment body")
    fragment = client.get(url(rest="live/")).content.decode()
    assert "Fragment body" in fragment and "Last updated" in fragment
    assert "<html" not in fragment and "<script" not in fragment


def test_views_are_counted_in_redis_and_folded_without_losing_one(
    client, escalation, link, fold_views
):
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            assert client.get(url()).status_code == 200
    assert not [q for q in queries if q["sql"].startswith("UPDATE")]
    link.refresh_from_db()
    assert link.view_count == 0  # not yet folded
    assert fold_views() == 3
    link.refresh_from_db()
    assert link.view_count == 3 and link.last_viewed_at is not None
    assert fold_views() == 0  # folded once, never twice
    link.refresh_from_db()
    assert link.view_count == 3


def test_a_fold_that_cannot_take_the_count_from_redis_adds_nothing(
    client, link, fold_views, monkeypatch
):
    import redis
    from django.core.cache import caches

    client.get(url())
    client.get(url())

    def dies(*args, **kwargs):
        raise redis.ConnectionError("Redis went away")

    with monkeypatch.context() as patch:
        patch.setattr(type(caches["statuspages"]), "decr", dies)
        assert fold_views() == 0  # the database's share rolls back with it
    link.refresh_from_db()
    assert link.view_count == 0
    from statuspages import readpath

    readpath.breaker_reset()  # Redis is back
    assert fold_views() == 2  # still in Redis, counted once
    link.refresh_from_db()
    assert link.view_count == 2


def test_an_older_fold_never_moves_last_viewed_backwards(client, escalation, link, fold_views):
    later = timezone.now()
    client.get(url())
    fold_views(now=later)
    client.get(url())
    fold_views(now=later - timedelta(hours=1))  # a tick that ran late, or a skewed clock
    link.refresh_from_db()
    assert link.view_count == 2 and link.last_viewed_at == later


def test_without_redis_views_are_written_to_the_database_at_once(settings, client, link):
    # The embedded `make run` default: no Redis, the dummy cache.
    settings.CACHES = {**settings.CACHES, "statuspages": {"BACKEND": DUMMY}}
    assert client.get(url()).status_code == 200
    link.refresh_from_db()
    assert link.view_count == 1 and link.last_viewed_at is not None


@pytest.mark.parametrize("offset", [-61, -1, 0, 1, 61])
def test_the_fast_staleness_check_agrees_with_the_model(escalation, link, offset):
    from statuspages.readpath import usable_link

    now = escalation.next_update_due_at + timedelta(seconds=offset)
    hit = usable_link(TOKEN, now)
    assert hit.is_stale(now) == escalation.is_stale(now)
    assert hit.overdue_by(now) == escalation.overdue_by(now)


@pytest.mark.django_db(transaction=True)
def test_a_view_counted_by_a_worker_killed_right_after_is_not_lost(fold_views, process_env):
    """A worker buffers nothing: once the INCR has been answered the view is Redis's."""
    escalation = EscalatedFactory()
    link = ShareLinkFactory(escalation=escalation, token=TOKEN)
    code = (
        "import os, signal, django; django.setup()\n"
        "from django.test import Client\n"
        f"assert Client(SERVER_NAME='localhost').get('/s/{TOKEN}/').status_code == 200\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    worker = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=process_env, timeout=120)
    assert worker.returncode == -signal.SIGKILL
    assert fold_views() == 1
    link.refresh_from_db()
    assert link.view_count == 1


def test_a_resolved_page_reads_its_closing_section_from_the_snapshot(client):
    """The closing section ("Preventive actions: 1 of 2 done") is built with the snapshot,
    once per version: a cold render reads the RCA with the rest, a warm read costs no query,
    and a render in the next minute (the rendering expired, the snapshot still current)
    reads the escalation row only, not the RCA again."""
    from tests.factories import PreventiveActionFactory, RcaFactory, ResolvedFactory

    e = ResolvedFactory()
    rca = RcaFactory(escalation=e, completed_at=timezone.now())
    PreventiveActionFactory(rca=rca, done_at=timezone.now())
    PreventiveActionFactory(rca=rca, description="Second IdP region")
    ShareLinkFactory(escalation=e, token=TOKEN)
    now = timezone.now().replace(second=5)
    with time_machine.travel(now, tick=False):
        with CaptureQueriesContext(connection) as cold:
            response = client.get(url())
        assert "Preventive actions: 1 of 2 done" in response.content.decode()
        tables = [re.search(r'FROM "?(\w+)"?', q["sql"]).group(1) for q in cold]
        assert tables == [
            "statuspages_sharelink",
            "escalations_escalation",
            "escalations_remediationaction",
            "escalations_ask",
            "escalations_update",
            "escalations_rca",
            "escalations_preventiveaction",
        ], [q["sql"] for q in cold]
        with CaptureQueriesContext(connection) as warm:
            assert "Preventive actions: 1 of 2 done" in client.get(url()).content.decode()
        assert [q["sql"] for q in warm] == []
    with time_machine.travel(now + timedelta(minutes=1), tick=False):
        with CaptureQueriesContext(connection) as rerender:
            response = client.get(url())
        assert "Preventive actions: 1 of 2 done" in response.content.decode()
        # Only the escalation row: the closing section comes with the cached snapshot.
        tables = [re.search(r'FROM "?(\w+)"?', q["sql"]).group(1) for q in rerender]
        assert tables == ["escalations_escalation"]
    # Settling the last action is a new version: the page says closed at once.
    from escalations.rca.services import preventive_accept_not_doing

    preventive_accept_not_doing(
        action=rca.preventive_actions.get(done_at__isnull=True),
        reason="The vendor now runs two regions for us.",
    )
    assert "Closed" in client.get(url()).content.decode()
