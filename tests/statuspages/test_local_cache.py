"""The in-process link cache: answered from memory, yet never behind a write on this host.

Each "worker" below is its own ``LocalLinkCache`` with its own mapping of the same beacon
file, as two gunicorn processes would have; one test bumps the file from a real subprocess.
"""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from escalations import models as m
from escalations.beacon import Beacon
from escalations.meetings.reminders import stale_scan
from escalations.meetings.services import escalation_set_cadence
from escalations.services import escalation_bump_version, escalation_set_state
from escalations.updates.services import update_post
from escalations.wizard.services import escalation_edit_section
from statuspages.models import ShareLink, hash_token
from statuspages.selectors import LocalLinkCache
from statuspages.services import share_link_revoke
from tests.factories import EscalatedFactory, ShareLinkFactory

pytestmark = pytest.mark.django_db

TOKEN = "c" * 43
ROOT = Path(__file__).resolve().parents[2]


def url(rest: str = "") -> str:
    return f"/s/{TOKEN}/{rest}"


@pytest.fixture(autouse=True)
def beacon_path(settings, tmp_path) -> Path:
    """The layer on, as in production, with a beacon file of this test's own."""
    path = tmp_path / "var" / "change-beacon"
    settings.UPWARD_CHANGE_BEACON_PATH = str(path)
    settings.STATUSPAGE_LOCAL_CACHE_SECONDS = 3.0
    return path


@pytest.fixture
def escalation():
    return EscalatedFactory(title="Checkout failing for EU cards")


@pytest.fixture
def link(escalation):
    return ShareLinkFactory(escalation=escalation, token=TOKEN, label="CTO")


def worker(path: Path, **kwargs) -> LocalLinkCache:
    """A cache with its own mapping of the beacon file, like another gunicorn worker."""
    return LocalLinkCache(beacon=Beacon(path), ttl=kwargs.pop("ttl", 3.0), **kwargs)


def lookup_counting_queries(cache: LocalLinkCache, now=None):
    with CaptureQueriesContext(connection) as queries:
        hit = cache.lookup(hash_token(TOKEN), now or timezone.now())
    return hit, len(queries)


def test_a_repeat_request_reads_nothing_from_the_database(client, link):
    assert client.get(url()).status_code == 200
    with CaptureQueriesContext(connection) as warm:
        assert client.get(url()).status_code == 200
    # Only the view count (written at once in tests, batched in production).
    assert [q["sql"].split()[0] for q in warm] == ["UPDATE"], [q["sql"] for q in warm]


def test_revoking_in_one_worker_404s_in_another_on_the_very_next_request(
    beacon_path, link, django_capture_on_commit_callbacks
):
    other = worker(beacon_path)
    first, queries = lookup_counting_queries(other)
    assert first is not None and queries == 1
    assert lookup_counting_queries(other) == (first, 0)  # from memory
    with django_capture_on_commit_callbacks(execute=True):
        share_link_revoke(link=link)
    hit, queries = lookup_counting_queries(other)
    assert hit is None and queries == 1


def test_revoking_through_the_authors_button_404s_the_next_page_view(
    client, author_client, user, link
):
    ShareLink.objects.filter(pk=link.pk).update(created_by=user)
    m.Escalation.objects.filter(pk=link.escalation_id).update(owner=user)
    assert client.get(url()).status_code == 200
    assert client.get(url()).status_code == 200  # now answered from memory
    revoke = f"/escalations/{link.escalation_id}/links/{link.pk}/revoke/"
    assert author_client.post(revoke).status_code == 302
    for rest in ("", "live/", "feed.atom", "status.json"):
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
    "update_post": lambda e: update_post(escalation=e, author=e.owner, body="News."),
    "set_state": lambda e: escalation_set_state(escalation=e, state=m.State.CONTAINED, by=e.owner),
    "bump_version": lambda e: escalation_bump_version(escalation=e),
    "wizard_edit": lambda e: escalation_edit_section(
        escalation=e, section="Impact", changes=["Headline changed"], by=e.owner
    ),
    "set_cadence": lambda e: escalation_set_cadence(
        escalation=e, interval=timedelta(minutes=15), daily_at=None, time_zone="UTC"
    ),
    "stale_tick": lambda e: stale_scan(now=e.next_update_due_at + timedelta(minutes=1)),
    "admin_save": lambda e: e.save(),
}


@pytest.mark.parametrize("write", WRITES)
def test_every_reader_visible_write_reaches_another_worker_at_once(
    beacon_path, escalation, link, write, django_capture_on_commit_callbacks
):
    other = worker(beacon_path)
    before, _ = lookup_counting_queries(other)
    assert lookup_counting_queries(other) == (before, 0)
    with django_capture_on_commit_callbacks(execute=True):
        WRITES[write](escalation)
    after, queries = lookup_counting_queries(other)
    fresh = m.Escalation.objects.get(pk=escalation.pk)
    assert queries == 1
    assert (after.version, after.state, after.next_update_due_at, after.modified_at) == (
        fresh.version,
        fresh.state,
        fresh.next_update_due_at,
        fresh.modified_at,
    )


def test_a_bump_from_another_process_reaches_this_one(beacon_path, link):
    cache = worker(beacon_path)
    cache.lookup(hash_token(TOKEN), timezone.now())
    assert lookup_counting_queries(cache)[1] == 0
    code = f"from escalations.beacon import Beacon; Beacon({str(beacon_path)!r}).bump()"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=60)  # noqa: S603
    assert lookup_counting_queries(cache)[1] == 1


def test_expiry_answers_404_exactly_at_expires_at_from_memory_too(client, link):
    expires = timezone.now() + timedelta(hours=1)
    ShareLink.objects.filter(pk=link.pk).update(expires_at=expires)
    with time_machine.travel(expires - timedelta(seconds=1), tick=False):
        assert client.get(url()).status_code == 200
        assert client.get(url()).status_code == 200
    with time_machine.travel(expires - timedelta(microseconds=1), tick=False):
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


def test_a_write_no_beacon_announces_is_seen_once_the_entry_is_older_than_the_ttl(
    beacon_path, link
):
    clock = [1000.0]
    cache = worker(beacon_path, ttl=3.0, clock=lambda: clock[0])
    assert lookup_counting_queries(cache)[1] == 1
    # Another host (or psql) revokes: nothing on this host is told.
    ShareLink.objects.filter(pk=link.pk).update(revoked_at=timezone.now())
    clock[0] += 2.9
    stale, queries = lookup_counting_queries(cache)
    assert stale is not None and queries == 0  # the documented window
    clock[0] += 0.1
    assert lookup_counting_queries(cache) == (None, 1)


def test_turned_off_every_request_reads_the_link(settings, client, link):
    settings.STATUSPAGE_LOCAL_CACHE_SECONDS = 0
    client.get(url())
    ShareLink.objects.filter(pk=link.pk).update(revoked_at=timezone.now())
    assert client.get(url()).status_code == 404


def test_an_unusable_beacon_falls_back_to_the_database(settings, tmp_path, client, link):
    (tmp_path / "not-a-dir").write_text("")
    settings.UPWARD_CHANGE_BEACON_PATH = str(tmp_path / "not-a-dir" / "beacon")
    client.get(url())
    ShareLink.objects.filter(pk=link.pk).update(revoked_at=timezone.now())
    assert client.get(url()).status_code == 404


def test_a_replaced_beacon_file_is_followed_after_the_ttl(beacon_path, link):
    clock = [0.0]
    reader = Beacon(beacon_path)
    cache = LocalLinkCache(beacon=reader, ttl=3.0, clock=lambda: clock[0])
    assert cache.lookup(hash_token(TOKEN), timezone.now()) is not None
    beacon_path.unlink()  # var/ wiped under a running worker: its mapping is now orphaned
    share_link_revoke(link=link)  # writers follow the path and bump the new file
    clock[0] += 3.0
    assert cache.lookup(hash_token(TOKEN), timezone.now()) is None
    assert reader.read() == Beacon(beacon_path).read()  # and from now on, so does the reader
