"""Coach errors block escalating, not saving: the author fixes them or records why not."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from escalations.coach.fields import open_errors
from escalations.lifecycle import services
from escalations.models import CoachOverride, Escalation, State
from escalations.selectors import escalation_full_queryset
from tests.escalations.wizard.helpers import complete_draft

pytestmark = pytest.mark.django_db

DIFFUSED = "The team missed the expiry alert; an error was introduced during the rotation."


def _full(e):
    return escalation_full_queryset().get(pk=e.pk)


def _override_names(html: str) -> list[str]:
    return re.findall(r'name="(override:[^"]+)"', html)


def test_a_clean_draft_escalates_with_no_override(user):
    e = complete_draft(owner=user)
    services.escalation_escalate(escalation=_full(e), by=user)
    assert Escalation.objects.get(pk=e.pk).state == State.ESCALATED
    assert not CoachOverride.objects.exists()


def test_an_open_error_blocks_escalating_and_saves_nothing(user):
    e = complete_draft(owner=user, ownership_statement=DIFFUSED)
    with pytest.raises(services.CoachErrorsOpen) as exc:
        services.escalation_escalate(escalation=_full(e), by=user)
    assert {f.rule for _, f in exc.value.errors} >= {"diffused-ownership"}
    e.refresh_from_db()
    assert e.state == State.DRAFT and e.escalated_at is None
    assert not e.updates.exists() and not CoachOverride.objects.exists()


def test_a_draft_with_coach_errors_still_saves(author_client, user):
    e = complete_draft(owner=user)
    response = author_client.post(
        reverse("escalations:wizard_step", args=[e.pk, "ownership"]),
        {"ownership_statement": DIFFUSED},
    )
    assert response.status_code in (200, 302)
    e.refresh_from_db()
    assert e.ownership_statement == DIFFUSED


def test_review_shows_findings_per_section_and_asks_for_a_reason(author_client, user):
    e = complete_draft(owner=user, ownership_statement=DIFFUSED)
    html = author_client.get(reverse("escalations:review", args=[e.pk])).content.decode()
    summary = html[html.index('id="coach-summary"') :]
    ownership = summary[
        summary.index('data-section="Ownership"') : summary.index('data-section="Remediation"')
    ]
    assert "to fix" in ownership
    assert 'data-rule="diffused-ownership"' in ownership
    assert "<mark>The team missed</mark>" in ownership
    impact = summary[
        summary.index('data-section="Impact"') : summary.index('data-section="Root cause"')
    ]
    assert "Clear and specific" in impact
    assert _override_names(html), "each open error gets a reason field"
    assert "Escalate with these reasons" in html


def test_escalating_without_reasons_keeps_what_was_typed(author_client, user):
    e = complete_draft(owner=user, ownership_statement=DIFFUSED)
    names = _override_names(
        author_client.get(reverse("escalations:review", args=[e.pk])).content.decode()
    )
    assert len(names) >= 2
    typed = {names[0]: "The squad really did own the alert rota that week."}
    response = author_client.post(reverse("escalations:escalate", args=[e.pk]), typed)
    html = response.content.decode()
    assert response.status_code == 422
    assert "Fix each one, or say in a sentence (at least 15 characters) why it is right" in html
    assert "The squad really did own the alert rota that week." in html
    assert Escalation.objects.get(pk=e.pk).state == State.DRAFT


def test_escalating_with_a_reason_per_error_records_each_override(author_client, user):
    e = complete_draft(owner=user, ownership_statement=DIFFUSED)
    names = _override_names(
        author_client.get(reverse("escalations:review", args=[e.pk])).content.decode()
    )
    data = {name: f"Reason {i}: legal asked for this wording." for i, name in enumerate(names)}
    response = author_client.post(reverse("escalations:escalate", args=[e.pk]), data)
    assert response.status_code == 302
    e.refresh_from_db()
    assert e.state == State.ESCALATED
    overrides = list(CoachOverride.objects.filter(escalation=e).order_by("pk"))
    assert len(overrides) == len(names) == len(open_errors(_full(e)))
    assert {o.section for o in overrides} == {"ownership"}
    assert all(o.reason.startswith("Reason ") and o.created_by == user for o in overrides)
    assert any("The team" in o.excerpt for o in overrides)


def test_overrides_are_shown_to_reviewers_in_the_admin(client_for, user):
    from tests.factories import UserFactory

    e = complete_draft(owner=user, ownership_statement=DIFFUSED)
    errors = open_errors(_full(e))
    services.escalation_escalate(
        escalation=_full(e),
        by=user,
        overrides={ff.key(f): "Legal asked for this exact wording." for ff, f in errors},
    )
    admin = UserFactory(username="director", is_staff=True, is_superuser=True)
    html = client_for(admin).get(f"/admin/escalations/escalation/{e.pk}/change/").content.decode()
    assert "Legal asked for this exact wording." in html


def test_a_one_word_reason_is_not_a_reason(author_client, user):
    e = complete_draft(owner=user, ownership_statement=DIFFUSED)
    names = _override_names(
        author_client.get(reverse("escalations:review", args=[e.pk])).content.decode()
    )
    response = author_client.post(
        reverse("escalations:escalate", args=[e.pk]), dict.fromkeys(names, "ok")
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "A sentence, please (at least 15 characters)" in html
    assert Escalation.objects.get(pk=e.pk).state == State.DRAFT
    assert not CoachOverride.objects.filter(escalation=e).exists()


def test_each_problem_asks_for_exactly_one_reason(author_client, user):
    # The headline is read as the opener and as impact: one span flagged by both sections
    # is still one problem, so one reason.
    e = complete_draft(owner=user, impact_headline="A few users might be seeing odd behaviour.")
    html = author_client.get(reverse("escalations:review", args=[e.pk])).content.decode()
    names = _override_names(html)
    spans = [name.split(":")[-1] for name in names if "impact_headline" in name]
    assert len(spans) == len(set(spans)), names


def test_prepared_answers_and_the_threshold_are_coached_on_the_review(author_client, user):
    e = complete_draft(
        owner=user, asks_decision_threshold="We'll probably handle the rest somehow."
    )
    question = e.questions.first()
    question.answer = "Probably not, we think it's fine."
    question.save()
    html = author_client.get(reverse("escalations:review", args=[e.pk])).content.decode()
    summary = html[html.index('id="coach-summary"') :]
    answers = summary[summary.index('data-section="Prepared answers"') :]
    assert 'data-rule="hedging"' in answers
    asks = summary[
        summary.index('data-section="Asks"') : summary.index('data-section="Prepared answers"')
    ]
    assert "probably" in asks.lower()


# --- which moves the author may make from the escalation page ---------------------------------


@pytest.mark.parametrize(
    ("state", "moves"),
    [
        (State.DRAFT, []),
        (State.ESCALATED, [State.CONTAINED, State.RESOLVED]),
        (State.CONTAINED, [State.RESOLVED, State.ESCALATED]),
        # Reviewed is the reviewers' move (the admin), not the author's.
        (State.RESOLVED, [State.CONTAINED]),
        (State.REVIEWED, []),
    ],
)
def test_the_author_is_offered_only_the_moves_the_lifecycle_allows(user, state, moves):
    e = Escalation(owner=user, state=state)
    assert services.escalation_author_moves(e) == moves
    for target in State.values:
        refusal = services.escalation_move_refusal(escalation=e, state=target)
        assert (refusal == "") == (target in moves), target


def test_a_refused_move_says_why_in_the_authors_words(user):
    draft = Escalation(owner=user, state=State.DRAFT)
    assert "review page" in services.escalation_move_refusal(escalation=draft, state="resolved")
    resolved = Escalation(owner=user, state=State.RESOLVED)
    assert services.escalation_move_refusal(escalation=resolved, state="reviewed") == (
        "An escalation that is resolved cannot move to reviewed here."
    )
    assert services.escalation_move_refusal(escalation=resolved, state="") == (
        "Choose what state it is in now."
    )
