from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from escalations import models as m
from escalations.selectors import escalation_full_queryset
from tests import factories as f

pytestmark = pytest.mark.django_db


def _violates(fn) -> bool:
    try:
        with transaction.atomic():
            fn()
    except IntegrityError:
        return True
    return False


def test_share_failing_must_be_a_percentage():
    assert _violates(lambda: f.EscalationFactory(impact_share_failing_pct=Decimal("140")))
    assert not _violates(lambda: f.EscalationFactory(impact_share_failing_pct=Decimal("100")))


def test_escalated_state_requires_escalated_at():
    assert _violates(lambda: f.EscalationFactory(state=m.State.ESCALATED, escalated_at=None))


def test_resolved_state_requires_resolved_at():
    assert _violates(lambda: f.EscalatedFactory(state=m.State.RESOLVED, resolved_at=None))


def test_only_one_contributing_factor_is_the_authors():
    e = f.EscalationFactory()
    f.ContributingFactorFactory(escalation=e, is_authors=True)
    f.ContributingFactorFactory(escalation=e, is_authors=False)
    assert _violates(lambda: f.ContributingFactorFactory(escalation=e, is_authors=True))


def test_decided_ask_needs_decided_at():
    assert _violates(lambda: f.AskFactory(status=m.AskStatus.APPROVED, decided_at=None))
    ask = f.AskFactory(status=m.AskStatus.APPROVED, decided_at=timezone.now())
    assert ask.decided_on_time is True


def test_negative_amount_rejected():
    assert _violates(lambda: f.AskFactory(amount=Decimal("-1")))


def test_one_preread_per_meeting():
    meeting = f.MeetingFactory()
    f.OutboxMessageFactory(
        escalation=meeting.escalation, meeting=meeting, purpose=m.DispatchPurpose.PREREAD
    )
    assert _violates(
        lambda: f.OutboxMessageFactory(
            escalation=meeting.escalation, meeting=meeting, purpose=m.DispatchPurpose.PREREAD
        )
    )
    # Other purposes may repeat for the same meeting (each reschedule sends a "moved" note).
    f.OutboxMessageFactory(
        escalation=meeting.escalation, meeting=meeting, purpose=m.DispatchPurpose.MEETING_MOVED
    )
    f.OutboxMessageFactory(
        escalation=meeting.escalation, meeting=meeting, purpose=m.DispatchPurpose.MEETING_MOVED
    )


def test_dispatch_dedupe_key_is_unique():
    f.OutboxMessageFactory(dedupe_key="stale:1:2026-01-01T10:00")
    assert _violates(lambda: f.OutboxMessageFactory(dedupe_key="stale:1:2026-01-01T10:00"))


def test_sent_dispatch_needs_sent_at():
    assert _violates(lambda: f.OutboxMessageFactory(state=m.DispatchState.SENT, sent_at=None))


def test_cadence_policies_are_seeded_from_domain_defaults():
    policies = {p.kind: p for p in m.CadencePolicy.objects.all()}
    assert set(policies) == set(m.Kind.values)
    assert policies[m.Kind.MAJOR_INCIDENT].interval_until_contained == timedelta(hours=1)
    assert policies[m.Kind.MAJOR_INCIDENT].interval_after_contained == timedelta(days=1)
    assert policies[m.Kind.SCHEDULE_SLIP].interval_until_contained == timedelta(days=1)
    assert policies[m.Kind.TECH_DEBT].interval_until_contained == timedelta(days=7)


def test_is_stale_only_when_open_and_past_due():
    now = timezone.now()
    e = f.EscalatedFactory(next_update_due_at=now - timedelta(minutes=25))
    assert e.is_stale(now)
    assert e.overdue_by(now) == timedelta(minutes=25)
    assert not e.is_stale(now - timedelta(minutes=30))
    draft = f.EscalationFactory(next_update_due_at=now - timedelta(minutes=25))
    assert not draft.is_stale(now)
    resolved = f.EscalatedFactory(
        state=m.State.RESOLVED, resolved_at=now, next_update_due_at=now - timedelta(hours=1)
    )
    assert not resolved.is_stale(now)


def test_detection_to_escalation():
    now = timezone.now()
    e = f.EscalatedFactory(detected_at=now - timedelta(minutes=90), escalated_at=now)
    assert e.detection_to_escalation == timedelta(minutes=90)
    assert f.EscalationFactory(detected_at=None).detection_to_escalation is None


def test_update_on_time_compares_with_the_due_time_it_answered():
    now = timezone.now()
    assert f.UpdateFactory(created_at=now, was_due_at=now + timedelta(minutes=1)).on_time
    assert not f.UpdateFactory(created_at=now, was_due_at=now - timedelta(minutes=1)).on_time
    assert f.UpdateFactory(created_at=now, was_due_at=None).on_time


def test_meeting_local_time_uses_the_zone_it_was_entered_in():
    from datetime import UTC, datetime

    meeting = f.MeetingFactory(
        starts_at=datetime(2027, 3, 29, 7, 0, tzinfo=UTC), time_zone="Europe/Berlin"
    )
    assert meeting.local_starts_at.hour == 9  # CEST, the day after the switch


def test_time_zone_validation_rejects_unknown_names():
    from django.core.exceptions import ValidationError

    profile = f.ProfileFactory(time_zone="Europe/Berlin")
    profile.time_zone = "Mars/Olympus_Mons"
    with pytest.raises(ValidationError, match="time zone"):
        profile.full_clean()


def test_whole_escalation_loads_in_a_fixed_number_of_queries(django_assert_num_queries):
    def build(n: int) -> m.Escalation:
        e = f.EscalatedFactory()
        for _ in range(n):
            f.ContributingFactorFactory(escalation=e)
            f.RemediationActionFactory(escalation=e)
            f.AskFactory(escalation=e)
            f.AnticipatedQuestionFactory(escalation=e)
            f.UpdateFactory(escalation=e)
            f.MeetingFactory(escalation=e)
        return e

    small, big = build(1), build(20)
    for e, n in ((small, 1), (big, 20)):
        # The row (with owner, reviewer, team), its co-authors and its six child tables.
        with django_assert_num_queries(8):
            loaded = escalation_full_queryset().get(pk=e.pk)
            counts = [
                len(loaded.contributing_factors.all()),
                len(loaded.actions.all()),
                len(loaded.asks.all()),
                len(loaded.questions.all()),
                len(loaded.updates.all()),
                len(loaded.meetings.all()),
            ]
            _ = [u.author.username for u in loaded.updates.all()]
        assert counts == [n] * 6
    assert m.Escalation.objects.aggregate(n=Count("pk"))["n"] == 2
