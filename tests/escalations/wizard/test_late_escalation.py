"""Escalating late is said before escalating, with a sentence that owns the delay
(issue 14, item 9)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from escalations.models import Kind
from escalations.wizard import briefing
from tests.escalations.wizard.helpers import complete_draft

pytestmark = pytest.mark.django_db


def test_a_major_incident_raised_21_hours_late_says_so_on_the_review(author_client, user):
    e = complete_draft(owner=user, detected_at=timezone.now() - timedelta(hours=21, minutes=31))
    html = author_client.get(reverse("escalations:review", args=[e.pk])).content.decode()
    assert "This comes 21 h 31 min after the impact started" in html
    assert "later than the 1 h an executive expects" in html
    assert "I should have raised this sooner" in html
    assert "That delay is mine" in html


def test_a_prompt_escalation_gets_no_note(author_client, user):
    e = complete_draft(owner=user, detected_at=timezone.now() - timedelta(minutes=40))
    html = author_client.get(reverse("escalations:review", args=[e.pk])).content.decode()
    assert 'id="late-note"' not in html


def test_a_schedule_slip_has_a_day():
    now = timezone.now()
    e = complete_draft(kind=Kind.SCHEDULE_SLIP, detected_at=now - timedelta(hours=20))
    assert briefing.late_escalation(e, now) is None
    e.detected_at = now - timedelta(days=2, hours=3)
    note = briefing.late_escalation(e, now)
    assert note is not None and note.delay == "2 days 3 h" and note.threshold == "1 day"
