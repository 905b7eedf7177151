"""A reviewer looks back over a quarter in a real browser: list, stale filter, story, metrics."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from escalations.models import AskStatus, Kind, Severity, State
from tests import factories as f
from tests.e2e.reviewers import reviewers_group
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

TITLES = [
    ("Checkout payments failing for EU card customers", Kind.THIRD_PARTY_OUTAGE, Severity.SEV1),
    ("SSO logins failing after IdP certificate expiry", Kind.MAJOR_INCIDENT, Severity.SEV1),
    ("Mobile 5.2 release slips two weeks", Kind.SCHEDULE_SLIP, Severity.SEV3),
    ("API keys exposed in a public CI log", Kind.SECURITY_INCIDENT, Severity.SEV1),
    ("Search index rebuild blocks the Q3 pricing launch", Kind.TECH_DEBT, Severity.SEV3),
    ("Invoices doubled for 300 accounts", Kind.MAJOR_INCIDENT, Severity.SEV2),
    ("Data warehouse migration misses the audit date", Kind.SCHEDULE_SLIP, Severity.SEV2),
    ("Email provider outage delays password resets", Kind.THIRD_PARTY_OUTAGE, Severity.SEV2),
    ("Legacy billing monolith blocks usage-based pricing", Kind.TECH_DEBT, Severity.SEV4),
    ("Customer export leaks other tenants' rows", Kind.SECURITY_INCIDENT, Severity.SEV1),
]
OWNERS = [("priya", "Priya", "Raman"), ("sam", "Sam", "Lee"), ("dana", "Dana", "Okafor")]


def seed_quarter(now):
    """About thirty escalations over the last four months, some still open and overdue."""
    rng = random.Random(7)
    owners = [f.UserFactory(username=u, first_name=a, last_name=b) for u, a, b in OWNERS]
    stale = []
    for i in range(30):
        title, kind, severity = TITLES[i % len(TITLES)]
        escalated = now - timedelta(days=118 - i * 4, hours=rng.randint(0, 12))
        detected = escalated - timedelta(minutes=rng.choice([12, 25, 40, 90, 180, 600, 1500]))
        is_open = i >= 26
        resolved = None if is_open else escalated + timedelta(hours=rng.choice([3, 8, 20, 50, 120]))
        e = f.EscalationFactory(
            title=title if i < 10 else f"{title} ({i // 10 + 1})",
            kind=kind,
            severity=severity,
            owner=owners[i % 3],
            state=State.ESCALATED if is_open else (State.REVIEWED if i < 12 else State.RESOLVED),
            detected_at=detected,
            escalated_at=escalated,
            resolved_at=resolved,
            reviewed_at=resolved + timedelta(days=3) if resolved and i < 12 else None,
            next_update_due_at=(now - timedelta(minutes=40 + i))
            if i in (27, 29)
            else (now + timedelta(minutes=35) if is_open else None),
        )
        if i in (27, 29):
            stale.append(e)
        t = escalated + timedelta(minutes=5)
        due = None
        for k in range(rng.randint(2, 6)):
            late = rng.random() < 0.25
            created = (due + timedelta(minutes=rng.randint(5, 50))) if (due and late) else t
            f.UpdateFactory(
                escalation=e,
                created_at=created,
                was_due_at=due,
                body=f"Update {k + 1}: rollback holding; error rate down to {rng.randint(0, 9)} %. Next update in an hour.",
            )
            due = created + timedelta(hours=1)
            t = due - timedelta(minutes=rng.randint(1, 20))
        e.last_updated_at = created
        e.save(update_fields=["last_updated_at"])
        decided = rng.random() < 0.7
        f.AskFactory(
            escalation=e,
            decide_by=escalated + timedelta(hours=6),
            status=AskStatus.APPROVED if decided else AskStatus.OPEN,
            decided_at=escalated + timedelta(hours=rng.choice([2, 4, 9])) if decided else None,
        )
        if i % 6 == 0:
            f.CoachOverrideFactory(escalation=e)
    return stale


def test_reviewer_filters_stale_opens_the_story_and_reads_the_metrics(
    page, live_server, screenshot
):
    now = timezone.now()
    stale = seed_quarter(now)
    reviewer = f.UserFactory(
        username="director", first_name="Robin", last_name="Shah", is_staff=True
    )
    reviewer.groups.add(reviewers_group())
    f.review_everything(reviewer)
    story = stale[0]
    f.MeetingFactory(escalation=story, starts_at=story.escalated_at + timedelta(minutes=45))
    f.OutboxMessageFactory(
        escalation=story,
        purpose="preread",
        subject=f"Pre-read: {story.title}",
        state="sent",
        send_at=story.escalated_at + timedelta(minutes=15),
        sent_at=story.escalated_at + timedelta(minutes=15),
    )
    f.ShareLinkFactory(escalation=story, label="CTO", token="e2e-raw-token")

    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill(reviewer.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    expect(page.get_by_role("heading", name="Review past escalations")).to_be_visible()

    page.get_by_role("link", name="All escalations").click()
    expect(page.locator("#result_list tbody tr")).to_have_count(30)
    screenshot("admin-review-changelist")

    page.locator("#changelist-filter").get_by_role("link", name="Yes").first.click()
    page.wait_for_url("**stale=yes**")
    titles = page.locator("#result_list tbody th a").all_inner_texts()
    assert sorted(titles) == sorted(e.title for e in stale)
    assert page.locator("#result_list .upward-badge.late").first.inner_text().startswith("overdue")
    screenshot("admin-review-stale")

    page.get_by_role("link", name=story.title).click()
    expect(page.get_by_role("heading", name="At a glance")).to_be_visible()
    timeline = page.locator(
        ".inline-group", has_text="Timeline — updates in the order they were posted"
    )
    first_update = story.updates.order_by("created_at").first()
    assert timeline.get_by_text(first_update.body).is_visible()
    assert (
        timeline.locator("tbody tr.has_original, tbody tr.form-row").count()
        == story.updates.count()
    )
    assert page.get_by_text(f"Pre-read: {story.title}").is_visible()
    assert page.locator("input[name=_save]").count() == 0
    assert "e2e-raw-token" not in page.content()
    screenshot("admin-review-story")

    page.goto(f"{live_server.url}/admin/")
    page.get_by_role("link", name="Escalation metrics").click()
    expect(page.get_by_role("heading", name="Escalation metrics")).to_be_visible()
    expect(page.locator("svg.upward-chart")).to_have_count(5)
    screenshot("admin-review-metrics")
