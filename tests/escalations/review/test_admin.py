"""The review admin: who gets in, what the list shows and filters, the story page, reviewing."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from escalations.models import CadencePolicy, Escalation, Kind, Severity, State, UpdateKind
from tests import factories as f

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/escalations/escalation/"


def change_url(e: Escalation) -> str:
    return reverse("admin:escalations_escalation_change", args=[e.pk])


@pytest.fixture
def superuser():
    return f.UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def reviewer():
    u = f.UserFactory(username="director", first_name="Robin", last_name="Shah", is_staff=True)
    u.groups.add(Group.objects.get(name="Reviewers"))
    f.review_everything(u)
    return u


@pytest.fixture
def admin_client(superuser, client_for) -> Client:
    return client_for(superuser)


@pytest.fixture
def reviewer_client(reviewer, client_for) -> Client:
    return client_for(reviewer)


def rows(response) -> list[str]:
    return sorted(e.title for e in response.context["cl"].result_list)


# --- who gets in ---------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_non_staff_author_never_reaches_the_admin(author_client):
    f.EscalatedFactory(title="Secret outage")
    for url in ("/admin/", CHANGELIST, reverse("admin:escalations_escalation_metrics")):
        response = author_client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/")
    followed = author_client.get(CHANGELIST, follow=True)
    assert b"Secret outage" not in followed.content


def test_reviewer_reads_the_list_and_the_story_but_sees_no_save_button(reviewer_client):
    e = f.EscalatedFactory(title="Payments down")
    listing = reviewer_client.get(CHANGELIST)
    assert listing.status_code == 200
    assert b"Payments down" in listing.content
    page = reviewer_client.get(change_url(e))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="_save"' not in html
    assert 'name="_continue"' not in html
    assert 'name="review_lessons"' not in html  # shown as text, not as a field
    assert "Delete" not in re.sub(r"<script.*?</script>", "", html, flags=re.S)


def test_reviewer_cannot_edit_by_posting_to_the_change_view(reviewer_client):
    e = f.EscalatedFactory(title="Payments down")
    response = reviewer_client.post(
        change_url(e), {"review_lessons": "rewritten", "title": "Nothing happened"}
    )
    assert response.status_code == 403
    e.refresh_from_db()
    assert e.title == "Payments down"
    assert e.review_lessons == ""


def test_reviewer_is_offered_exports_but_not_mark_reviewed(reviewer_client):
    f.EscalatedFactory()
    choices = [
        c[0]
        for c in reviewer_client.get(CHANGELIST).context["action_form"].fields["action"].choices
    ]
    assert "export_csv" in choices and "export_json" in choices
    assert "mark_reviewed" not in choices
    assert "delete_selected" not in choices


def test_reviewer_cannot_run_mark_reviewed_by_posting_it(reviewer_client, reviewer):
    e = f.EscalationFactory(
        state=State.RESOLVED, escalated_at=timezone.now(), resolved_at=timezone.now()
    )
    reviewer_client.post(CHANGELIST, {"action": "mark_reviewed", "_selected_action": [e.pk]})
    e.refresh_from_db()
    assert e.state == State.RESOLVED


def test_only_superusers_edit_cadence_policies(client_for, superuser):
    staff = f.UserFactory(username="ops", is_staff=True)
    from django.contrib.auth.models import Permission

    staff.user_permissions.add(*Permission.objects.filter(codename__endswith="cadencepolicy"))
    policy = CadencePolicy.objects.get(kind=Kind.SCHEDULE_SLIP)
    url = reverse("admin:escalations_cadencepolicy_change", args=[policy.pk])
    data = {
        "kind": Kind.SCHEDULE_SLIP,
        "interval_until_contained": "02:00:00",
        "interval_after_contained": "1 00:00:00",
        "notes": "",
    }

    ops = client_for(staff)
    page = ops.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert ops.post(url, data).status_code == 403
    policy.refresh_from_db()
    assert policy.interval_until_contained == timedelta(days=1)

    root = client_for(superuser)
    assert root.post(url, data).status_code == 302
    policy.refresh_from_db()
    assert policy.interval_until_contained == timedelta(hours=2)


# --- the list: columns, filters, search ----------------------------------------------------


def test_columns_show_time_to_escalate_updates_on_time_and_overdue(admin_client):
    now = timezone.now()
    e = f.EscalatedFactory(
        title="Checkout errors",
        detected_at=now - timedelta(hours=3),
        escalated_at=now - timedelta(hours=2, minutes=15),
        next_update_due_at=now - timedelta(minutes=20),
    )
    f.UpdateFactory(escalation=e, created_at=now - timedelta(hours=2), was_due_at=None)
    f.UpdateFactory(
        escalation=e, created_at=now - timedelta(hours=1), was_due_at=now - timedelta(minutes=61)
    )
    f.UpdateFactory(escalation=e, created_at=now - timedelta(minutes=50), was_due_at=now)
    html = admin_client.get(CHANGELIST).content.decode()
    assert "45 min" in html  # detection → escalation
    assert "67 %" in html and "2/3" in html  # one of three updates was a minute late
    assert "overdue 20 min" in html


def test_filters_return_the_right_rows(admin_client):
    now = timezone.now()
    owner = f.UserFactory(username="sam")
    stale = f.EscalatedFactory(title="Stale outage", next_update_due_at=now - timedelta(hours=1))
    fresh = f.EscalatedFactory(
        title="Fresh slip",
        kind=Kind.SCHEDULE_SLIP,
        severity=Severity.SEV3,
        owner=owner,
        next_update_due_at=now + timedelta(hours=5),
    )
    resolved = f.EscalationFactory(
        title="Old resolved",
        state=State.RESOLVED,
        escalated_at=now - timedelta(days=40),
        resolved_at=now - timedelta(days=39),
        next_update_due_at=now - timedelta(days=39),  # past, but nothing is owed any more
    )
    f.AskFactory(escalation=fresh)  # open
    f.AskFactory(escalation=stale, status="approved", decided_at=now)
    f.CoachOverrideFactory(escalation=resolved)

    def get(query: str) -> list[str]:
        return rows(admin_client.get(CHANGELIST + "?" + query))

    assert get("stale=yes") == ["Stale outage"]
    assert get("stale=no") == ["Fresh slip", "Old resolved"]
    assert get("kind__exact=schedule_slip") == ["Fresh slip"]
    assert get("severity__exact=sev3") == ["Fresh slip"]
    assert get("state__exact=resolved") == ["Old resolved"]
    assert get(f"owner__id__exact={owner.pk}") == ["Fresh slip"]
    assert get("open_asks=yes") == ["Fresh slip"]
    assert get("open_asks=no") == ["Old resolved", "Stale outage"]
    assert get("overrides=yes") == ["Old resolved"]
    assert get("overrides=no") == ["Fresh slip", "Stale outage"]
    last_month = now - timedelta(days=40)
    assert get(f"escalated_at__year={last_month.year}&escalated_at__month={last_month.month}") == [
        "Old resolved"
    ]


def test_search_covers_title_impact_cause_and_owner(admin_client):
    owner = f.UserFactory(username="kim", first_name="Kim", last_name="Okafor")
    f.EscalatedFactory(title="Ledger drift", impact_headline="Invoices doubled for 300 accounts")
    f.EscalatedFactory(title="Search slow", cause_statement="The Elasticsearch heap filled up")
    f.EscalatedFactory(title="Mobile crash", owner=owner)
    f.EscalatedFactory(title="Unrelated")

    def search(q: str) -> list[str]:
        return rows(admin_client.get(CHANGELIST, {"q": q}))

    assert search("drift") == ["Ledger drift"]
    assert search("invoices doubled") == ["Ledger drift"]
    assert search("heap") == ["Search slow"]
    assert search("okafor") == ["Mobile crash"]
    assert search("kim") == ["Mobile crash"]


def test_index_links_to_the_metrics_page_and_stale_list(reviewer_client):
    html = reviewer_client.get("/admin/").content.decode()
    assert reverse("admin:escalations_escalation_metrics") in html
    assert CHANGELIST + "?stale=yes" in html


# --- the story page ---------------------------------------------------------------------------


def test_change_form_tells_the_whole_story_in_order(admin_client):
    now = timezone.now()
    e = f.EscalatedFactory(
        title="EU checkout failing",
        detected_at=now - timedelta(hours=5),
        escalated_at=now - timedelta(hours=4),
        ownership_statement="I approved the deploy without a canary.",
    )
    f.ContributingFactorFactory(escalation=e, description="No canary stage", is_authors=True)
    f.RemediationActionFactory(escalation=e, description="Roll back the payment adapter")
    f.AskFactory(
        escalation=e,
        decision="Approve $8,000 for a second processor",
        status="approved",
        decided_at=now - timedelta(hours=3),
        decide_by=now - timedelta(hours=2),
    )
    f.AnticipatedQuestionFactory(escalation=e, question="Will we lose the Acme renewal?")
    f.UpdateFactory(
        escalation=e,
        body="Second update: **rollback done**",
        created_at=now - timedelta(hours=2),
        was_due_at=now - timedelta(hours=3),
    )
    f.UpdateFactory(
        escalation=e, body="First update: investigating", created_at=now - timedelta(hours=4)
    )
    f.MeetingFactory(escalation=e, starts_at=now - timedelta(hours=3), outcome="went_badly")
    f.OutboxMessageFactory(
        escalation=e,
        purpose="preread",
        subject="Pre-read: EU checkout failing",
        state="sent",
        sent_at=now,
    )
    f.CoachOverrideFactory(escalation=e, reason="Numbers still moving")
    token = "raw-token-that-must-never-appear"
    link = f.ShareLinkFactory(escalation=e, token=token, label="CTO phone")

    html = admin_client.get(change_url(e)).content.decode()
    order = [
        "Triage — is it executive-level?",
        "1 · Impact",
        "2 · Root cause",
        "No canary stage",
        "3 · Ownership",
        "I approved the deploy without a canary.",
        "4 · Remediation",
        "Roll back the payment adapter",
        "5 · Asks",
        "Approve $8,000 for a second processor",
        "Will we lose the Acme renewal?",
        "First update: investigating",
        "<strong>rollback done</strong>",
        "1:1 meetings",
        "Pre-read: EU checkout failing",
        "Numbers still moving",
        "CTO phone",
        "Post-incident review",
    ]
    positions = [html.find(text) for text in order]
    assert -1 not in positions, [t for t, p in zip(order, positions, strict=True) if p == -1]
    assert positions == sorted(positions)
    assert "late by 1 h" in html  # the second update answered a due time an hour earlier
    assert token not in html
    assert link.token_hash not in html
    # History is read-only even for a superuser: no inputs for updates, dispatches, overrides.
    assert 'name="updates-0-body"' not in html
    assert 'name="dispatches-0-subject"' not in html
    assert 'name="coach_overrides-0-reason"' not in html
    assert 'name="title"' not in html
    assert 'name="review_lessons"' in html


def test_share_link_admin_never_shows_token_or_hash(admin_client):
    link = f.ShareLinkFactory(token="another-raw-token", label="Board")
    for url in (
        "/admin/statuspages/sharelink/",
        reverse("admin:statuspages_sharelink_change", args=[link.pk]),
    ):
        html = admin_client.get(url).content.decode()
        assert "Board" in html
        assert "another-raw-token" not in html
        assert link.token_hash not in html


def test_superuser_records_the_review_without_touching_the_story(admin_client, superuser):
    now = timezone.now()
    e = f.EscalationFactory(
        title="Slipped launch", state=State.RESOLVED, escalated_at=now, resolved_at=now
    )
    response = admin_client.post(
        change_url(e),
        {
            "review_root_cause_confirmed": "true",
            "review_prevention_actions": "Canary stage for every payment deploy",
            "review_lessons": "Escalate at the first missed checkpoint",
            "title": "Rewritten title",
            **management_forms(admin_client, e),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    e.refresh_from_db()
    assert e.review_root_cause_confirmed is True
    assert e.review_lessons == "Escalate at the first missed checkpoint"
    assert e.title == "Slipped launch"


def management_forms(client: Client, e: Escalation) -> dict[str, str]:
    """The inline management-form fields exactly as the rendered page carries them."""
    html = client.get(change_url(e)).content.decode()
    return dict(
        re.findall(
            r'name="([\w-]+-(?:TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS)"[^>]*value="(\d*)"', html
        )
    )


# --- mark reviewed ------------------------------------------------------------------------------


def test_mark_reviewed_moves_resolved_escalations_and_explains_the_rest(admin_client, superuser):
    now = timezone.now()
    resolved = f.EscalationFactory(
        title="Resolved one", state=State.RESOLVED, escalated_at=now, resolved_at=now
    )
    still_open = f.EscalatedFactory(title="Still open")
    response = admin_client.post(
        CHANGELIST,
        {"action": "mark_reviewed", "_selected_action": [resolved.pk, still_open.pk]},
        follow=True,
    )
    texts = [str(m) for m in response.context["messages"]]
    assert any("Marked 1 escalation reviewed: Resolved one" in t for t in texts), texts
    assert any("“Still open” is escalated, not resolved" in t for t in texts), texts
    resolved.refresh_from_db()
    still_open.refresh_from_db()
    assert resolved.state == State.REVIEWED
    assert resolved.reviewed_by == superuser
    assert resolved.reviewed_at is not None
    assert still_open.state == State.ESCALATED
    assert not resolved.updates.filter(kind=UpdateKind.STATE_CHANGE).exists()


def test_save_and_mark_reviewed_from_the_story_page(admin_client, superuser):
    now = timezone.now()
    e = f.EscalationFactory(
        title="Slipped launch", state=State.RESOLVED, escalated_at=now, resolved_at=now
    )
    page = admin_client.get(change_url(e)).content.decode()
    assert 'name="_mark_reviewed"' in page
    response = admin_client.post(
        change_url(e),
        {
            "review_root_cause_confirmed": "true",
            "review_prevention_actions": "Weekly checkpoint with the vendor",
            "review_lessons": "Escalate the first missed checkpoint",
            "_mark_reviewed": "Save and mark reviewed",
            **management_forms(admin_client, e),
        },
        follow=True,
    )
    assert "“Slipped launch” is marked reviewed." in [str(m) for m in response.context["messages"]]
    e.refresh_from_db()
    assert e.state == State.REVIEWED and e.reviewed_by == superuser
    assert e.review_prevention_actions == "Weekly checkpoint with the vendor"
    history = admin_client.get(reverse("admin:escalations_escalation_history", args=[e.pk]))
    assert "Marked reviewed." in history.content.decode()
    # Reviewed is final: the button is gone.
    assert 'name="_mark_reviewed"' not in admin_client.get(change_url(e)).content.decode()


def test_open_escalation_offers_no_mark_reviewed_button(admin_client):
    e = f.EscalatedFactory()
    assert 'name="_mark_reviewed"' not in admin_client.get(change_url(e)).content.decode()


def test_owner_kind_and_last_update_read_the_same_in_the_list_and_the_record(admin_client):
    owner = f.UserFactory(username="demo", first_name="Dana", last_name="Okafor")
    e = f.EscalatedFactory(
        owner=owner,
        kind="third_party_outage",
        last_updated_at=datetime(2026, 11, 12, 14, 5, tzinfo=UTC),
    )
    listing = admin_client.get(CHANGELIST).content.decode()
    record = admin_client.get(change_url(e)).content.decode()
    for html in (listing, record):
        assert "Dana Okafor" in html
        assert "Third-party outage" in html
    assert "Third party<" not in listing
    assert ">12 Nov 2026 14:05<" in listing  # the time too, not only the date
    assert ">demo<" not in record


def test_chart_axis_labels_have_room_for_the_longest_tick():
    from escalations.review import charts

    svg = str(
        charts.bars(
            label="Time to escalate",
            labels=["Oct", "Nov"],
            values=[30.0, 37.5],
            value_fmt=lambda v: f"{v:.1f} min",
        )
    )
    # A tick is right-aligned at LEFT - 6; at about 7 px a character (11 px font) its text
    # must start inside the picture.
    longest = max(len(f"{v:.1f} min") for v in (0.0, 37.5, 40.0))
    assert charts.LEFT - 6 - 7 * longest >= 0
    assert "37.5 min" in svg or "40.0 min" in svg


def test_a_review_save_keeps_the_story_and_leaves_readers_pages_alone(admin_client, superuser):
    """The reviewer's notes are saved (through escalation_review_save); the author's update
    stays as it was and readers' cached pages stay valid (the version does not move)."""
    from escalations.updates.services import update_post

    e = f.EscalatedFactory(title="Slipped launch")
    update_post(escalation=e, author=e.owner, body="Vendor confirmed the new date.")
    after_update = Escalation.objects.get(pk=e.pk)
    response = admin_client.post(
        change_url(e),
        {
            "review_prevention_actions": "Weekly checkpoint with the vendor",
            **management_forms(admin_client, e),
        },
    )
    assert response.status_code == 302
    saved = Escalation.objects.get(pk=e.pk)
    assert saved.review_prevention_actions == "Weekly checkpoint with the vendor"
    assert saved.version == after_update.version
    assert saved.last_updated_at == after_update.last_updated_at
