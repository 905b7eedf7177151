"""The escalation page's panels render one way: each is a partial of
``escalations/detail.html``, rendered in place on the page and alone when htmx swaps it."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from escalations.decisions import panels as decisions
from escalations.meetings import panels as meetings
from escalations.subscriptions import panels as subscriptions
from escalations.updates import panels as updates
from tests import factories as f

pytestmark = pytest.mark.django_db

# Each room's panel, and the id of the element its htmx forms target.
PANELS = {
    meetings.PANEL: "meetings",
    meetings.CADENCE_PANEL: "cadence",
    decisions.PANEL: "asks",
    subscriptions.PANEL: "readers",
    updates.PANEL: "updates-panel",
}
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _plain(html: str) -> str:
    # Each rendering masks the CSRF token afresh.
    return TOKEN.sub('name="csrfmiddlewaretoken"', html).strip()


@pytest.mark.parametrize(("template", "element_id"), PANELS.items(), ids=PANELS.values())
def test_each_panel_is_a_partial_of_the_page_and_renders_alone_as_it_does_there(
    author_client, user, template, element_id
):
    e = f.EscalatedFactory(owner=user, executive_email="cto@example.com")
    f.MeetingFactory(escalation=e)
    f.AskFactory(escalation=e)
    response = author_client.get(reverse("escalations:detail", args=[e.pk]))
    page = _plain(response.content.decode())
    assert template.startswith("escalations/detail.html#")
    assert page.count(f'id="{element_id}"') == 1
    alone = _plain(
        render_to_string(template, response.context[0].flatten(), request=response.wsgi_request)
    )
    assert f'id="{element_id}"' in alone
    assert alone in page


def test_no_panel_template_is_left_beside_the_page():
    """The old ways: a ``_*_panel.html`` per panel, and one-line templates echoing HTML
    rendered to strings (the status pages name ``escalations/detail.html#sharing``)."""
    from pathlib import Path

    from django.conf import settings

    folder = Path(settings.BASE_DIR) / "templates" / "escalations"
    left = sorted(p.name for p in folder.glob("_*.html"))
    assert left == ["_coach_findings.html", "_messages.html"]
