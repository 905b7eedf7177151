"""Bad input gets a clear message, never a 500, and what was typed stays on the page.

NUL and other control characters, line breaks in one-line fields, text past every field's
limit, a draft too large to autosave, and values a database constraint would refuse.
"""

from __future__ import annotations

import html as html_lib

import pytest
from django.urls import reverse

from escalations.models import Escalation, State, Update
from statuspages.models import ShareLink
from tests import factories as f
from tests.escalations.wizard.helpers import IMPACT, TRIAGE, complete_draft, step_url

pytestmark = pytest.mark.django_db

DIFFUSED = "The team missed the expiry alert; an error was introduced during the rotation."


def _page(response) -> str:
    return html_lib.unescape(response.content.decode())


def test_a_newline_or_nul_in_the_title_is_a_field_error(author_client, user):
    e = f.EscalationFactory(owner=user, title="Old title")
    r = author_client.post(step_url(e, "triage"), {**TRIAGE, "title": "Payments\nBcc: x@evil"})
    assert r.status_code == 200
    assert "Keep this on one line: remove the line break." in _page(r)
    r = author_client.post(step_url(e, "triage"), {**TRIAGE, "title": "Pay\x00ments"})
    assert r.status_code == 200
    assert "Remove the invisible character at position 4 (U+0000" in _page(r)
    assert Escalation.objects.get(pk=e.pk).title == "Old title"


def test_a_control_character_in_a_multi_line_field_is_refused_but_newlines_are_fine(
    author_client, user
):
    e = f.EscalationFactory(owner=user)
    r = author_client.post(
        step_url(e, "impact"), {**IMPACT, "impact_headline": "18% fail\x07 since 08:05"}
    )
    assert r.status_code == 200
    assert "U+0007" in _page(r)
    r = author_client.post(
        step_url(e, "impact"),
        {**IMPACT, "impact_headline": "18% of EU checkout payments fail\nsince 08:05 UTC."},
    )
    assert r.status_code == 302
    e.refresh_from_db()
    assert e.impact_headline == "18% of EU checkout payments fail\nsince 08:05 UTC."


def test_every_multi_line_wizard_field_has_a_limit(author_client, user):
    e = f.EscalationFactory(owner=user, impact_headline="before")
    r = author_client.post(step_url(e, "impact"), {**IMPACT, "impact_headline": "x" * 5001})
    assert r.status_code == 200
    assert "Ensure this value has at most 5000 characters (it has 5001)." in _page(r)
    assert Escalation.objects.get(pk=e.pk).impact_headline == "before"


def test_an_invalid_step_too_large_for_a_draft_answers_413_and_keeps_the_text(author_client, user):
    e = f.EscalationFactory(owner=user)
    huge = "MARKER" + "x" * 100_001
    r = author_client.post(step_url(e, "impact"), {**IMPACT, "impact_headline": huge})
    assert r.status_code == 413
    page = _page(r)
    assert "Not saved: this step holds more than 100,000 characters" in page
    assert huge in page  # what was typed is still in the box


def test_add_row_without_javascript_carrying_a_megabyte_answers_413(author_client, user):
    e = complete_draft(owner=user)
    data = {
        "asks_decision_threshold": "MARKER" + "y" * 1_000_000,
        "add_row": "asks",
        "asks-TOTAL_FORMS": "1",
        "asks-INITIAL_FORMS": "0",
        "asks-MIN_NUM_FORMS": "0",
        "asks-MAX_NUM_FORMS": "1000",
    }
    r = author_client.post(step_url(e, "asks"), data)
    assert r.status_code == 413
    assert "Not saved" in _page(r) and "MARKER" in _page(r)


def test_autosave_too_large_says_so_in_plain_text(author_client, user):
    e = f.EscalationFactory(owner=user)
    r = author_client.post(
        reverse("escalations:wizard_autosave", args=[e.pk, "impact"]),
        {"impact_headline": "z" * 100_001},
    )
    assert r.status_code == 413
    assert r["Content-Type"].startswith("text/plain")
    assert "Not saved" in r.content.decode()


def test_a_negative_revenue_is_a_field_error_in_plain_words(author_client, user):
    e = f.EscalationFactory(owner=user)
    r = author_client.post(step_url(e, "impact"), {**IMPACT, "impact_revenue_per_hour": "-5"})
    assert r.status_code == 200
    page = _page(r)
    assert "Revenue at risk cannot be negative" in page
    assert "Constraint" not in page and "esc_revenue_per_hour_not_negative" not in page


def test_a_negative_ask_amount_is_a_field_error_in_plain_words(author_client, user):
    from tests.escalations.wizard.helpers import ASKS

    e = complete_draft(owner=user)
    r = author_client.post(step_url(e, "asks"), {**ASKS, "asks-0-amount": "-1"})
    assert r.status_code == 200
    page = _page(r)
    assert "An amount cannot be negative" in page
    assert "Constraint" not in page


@pytest.mark.parametrize(
    ("note", "message"),
    [
        ("Rolled back\x00", "U+0000"),
        ("n" * 5001, "Keep the note under 5000 characters (this one has 5001)"),
    ],
)
def test_state_note_with_nul_or_too_long_is_refused_and_kept(author_client, user, note, message):
    e = f.EscalatedFactory(owner=user)
    before = Update.objects.count()
    r = author_client.post(
        reverse("escalations:state", args=[e.pk]), {"state": "contained", "note": note}
    )
    assert r.status_code == 422
    page = _page(r)
    assert message in page
    assert note.replace("\x00", "\ufffd")[:200] in page or note[:200] in page
    e.refresh_from_db()
    assert e.state == "escalated"
    assert Update.objects.count() == before


def test_a_nul_in_an_override_reason_is_refused_with_a_message(author_client, user):
    e = complete_draft(owner=user, ownership_statement=DIFFUSED)
    review = author_client.get(reverse("escalations:review", args=[e.pk])).content.decode()
    import re

    names = re.findall(r'name="(override:[^"]+)"', review)
    assert names
    r = author_client.post(
        reverse("escalations:escalate", args=[e.pk]),
        dict.fromkeys(names, "Diffused on purpose\x00"),
    )
    assert r.status_code == 422
    assert "A reason needs changing" in _page(r) and "U+0000" in _page(r)
    assert Escalation.objects.get(pk=e.pk).state == "draft"


def test_update_body_and_share_label_refuse_control_characters(author_client, user):
    e = f.EscalatedFactory(owner=user)
    r = author_client.post(
        reverse("escalations:update_create", args=[e.pk]),
        {"body": "Fixed\x1b[31m at 10:00; next update 11:00.", "state": "monitoring"},
    )
    assert r.status_code == 400
    assert "U+001B" in _page(r)
    assert not e.updates.filter(body__contains="Fixed").exists()
    r = author_client.post(
        reverse("statuspages:link_create", args=[e.pk]), {"label": "CTO\nX", "expires": "never"}
    )
    assert r.status_code in (200, 400, 422)
    assert "Keep this on one line" in _page(r)
    assert not ShareLink.objects.exists()


def test_followup_subject_with_a_newline_is_refused(author_client, user):
    e = f.EscalatedFactory(owner=user)
    meeting = f.MeetingFactory(escalation=e)
    r = author_client.post(
        reverse("escalations:meeting_followup", args=[e.pk, meeting.pk]),
        {"subject": "Follow-up\nBcc: someone@example.com", "body": "What happened."},
    )
    assert r.status_code < 500
    assert "Keep this on one line" in _page(r)


def test_the_admin_review_fields_have_the_same_limits(rf):
    from django.contrib import admin
    from django.contrib.auth import get_user_model

    request = rf.get("/admin/")
    request.user = get_user_model().objects.create_superuser("root", "r@example.com", "pw-x-1")
    form_class = admin.site._registry[Escalation].get_form(request, f.EscalatedFactory())
    lessons = form_class().fields["review_lessons"]
    assert lessons.max_length == 5000
    form = form_class(data={"review_lessons": "Lesson\x00"})
    form.is_valid()
    assert "U+0000" in str(form.errors.get("review_lessons"))


def test_a_control_character_in_the_preread_length_reason_is_refused_and_kept(author_client, user):
    """The one typed field of the review page that had no form: it has the policy too."""
    from tests.escalations.wizard.test_review_page import _long_answers

    e = complete_draft(owner=user, preread_include_answers=True)
    _long_answers(e, 200)  # above the word limit: the page asks for the reason
    typed = "The board asked\x07 for every figure."
    response = author_client.post(
        reverse("escalations:escalate", args=[e.pk]), {"preread_length_reason": typed}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "U+0007" in html
    assert typed in html  # shown again as typed, to be fixed
    e.refresh_from_db()
    assert e.state == State.DRAFT
