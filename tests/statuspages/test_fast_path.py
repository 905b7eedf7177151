"""The one read path: warm hits from memory, yet never behind a write on any host.

A "worker" below is its own ``StatusRedis`` — its own connections, its own mirror, its own
invalidation channel — as another gunicorn process (on this host or another) would have.
Redis is the real one at REDIS_URL; tests that stop Redis use a redis-server of their own.
"""

from __future__ import annotations

import logging
import re
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from escalations import models as m
from escalations.meetings.services import escalation_set_cadence
from escalations.outbox.reminder import stale_scan
from escalations.services import escalation_bump_version, escalation_set_state
from escalations.updates.services import update_post
from escalations.wizard.services import escalation_edit_section
from statuspages.models import ShareLink, hash_token
from statuspages.selectors import (
    GONE,
    encode_record,
    fetch_link_states,
    link_state,
    parse_record,
    recent_snapshots,
    usable_link,
)
from statuspages.services import share_link_revoke, share_link_set_expiry
from statuspages.store import StatusRedis, status_redis
from statuspages.views import recent_html
from tests.factories import EscalatedFactory, ShareLinkFactory

from .conftest import free_port

pytestmark = pytest.mark.django_db

TOKEN = "c" * 43
TOKEN_HASH = hash_token(TOKEN)
ROOT = Path(__file__).resolve().parents[2]
PATHS = ["", "live/", "feed.atom", "status.json"]


def url(rest: str = "") -> str:
    return f"/s/{TOKEN}/{rest}"


@pytest.fixture
def escalation():
    return EscalatedFactory(title="Checkout failing for EU cards")


@pytest.fixture
def link(escalation):
    return ShareLinkFactory(escalation=escalation, token=TOKEN, label="CTO")


def worker(redis_url: str | None = None, **kwargs) -> StatusRedis:
    """Another process's view of Redis: own connections, own mirror, own channel."""
    return StatusRedis(
        redis_url or settings.REDIS_URL,
        prefix=settings.STATUSPAGE_REDIS_PREFIX,
        timeout=kwargs.pop("timeout", 1.0),
        retry_seconds=kwargs.pop("retry_seconds", 5.0),
        **kwargs,
    )


def lookup(store: StatusRedis, now=None):
    """(usable hit or None, SQL queries, Redis round trips) for one lookup of TOKEN."""
    trips = store.round_trips
    with CaptureQueriesContext(connection) as queries:
        state = link_state(TOKEN_HASH, store=store)
    hit = state.usable_hit(now or timezone.now()) if state else None
    return hit, len(queries), store.round_trips - trips


# --- warm hits ------------------------------------------------------------------------------
def test_a_warm_page_view_costs_no_query_and_no_redis_round_trip(client, link):
    assert client.get(url()).status_code == 200  # the database, then published to Redis
    assert client.get(url()).status_code == 200  # Redis, then kept in this process
    store = status_redis()
    trips, sent = store.round_trips, store.commands_sent
    with CaptureQueriesContext(connection) as warm:
        assert client.get(url()).status_code == 200
    assert [q["sql"] for q in warm] == []
    assert store.round_trips == trips
    # The view's XADD, sent and not waited for (and perhaps the channel's heartbeat PING).
    assert 1 <= store.commands_sent - sent <= 2


def test_a_link_is_read_from_the_database_once_then_from_redis_then_from_memory(link):
    other = worker()
    first, queries, _ = lookup(other)
    assert first is not None and queries == 1  # nobody had it: the database, then Redis
    assert lookup(other) == (first, 0, 1)  # Redis (one GET), now mirrored
    assert lookup(other) == (first, 0, 0)  # memory
    assert worker().link_record(TOKEN_HASH, parse_record).usable_hit(timezone.now()) == first


# --- every write, on every worker, on the very next request ---------------------------------
def test_revoking_404s_in_every_other_worker_on_the_very_next_request(
    link, django_capture_on_commit_callbacks
):
    others = [worker() for _ in range(3)]
    for other in others:
        lookup(other)
        lookup(other)
        assert lookup(other)[1:] == (0, 0)
    with django_capture_on_commit_callbacks(execute=True):
        share_link_revoke(link=link)
    for other in others:
        # Told by Redis before the revocation returned; Redis already holds the new record.
        assert lookup(other) == (None, 0, 1)


def test_revoking_through_the_authors_button_404s_the_next_page_view(
    client, author_client, user, link
):
    ShareLink.objects.filter(pk=link.pk).update(created_by=user)
    m.Escalation.objects.filter(pk=link.escalation_id).update(owner=user)
    assert client.get(url()).status_code == 200
    assert client.get(url()).status_code == 200  # now answered from memory
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


def edit_in_admin(link: ShareLink, **fields) -> None:
    for name, value in fields.items():
        setattr(link, name, value)
    link.save()


WRITES = {
    "update_post": lambda e, link: update_post(escalation=e, author=e.owner, body="News."),
    "set_state": lambda e, link: escalation_set_state(
        escalation=e, state=m.State.CONTAINED, by=e.owner
    ),
    "bump_version": lambda e, link: escalation_bump_version(escalation=e),
    "wizard_edit": lambda e, link: escalation_edit_section(
        escalation=e, section="Impact", changes=["Headline changed"], by=e.owner
    ),
    "set_cadence": lambda e, link: escalation_set_cadence(
        escalation=e, interval=timedelta(minutes=15), daily_at=None, time_zone="UTC"
    ),
    "stale_tick": lambda e, link: stale_scan(now=e.next_update_due_at + timedelta(minutes=1)),
    "admin_save": lambda e, link: e.save(),
    "revoke": lambda e, link: share_link_revoke(link=link),
    "set_expiry": lambda e, link: share_link_set_expiry(
        link=link, expires_at=timezone.now() + timedelta(hours=1)
    ),
    "admin_link_edit": lambda e, link: edit_in_admin(link, revoked_at=timezone.now()),
}


@pytest.mark.parametrize("write", WRITES)
def test_every_reader_visible_write_reaches_every_other_worker_at_once(
    escalation, link, write, django_capture_on_commit_callbacks
):
    other = worker()
    lookup(other)
    lookup(other)
    assert lookup(other)[1:] == (0, 0)
    with django_capture_on_commit_callbacks(execute=True):
        WRITES[write](escalation, link)
    trips = other.round_trips
    with CaptureQueriesContext(connection) as queries:
        state = link_state(TOKEN_HASH, store=other)
    # Dropped from its memory, and Redis already holds the new record: no query.
    assert len(queries) == 0 and other.round_trips - trips == 1
    fresh = m.Escalation.objects.get(pk=escalation.pk)
    link.refresh_from_db()
    hit = state.hit
    assert (hit.version, hit.state, hit.next_update_due_at, hit.modified_at) == (
        fresh.version,
        fresh.state,
        fresh.next_update_due_at,
        fresh.modified_at,
    )
    assert (state.revoked, state.expires_at) == (link.revoked_at is not None, link.expires_at)


@pytest.mark.django_db(transaction=True)
def test_a_revocation_committed_by_another_process_reaches_this_one(process_env):
    link = ShareLinkFactory(escalation=EscalatedFactory(), token=TOKEN)
    here = worker()
    lookup(here)
    lookup(here)
    assert lookup(here)[1:] == (0, 0)
    code = (
        "import django; django.setup()\n"
        "from statuspages.models import ShareLink\n"
        "from statuspages.services import share_link_revoke\n"
        f"share_link_revoke(link=ShareLink.objects.get(pk={link.pk}))\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=process_env, check=True, timeout=120)
    hit, queries, _trips = lookup(here)  # (a PING first if that took over TRUST_SECONDS)
    assert (hit, queries) == (None, 0)


# --- time: expiry, the overdue banner, records that expire -----------------------------------
def test_expiry_answers_404_exactly_at_expires_at_from_memory_too(client, link):
    expires = timezone.now() + timedelta(hours=1)
    share_link_set_expiry(link=link, expires_at=expires)
    with time_machine.travel(expires - timedelta(seconds=1), tick=False):
        assert client.get(url()).status_code == 200
        assert client.get(url()).status_code == 200
    with time_machine.travel(expires, tick=False):
        assert client.get(url()).status_code == 404


def test_overdue_banner_appears_exactly_at_the_due_time_from_a_remembered_link(
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


def test_a_write_nobody_published_is_seen_once_its_record_expires(link):
    """A psql session writes behind Upward's back; the record's TTL bounds how long."""
    other = worker()
    lookup(other)
    lookup(other)
    ShareLink.objects.filter(pk=link.pk).update(revoked_at=timezone.now())
    assert lookup(other)[0] is not None  # Redis still holds the record it was told
    raw = other._client
    key = next(iter(raw.scan_iter(match=f"{settings.STATUSPAGE_REDIS_PREFIX}*:l:{TOKEN_HASH}")))
    raw.pexpire(key, 1)
    time.sleep(0.01)
    raw.exists(key)  # expired now (Redis tells every tracking client, as with a write)
    assert lookup(other)[:2] == (None, 1)


def test_an_idle_worker_checks_its_channel_once_before_trusting_its_memory(link):
    clock = [1000.0]
    other = worker(clock=lambda: clock[0])
    lookup(other)
    lookup(other)
    assert lookup(other)[1:] == (0, 0)
    clock[0] += 30  # no request for 30 s: a PING answered proves nothing was missed
    assert lookup(other)[1:] == (0, 1)
    assert lookup(other)[1:] == (0, 0)


# --- guarded records ------------------------------------------------------------------------
def test_a_slow_reader_cannot_put_back_a_record_older_than_the_revocation(
    link, django_capture_on_commit_callbacks
):
    # A reader read the link just before the revocation committed, and publishes late.
    before = fetch_link_states(token_hashes=[TOKEN_HASH])[TOKEN_HASH]
    with django_capture_on_commit_callbacks(execute=True):
        share_link_revoke(link=link)
    status_redis().publish_links([encode_record(TOKEN_HASH, before)])
    assert usable_link(TOKEN, timezone.now()) is None
    assert worker().link_record(TOKEN_HASH, parse_record).revoked


def test_a_deleted_link_stays_deleted_whatever_a_slow_reader_publishes(
    link, django_capture_on_commit_callbacks
):
    before = fetch_link_states(token_hashes=[TOKEN_HASH])[TOKEN_HASH]
    with django_capture_on_commit_callbacks(execute=True):
        link.delete()
    status_redis().publish_links([encode_record(TOKEN_HASH, before)])
    assert worker().link_record(TOKEN_HASH, parse_record) is GONE
    assert usable_link(TOKEN, timezone.now()) is None


# --- without Redis, and with Redis down -------------------------------------------------------
def test_without_redis_url_every_request_reads_its_link_from_the_database(settings, client, link):
    settings.REDIS_URL = ""  # `make run`: no Redis server at all
    assert status_redis() is None
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
        settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
        recent_html.clear()  # render again, from the database alone
        recent_snapshots.clear()
        with caplog.at_level(logging.WARNING, logger="statuspages.store"):
            for _ in range(5):
                for rest in PATHS:
                    down = client.get(url(rest))
                    assert down.status_code == 200, rest
                    assert _headers(down) == _headers(up[rest]), rest
                    assert down.content == up[rest].content, rest
    assert "Backup processor live." in up[""].content.decode()
    warnings = [r for r in caplog.records if r.name == "statuspages.store"]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]  # not one per request
    assert "answering from the database" in warnings[0].getMessage()


def test_with_redis_down_no_request_waits_on_it_and_writes_still_succeed(
    settings, client, escalation, link, monkeypatch
):
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"
    attempts = []
    connect = StatusRedis._connect

    def counted(self: StatusRedis) -> None:
        attempts.append(1)
        connect(self)

    monkeypatch.setattr(StatusRedis, "_connect", counted)
    for _ in range(20):
        assert client.get(url()).status_code == 200
    assert len(attempts) == 1  # then the breaker stays open for STATUSPAGE_REDIS_RETRY_SECONDS
    link.refresh_from_db()
    assert link.view_count == 20  # counted in the database while Redis is away
    update_post(escalation=escalation, author=escalation.owner, body="Written while Redis is down.")
    assert "Written while Redis is down." in client.get(url()).content.decode()
    share_link_revoke(link=link)
    for rest in PATHS:
        assert client.get(url(rest)).status_code == 404


def test_one_warning_per_worker_per_minute_while_redis_stays_down(caplog):
    clock = [0.0]
    down = worker(f"redis://127.0.0.1:{free_port()}/0", retry_seconds=5.0, clock=lambda: clock[0])
    with caplog.at_level(logging.WARNING, logger="statuspages.store"):
        for _ in range(300):  # five minutes, a request every second
            assert not down.available()
            clock[0] += 1
    assert len([r for r in caplog.records if r.name == "statuspages.store"]) == 5


def test_redis_killed_then_restored_from_an_old_snapshot_never_revives_a_revoked_link(
    settings, client, link, private_redis, caplog
):
    settings.REDIS_URL = private_redis.url
    settings.STATUSPAGE_REDIS_RETRY_SECONDS = 0.05
    assert client.get(url()).status_code == 200
    assert client.get(url()).status_code == 200
    private_redis.client().save()  # a snapshot with the link's record, usable
    private_redis.kill()
    with caplog.at_level(logging.WARNING, logger="statuspages.store"):
        for rest in PATHS:
            assert client.get(url(rest)).status_code == 200, rest
        share_link_revoke(link=link)  # succeeds with Redis down
        assert client.get(url()).status_code == 404
        private_redis.start()  # loads the snapshot: the old, usable record is back
        old = list(private_redis.client().scan_iter(match="*:l:*"))
        assert len(old) == 1
        time.sleep(0.1)
        for rest in PATHS:
            assert client.get(url(rest)).status_code == 404, rest
    # A restarted Redis is a new namespace (its run id): the old record is never read.
    assert len(list(private_redis.client().scan_iter(match="*:l:*"))) == 2
    assert status_redis().available()
    messages = [r.getMessage() for r in caplog.records if r.name == "statuspages.store"]
    assert any("reachable again" in message for message in messages), messages


def test_after_redis_comes_back_warm_hits_cost_nothing_again(settings, client, link, private_redis):
    settings.REDIS_URL = private_redis.url
    settings.STATUSPAGE_REDIS_RETRY_SECONDS = 0.05
    client.get(url())
    private_redis.kill()
    assert client.get(url()).status_code == 200
    private_redis.start()
    time.sleep(0.1)
    assert client.get(url()).status_code == 200  # reconnects, reads, publishes
    client.get(url())
    store = status_redis()
    trips = store.round_trips
    with CaptureQueriesContext(connection) as warm:
        assert client.get(url()).status_code == 200
    assert len(warm) == 0 and store.round_trips == trips
