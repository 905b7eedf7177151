"""One time policy (docs/time.md): each page shows every time in one zone, in one format
("Thu 03 Dec 14:30"), with the zone named once: the author's profile zone on home and the
wizard, UTC on the public page until the reader's browser rewrites it (tests/e2e)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from tests import factories as f
from tests.escalations.wizard.helpers import complete_draft, step_url

pytestmark = pytest.mark.django_db

DUE = datetime(2026, 11, 24, 13, 0, tzinfo=UTC)  # 08:00 in New York
ZONES = re.compile(r"\b(UTC|GMT|EST|EDT|CET|CEST|PST|PDT)\b")


def visible(html: str) -> str:
    """The page's own text (its <main>: the navbar's profile link shows the zone too)."""
    if '<main id="main"' in html:
        html = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    html = re.sub(r"<(script|style|datalist|select)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def new_yorker(user):
    f.ProfileFactory(user=user, time_zone="America/New_York")
    return user


def test_home_shows_times_in_the_author_s_zone_named_once(author_client, new_yorker):
    f.EscalatedFactory(
        owner=new_yorker,
        title="Checkout down",
        last_updated_at=DUE - timedelta(hours=1),
        next_update_due_at=DUE,
    )
    with time_machine.travel(DUE - timedelta(minutes=30), tick=False):
        text = visible(author_client.get(reverse("escalations:home")).content.decode())
    assert text.count("America/New_York") == 1 and "Times in America/New_York" in text
    assert "Next update due Tue 24 Nov 08:00 (in 30 min)" in text
    assert not ZONES.search(text), ZONES.search(text)


def test_the_wizard_names_the_author_s_zone_once_on_every_step(author_client, new_yorker):
    e = complete_draft(owner=new_yorker, executive_time_zone="Europe/Berlin")
    for step in ("triage", "remediation", "asks"):
        text = visible(author_client.get(step_url(e, step)).content.decode())
        assert text.count("America/New_York") == 1, step
        assert "Times in America/New_York" in text
        if step != "triage":  # the executive's zone is named as theirs, once
            assert "Times below are in your zone;" in text


def test_the_public_page_uses_the_one_format_and_names_utc_only_in_its_header(client):
    e = f.EscalatedFactory(
        last_updated_at=DUE - timedelta(hours=3),
        next_update_due_at=DUE + timedelta(days=2),
        impact_headline="2,400 SSO customers cannot log in.",  # the author's words: no zone
    )
    f.AskFactory(escalation=e, decide_by=DUE + timedelta(days=1, hours=2))
    f.RemediationActionFactory(escalation=e, due_at=DUE + timedelta(days=1))
    f.ShareLinkFactory(escalation=e, token="p" * 43)
    with time_machine.travel(DUE, tick=False):
        html = client.get(f"/s/{'p' * 43}/").content.decode()
    head, rest = html.split("</header>", 1)
    assert "Next update by" in visible(head) and "Thu 26 Nov 13:00 UTC" in visible(head)
    body = visible(rest.split("<footer")[0])
    assert "decide by Wed 25 Nov 15:00" in body
    assert "due Wed 25 Nov 13:00" in body
    assert not ZONES.search(body), ZONES.search(body)
    assert "Times in UTC." in visible(html)


@pytest.mark.usefixtures("tasks_inline")
def test_every_time_in_the_executive_s_emails_is_theirs_in_the_one_format(settings):
    """Updates, the current summary and the resolution, emailed to an executive in New York:
    each time reads "Tue 24 Nov 08:00 EST", never another zone or another format."""
    from django.core import mail

    from escalations.lifecycle.services import escalation_set_state
    from escalations.updates.services import update_post
    from tests.escalations.subscriptions.helpers import tick

    e = f.EscalatedFactory(
        title="Checkout down",
        executive_email="cto@example.com",
        executive_time_zone="America/New_York",
        impact_headline="Every US card payment fails at checkout.",
        escalated_at=DUE - timedelta(hours=2),
    )
    with time_machine.travel(DUE, tick=False):
        update_post(
            escalation=e,
            author=e.owner,
            body="Rerouted to the backup processor.",
            impact="Failures at 12%; $98,000 lost so far.",
        )
        tick(DUE)
    with time_machine.travel(DUE + timedelta(hours=1), tick=False):
        escalation_set_state(
            escalation=e,
            state="resolved",
            by=e.owner,
            note="Primary processor fixed.",
            impact="$162,000 lost.",
        )
        tick(DUE + timedelta(hours=1))
    received = [x for x in mail.outbox if x.to == ["cto@example.com"]]
    assert len(received) >= 2
    for message in received:
        for text in (message.body, visible(message.alternatives[0][0])):
            for clock in re.finditer(r"\d\d:\d\d", text):
                around = text[max(0, clock.start() - 11) : clock.end() + 4]
                assert re.fullmatch(r"\w{3} \d\d \w{3} \d\d:\d\d EST", around), (
                    message.subject,
                    around,
                )
    assert "State: resolved Tue 24 Nov 09:00 EST" in received[-1].body
