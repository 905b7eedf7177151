"""The coach as the author meets it: per field, live, through /coach/check/."""

from __future__ import annotations

import pytest
from django.test import Client

from escalations.coach.fields import (
    check_field,
    checklist_for_field,
    coaching_for,
    escalation_findings,
    open_errors,
)
from escalations.selectors import escalation_full_queryset
from tests import factories as f

pytestmark = pytest.mark.django_db


def _check(client: Client, field: str, text: str):
    return client.post("/coach/check/", {"coach_field": field, field: text}, HTTP_HX_REQUEST="true")


def test_vague_impact_gets_a_highlighted_finding_with_reason_and_rewrite(author_client):
    response = _check(
        author_client, "impact_headline", "A few users might be seeing odd behaviour."
    )
    html = response.content.decode()
    assert response.status_code == 200
    # The missing number is a checklist line for the section, not a mark on the words.
    assert 'class="coach-check coach-check-open" data-rule="impact-needs-number"' in html
    assert "<mark>might</mark>" in html or "<mark>A few</mark>" in html
    assert "Better:" in html
    assert "Fix before escalating" not in html  # warnings only; no error on these words


def test_a_good_sentence_is_not_marked_for_what_another_field_answers(author_client):
    html = _check(
        author_client, "asks-0-decision", "Approve two contractors ($14K)."
    ).content.decode()
    assert "coach-finding" not in html and "Clear and specific" in html
    items = {i.rule: i for i in checklist_for_field("asks-0-decision", "Approve two contractors.")}
    assert (
        items["ask-needs-deadline"].met and items["ask-needs-deadline"].answered_by == "decide-by"
    )


def test_update_errors_say_posting_not_escalating(author_client):
    html = _check(
        author_client, "body", "The data team never replied, so we wait."
    ).content.decode()
    assert "Fix before posting" in html
    assert "before escalating" not in html


def test_clean_field_shows_a_quiet_tick(author_client):
    response = _check(
        author_client,
        "impact_headline",
        "2,400 customers cannot log in since 08:00 UTC; 31 renewals are due Friday.",
    )
    html = response.content.decode()
    assert "Clear and specific" in html
    assert "coach-finding" not in html


def test_empty_field_says_nothing(author_client):
    assert _check(author_client, "impact_headline", "   ").content.decode().strip() == ""


def test_structured_rows_are_not_nagged_for_what_the_form_already_holds():
    # An action row has its own owner and due fields: no "needs owner/date" on its text.
    rules = {x.rule for x in check_field("actions-0-description", "Deploy the patched certificate")}
    assert not rules
    items = checklist_for_field("actions-0-description", "Deploy the patched certificate")
    assert {(i.rule, i.met, i.answered_by) for i in items} == {
        ("remediation-needs-owner", True, "owner"),
        ("remediation-needs-date", True, "due time"),
    }
    # …but vague commitments in the row are still caught.
    assert check_field("actions-1-description", "Looking into it, fix coming soon")
    # An ask row has its own decide-by, but the decision verb still matters.
    ask_rules = {x.rule for x in check_field("asks-0-decision", "Thoughts on more people?")}
    assert "ask-needs-deadline" not in ask_rules
    assert ask_rules
    unmet = {
        i.rule
        for i in checklist_for_field("asks-0-decision", "Thoughts on more people?")
        if not i.met
    }
    assert unmet == {"ask-needs-decision"}


def test_unknown_fields_are_not_coached():
    assert coaching_for("executive_pick") is None
    assert check_field("executive_pick", "might be some people") == []


def test_update_body_is_coached_as_an_update(author_client):
    html = _check(author_client, "body", "FYI, see thread. More soon.").content.decode()
    assert "coach-finding" in html


def test_coach_check_needs_login_and_post(client, author_client):
    assert client.post("/coach/check/", {"coach_field": "body", "body": "x"}).status_code == 302
    assert author_client.get("/coach/check/").status_code == 405


def test_coach_check_enforces_csrf(user):
    c = Client(enforce_csrf_checks=True)
    c.force_login(user)
    assert c.post("/coach/check/", {"coach_field": "body", "body": "x"}).status_code == 403


def test_findings_are_escaped_not_rendered(author_client):
    html = _check(
        author_client, "impact_headline", "<script>alert(1)</script> a few users"
    ).content.decode()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_a_well_written_escalation_has_no_open_errors():
    e = f.EscalationFactory()
    f.RemediationActionFactory(escalation=e)
    f.AskFactory(escalation=e)
    full = escalation_full_queryset().get(pk=e.pk)
    assert open_errors(full) == []
    labels = {ff.label for ff in escalation_findings(full)}
    assert {"Impact", "Root cause", "Ownership", "Remediation", "Asks"} <= labels


def test_a_diffused_ownership_statement_is_an_open_error():
    e = f.EscalationFactory(
        ownership_statement="The team missed it; an error was introduced during the deploy."
    )
    errors = open_errors(escalation_full_queryset().get(pk=e.pk))
    assert any(ff.field == "ownership_statement" for ff, _ in errors)


@pytest.mark.parametrize(
    ("field", "text", "rule"),
    [
        ("questions-0-answer", "Probably not, we think it's fine.", "hedging"),
        ("questions-__prefix__-answer", "Long story, honestly.", "brush-off"),
        ("note", "More soon.", "empty-update"),
        ("asks_decision_threshold", "We'll probably sort the rest out somehow.", "hedging"),
    ],
)
def test_everything_the_executive_reads_is_coached_live(author_client, field, text, rule):
    html = _check(author_client, field, text).content.decode()
    assert f'data-rule="{rule}"' in html, html


def test_no_reason_is_asked_for_what_a_structured_field_answers():
    # The action text names no owner or time and the ask no deadline: the rows' owner,
    # due time and decide-by answer them, so escalating needs no override for them.
    e = f.EscalationFactory()
    f.RemediationActionFactory(escalation=e, description="Install the renewed IdP certificate")
    f.AskFactory(escalation=e, decision="Approve $12,000 for a second IdP region")
    full = escalation_full_queryset().get(pk=e.pk)
    assert open_errors(full) == []
    rows = {ff.field: ff for ff in escalation_findings(full)}
    answered = {i.rule: i.answered_by for i in rows["actions-0-description"].checklist}
    assert answered == {"remediation-needs-owner": "owner", "remediation-needs-date": "due time"}


def test_a_missing_number_in_the_impact_is_an_open_item_without_marking_words():
    e = f.EscalationFactory(impact_headline="Customers cannot pay by card.")
    errors = open_errors(escalation_full_queryset().get(pk=e.pk))
    [(ff, finding)] = [(ff, x) for ff, x in errors if ff.field == "impact_headline"]
    assert finding.rule == "impact-needs-number"
    assert (finding.start, finding.end) == (0, len(ff.text))  # the field, not some words
    assert ff.findings == []
