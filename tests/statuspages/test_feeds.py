"""Atom and JSON: the same news for feed readers and scripts."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from escalations import models as m
from escalations.updates.services import update_post
from tests.factories import EscalatedFactory, ShareLinkFactory

pytestmark = pytest.mark.django_db

TOKEN = "f" * 43
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def escalation():
    e = EscalatedFactory(title="Payments <degraded> & slow")
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    for i, (state, body) in enumerate(
        [
            (m.PublicStatus.INVESTIGATING, "Looking into **failed** payments."),
            (m.PublicStatus.IDENTIFIED, "Cause: expired certificate."),
            (m.PublicStatus.MONITORING, "Fix live; watching error rates."),
        ]
    ):
        update_post(
            escalation=e,
            author=e.owner,
            body=body,
            public_status=state,
            now=start + timedelta(minutes=30 * i),
        )
    e.refresh_from_db()
    return e


@pytest.fixture
def link(escalation):
    return ShareLinkFactory(escalation=escalation, token=TOKEN)


def test_atom_feed_parses_and_has_the_required_elements(client, link):
    response = client.get(f"/s/{TOKEN}/feed.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed, in a test
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None, required
    assert root.find(f"{ATOM}title").text == "Payments <degraded> & slow"
    assert root.find(f"{ATOM}updated").text.startswith("2026-03-02T10:00:00")
    self_link = [link for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_link and self_link[0].get("href").endswith(f"/s/{TOKEN}/feed.atom")
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 3
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{required}") is not None, required
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert titles[0].startswith("Monitoring: Fix live")
    assert titles[-1].startswith("Investigating: Looking into failed payments")
    summary = entries[-1].find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert "<strong>failed</strong>" in (summary.text or "")
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(set(ids)) == 3 and all(i.startswith("tag:") for i in ids)
    assert TOKEN not in "".join(ids)  # ids outlive a revoked link


def test_atom_feed_is_stable_between_requests(client, link):
    first = client.get(f"/s/{TOKEN}/feed.atom").content
    with time_machine.travel(datetime.now(tz=UTC) + timedelta(minutes=5)):
        assert client.get(f"/s/{TOKEN}/feed.atom").content == first


def test_status_json_follows_the_documented_schema(client, link, escalation):
    with time_machine.travel(escalation.next_update_due_at - timedelta(minutes=5), tick=False):
        data = json.loads(client.get(f"/s/{TOKEN}/status.json").content)
    assert set(data) >= {
        "title",
        "state",
        "last_updated",
        "next_update_due",
        "is_stale",
        "stale_for_seconds",
        "updates",
    }
    assert data["title"] == "Payments <degraded> & slow"
    assert data["state"] == "monitoring"
    assert data["last_updated"] == "2026-03-02T10:00:00Z"
    assert data["next_update_due"] == "2026-03-02T11:00:00Z"
    assert data["is_stale"] is False and data["stale_for_seconds"] == 0
    assert [u["state"] for u in data["updates"]] == ["monitoring", "identified", "investigating"]
    first = data["updates"][-1]
    assert set(first) >= {"id", "created_at", "state", "body", "body_html"}
    assert first["created_at"] == "2026-03-02T09:00:00Z"
    assert first["body"] == "Looking into **failed** payments."
    assert "<strong>failed</strong>" in first["body_html"]


def test_status_json_reports_how_long_an_update_is_overdue(client, link, escalation):
    with time_machine.travel(escalation.next_update_due_at + timedelta(minutes=25), tick=False):
        response = client.get(f"/s/{TOKEN}/status.json")
    data = json.loads(response.content)
    assert data["is_stale"] is True
    assert data["stale_for_seconds"] == 25 * 60
    assert response["Content-Type"] == "application/json"


def test_the_feed_and_the_json_carry_the_current_summary(client, link, escalation):
    update_post(
        escalation=escalation,
        author=escalation.owner,
        body="Failures down to 0.4% after the reroute.",
        impact="Failures at 0.4%; $151,000 lost so far.",
    )
    data = json.loads(client.get(f"/s/{TOKEN}/status.json").content)
    assert data["summary"]["impact"] == "Failures at 0.4%; $151,000 lost so far."
    assert data["summary"]["impact_label"] == "Impact now"
    assert data["summary"]["impact_final"] is False
    assert data["summary"]["changed"] == "Failures down to 0.4% after the reroute."
    assert data["summary"]["updated_at"].endswith("Z")
    assert data["impact_headline"] == escalation.impact_headline  # as first reported
    root = ET.fromstring(client.get(f"/s/{TOKEN}/feed.atom").content)  # noqa: S314
    subtitle = root.find(f"{ATOM}subtitle").text
    assert subtitle == (
        "Impact now: Failures at 0.4%; $151,000 lost so far. "
        "What changed: Failures down to 0.4% after the reroute."
    )


def test_a_control_character_in_the_summary_breaks_neither_feed_nor_json(client, link, escalation):
    # Written around the forms (an old row, psql): the feed is still XML.
    m.Escalation.objects.filter(pk=escalation.pk).update(
        summary_impact="Failures\x07 at 0.4%\x0b", summary_changed="Rerouted\x1b[31m.", version=99
    )
    response = client.get(f"/s/{TOKEN}/feed.atom")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314
    assert root.find(f"{ATOM}subtitle").text == (
        "Impact now: Failures at 0.4% What changed: Rerouted[31m."
    )
    # JSON escapes what it carries: the document parses, the figures are there.
    data = json.loads(client.get(f"/s/{TOKEN}/status.json").content)
    assert "at 0.4%" in data["summary"]["impact"]
