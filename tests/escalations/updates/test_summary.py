"""The current summary: the impact as it stands, the state and what changed, read first."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from escalations import models as m
from escalations.lifecycle.services import escalation_set_state
from escalations.updates.services import update_post
from tests.factories import EscalatedFactory, ShareLinkFactory

pytestmark = pytest.mark.django_db

TOKEN = "s" * 43
HEADLINE = "Every US card payment fails at checkout since 08:10 UTC; 100% failing."


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def escalation(user):
    return EscalatedFactory(owner=user, impact_headline=HEADLINE, title="US card payments down")


def page(client) -> str:
    return text(client.get(f"/s/{TOKEN}/").content.decode())


def test_the_update_form_is_prefilled_with_the_impact_as_it_stands(author_client, escalation):
    html = author_client.get(f"/escalations/{escalation.pk}/").content.decode()
    assert 'name="impact"' in html and HEADLINE in html.split('id="id_update_impact"')[1][:600]


def test_an_update_with_new_figures_replaces_the_impact_readers_see_first(
    author_client, client, escalation
):
    ShareLinkFactory(escalation=escalation, token=TOKEN)
    author_client.post(
        f"/escalations/{escalation.pk}/updates/",
        {
            "body": "Rerouted 60% of traffic to the backup processor.\n\nMore detail below.",
            "impact": "Failures down to 12% of US payments; $98,000 lost so far.",
            "state": "mitigating",
        },
    )
    author_client.post(
        f"/escalations/{escalation.pk}/updates/",
        {
            "body": "All traffic on the backup processor.",
            "impact": "Failures down to 0.4%; $151,000 lost so far.",
            "state": "mitigating",
        },
    )
    shown = page(client)
    top = shown.split("Where it stands")[1].split("as first reported")[0]
    assert "Impact now: Failures down to 0.4%; $151,000 lost so far." in top
    assert "What changed: All traffic on the backup processor." in top
    assert "12%" not in top
    # The write-up as first reported stays, below the summary.
    assert HEADLINE in shown.split("as first reported")[1]
    escalation.refresh_from_db()
    assert escalation.updates.first().impact == "Failures down to 0.4%; $151,000 lost so far."


def test_resolving_asks_for_the_final_impact_and_the_page_reads_in_the_past_tense(
    author_client, client, escalation
):
    ShareLinkFactory(escalation=escalation, token=TOKEN)
    update_post(
        escalation=escalation,
        author=escalation.owner,
        body="Backup processor carries all traffic.",
        impact="Failures at 0.4%; $135,000 lost so far.",
    )
    detail = author_client.get(f"/escalations/{escalation.pk}/").content.decode()
    assert "Final impact" in detail and 'name="impact"' in detail.split('id="state-h"')[1]
    final = "3,100 customers could not pay for 2 h 40 min; $162,000 lost."
    move = {
        "state": "resolved",
        "note": "Primary processor fixed and carrying all traffic since 16:05.",
        "impact": final,
    }
    # Resolving asks first; the confirmation keeps the final figures as typed.
    confirm = author_client.post(reverse("escalations:state", args=[escalation.pk]), move)
    assert 'name="impact"' in confirm.content.decode() and final in confirm.content.decode()
    assert page(client).count("How it ended") == 0  # nothing moved yet
    author_client.post(
        reverse("escalations:state", args=[escalation.pk]), {**move, "confirmed": "yes"}
    )
    shown = page(client)
    top = shown.split("How it ended")[1].split("as first reported")[0]
    assert "Final impact: 3,100 customers could not pay for 2 h 40 min; $162,000 lost." in top
    assert "State: resolved" in top
    assert "$135,000" not in top and "Where it stands" not in shown


def test_reopening_makes_the_final_figures_running_again(escalation):
    escalation_set_state(
        escalation=escalation, state=m.State.CONTAINED, by=escalation.owner, impact="$40,000 lost."
    )
    assert escalation.impact_now_label == "Final impact"
    escalation_set_state(escalation=escalation, state=m.State.ESCALATED, by=escalation.owner)
    escalation.refresh_from_db()
    assert escalation.impact_now == "$40,000 lost."
    assert escalation.impact_now_label == "Impact now"


def test_a_long_first_paragraph_is_cut_to_one_line(escalation):
    update_post(escalation=escalation, author=escalation.owner, body="word " * 100)
    escalation.refresh_from_db()
    assert escalation.summary_changed.endswith("…") and len(escalation.summary_changed) <= 240


@pytest.mark.parametrize("state", ["resolved", "contained"])
def test_an_emptied_final_impact_is_refused_and_what_was_typed_is_kept(
    author_client, client, escalation, state
):
    ShareLinkFactory(escalation=escalation, token=TOKEN)
    url = reverse("escalations:state", args=[escalation.pk])
    note = "Primary processor fixed and carrying all traffic since 16:05."
    move = {"state": state, "note": note, "impact": "   "}
    # Asked to confirm with the box emptied: told at once, the box stays empty.
    asked = author_client.post(url, move)
    assert asked.status_code == 422
    html = asked.content.decode()
    assert "Give the final impact" in text(html)
    assert HEADLINE not in html.split('id="state-impact"')[1].split("</textarea>")[0]
    assert note in html
    # Confirming anyway is refused too: nothing moves, nothing is posted.
    refused = author_client.post(url, {**move, "confirmed": "yes"})
    assert refused.status_code == 422
    assert "Give the final impact" in text(refused.content.decode())
    assert note in refused.content.decode()
    escalation.refresh_from_db()
    assert escalation.state == m.State.ESCALATED
    assert not escalation.updates.filter(kind=m.UpdateKind.STATE_CHANGE).exists()
    assert "How it ended" not in page(client)
    # With the figures given it goes through.
    author_client.post(url, {**move, "impact": "$162,000 lost.", "confirmed": "yes"})
    escalation.refresh_from_db()
    assert escalation.state == state
    assert escalation.impact_now == "$162,000 lost."
