"""Metrics agree with figures worked out by hand on a fixed data set (timestamps below)."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from escalations.models import AskStatus, Kind, Severity, State
from escalations.review.metrics import monthly_metrics
from tests import factories as f

pytestmark = pytest.mark.django_db

METRICS = "/admin/escalations/escalation/metrics/"
NOW = datetime(2026, 4, 1, tzinfo=UTC)
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def at(month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def escalation(**kw):
    state = State.RESOLVED if kw.get("resolved_at") else State.ESCALATED
    return f.EscalationFactory(state=state, **kw)


def update(e, created_at, was_due_at=None):
    return f.UpdateFactory(escalation=e, created_at=created_at, was_due_at=was_due_at)


@pytest.fixture
def quarter():
    """Q1 2026, by hand (UTC):

    January — E1 major incident: detected 10:00, escalated 10:30 (30 min), resolved 14:30 (4 h);
              updates on time, on time, late (2/3); asks decided on time, decided late.
            — E2 schedule slip: detected 20 Jan 09:00, escalated 21 Jan 09:00 (24 h), resolved
              25 Jan 09:00 (4 days); 2/2 updates on time; one ask past its deadline undecided
              (late), one not due until May (not judged).
            — E3 security incident escalated 31 Jan 23:30 UTC (= 1 Feb 00:30 in Berlin),
              detected 23:00 (30 min), still open; its one update was late.
    February — nothing.
    March — E4 tech debt: detected 2 Mar, escalated 10 Mar (8 days), resolved 20 Mar (10 days).
          — E5 schedule slip escalated 15 Mar with no detection time: counted, not timed.
    Not counted: a draft, and an escalation from December 2025.
    """
    e1 = escalation(
        kind=Kind.MAJOR_INCIDENT,
        detected_at=at(1, 5, 10),
        escalated_at=at(1, 5, 10, 30),
        resolved_at=at(1, 5, 14, 30),
    )
    update(e1, at(1, 5, 10, 35))
    update(e1, at(1, 5, 11, 30), was_due_at=at(1, 5, 11, 35))
    update(e1, at(1, 5, 12, 45), was_due_at=at(1, 5, 12, 30))
    f.AskFactory(
        escalation=e1, decide_by=at(1, 5, 12), decided_at=at(1, 5, 11), status=AskStatus.APPROVED
    )
    f.AskFactory(escalation=e1, decide_by=at(1, 6), decided_at=at(1, 7), status=AskStatus.DECLINED)

    e2 = escalation(
        kind=Kind.SCHEDULE_SLIP,
        detected_at=at(1, 20, 9),
        escalated_at=at(1, 21, 9),
        resolved_at=at(1, 25, 9),
    )
    update(e2, at(1, 21, 9, 5))
    update(e2, at(1, 22, 8), was_due_at=at(1, 22, 9))
    f.AskFactory(escalation=e2, decide_by=at(1, 23))  # open, deadline passed → late
    f.AskFactory(escalation=e2, decide_by=at(5, 1))  # open, not due yet → not judged

    e3 = escalation(
        kind=Kind.SECURITY_INCIDENT,
        severity=Severity.SEV1,
        detected_at=at(1, 31, 23),
        escalated_at=at(1, 31, 23, 30),
    )
    update(e3, at(2, 1, 1), was_due_at=at(2, 1, 0, 30))

    escalation(
        kind=Kind.TECH_DEBT,
        detected_at=at(3, 2, 9),
        escalated_at=at(3, 10, 9),
        resolved_at=at(3, 20, 9),
    )
    escalation(kind=Kind.SCHEDULE_SLIP, detected_at=None, escalated_at=at(3, 15, 9))

    f.EscalationFactory(state=State.DRAFT, detected_at=at(2, 10))
    escalation(
        detected_at=datetime(2025, 12, 1, tzinfo=UTC),
        escalated_at=datetime(2025, 12, 2, tzinfo=UTC),
    )


def test_monthly_metrics_match_the_hand_computed_figures_in_utc(quarter):
    report = monthly_metrics(start=date(2026, 1, 1), end=date(2026, 3, 1), tz=UTC, now=NOW)
    jan, feb, mar = report.months
    assert [m.month for m in report.months] == [
        date(2026, 1, 1),
        date(2026, 2, 1),
        date(2026, 3, 1),
    ]

    assert jan.total == 3
    assert jan.by_kind[Kind.MAJOR_INCIDENT] == 1
    assert jan.by_kind[Kind.SCHEDULE_SLIP] == 1
    assert jan.by_kind[Kind.SECURITY_INCIDENT] == 1
    assert jan.median_detection_to_escalation == timedelta(minutes=30)  # of 30 min, 24 h, 30 min
    assert jan.median_time_to_resolution == timedelta(hours=50)  # of 4 h and 96 h
    assert (jan.updates.hits, jan.updates.total, jan.updates.percent) == (4, 6, 67)
    assert (jan.asks.hits, jan.asks.total, jan.asks.percent) == (1, 3, 33)

    assert feb.total == 0
    assert feb.median_detection_to_escalation is None
    assert feb.updates.share is None and feb.asks.share is None

    assert mar.total == 2
    assert mar.by_kind[Kind.TECH_DEBT] == 1 and mar.by_kind[Kind.SCHEDULE_SLIP] == 1
    assert mar.median_detection_to_escalation == timedelta(days=8)
    assert mar.median_time_to_resolution == timedelta(days=10)
    assert mar.updates.share is None

    overall = report.overall
    assert overall.total == 5
    assert overall.median_detection_to_escalation == timedelta(hours=12, minutes=15)
    assert overall.median_time_to_resolution == timedelta(days=4)
    assert (overall.updates.hits, overall.updates.total) == (4, 6)
    assert (overall.asks.hits, overall.asks.total) == (1, 3)


def test_months_follow_the_reviewers_time_zone(quarter):
    """E3 was escalated at 23:30 UTC on 31 January: February in Berlin."""
    jan, feb, _ = monthly_metrics(
        start=date(2026, 1, 1), end=date(2026, 3, 1), tz=BERLIN, now=NOW
    ).months
    assert jan.total == 2
    assert jan.median_detection_to_escalation == timedelta(hours=12, minutes=15)
    assert (jan.updates.hits, jan.updates.total) == (4, 5)
    assert feb.total == 1 and feb.by_kind[Kind.SECURITY_INCIDENT] == 1
    assert (feb.updates.hits, feb.updates.total, feb.updates.percent) == (0, 1, 0)


def test_metrics_query_count_is_fixed(quarter, django_assert_num_queries):
    with django_assert_num_queries(3):
        monthly_metrics(start=date(2026, 1, 1), end=date(2026, 3, 1), tz=UTC, now=NOW)


def test_metrics_page_shows_the_figures_and_charts(quarter, client_for, time_machine):
    time_machine.move_to(NOW)
    reviewer = f.UserFactory(username="director", is_staff=True)
    reviewer.groups.add(Group.objects.get(name="Reviewers"))
    f.review_everything(reviewer)
    response = client_for(reviewer).get(METRICS, {"start": "2026-01", "end": "2026-03"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<svg class="upward-chart"') == 5
    assert "<script" not in html.split('id="content-main"')[1]
    assert "http://" not in html.split('id="content-main"')[1].replace(
        "http://www.w3.org/2000/svg", ""
    )
    for figure in ("67 %", "4/6", "33 %", "1/3", "12 h 15 min", "2 days 2 h"):
        assert figure in html, figure
    # Each month's count links to that month's escalations.
    assert "escalated_at__year=2026&amp;escalated_at__month=1" in html
    assert "January 2026" in html and "February 2026" in html and "March 2026" in html


def test_metrics_page_explains_a_bad_month_and_keeps_the_other(client_for, time_machine):
    time_machine.move_to(NOW)
    root = f.UserFactory(username="root", is_staff=True, is_superuser=True)
    html = client_for(root).get(METRICS, {"start": "January", "end": "2026-03"}).content.decode()
    assert "“January” is not a month; use YYYY-MM." in html
    assert 'value="2026-03"' in html


def test_staff_without_the_metrics_permission_are_refused(client_for):
    staff = f.UserFactory(username="ops", is_staff=True)
    assert client_for(staff).get(METRICS).status_code == 403
    index = client_for(staff).get(reverse("admin:index")).content.decode()
    assert METRICS not in index


def test_non_staff_are_sent_to_the_admin_login(author_client):
    response = author_client.get(METRICS)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_worth_a_closer_look_names_the_slowest_the_least_punctual_and_the_unreviewed(quarter):
    from escalations.review.metrics import worth_a_closer_look

    look = worth_a_closer_look(start=date(2026, 1, 1), end=date(2026, 3, 1), tz=UTC)
    assert [e.escalation_delay for e in look.slowest_to_escalate] == [
        timedelta(days=8),
        timedelta(hours=24),
        timedelta(minutes=30),
        timedelta(minutes=30),
    ]
    assert [(e.updates_on_time, e.updates_total) for e in look.least_punctual] == [(0, 1), (2, 3)]
    assert [e.kind for e in look.awaiting_review] == [
        Kind.MAJOR_INCIDENT,
        Kind.SCHEDULE_SLIP,
        Kind.TECH_DEBT,
    ]


def test_metrics_ignores_a_typo_year(client_for):
    admin = f.UserFactory(username="boss", is_staff=True, is_superuser=True)
    url = reverse("admin:escalations_escalation_metrics") + "?start=2026-01&end=9999-12"
    assert client_for(admin).get(url).status_code == 200


def test_all_reviewed_is_said_only_when_something_was_resolved(client_for, time_machine):
    time_machine.move_to(datetime(2026, 4, 10, tzinfo=UTC))
    reviewer = f.UserFactory(username="director", is_staff=True)
    reviewer.groups.add(Group.objects.get(name="Reviewers"))
    f.review_everything(reviewer)
    f.EscalatedFactory(escalated_at=datetime(2026, 3, 3, tzinfo=UTC))
    html = client_for(reviewer).get(METRICS, {"start": "2026-03", "end": "2026-03"}).content
    assert "Nothing resolved in this period." in html.decode()
    assert "All reviewed." not in html.decode()
