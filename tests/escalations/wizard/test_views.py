"""The wizard as a server: each step valid and invalid, the fixed order, drafts, rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from escalations.models import (
    AnticipatedQuestion,
    Ask,
    ContributingFactor,
    Escalation,
    Kind,
    Profile,
    RemediationAction,
    TriageVerdict,
)
from escalations.wizard import steps as wizard
from tests import factories as f
from tests.escalations.wizard.helpers import (
    CAUSE,
    IMPACT,
    PREPARE,
    REMEDIATION,
    TRIAGE,
    VALID,
    complete_draft,
    fill_until,
    rows,
    step_url,
)

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def draft(user):
    return Escalation.objects.create(owner=user, title="")


def _reload(e) -> Escalation:
    return Escalation.objects.get(pk=e.pk)


def test_triage_executive_verdict_is_saved_with_its_reason(author_client, draft):
    response = author_client.post(step_url(draft, "triage"), TRIAGE)
    assert response["Location"] == step_url(draft, "impact")
    e = _reload(draft)
    assert e.title == TRIAGE["title"]
    assert e.executive.name == "Priya Raman" and e.executive.title == "CTO"
    assert e.executive.time_zone == "America/New_York"
    assert e.triage_verdict == TriageVerdict.EXECUTIVE
    assert "revenue" in e.triage_reason and "reputational risk" in e.triage_reason
    assert e.triage_override_reason == ""


def test_minor_issue_is_routed_to_the_normal_channel_with_the_reason(author_client, draft):
    minor = {
        **TRIAGE,
        "triage_business_impact": "no",
        "triage_severe": "no",
        "triage_reputational_risk": "no",
    }
    response = author_client.post(step_url(draft, "triage"), minor)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Route this to the normal channel:" in page
    assert "owning team, your manager or the ticket queue" in page
    assert "say why the executive must hear it" in page
    # Not complete: the next step stays locked.
    assert author_client.get(step_url(draft, "impact"))["Location"] == step_url(draft, "triage")


def test_continuing_anyway_records_the_reason(author_client, draft):
    minor = {
        **TRIAGE,
        "triage_business_impact": "no",
        "triage_severe": "no",
        "triage_reputational_risk": "no",
        "triage_override_reason": "Our largest customer's CEO emailed ours this morning.",
    }
    response = author_client.post(step_url(draft, "triage"), minor)
    assert response["Location"] == step_url(draft, "impact")
    e = _reload(draft)
    assert e.triage_verdict == TriageVerdict.NORMAL_CHANNEL
    assert e.triage_override_reason.startswith("Our largest customer's CEO")


def test_triage_needs_all_four_answers_and_says_so(author_client, draft):
    data = {k: v for k, v in TRIAGE.items() if k != "triage_severe"}
    page = author_client.post(step_url(draft, "triage"), data).content.decode()
    assert "Answer yes or no." in page
    assert _reload(draft).triage_verdict == ""


def test_verdict_preview_follows_the_answers(author_client, draft):
    url = reverse("escalations:wizard_verdict", args=[draft.pk])
    params = {k: "no" for k in TRIAGE if k.startswith("triage_")}
    page = author_client.get(url, params, headers={"HX-Request": "true"}).content.decode()
    assert "Route this to the normal channel" in page
    assert "triage_override_reason" in page
    params["triage_severe"] = "yes"
    page = author_client.get(url, params, headers={"HX-Request": "true"}).content.decode()
    assert "Executive-level: it is severe" in page


def test_triage_remembers_the_author_time_zone(author_client, draft, user):
    author_client.post(step_url(draft, "triage"), {**TRIAGE, "author_time_zone": "Asia/Tokyo"})
    assert Profile.objects.get(user=user).time_zone == "Asia/Tokyo"
    assert author_client.session["upward_tz"] == "Asia/Tokyo"


def test_direct_url_to_a_later_step_redirects_to_the_first_incomplete_one(author_client, draft):
    fill_until(author_client, draft, "impact")
    response = author_client.get(step_url(draft, "remediation"))
    assert response.status_code == 302
    assert response["Location"] == step_url(draft, "cause")
    assert _messages(response) == [
        "Finish “Root cause” first: Say what broke and why.",
    ]


def test_posting_a_later_step_first_is_rejected_and_nothing_is_saved(author_client, draft):
    fill_until(author_client, draft, "impact")
    response = author_client.post(step_url(draft, "ownership"), VALID["ownership"])
    assert response["Location"] == step_url(draft, "cause")
    e = _reload(draft)
    assert e.ownership_statement == ""
    assert "ownership" not in e.wizard_drafts


def test_rows_posted_to_a_locked_step_are_not_created(author_client, draft):
    fill_until(author_client, draft, "triage")
    author_client.post(step_url(draft, "remediation"), REMEDIATION)
    assert not RemediationAction.objects.filter(escalation=draft).exists()


def test_autosave_to_a_locked_step_is_refused(author_client, draft):
    url = reverse("escalations:wizard_autosave", args=[draft.pk, "impact"])
    response = author_client.post(url, {"impact_headline": "sneaky"})
    assert response.status_code == 409
    assert "finish “Triage” first" in response.content.decode()
    assert _reload(draft).wizard_drafts == {}


def test_unknown_step_is_404(author_client, draft):
    assert author_client.get(step_url(draft, "epilogue")).status_code == 404


def test_going_back_to_an_earlier_step_is_allowed_and_shows_saved_text(author_client, draft):
    fill_until(author_client, draft, "ownership")
    page = author_client.get(step_url(draft, "impact")).content.decode()
    assert "€38,000 per hour" in page
    assert 'aria-current="step"' in page


def test_resume_goes_to_the_first_incomplete_step(author_client, draft):
    fill_until(author_client, draft, "cause")
    response = author_client.get(reverse("escalations:wizard_resume", args=[draft.pk]))
    assert response["Location"] == step_url(draft, "ownership")


def test_an_edit_that_invalidates_a_later_step_sends_the_author_there(author_client, user):
    e = complete_draft(owner=user, kind=Kind.MAJOR_INCIDENT)
    assert wizard.is_complete(e)
    # Now it is a schedule slip, but the impact says nothing about delay.
    response = author_client.post(step_url(e, "triage"), {**TRIAGE, "kind": "schedule_slip"})
    assert response["Location"] == step_url(e, "impact")
    (message,) = _messages(response)
    assert "“Impact” needs another look" in message
    assert "days of delay or the dates that moved" in message


def test_moving_detection_after_the_actions_sends_the_author_to_remediation(author_client, user):
    e = complete_draft(owner=user)
    due = RemediationAction.objects.get(escalation=e).due_at
    later = (due + timedelta(days=2)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M")
    with_tz = {**IMPACT, "detected_at": later}
    response = author_client.post(step_url(e, "impact"), with_tz)
    assert response["Location"] == step_url(e, "remediation")
    assert "is due before the problem started" in _messages(response)[0]


def test_impact_without_any_number_is_refused_with_the_reason(author_client, draft):
    fill_until(author_client, draft, "triage")
    response = author_client.post(
        step_url(draft, "impact"), {"impact_headline": "A few users see odd behaviour."}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Give at least one number" in page
    assert "What you typed is kept" in page
    e = _reload(draft)
    assert e.impact_headline == ""
    # …but the text is kept as the step's draft.
    assert e.wizard_drafts["impact"]["impact_headline"] == ["A few users see odd behaviour."]


def test_impact_share_must_be_a_percentage(author_client, draft):
    fill_until(author_client, draft, "triage")
    page = author_client.post(
        step_url(draft, "impact"), {**IMPACT, "impact_share_failing_pct": "180"}
    ).content.decode()
    assert "Enter a percentage from 0 to 100." in page
    # Too many digits is the same mistake, said the same way.
    page = author_client.post(
        step_url(draft, "impact"), {**IMPACT, "impact_share_failing_pct": "1234"}
    ).content.decode()
    assert "Enter a percentage from 0 to 100." in page and "digits" not in page


def test_a_metric_needs_its_unit(author_client, draft):
    fill_until(author_client, draft, "triage")
    data = {"impact_headline": "Orders stuck.", "impact_metric_value": "1200"}
    page = author_client.post(step_url(draft, "impact"), data).content.decode()
    assert "Say what the number counts" in page


def test_cause_needs_confirmed_or_preliminary(author_client, draft):
    fill_until(author_client, draft, "impact")
    data = {**CAUSE, "cause_confidence": ""}
    page = author_client.post(step_url(draft, "cause"), data).content.decode()
    assert "Say whether the cause is confirmed or preliminary." in page
    assert _reload(draft).cause_statement == ""


def test_contributing_factors_are_saved_with_the_one_i_controlled(author_client, draft):
    fill_until(author_client, draft, "impact")
    data = {
        **CAUSE,
        **rows(
            "factors",
            [
                {"description": "Pinning without alerts (my call)", "is_authors": "on"},
                {"description": "Notice went to a shared inbox"},
            ],
        ),
    }
    assert author_client.post(step_url(draft, "cause"), data).status_code == 302
    factors = list(ContributingFactor.objects.filter(escalation=draft))
    assert [(x.description, x.is_authors, x.position) for x in factors] == [
        ("Pinning without alerts (my call)", True, 0),
        ("Notice went to a shared inbox", False, 1),
    ]


def test_only_one_factor_can_be_mine(author_client, draft):
    fill_until(author_client, draft, "impact")
    data = {
        **CAUSE,
        **rows(
            "factors",
            [{"description": "A", "is_authors": "on"}, {"description": "B", "is_authors": "on"}],
        ),
    }
    page = author_client.post(step_url(draft, "cause"), data).content.decode()
    assert "Mark only one factor as the one you controlled." in page
    assert not ContributingFactor.objects.exists()


def test_ownership_is_required(author_client, draft):
    fill_until(author_client, draft, "cause")
    page = author_client.post(
        step_url(draft, "ownership"), {"ownership_statement": "  "}
    ).content.decode()
    assert "Say what you own" in page


def test_remediation_needs_an_action(author_client, draft):
    fill_until(author_client, draft, "ownership")
    data = {"remediation_mitigation": "Rolled back.", **rows("actions", [])}
    page = author_client.post(step_url(draft, "remediation"), data).content.decode()
    assert "Add at least one action with an owner and a due time." in page


def test_an_action_needs_an_owner_and_a_due_time(author_client, draft):
    fill_until(author_client, draft, "ownership")
    data = {**rows("actions", [{"description": "Patch it", "kind": "corrective"}])}
    page = author_client.post(step_url(draft, "remediation"), data).content.decode()
    assert "Every action needs one named owner." in page
    assert "Every action needs a due time." in page
    assert not RemediationAction.objects.exists()


def test_rows_can_be_added_and_removed_without_javascript(author_client, draft):
    fill_until(author_client, draft, "ownership")
    url = step_url(draft, "remediation")
    first = {
        "description": "Ship the fix",
        "owner_name": "Sam",
        "due_at": "2030-01-01T10:00",
        "kind": "corrective",
    }
    page = author_client.post(url, {**rows("actions", [first]), "add_row": "actions"}).content
    page = page.decode()
    assert 'name="actions-1-description"' in page
    assert 'value="Ship the fix"' in page
    assert "is-invalid" not in page  # adding a row is not a failed save
    data = {
        **rows("actions", [first, {**first, "description": "Alert on rotation"}]),
        "remove_row": "actions-0",
    }
    page = author_client.post(url, data).content.decode()
    assert "Removed — it goes when you save this step." in page
    assert 'name="actions-0-DELETE" value="on"' in page


def test_htmx_add_row_returns_one_row_and_the_new_total(author_client, draft):
    fill_until(author_client, draft, "ownership")
    url = reverse("escalations:wizard_row_add", args=[draft.pk, "remediation"])
    page = author_client.get(
        url, {"actions-TOTAL_FORMS": "1"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert 'name="actions-1-description"' in page
    assert 'name="actions-1-owner_name"' in page
    assert 'id="coach-actions-1-description"' in page
    assert 'name="actions-TOTAL_FORMS" value="2"' in page and 'hx-swap-oob="true"' in page


def test_removing_a_saved_action_deletes_it_on_save(author_client, user):
    e = complete_draft(owner=user)
    keep = f.RemediationActionFactory(escalation=e, description="Keep me")
    gone = RemediationAction.objects.filter(escalation=e).exclude(pk=keep.pk).get()
    remove_url = reverse("escalations:wizard_row_remove", args=[e.pk, "remediation"])
    page = author_client.get(
        remove_url, {"row": "actions-0", "actions-0-id": gone.pk}, headers={"HX-Request": "true"}
    ).content.decode()
    assert f'name="actions-0-id" value="{gone.pk}"' in page
    data = {
        **rows(
            "actions",
            [
                {"id": str(gone.pk), "DELETE": "on"},
                {
                    "id": str(keep.pk),
                    "description": "Keep me",
                    "owner_name": "Sam",
                    "due_at": "2030-01-01T10:00",
                    "kind": "corrective",
                },
            ],
            initial=2,
        ),
    }
    response = author_client.post(step_url(e, "remediation"), data)
    assert response.status_code == 302
    assert list(RemediationAction.objects.filter(escalation=e).values_list("pk", flat=True)) == [
        keep.pk
    ]


def test_another_escalations_row_id_cannot_be_edited_through_my_formset(
    author_client, user, other_user
):
    mine = complete_draft(owner=user)
    theirs = f.RemediationActionFactory(
        escalation=f.EscalationFactory(owner=other_user), description="Theirs"
    )
    data = rows(
        "actions",
        [
            {
                "id": str(theirs.pk),
                "description": "Hijacked",
                "owner_name": "Eve",
                "due_at": "2030-01-01T10:00",
                "kind": "corrective",
            }
        ],
        initial=1,
    )
    author_client.post(step_url(mine, "remediation"), data)
    theirs.refresh_from_db()
    assert theirs.description == "Theirs"


def test_asks_need_an_ask_or_information_only_with_a_reason(author_client, draft):
    fill_until(author_client, draft, "remediation")
    url = step_url(draft, "asks")
    page = author_client.post(url, rows("asks", [])).content.decode()
    assert "Add at least one ask with a decide-by time" in page
    page = author_client.post(
        url, {**rows("asks", []), "asks_information_only": "on"}
    ).content.decode()
    assert "Say why no decision is needed." in page
    response = author_client.post(
        url,
        {
            **rows("asks", []),
            "asks_information_only": "on",
            "asks_information_only_reason": "The fix is funded and in hand.",
        },
    )
    assert response["Location"] == step_url(draft, "prepare")


def test_an_ask_needs_a_decide_by_time(author_client, draft):
    fill_until(author_client, draft, "remediation")
    data = rows("asks", [{"decision": "Approve two contractors", "kind": "approve_spend"}])
    page = author_client.post(step_url(draft, "asks"), data).content.decode()
    assert "Every ask needs a decide-by time." in page
    assert not Ask.objects.exists()


def test_prepare_needs_two_answered_questions(author_client, draft):
    fill_until(author_client, draft, "asks")
    one = rows("questions", [{"question": "Regulator?", "answer": "No data exposed."}])
    page = author_client.post(step_url(draft, "prepare"), one).content.decode()
    assert "Prepare at least 2 likely follow-up questions" in page
    unanswered = rows(
        "questions", [{"question": "Regulator?", "answer": "No."}, {"question": "Again?"}]
    )
    page = author_client.post(step_url(draft, "prepare"), unanswered).content.decode()
    assert "Prepare the answer, with the data." in page
    response = author_client.post(step_url(draft, "prepare"), PREPARE)
    assert response["Location"] == reverse("escalations:review", args=[draft.pk])
    assert AnticipatedQuestion.objects.filter(escalation=draft).count() == 2


def test_autosave_keeps_invalid_text_and_restores_it_on_return(author_client, draft):
    fill_until(author_client, draft, "triage")
    url = reverse("escalations:wizard_autosave", args=[draft.pk, "impact"])
    response = author_client.post(
        url,
        {"impact_headline": "Half a thought about <b>users", "impact_share_failing_pct": "abc"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Draft saved" in response.content.decode()
    e = _reload(draft)
    assert e.wizard_autosaved_at is not None
    assert e.impact_headline == ""  # the section itself is untouched
    page = author_client.get(step_url(draft, "impact")).content.decode()
    assert "Half a thought about &lt;b&gt;users" in page
    assert 'value="abc"' in page
    assert "Restored what you typed" in page
    assert "is-invalid" not in page  # no shouting about fields not reached yet


def test_autosave_stores_only_the_steps_own_fields(author_client, draft):
    fill_until(author_client, draft, "triage")
    url = reverse("escalations:wizard_autosave", args=[draft.pk, "impact"])
    author_client.post(url, {"impact_headline": "x", "state": "resolved", "owner": "1"})
    assert _reload(draft).wizard_drafts["impact"] == {"impact_headline": ["x"]}


def test_a_valid_save_clears_the_steps_draft(author_client, draft):
    fill_until(author_client, draft, "triage")
    url = reverse("escalations:wizard_autosave", args=[draft.pk, "impact"])
    author_client.post(url, {"impact_headline": "draft"})
    author_client.post(step_url(draft, "impact"), IMPACT)
    assert "impact" not in _reload(draft).wizard_drafts


def test_autosaved_rows_come_back_too(author_client, draft):
    fill_until(author_client, draft, "ownership")
    url = reverse("escalations:wizard_autosave", args=[draft.pk, "remediation"])
    data = rows(
        "actions",
        [{"description": "First"}, {"description": "Second, half typed"}],
    )
    author_client.post(url, data)
    page = author_client.get(step_url(draft, "remediation")).content.decode()
    assert 'value="Second, half typed"' in page


def test_htmx_submit_swaps_in_the_next_step_and_pushes_its_url(author_client, draft):
    response = author_client.post(step_url(draft, "triage"), TRIAGE, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Push-Url"] == step_url(draft, "impact")
    assert "HX-Request" in response["Vary"]  # the full page and the partial never mix
    page = response.content.decode()
    assert page.lstrip().startswith("<title>Impact · Checkout payments failing for EU cards")
    assert '<div id="wizard-step"' in page
    assert "<html" not in page
    assert "The headline: the business consequence in one sentence" in page


def test_htmx_invalid_submit_returns_the_step_with_errors(author_client, draft):
    fill_until(author_client, draft, "triage")
    response = author_client.post(
        step_url(draft, "impact"), {"impact_headline": ""}, headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page and "Some answers need attention" in page


def test_htmx_jump_ahead_is_a_client_redirect_with_a_message(author_client, draft):
    response = author_client.get(step_url(draft, "asks"), headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == step_url(draft, "triage")


@pytest.mark.parametrize(
    ("slug", "fields"),
    [
        ("impact", ["impact_headline", "impact_detail"]),
        ("cause", ["cause_statement", "factors-0-description"]),
        ("ownership", ["ownership_statement"]),
        (
            "remediation",
            [
                "remediation_mitigation",
                "remediation_alternatives",
                "remediation_prevention",
                "actions-0-description",
            ],
        ),
        ("asks", ["asks_decision_threshold", "asks-0-decision"]),
        ("prepare", ["questions-0-answer", "questions-1-answer"]),
    ],
)
def test_each_free_text_field_has_an_empty_coach_slot(author_client, user, slug, fields):
    e = complete_draft(owner=user)
    ContributingFactor.objects.create(escalation=e, description="x")
    page = author_client.get(step_url(e, slug)).content.decode()
    for name in fields:
        assert f'<div class="coach-feedback" id="coach-{name}" aria-live="polite"></div>' in page


def test_glossary_terms_appear_as_tooltips(author_client, user):
    e = complete_draft(owner=user)
    page = author_client.get(step_url(e, "remediation")).content.decode()
    for word in ["mitigation", "rollback", "single point of failure (SPOF)", "high availability"]:
        assert f">{word}" in page
    assert 'data-bs-toggle="tooltip"' in page


def test_times_are_typed_in_the_authors_zone_and_stored_in_utc(author_client, user):
    f.ProfileFactory(user=user, time_zone="Europe/Berlin")
    e = complete_draft(owner=user, detected_at=None)
    action = {
        "description": "Ship the fix",
        "owner_name": "Sam",
        "kind": "corrective",
    }
    # The factory's action is replaced: delete it in the same post.
    old = RemediationAction.objects.get(escalation=e)
    data = rows(
        "actions",
        [
            {"id": str(old.pk), "DELETE": "on"},
            {**action, "due_at": "2030-01-15T16:00"},  # CET, UTC+1
            {**action, "due_at": "2030-07-15T16:00"},  # CEST, UTC+2
        ],
        initial=1,
    )
    assert author_client.post(step_url(e, "remediation"), data).status_code == 302
    dues = list(RemediationAction.objects.filter(escalation=e).values_list("due_at", flat=True))
    assert dues == [
        datetime(2030, 1, 15, 15, 0, tzinfo=UTC),
        datetime(2030, 7, 15, 14, 0, tzinfo=UTC),
    ]
    page = author_client.get(step_url(e, "remediation")).content.decode()
    assert 'value="2030-01-15T16:00"' in page  # shown back in Berlin time
    # The executive (New York) sees their own clock next to it.
    assert "That is Tue 15 Jan 10:00 EST for Jordan." in page


def test_a_time_the_clocks_skip_is_refused_with_a_clear_message(author_client, user):
    f.ProfileFactory(user=user, time_zone="Europe/Berlin")
    e = complete_draft(owner=user, detected_at=None)
    old = RemediationAction.objects.get(escalation=e)
    data = rows(
        "actions",
        [
            {
                "id": str(old.pk),
                "description": "Ship",
                "owner_name": "Sam",
                "due_at": "2030-03-31T02:30",  # Berlin springs forward 02:00 → 03:00
                "kind": "corrective",
            }
        ],
        initial=1,
    )
    page = author_client.post(step_url(e, "remediation"), data).content.decode()
    assert "couldn’t be interpreted in time zone Europe/Berlin" in page
    old.refresh_from_db()
    assert old.description == "Install the renewed IdP certificate"


@pytest.mark.parametrize("slug", ["triage", "impact", "cause", "remediation", "asks", "prepare"])
def test_author_text_never_becomes_markup_on_a_step_page(author_client, user, slug):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    e = complete_draft(
        owner=user,
        executive_name=f"{payload} Blake",
        title=payload,
        impact_headline=f"2,400 {payload}",
        remediation_mitigation=payload,
    )
    a = e.actions.get()
    a.description = payload
    a.save()
    e.wizard_drafts = {slug: {"impact_headline": [payload], "asks-0-decision": [payload]}}
    e.save()
    page = author_client.get(step_url(e, slug)).content.decode()
    assert "<script>alert" not in page
    assert "<img src=x" not in page


def test_a_fix_made_from_the_review_goes_back_to_the_review(author_client, user):
    e = complete_draft(owner=user)
    page = author_client.get(step_url(e, "impact")).content.decode()
    assert "Save and review" in page
    response = author_client.post(step_url(e, "impact"), IMPACT)
    assert response["Location"] == reverse("escalations:review", args=[e.pk])


def test_a_typo_year_is_refused_with_a_message_not_a_500(author_client, user):
    from tests.escalations.wizard.helpers import ASKS

    e = complete_draft(owner=user)
    data = dict(ASKS)
    key = next(k for k in data if k.endswith("decide_by"))
    data[key] = "0001-01-01T00:00"
    response = author_client.post(step_url(e, "asks"), data)
    assert response.status_code == 200
    assert "looks like a typo" in response.content.decode()
    assert author_client.get(reverse("escalations:review", args=[e.pk])).status_code == 200


def test_a_pasted_nul_character_does_not_lose_the_draft(author_client, user):
    e = complete_draft(owner=user)
    url = reverse("escalations:wizard_autosave", args=[e.pk, "ownership"])
    response = author_client.post(url, {"ownership_statement": "I approved \x00 it"})
    assert response.status_code == 200
    e.refresh_from_db()
    assert e.wizard_drafts["ownership"]["ownership_statement"] == ["I approved  it"]


def test_saving_a_step_on_a_shared_draft_refreshes_its_status_page(author_client, user):
    from tests.escalations.wizard.helpers import OWNERSHIP

    e = complete_draft(owner=user)
    before = e.version
    author_client.post(step_url(e, "ownership"), OWNERSHIP)
    e.refresh_from_db()
    assert e.version > before
