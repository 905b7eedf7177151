"""CSV and JSON exports carry every field of every selected escalation and read back exactly."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from escalations.models import Escalation, Kind, Severity, State
from escalations.review import export
from tests import factories as f

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/escalations/escalation/"


@pytest.fixture
def full():
    """Every field set to something other than its default, including awkward text."""
    reviewer = f.UserFactory(username="director")
    e = f.EscalationFactory(
        title='=HYPERLINK("http://evil.example","click") — "quoted", with comma',
        kind=Kind.SECURITY_INCIDENT,
        severity=Severity.SEV2,
        state=State.REVIEWED,
        executive_time_zone="Asia/Kolkata",
        detected_at=datetime(2026, 3, 1, 8, 0, 0, 123456, tzinfo=UTC),
        escalated_at=datetime(2026, 3, 1, 8, 40, tzinfo=UTC),
        contained_at=datetime(2026, 3, 1, 11, tzinfo=UTC),
        resolved_at=datetime(2026, 3, 2, 9, tzinfo=UTC),
        reviewed_at=datetime(2026, 3, 9, 15, tzinfo=UTC),
        reviewed_by=reviewer,
        last_updated_at=datetime(2026, 3, 2, 9, tzinfo=UTC),
        next_update_due_at=None,
        stale_since=datetime(2026, 3, 1, 10, tzinfo=UTC),
        version=7,
        cadence_interval=timedelta(minutes=30),
        cadence_daily_at=time(9, 15),
        cadence_time_zone="America/Sao_Paulo",
        triage_reputational_risk=None,
        triage_override_reason="-1 customers? no: the board asked",
        impact_revenue_per_hour=Decimal("1234.50"),
        impact_currency="EUR",
        impact_share_failing_pct=Decimal("99.99"),
        impact_delay_days=3,
        impact_dates_moved="SOC 2 audit: 1 Apr → 15 Apr",
        impact_metric_value=Decimal("0.125"),
        impact_metric_unit="p99 s",
        impact_detail="Line one\nLine two, with a tab\tand “quotes”",
        cause_statement="@admin token leaked in a CI log",
        remediation_expected_resolution_at=datetime(2026, 3, 2, 12, tzinfo=UTC),
        remediation_depends_on="+ vendor rotation",
        remediation_alternatives="'already quoted",
        remediation_prevention="Secret scanning on CI logs",
        asks_information_only=True,
        asks_information_only_reason="Decided in the 1:1",
        wizard_drafts={"impact": {"headline": "draft ü"}, "n": [1, 2]},
        wizard_autosaved_at=datetime(2026, 3, 1, 8, 30, tzinfo=UTC),
        review_root_cause_confirmed=False,
        review_prevention_actions="Rotate tokens quarterly",
        review_lessons="Escalate at the first leaked credential",
    )
    f.UpdateFactory(escalation=e, created_at=e.escalated_at, was_due_at=None)
    f.AskFactory(escalation=e)
    return Escalation.objects.get(pk=e.pk)


@pytest.fixture
def sparse():
    """An escalation with every nullable field it may leave empty left null."""
    return f.EscalationFactory(
        state="escalated",
        escalated_at=timezone.now(),
        detected_at=None,
        triage_business_impact=None,
        impact_customers_affected=None,
        impact_share_failing_pct=None,
    )


def expected(e: Escalation) -> dict:
    values = {}
    for field in export.export_fields():
        value = getattr(e, field.name)
        if field.name in export.USER_FIELDS:
            value = value.username if value else None
        if field.name == export.EXECUTIVE_FIELD:
            value = value.email if value else None
        if field.name in export.SLUG_FIELDS:
            value = value.slug if value else None
        values[field.name] = value
    return values


def post_export(client, action: str, escalations) -> str:
    response = client.post(
        CHANGELIST, {"action": action, "_selected_action": [e.pk for e in escalations]}
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return response.content.decode()


@pytest.fixture
def reviewer_client(client_for):
    u = f.UserFactory(username="reviewer", is_staff=True)
    u.groups.add(Group.objects.get(name="Reviewers"))
    f.review_everything(u)
    return client_for(u)


def test_csv_round_trips_every_field(reviewer_client, full, sparse):
    text = post_export(reviewer_client, "export_csv", [full, sparse])
    parsed = {r["id"]: r for r in export.parse_csv(text)}
    assert len(parsed) == 2
    for e in (full, sparse):
        row = parsed[e.pk]
        for name, value in expected(e).items():
            assert row[name] == value, f"{name}: {row[name]!r} != {value!r}"
    assert set(parsed[full.pk]) == set(export.columns())


def test_json_round_trips_every_field(reviewer_client, full, sparse):
    text = post_export(reviewer_client, "export_json", [full, sparse])
    parsed = {r["id"]: r for r in export.parse_json(text)}
    for e in (full, sparse):
        for name, value in expected(e).items():
            assert parsed[e.pk][name] == value, name


def test_unescalated_drafts_are_left_out_and_owners_are_named(reviewer_client, full):
    owner = full.owner
    owner.first_name, owner.last_name = "Dana", "Okafor"
    owner.save()
    draft = f.EscalationFactory(title="Untitled draft", owner=owner)
    for action, parse in (("export_csv", export.parse_csv), ("export_json", export.parse_json)):
        rows = parse(post_export(reviewer_client, action, [full, draft]))
        assert [r["id"] for r in rows] == [full.pk]
        assert rows[0]["owner_name"] == "Dana Okafor"


def test_csv_is_one_row_per_escalation_with_figures_and_no_formulas(reviewer_client, full):
    other = f.EscalatedFactory(title="Not selected")
    text = post_export(reviewer_client, "export_csv", [full])
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 1
    assert "Not selected" not in text
    assert other.pk != int(rows[0]["id"])
    row = rows[0]
    assert row["title"].startswith("'=HYPERLINK")  # a spreadsheet shows text, runs nothing
    assert row["cause_statement"].startswith("'@")
    assert row["detected_at"] == "2026-03-01T08:00:00.123456+00:00"
    assert row["cadence_interval"] == "P0DT00H30M00S"
    assert row["owner"] == full.owner.username and row["reviewed_by"] == "director"
    assert row["detection_to_escalation"] == "P0DT00H39M59.876544S"
    assert (row["updates_total"], row["updates_on_time"], row["asks_total"], row["asks_open"]) == (
        "1",
        "1",
        "1",
        "1",
    )


def test_json_lists_columns_and_native_values(reviewer_client, full):
    data = json.loads(post_export(reviewer_client, "export_json", [full]))
    assert data["columns"] == export.columns()
    (row,) = data["escalations"]
    assert row["asks_information_only"] is True
    assert row["triage_reputational_risk"] is None
    assert row["impact_delay_days"] == 3
    assert row["wizard_drafts"] == {"impact": {"headline": "draft ü"}, "n": [1, 2]}
