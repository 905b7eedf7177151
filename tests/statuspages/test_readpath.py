"""The one read path (statuspages/readpath.py): warm hits are one cache round trip and no
query, yet never behind a write, on any host; Redis down costs readers nothing but speed.

The cache is the real Redis at REDIS_URL (the test settings' "statuspages" alias); tests
that stop Redis use a redis-server of their own. Every host reads its link entries from that
cache and keeps only renderings and snapshots, immutable under their version, so "another
host" here is simply the next request; the two-host test (test_two_hosts.py) runs two real
gunicorns.
"""

from __future__ import annotations

import logging
import re
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
import redis
import time_machine
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from config.settings.base import statuspage_cache
from escalations import models as m
from escalations.lifecycle.services import escalation_set_state
from escalations.meetings.services import escalation_set_cadence
from escalations.outbox.reminder import stale_scan
from escalations.profiles.services import profile_update
from escalations.services import escalation_touch
from escalations.updates.services import update_post
from escalations.wizard.services import escalation_edit_section
from statuspages import readpath
from statuspages.models import ShareLink, hash_token
from statuspages.readpath import (
    GONE,
    LinkHit,
    link_key,
    links_from_database,
    lookup,
    page_key,
    views_key,
)
from statuspages.services import (
    share_link_admin_save,
    share_link_delete,
    share_link_revoke,
    share_link_set_expiry,
)
from tests.factories import EscalatedFactory, ShareLinkFactory

from .conftest import free_port

pytestmark = pytest.mark.django_db

TOKEN = "c" * 43
TOKEN_HASH = hash_token(TOKEN)
ROOT = Path(__file__).resolve().parents[2]
PATHS = ["", "live/", "feed.atom", "status.json"]
LOGGER = "statuspages.readpath"


def url(rest: str = "") -> str:
    return f"/s/{TOKEN}/{rest}"


@pytest.fixture
def escalation():
    return EscalatedFactory(title="Checkout failing for EU cards")


@pytest.fixture
def link(escalation):
    return ShareLinkFactory(escalation=escalation, token=TOKEN, label="CTO")


@contextmanager
def redis_round_trips():
    """Counts the cache's Redis round trips: each command or pipeline takes one connection
    from redis-py's pool."""
    counted = [0]
    original = redis.ConnectionPool.get_connection

    def counting(self, *args, **kwargs):
        counted[0] += 1
        return original(self, *args, **kwargs)

    redis.ConnectionPool.get_connection = counting  # type: ignore[method-assign]
    try:
        yield counted
    finally:
        redis.ConnectionPool.get_connection = original  # type: ignore[method-assign]


def read(now=None, page=None):
    """(usable hit or None, SQL queries, Redis round trips) for one lookup of TOKEN."""
    with redis_round_trips() as trips, CaptureQueriesContext(connection) as queries:
        found = lookup(TOKEN, now or timezone.now(), page=page)
    return (found.hit if found else None), len(queries), trips[0]


def cached_entry():
    return caches["statuspages"].get(link_key(TOKEN_HASH))


def use_settings(settings, **alias):
    settings.CACHES = {**settings.CACHES, "statuspages": alias}


def redis_at(settings, location: str) -> None:
    """The status pages' cache on the Redis at ``location``, as the settings configure it."""
    use_settings(settings, **statuspage_cache(location, "upward-test:sp"))


def dead_redis(settings):
    redis_at(settings, f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there


# --- warm hits ------------------------------------------------------------------------------
def test_a_warm_page_view_costs_no_query_and_one_redis_round_trip(client, link, fold_views):
    with time_machine.travel(timezone.now().replace(second=5), tick=False):
        assert client.get(url()).status_code == 200  # the database, then kept in the cache
        assert client.get(url("live/")).status_code == 200
        with redis_round_trips() as trips, CaptureQueriesContext(connection) as warm:
            assert client.get(url("live/")).status_code == 200
        assert [q["sql"] for q in warm] == []
        assert trips[0] == 1  # one get_many: the link and the rendering
        with redis_round_trips() as trips, CaptureQueriesContext(connection) as warm:
            assert client.get(url()).status_code == 200
        assert [q["sql"] for q in warm] == []
        # One pipeline: the link and the rendering (MGET) with the view count (INCR).
        assert trips[0] == 1
    assert fold_views() == 2  # both page views were counted; the polls are not views


def test_a_404_counts_no_view_and_leaves_no_counter_behind(
    client, link, fold_views, django_capture_on_commit_callbacks
):
    assert client.get(url()).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        share_link_revoke(link=link)
    for _ in range(3):
        assert client.get(url()).status_code == 404
    unknown = "u" * 43
    assert client.get(f"/s/{unknown}/").status_code == 404
    assert caches["statuspages"].get(views_key(hash_token(unknown))) is None
    assert fold_views() == 1  # the view before the revocation, none of the 404s
    link.refresh_from_db()
    assert link.view_count == 1


def test_a_link_is_read_from_the_database_once_then_from_the_cache(link):
    first, queries, trips = read()
    assert first is not None and (queries, trips) == (1, 2)  # get_many, then add
    assert read() == (first, 0, 1)
    assert cached_entry() == first


def test_unknown_and_overlong_tokens_are_none_and_never_cached():
    assert lookup("u" * 43, timezone.now()) is None
    assert caches["statuspages"].get(link_key(hash_token("u" * 43))) is None
    with CaptureQueriesContext(connection) as queries:
        assert lookup("x" * 129, timezone.now()) is None
        assert lookup("", timezone.now()) is None
    assert len(queries) == 0


def test_a_rendering_is_used_only_for_its_version_and_overdue_flag(link):
    now = timezone.now()
    hit = read(now)[0]
    minute = int(now.replace(second=0, microsecond=0).timestamp())
    key = page_key("page", TOKEN_HASH, minute)
    stale = hit.is_stale(now)
    for version, overdue, used in [
        (hit.version, stale, True),
        (hit.version - 1, stale, False),
        (hit.version, not stale, False),
    ]:
        readpath.breaker_reset()  # a worker that kept nothing: the rendering comes from Redis
        caches["statuspages"].set(key, (version, overdue, b"html"))
        assert (lookup(TOKEN, now, page=("page", minute)).cached_page == b"html") is used
        # Then from the worker's own copy, under the same rule.
        assert (lookup(TOKEN, now, page=("page", minute)).cached_page == b"html") is used


def test_a_worker_sends_its_own_rendering_until_a_write_moves_the_version(client, escalation, link):
    now = timezone.now().replace(second=5)
    with time_machine.travel(now, tick=False):
        first = client.get(url()).content
        # Gone from Redis (evicted, say): this worker still has its own copy, current as
        # long as the link entry's version is.
        minute = int(now.replace(second=0, microsecond=0).timestamp())
        assert caches["statuspages"].delete(page_key("page", TOKEN_HASH, minute))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url()).content == first
        assert len(queries) == 0
        update_post(escalation=escalation, author=escalation.owner, body="Backup processor live.")
        assert "Backup processor live." in client.get(url()).content.decode()


# --- every write, for every reader, on the very next request --------------------------------
def test_revoking_404s_on_the_very_next_request_from_a_warm_cache(
    link, django_capture_on_commit_callbacks
):
    read()
    assert read()[1:] == (0, 1)
    with django_capture_on_commit_callbacks(execute=True):
        share_link_revoke(link=link)
    # Rewritten at the commit: the next reader, on any host, needs no query to say 404.
    assert read() == (None, 0, 1)
    assert cached_entry().revoked


def test_revoking_through_the_authors_button_404s_the_next_page_view(
    client, author_client, user, link
):
    ShareLink.objects.filter(pk=link.pk).update(created_by=user)
    m.Escalation.objects.filter(pk=link.escalation_id).update(owner=user)
    assert client.get(url()).status_code == 200
    assert client.get(url()).status_code == 200  # now answered from the cache
    revoke = f"/escalations/{link.escalation_id}/links/{link.pk}/revoke/"
    assert author_client.post(revoke).status_code == 302
    for rest in PATHS:
        assert client.get(url(rest)).status_code == 404, rest
    unknown = client.get("/s/" + "u" * 43 + "/")
    dead = client.get(url())
    assert dead.content == unknown.content
    assert sorted(dead.headers.items()) == sorted(unknown.headers.items())


def test_a_new_update_shows_on_the_very_next_request(client, escalation, link):
    assert "Fix deployed at 14:02." not in client.get(url()).content.decode()
    client.get(url())
    update_post(escalation=escalation, author=escalation.owner, body="Fix deployed at 14:02.")
    assert "Fix deployed at 14:02." in client.get(url()).content.decode()


WRITES = {
    "update_post": lambda e, link: update_post(escalation=e, author=e.owner, body="News."),
    "set_state": lambda e, link: escalation_set_state(
        escalation=e, state=m.State.CONTAINED, by=e.owner
    ),
    "touch": lambda e, link: escalation_touch(escalation=e),
    "wizard_edit": lambda e, link: escalation_edit_section(
        escalation=e, section="Impact", changes=["Headline changed"], by=e.owner
    ),
    "set_cadence": lambda e, link: escalation_set_cadence(
        escalation=e, interval=timedelta(minutes=15), daily_at=None, time_zone="UTC"
    ),
    "stale_tick": lambda e, link: stale_scan(now=e.next_update_due_at + timedelta(minutes=1)),
    "author_renamed": lambda e, link: profile_update(
        user=e.owner, display_name="Sam Renamed", email="sam@example.com", time_zone="UTC"
    ),
    "revoke": lambda e, link: share_link_revoke(link=link),
    "set_expiry": lambda e, link: share_link_set_expiry(
        link=link, expires_at=timezone.now() + timedelta(hours=1)
    ),
    "admin_link_edit": lambda e, link: admin_edit(link, revoked_at=timezone.now()),
}


def admin_edit(link: ShareLink, **fields) -> None:
    for name, value in fields.items():
        setattr(link, name, value)
    share_link_admin_save(link=link, changed=list(fields))


@pytest.mark.parametrize("write", WRITES)
def test_every_reader_visible_write_reaches_the_cache_at_its_commit(
    escalation, link, write, django_capture_on_commit_callbacks
):
    read()
    assert read()[1:] == (0, 1)
    with django_capture_on_commit_callbacks(execute=True):
        WRITES[write](escalation, link)
    # The committed state is already in the cache: no query.
    hit = cached_entry()
    assert isinstance(hit, LinkHit)
    assert read()[1] == 0
    fresh = m.Escalation.objects.get(pk=escalation.pk)
    link.refresh_from_db()
    assert (hit.version, hit.state, hit.next_update_due_at, hit.modified_at) == (
        fresh.version,
        fresh.state,
        fresh.next_update_due_at,
        fresh.modified_at,
    )
    assert (hit.revoked, hit.expires_at) == (link.revoked_at is not None, link.expires_at)


@pytest.mark.django_db(transaction=True)
def test_a_revocation_committed_by_another_process_reaches_this_one(process_env):
    ShareLinkFactory(escalation=EscalatedFactory(), token=TOKEN)
    read()
    assert read()[1:] == (0, 1)
    code = (
        "import django; django.setup()\n"
        "from statuspages.models import ShareLink, hash_token\n"
        "from statuspages.services import share_link_revoke\n"
        f"share_link_revoke(link=ShareLink.objects.get(token_hash=hash_token('{TOKEN}')))\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=process_env, check=True, timeout=120)
    assert read() == (None, 0, 1)


# --- time: expiry, the overdue banner, entries that expire -----------------------------------
def test_expiry_answers_404_exactly_at_expires_at_from_the_cache_too(client, link):
    expires = timezone.now() + timedelta(hours=1)
    share_link_set_expiry(link=link, expires_at=expires)
    with time_machine.travel(expires - timedelta(seconds=1), tick=False):
        assert client.get(url()).status_code == 200
        assert client.get(url()).status_code == 200
    with time_machine.travel(expires, tick=False):
        assert client.get(url()).status_code == 404


def test_overdue_banner_appears_exactly_at_the_due_time_from_a_cached_link(
    client, escalation, link
):
    due = timezone.now() + timedelta(hours=1)
    m.Escalation.objects.filter(pk=escalation.pk).update(next_update_due_at=due)
    with time_machine.travel(due - timedelta(seconds=1), tick=False):
        html = client.get(url()).content.decode()
        assert "hidden>" in html.split('id="sp-overdue"')[1][:200]
    with time_machine.travel(due + timedelta(minutes=25), tick=False):
        response = client.get(url())
        banner = response.content.decode().split('id="sp-overdue"')[1].split("</div>")[0]
        assert "hidden" not in banner.split(">")[0]
        assert "Update overdue by 25 min" in " ".join(re.sub(r"<[^>]+>", " ", banner).split())
        assert client.get(url("status.json")).json()["is_stale"] is True


def test_a_write_nobody_told_the_cache_about_is_seen_once_its_entry_expires(link):
    """A psql session writes behind Upward's back; the entry's lifetime bounds how long."""
    read()
    ShareLink.objects.filter(pk=link.pk).update(revoked_at=timezone.now())
    assert read()[0] is not None  # the cache still holds the entry it was told
    assert caches["statuspages"].touch(link_key(TOKEN_HASH), 1)  # as if LINK_SECONDS passed
    time.sleep(1.1)
    assert read()[:2] == (None, 1)


def test_a_reader_that_read_before_the_revocation_cannot_put_its_entry_back(
    link, django_capture_on_commit_callbacks
):
    # A reader read the link just before the revocation committed, and adds it late.
    before = links_from_database(token_hashes=[TOKEN_HASH])[TOKEN_HASH]
    with django_capture_on_commit_callbacks(execute=True):
        share_link_revoke(link=link)
    assert not caches["statuspages"].add(link_key(TOKEN_HASH), before, 60)
    assert read() == (None, 0, 1)


def test_a_deleted_link_stays_deleted_whatever_a_late_reader_adds(
    link, django_capture_on_commit_callbacks
):
    before = links_from_database(token_hashes=[TOKEN_HASH])[TOKEN_HASH]
    read()
    with django_capture_on_commit_callbacks(execute=True):
        share_link_delete(link=link)
    assert not caches["statuspages"].add(link_key(TOKEN_HASH), before, 60)
    assert cached_entry() == GONE
    assert read() == (None, 0, 1)


# --- without Redis, and with Redis down -------------------------------------------------------
def test_without_redis_every_request_reads_its_link_from_the_database(settings, client, link):
    use_settings(settings, BACKEND="django.core.cache.backends.dummy.DummyCache")  # `make run`
    assert client.get(url()).status_code == 200
    ShareLink.objects.filter(pk=link.pk).update(revoked_at=timezone.now())
    assert client.get(url()).status_code == 404


def _headers(response) -> dict[str, str]:
    return dict(response.headers.items())


def test_with_redis_down_every_public_page_answers_the_same_from_the_database(
    settings, client, escalation, link, caplog
):
    update_post(escalation=escalation, author=escalation.owner, body="Backup processor live.")
    with time_machine.travel(timezone.now().replace(second=5), tick=False):
        up = {rest: client.get(url(rest)) for rest in PATHS}
        dead_redis(settings)
        with caplog.at_level(logging.WARNING, logger=LOGGER):
            for _ in range(5):
                for rest in PATHS:
                    down = client.get(url(rest))
                    assert down.status_code == 200, rest
                    assert _headers(down) == _headers(up[rest]), rest
                    assert down.content == up[rest].content, rest
    assert "Backup processor live." in up[""].content.decode()
    warnings = [r for r in caplog.records if r.name == LOGGER]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]  # not one per request
    assert "answering from the database" in warnings[0].getMessage()


def test_with_redis_down_no_request_waits_on_it_and_writes_still_succeed(
    settings, client, escalation, link
):
    dead_redis(settings)
    with redis_round_trips() as attempts:
        for _ in range(20):
            assert client.get(url()).status_code == 200
    assert attempts[0] == 1  # then the breaker stays open for STATUSPAGE_REDIS_RETRY_SECONDS
    link.refresh_from_db()
    assert link.view_count == 20  # counted in the database while Redis is away
    update_post(escalation=escalation, author=escalation.owner, body="Written while Redis is down.")
    assert "Written while Redis is down." in client.get(url()).content.decode()
    share_link_revoke(link=link)
    for rest in PATHS:
        assert client.get(url(rest)).status_code == 404


def test_one_warning_per_worker_per_minute_while_redis_stays_down(settings, caplog, monkeypatch):
    dead_redis(settings)
    clock = [1000.0]
    monkeypatch.setattr(readpath, "_clock", lambda: clock[0])
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        for _ in range(300):  # five minutes, a request every second
            assert lookup("u" * 43, timezone.now()) is None
            clock[0] += 1
    assert len([r for r in caplog.records if r.name == LOGGER]) == 5


def test_redis_killed_mid_use_then_back_recovers_by_itself(
    settings, client, link, private_redis, caplog, django_capture_on_commit_callbacks
):
    redis_at(settings, private_redis.url)
    settings.STATUSPAGE_REDIS_RETRY_SECONDS = 0.05
    assert client.get(url()).status_code == 200
    assert client.get(url()).status_code == 200
    private_redis.kill()
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        for rest in PATHS:
            assert client.get(url(rest)).status_code == 200, rest
        with django_capture_on_commit_callbacks(execute=True):
            share_link_revoke(link=link)  # succeeds with Redis down
        assert client.get(url()).status_code == 404
        private_redis.start()  # empty: nothing of before the outage
        time.sleep(0.1)
        for rest in PATHS:
            assert client.get(url(rest)).status_code == 404, rest
    assert cached_entry().revoked  # read from the database, then kept again
    messages = [r.getMessage() for r in caplog.records if r.name == LOGGER]
    assert any("answering from the database" in message for message in messages), messages
    assert any("reachable again" in message for message in messages), messages


def test_after_redis_comes_back_warm_hits_cost_no_query_again(
    settings, client, link, private_redis
):
    redis_at(settings, private_redis.url)
    settings.STATUSPAGE_REDIS_RETRY_SECONDS = 0.05
    client.get(url())
    private_redis.kill()
    assert client.get(url()).status_code == 200
    private_redis.start()
    time.sleep(0.1)
    assert client.get(url()).status_code == 200  # reconnects, reads, keeps
    with CaptureQueriesContext(connection) as warm:
        assert client.get(url()).status_code == 200
    assert len(warm) == 0


def test_the_breaker_tries_redis_again_after_the_retry_delay(settings, monkeypatch):
    dead_redis(settings)
    clock = [1000.0]
    monkeypatch.setattr(readpath, "_clock", lambda: clock[0])
    with redis_round_trips() as attempts:
        lookup("u" * 43, timezone.now())
        clock[0] += settings.STATUSPAGE_REDIS_RETRY_SECONDS - 0.1
        lookup("u" * 43, timezone.now())
        assert attempts[0] == 1
        clock[0] += 0.2
        lookup("u" * 43, timezone.now())
        assert attempts[0] == 2


def test_with_redis_down_a_worker_reads_only_the_link_once_the_page_is_rendered(
    settings, client, link
):
    dead_redis(settings)
    with time_machine.travel(timezone.now().replace(second=5), tick=False):
        assert client.get(url()).status_code == 200  # rendered from the database
        with CaptureQueriesContext(connection) as queries:
            again = client.get(url())
    assert again.status_code == 200
    # The link, every time (no Redis to say it changed), and the view count; no rendering.
    tables = [re.search(r'(?:FROM|UPDATE) "?(\w+)"?', q["sql"]).group(1) for q in queries]
    assert tables == ["statuspages_sharelink", "statuspages_sharelink"], tables
