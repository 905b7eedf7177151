"""Learning from past RCAs: reviewers search them in the admin and see recurring causes in
the metrics; an author starting a new escalation is offered similar past ones to read."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from escalations import models as m
from tests import factories as f

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/escalations/escalation/"


@pytest.fixture
def reviewer_client(client_for):
    u = f.UserFactory(username="director", is_staff=True)
    u.groups.add(Group.objects.get(name="Reviewers"))
    f.review_everything(u)
    return client_for(u)


def titles(response):
    return sorted(e.title for e in response.context["cl"].result_list)


def rca_for(title, category, action="Alert before any certificate expires", **kw):
    e = f.ResolvedFactory(title=title, **kw)
    rca = f.RcaFactory(escalation=e, cause_category=category, completed_at=timezone.now())
    f.PreventiveActionFactory(rca=rca, description=action)
    return e


def test_reviewers_search_the_confirmed_cause_and_the_preventive_actions(reviewer_client):
    rca_for("SSO outage", m.CauseCategory.CONFIGURATION, action="Rotate keys quarterly")
    other = f.ResolvedFactory(title="Checkout slow")
    f.RcaFactory(
        escalation=other,
        cause_statement="A missing index on the orders table.",
        cause_category=m.CauseCategory.CAPACITY,
    )
    assert titles(reviewer_client.get(CHANGELIST, {"q": "quarterly"})) == ["SSO outage"]
    assert titles(reviewer_client.get(CHANGELIST, {"q": "missing index"})) == ["Checkout slow"]
    filtered = reviewer_client.get(CHANGELIST, {"rca__cause_category": "configuration"})
    assert titles(filtered) == ["SSO outage"]


def test_the_admin_story_page_shows_the_rca(reviewer_client):
    e = rca_for("SSO outage", m.CauseCategory.CONFIGURATION, action="Rotate keys quarterly")
    html = reviewer_client.get(reverse("admin:escalations_escalation_change", args=[e.pk]))
    text = html.content.decode()
    assert "Root-cause analysis (written after resolution)" in text
    assert "0 of 1 done. ○ Rotate keys quarterly (Sam Lee)" in text


def test_the_metrics_show_causes_found_twice(reviewer_client):
    rca_for("SSO outage", m.CauseCategory.CONFIGURATION)
    rca_for("Payments certificate expired", m.CauseCategory.CONFIGURATION)
    rca_for("Checkout slow", m.CauseCategory.CAPACITY)
    response = reviewer_client.get("/admin/escalations/escalation/metrics/")
    recurring = response.context["recurring"]
    assert [(r.category, r.count) for r in recurring] == [("Configuration or credentials", 2)]
    text = response.content.decode()
    assert "Configuration or credentials</strong> — 2 RCAs" in text


def test_a_new_escalation_offers_similar_past_ones_as_reading(author_client, user):
    past = rca_for(
        "SSO login outage after certificate expiry",
        m.CauseCategory.CONFIGURATION,
        owner=user,
    )
    draft = f.EscalationFactory(owner=user, title="Payments certificate expiry", state="draft")
    html = author_client.get(reverse("escalations:wizard_step", args=[draft.pk, "impact"]))
    text = html.content.decode()
    assert "Similar past escalations" in text
    assert f'href="/escalations/{past.pk}/rca/print/"' in text
    assert past.title in text
    unrelated = f.EscalationFactory(owner=user, title="Quarterly budget", state="draft")
    html = author_client.get(reverse("escalations:wizard_step", args=[unrelated.pk, "impact"]))
    assert "Similar past escalations" not in html.content.decode()


def test_past_rcas_older_than_a_day_still_offered(user):
    from escalations.selectors import similar_past

    past = rca_for("Certificate expiry", m.CauseCategory.CONFIGURATION, owner=user)
    m.Rca.objects.filter(escalation=past).update(completed_at=timezone.now() - timedelta(days=400))
    new = f.EscalationFactory(owner=user, title="Another certificate expiry")
    assert similar_past(new) == [past]
