"""A forged ``TOTAL_FORMS`` costs nothing: every formset is capped (``absolute_max``).

Before: ``actions-TOTAL_FORMS=100000`` on a wizard step built 2,000 rows, a 2,000-row draft
and a 4.7 MB page, about six seconds per request.
"""

from __future__ import annotations

import pytest

from escalations.models import Escalation, RemediationAction
from escalations.wizard.forms import MAX_ROWS
from tests.escalations.wizard.helpers import REMEDIATION, complete_draft, step_url

pytestmark = pytest.mark.django_db


def test_a_hundred_thousand_rows_answer_fast_with_a_clear_message(author_client, user):
    e = complete_draft(owner=user)
    before = RemediationAction.objects.filter(escalation=e).count()
    data = {**REMEDIATION, "actions-TOTAL_FORMS": "100000"}
    response = author_client.post(step_url(e, "remediation"), data)
    page = response.content.decode()
    # The cost was the rows built and rendered: the page stays small (before: 4.7 MB).
    assert len(page) < 300_000
    assert f"A list holds at most {MAX_ROWS} rows" in page
    assert RemediationAction.objects.filter(escalation=e).count() == before
    # What the author typed is kept as the step's draft, without thousands of empty rows.
    draft = Escalation.objects.get(pk=e.pk).wizard_drafts["remediation"]
    assert draft["remediation_mitigation"] == [REMEDIATION["remediation_mitigation"]]
    assert len(str(draft)) < 5_000


def test_the_rows_a_form_can_build_are_capped_at_the_visible_limit(user):
    from escalations.wizard.forms import StepForms

    e = complete_draft(owner=user)
    forms = StepForms("remediation", e, {**REMEDIATION, "actions-TOTAL_FORMS": "100000"})
    assert forms.formset is not None
    assert len(forms.formset.forms) <= MAX_ROWS


def test_the_admins_read_only_lists_build_no_more_rows_than_exist(admin_client):
    from django.utils import timezone

    from tests import factories as f
    from tests.escalations.review.test_admin import change_url, management_forms

    now = timezone.now()
    e = f.EscalationFactory(state="resolved", escalated_at=now, resolved_at=now)
    forged = {
        key: "100000" if key.endswith("TOTAL_FORMS") else value
        for key, value in management_forms(admin_client, e).items()
    }
    data = {"review_lessons": "Escalate at the first missed checkpoint", **forged}
    admin_client.post(change_url(e), data)  # the first render of the admin's templates
    response = admin_client.post(change_url(e), data)
    # Before: 7.8 s, building 2,000 forms for each list; now no list holds more forms than
    # the escalation has rows.
    assert response.status_code == 200
    for formset in response.context["inline_admin_formsets"]:
        assert len(formset.formset.forms) <= formset.formset.get_queryset().count() + 3
    assert "Please correct the errors below" in response.content.decode()
    assert len(response.content) < 300_000
    e.refresh_from_db()
    assert e.review_lessons != "Escalate at the first missed checkpoint"
