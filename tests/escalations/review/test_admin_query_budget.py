"""The changelist costs the same number of queries for 10 escalations as for 10,000."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from escalations.models import Ask, CoachOverride, Escalation, Kind, State, Update
from tests import factories as f

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/escalations/escalation/"


def add_escalations(n: int, owners: list, start: int = 0) -> None:
    """Bulk-insert ``n`` escalated rows, each with two updates, an ask and some overrides."""
    now = timezone.now()
    kinds = list(Kind)
    Escalation.objects.bulk_create(
        [
            Escalation(
                title=f"Bulk escalation {start + i}",
                kind=kinds[i % len(kinds)],
                state=State.ESCALATED,
                owner=owners[i % len(owners)],
                detected_at=now - timedelta(hours=3, days=i % 90),
                escalated_at=now - timedelta(hours=2, days=i % 90),
                next_update_due_at=now + timedelta(hours=(i % 5) - 2),
            )
            for i in range(n)
        ],
        batch_size=2000,
    )
    new = list(Escalation.objects.filter(title__startswith="Bulk").order_by("pk")[start:])
    Update.objects.bulk_create(
        [
            Update(
                escalation=e,
                body="No change; next update at 15:00 UTC.",
                author_id=e.owner_id,
                created_at=now - timedelta(minutes=k * 30),
                was_due_at=None if k == 0 else now - timedelta(minutes=k * 30 + (k % 2) * 10),
            )
            for e in new
            for k in range(2)
        ],
        batch_size=4000,
    )
    Ask.objects.bulk_create(
        [Ask(escalation=e, decision="Approve $5,000", decide_by=now) for e in new],
        batch_size=4000,
    )
    CoachOverride.objects.bulk_create(
        [
            CoachOverride(
                escalation=e, rule="hedging", section="impact", reason="x", created_by_id=e.owner_id
            )
            for e in new[::7]
        ]
    )


def count_queries(client, url: str) -> tuple[int, int]:
    client.get(url)  # warm the per-process caches (content types, permissions)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.context["cl"].result_list)


URLS = [
    CHANGELIST,
    CHANGELIST + "?stale=yes",
    CHANGELIST + "?open_asks=yes&overrides=no&q=bulk",
    CHANGELIST + "?o=10",  # sorted by share of updates on time
]


def test_changelist_query_count_does_not_grow_with_escalations(client_for):
    admin = f.UserFactory(username="root", is_staff=True, is_superuser=True)
    owners = [f.UserFactory(username=f"owner{i}") for i in range(5)]
    client = client_for(admin)

    add_escalations(10, owners)
    small = {url: count_queries(client, url) for url in URLS}
    add_escalations(9_990, owners, start=10)
    assert Escalation.objects.count() == 10_000
    large = {url: count_queries(client, url) for url in URLS}

    for url in URLS:
        (q_small, shown_small), (q_large, shown_large) = small[url], large[url]
        assert shown_large > shown_small, url  # the page really lists more rows
        assert q_large == q_small, (
            f"{url}: {q_small} queries for 10 escalations, {q_large} for 10,000"
        )
        assert q_small <= 10, f"{url}: {q_small} queries"
