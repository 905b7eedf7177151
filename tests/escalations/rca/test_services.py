"""The RCA's rules: asked after containment, seeded from what is known, complete only when
whole, dismissed only with a reason, and the escalation closed only when every preventive
action is done or accepted as not doing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from escalations import models as m
from escalations.rca import services
from escalations.rca.selectors import (
    preventive_progress,
    rca_asked_at,
    rca_closed_at,
    rca_full,
)
from escalations.selectors import escalation_full_queryset, similar_past
from tests import factories as f

pytestmark = pytest.mark.django_db


def full(e):
    return escalation_full_queryset().get(pk=e.pk)


def test_the_rca_is_asked_for_from_containment_not_before():
    escalated = f.EscalatedFactory()
    assert rca_asked_at(escalated) is None
    with pytest.raises(services.RcaError, match="contained or resolved"):
        services.rca_start(escalation=full(escalated))
    resolved = f.ResolvedFactory()
    assert rca_asked_at(resolved) == resolved.contained_at


def test_starting_seeds_the_timeline_from_the_updates_and_the_preventive_rows():
    e = f.ResolvedFactory()
    f.UpdateFactory(
        escalation=e,
        kind=m.UpdateKind.STATE_CHANGE,
        body="Failures back to 0.1% since 11:20 after the rollback.",
        created_at=e.contained_at,
    )
    f.UpdateFactory(escalation=e, kind=m.UpdateKind.PROGRESS, body="No change since 12:00.")
    f.RemediationActionFactory(
        escalation=e, kind=m.ActionKind.PREVENTATIVE, description="Alert before expiry"
    )
    f.RemediationActionFactory(escalation=e, kind=m.ActionKind.CORRECTIVE)
    rca = services.rca_start(escalation=full(e))
    texts = [t.text for t in rca.timeline.all()]
    assert texts[0] == "Impact started (detected)."
    assert "State changed: Failures back to 0.1% since 11:20 after the rollback." in texts
    assert not any("No change" in t for t in texts)
    assert [a.description for a in rca.preventive_actions.all()] == ["Alert before expiry"]
    assert rca.impact_final == e.impact_headline
    # A second start changes nothing.
    assert services.rca_start(escalation=full(e)).pk == rca.pk
    assert m.Rca.objects.count() == 1


def test_completing_names_everything_missing():
    rca = m.Rca.objects.create(escalation=f.ResolvedFactory())
    with pytest.raises(services.RcaNotReady) as exc:
        services.rca_complete(rca=rca)
    assert exc.value.problems == [
        "Say what the confirmed root cause was.",
        "Say how confident you are in it.",
        "Choose what kind of cause it was.",
        "Say what went well or what did not.",
        "Add at least one preventive action with an owner and a due date: what stops it "
        "happening again.",
    ]
    rca.refresh_from_db()
    assert rca.completed_at is None


def test_completing_a_whole_rca_stamps_it_and_moves_the_version():
    action = f.PreventiveActionFactory()
    rca = action.rca
    before = rca.escalation.version
    services.rca_complete(rca=rca)
    rca.refresh_from_db()
    rca.escalation.refresh_from_db()
    assert rca.completed_at is not None
    assert rca.escalation.version > before


def test_dismissing_needs_a_reason_and_stops_the_asking():
    e = f.ResolvedFactory()
    with pytest.raises(services.RcaError, match="at least 15 characters"):
        services.rca_dismiss(escalation=e, reason="ok")
    rca = services.rca_dismiss(escalation=e, reason="A vendor outage; their RCA covers it.")
    assert rca.is_dismissed and rca.is_settled


def test_the_database_refuses_a_dismissal_without_a_reason():
    with pytest.raises(IntegrityError):
        m.Rca.objects.create(escalation=f.ResolvedFactory(), dismissed_at=timezone.now())


def test_the_escalation_closes_only_when_every_preventive_action_is_settled():
    rca = f.RcaFactory()
    a1 = f.PreventiveActionFactory(rca=rca)
    a2 = f.PreventiveActionFactory(rca=rca, description="Second IdP region")
    services.rca_complete(rca=rca)
    assert rca_closed_at(rca_full(rca.escalation)) is None
    services.preventive_mark_done(action=a1, note="PR 4411")
    got = rca_full(rca.escalation)
    assert preventive_progress(got) == (1, 0, 2)
    assert rca_closed_at(got) is None
    with pytest.raises(services.RcaError, match="at least 15 characters"):
        services.preventive_accept_not_doing(action=a2, reason="no")
    services.preventive_accept_not_doing(
        action=a2, reason="The vendor now runs two regions for us."
    )
    got = rca_full(rca.escalation)
    assert preventive_progress(got) == (1, 1, 2)
    assert rca_closed_at(got) is not None
    # Reopening an action reopens the escalation.
    services.preventive_reopen(action=a1)
    assert rca_closed_at(rca_full(rca.escalation)) is None


def test_a_contained_escalation_does_not_close_however_settled_its_actions():
    e = f.ResolvedFactory(state=m.State.CONTAINED, resolved_at=None)
    rca = f.RcaFactory(escalation=e)
    a = f.PreventiveActionFactory(rca=rca)
    services.rca_complete(rca=rca)
    services.preventive_mark_done(action=a)
    assert rca_closed_at(rca_full(e)) is None


def test_an_action_is_settled_once():
    a = f.PreventiveActionFactory()
    services.preventive_mark_done(action=a)
    with pytest.raises(services.RcaError, match="already settled"):
        services.preventive_mark_done(action=a)


def test_similar_past_escalations_share_the_kind_and_title_words():
    owner = f.UserFactory()
    past = f.RcaFactory(
        escalation=f.ResolvedFactory(
            owner=owner, title="SSO login outage after certificate expiry"
        ),
        completed_at=timezone.now() - timedelta(days=30),
    ).escalation
    f.RcaFactory(
        escalation=f.ResolvedFactory(
            owner=owner, title="Certificate expiry", kind=m.Kind.SCHEDULE_SLIP
        ),
        completed_at=timezone.now(),
    )
    f.ResolvedFactory(owner=owner, title="Certificate expiry without an RCA")
    f.RcaFactory(
        escalation=f.ResolvedFactory(title="Certificate expiry, someone else's"),
        completed_at=timezone.now(),
    )
    new = f.EscalationFactory(owner=owner, title="Payments certificate expiry")
    assert similar_past(new) == [past]
    assert similar_past(f.EscalationFactory(owner=owner, title="Quarterly budget")) == []
