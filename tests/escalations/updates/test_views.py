"""The author posts updates from the escalation page; each restarts the cadence clock."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from escalations import models as m
from tests import factories as f
from tests.factories import EscalatedFactory, EscalationFactory, ProfileFactory, UpdateFactory
from tests.html import assert_inert

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 14, 30, tzinfo=UTC)


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def escalation(user):
    return EscalatedFactory(
        owner=user,
        last_updated_at=NOW - timedelta(minutes=30),
        next_update_due_at=NOW + timedelta(minutes=30),
    )


def test_the_escalation_page_has_the_post_update_form_and_coach_slot(author_client, escalation):
    html = author_client.get(f"/escalations/{escalation.pk}/").content.decode()
    assert 'id="post-update"' in html
    assert '<div class="coach-feedback" id="coach-body" aria-live="polite"></div>' in html
    assert 'name="state"' in html and "Mitigating" in html


@time_machine.travel(NOW, tick=False)
def test_posting_an_update_sets_last_updated_and_the_next_due_time(author_client, escalation):
    response = author_client.post(
        f"/escalations/{escalation.pk}/updates/",
        {"body": "Fix deployed to 50% of EU traffic.", "state": "mitigating"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#timeline")
    escalation.refresh_from_db()
    update = escalation.updates.get()
    assert update.body == "Fix deployed to 50% of EU traffic."
    assert update.public_status == "mitigating" and update.kind == m.UpdateKind.PROGRESS
    assert update.was_due_at == NOW + timedelta(minutes=30)
    assert escalation.last_updated_at == NOW
    assert escalation.next_update_due_at == NOW + timedelta(hours=1)  # hourly until contained
    page = author_client.get(f"/escalations/{escalation.pk}/").content.decode()
    assert "Update posted. Next one due by" in page
    assert "Fix deployed to 50% of EU traffic." in page


@time_machine.travel(NOW, tick=False)
def test_htmx_post_swaps_the_panel_with_the_new_update(author_client, escalation):
    response = author_client.post(
        f"/escalations/{escalation.pk}/updates/",
        {"body": "Rollback complete.", "state": "monitoring"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="updates-panel"' in html and "Rollback complete." in html
    assert "Update posted." in html
    assert "<html" not in html


def test_an_empty_body_is_refused_with_a_clear_message_and_loses_nothing(author_client, escalation):
    response = author_client.post(
        f"/escalations/{escalation.pk}/updates/",
        {"body": "   ", "state": "identified"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "Write what changed" in html
    assert '<option value="identified" selected>' in html
    assert not escalation.updates.exists()


def test_a_too_long_body_is_refused_and_kept_for_editing(author_client, escalation):
    long_body = "Detail " * 1000
    response = author_client.post(
        f"/escalations/{escalation.pk}/updates/", {"body": long_body, "state": "identified"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Keep an update under 5000 characters" in html
    assert long_body.strip()[:200] in html
    assert not escalation.updates.exists()


@time_machine.travel(NOW, tick=False)
def test_no_change_is_one_click_and_counts_as_an_update(author_client, user, escalation):
    ProfileFactory(user=user, time_zone="Europe/Berlin")
    UpdateFactory(
        escalation=escalation, public_status="identified", created_at=NOW - timedelta(minutes=30)
    )
    page = author_client.get(f"/escalations/{escalation.pk}/").content.decode()
    assert "No change since 15:00" in text(page)  # 14:00 UTC in Berlin
    response = author_client.post(f"/escalations/{escalation.pk}/updates/no-change/")
    assert response.status_code == 302
    escalation.refresh_from_db()
    update = escalation.updates.first()
    assert update.kind == m.UpdateKind.NO_CHANGE
    assert update.public_status == "identified"  # unchanged
    # No clock time in the text: every reader sees it in their own zone (docs/time.md).
    assert update.body == "No change in the last 30 min. Next update within 1 h."
    assert escalation.last_updated_at == NOW
    assert escalation.next_update_due_at == NOW + timedelta(hours=1)


def test_drafts_take_no_updates(author_client, user):
    draft = EscalationFactory(owner=user)
    response = author_client.post(
        f"/escalations/{draft.pk}/updates/", {"body": "x", "state": "identified"}
    )
    assert response.status_code == 400
    assert "Escalate first" in response.content.decode()
    assert author_client.post(f"/escalations/{draft.pk}/updates/no-change/").status_code == 302
    assert not draft.updates.exists()


def test_only_the_owner_posts(client_for, other_user, escalation):
    intruder = client_for(other_user)
    for path in ("updates/", "updates/no-change/", "updates/preview/"):
        response = intruder.post(
            f"/escalations/{escalation.pk}/{path}", {"body": "x", "state": "identified"}
        )
        assert response.status_code == 404
    assert not escalation.updates.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, escalation):
    response = client.post(f"/escalations/{escalation.pk}/updates/", {"body": "x"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_preview_renders_markdown_through_the_sanitiser(author_client, escalation):
    response = author_client.post(
        f"/escalations/{escalation.pk}/updates/preview/",
        {"body": "**Bold** [x](javascript:alert(1)) <img src=x onerror=alert(1)>"},
    )
    html = response.content.decode()
    assert "<strong>Bold</strong>" in html
    assert_inert(html)
    empty = author_client.post(f"/escalations/{escalation.pk}/updates/preview/", {"body": ""})
    assert "Nothing to preview yet" in empty.content.decode()


def test_timeline_on_the_escalation_page_marks_late_updates(author_client, escalation):
    UpdateFactory(
        escalation=escalation,
        body="Late one",
        created_at=NOW,
        was_due_at=NOW - timedelta(minutes=10),
    )
    html = author_client.get(f"/escalations/{escalation.pk}/").content.decode()
    assert "Late one" in html and "late" in text(html)


def test_an_open_escalation_cannot_be_marked_resolved_through_an_update(author_client, user):
    e = f.EscalatedFactory(owner=user)
    page = author_client.get(e.get_absolute_url()).content.decode()
    form = page[page.index('id="post-update"') :]
    assert 'value="resolved"' not in form[: form.index("</form>")]
    author_client.post(
        reverse("escalations:update_create", args=[e.pk]),
        {"body": "All fixed. Next update tomorrow 09:00.", "state": "resolved"},
    )
    assert not m.Update.objects.filter(escalation=e, public_status="resolved").exists()


WEAK = "Still working on it, should be fixed soon hopefully."


@time_machine.travel(NOW, tick=False)
def test_a_weak_update_asks_for_one_confirmation_before_it_is_posted(author_client, escalation):
    url = f"/escalations/{escalation.pk}/updates/"
    held = author_client.post(url, {"body": WEAK, "state": "identified"}, HTTP_HX_REQUEST="true")
    html = held.content.decode()
    assert held.status_code == 200 and not escalation.updates.exists()
    assert "Post anyway" in html and "the executive will notice" in html
    assert WEAK in html  # nothing typed is lost
    assert "before escalating" not in html
    # One finding per rule per sentence: "working on it", "soon", "hopefully" are one plan
    # without a date, not three.
    assert html.count('data-rule="no-commitment"') == 1
    found = re.search(r'name="confirm_weak" value="([0-9a-f]+)"', html)
    assert found is not None
    fingerprint = found[1]
    # A confirmation names the exact text: an edited text is checked again.
    edited = author_client.post(
        url, {"body": WEAK + " Really.", "state": "identified", "confirm_weak": fingerprint}
    )
    assert edited.status_code == 400 and not escalation.updates.exists()
    posted = author_client.post(
        url, {"body": WEAK, "state": "identified", "confirm_weak": fingerprint}
    )
    assert posted.status_code == 302
    assert escalation.updates.get().body == WEAK


@time_machine.travel(NOW, tick=False)
def test_a_clear_update_posts_at_once(author_client, escalation):
    response = author_client.post(
        f"/escalations/{escalation.pk}/updates/",
        {
            "body": "Failures at 0.2% since 14:10 after the rollback. Next update 15:00.",
            "state": "monitoring",
        },
    )
    assert response.status_code == 302 and escalation.updates.count() == 1
