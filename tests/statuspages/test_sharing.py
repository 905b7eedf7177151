"""The author's link actions (statuspages/sharing/): htmx swaps the sharing panel alone,
without JavaScript the browser goes back to the escalation page; owner-only."""

from __future__ import annotations

import pytest

from statuspages.models import ShareLink
from tests.factories import EscalatedFactory, ShareLinkFactory

pytestmark = pytest.mark.django_db


def test_htmx_revoke_swaps_only_the_sharing_panel(author_client, user):
    escalation = EscalatedFactory(owner=user)
    link = ShareLinkFactory(escalation=escalation, label="CTO")
    response = author_client.post(
        f"/escalations/{escalation.pk}/links/{link.pk}/revoke/", HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="sharing"') and "<html" not in html
    assert "“CTO” revoked" in html
    assert ShareLink.objects.get().revoked_at is not None


def test_revoke_without_javascript_returns_to_the_panel_with_a_notice(author_client, user):
    escalation = EscalatedFactory(owner=user)
    link = ShareLinkFactory(escalation=escalation, label="CTO")
    response = author_client.post(
        f"/escalations/{escalation.pk}/links/{link.pk}/revoke/", follow=True
    )
    assert response.redirect_chain[-1][0] == f"{escalation.get_absolute_url()}#sharing"
    assert "Link “CTO” revoked" in response.content.decode()


def test_a_link_of_another_escalation_cannot_be_revoked_through_mine(author_client, user):
    mine = EscalatedFactory(owner=user)
    theirs = ShareLinkFactory(escalation=EscalatedFactory())
    response = author_client.post(f"/escalations/{mine.pk}/links/{theirs.pk}/revoke/")
    assert response.status_code == 404
    assert ShareLink.objects.get().revoked_at is None


def test_the_executive_link_waits_for_the_escalation_to_be_sent(author_client, user):
    from escalations.models import Escalation, State

    draft = EscalatedFactory(owner=user)
    Escalation.objects.filter(pk=draft.pk).update(state=State.DRAFT)
    response = author_client.post(
        f"/escalations/{draft.pk}/links/executive/", HTTP_HX_REQUEST="true"
    )
    assert response.headers["HX-Redirect"] == f"{draft.get_absolute_url()}#sharing"
    assert not ShareLink.objects.exists()
