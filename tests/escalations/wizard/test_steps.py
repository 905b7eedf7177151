"""The wizard's pure rules: triage verdicts, step completeness, and describing edits."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from escalations import timetext
from escalations.models import Kind, TriageVerdict
from escalations.selectors import escalation_full_queryset
from escalations.wizard import briefing
from escalations.wizard import steps as wizard
from tests import factories as f
from tests.escalations.wizard.helpers import complete_draft


@pytest.mark.parametrize(
    ("answers", "verdict", "words"),
    [
        ((True, False, False, False), TriageVerdict.EXECUTIVE, "directly hits revenue"),
        ((False, True, False, False), TriageVerdict.EXECUTIVE, "severe"),
        ((False, False, False, True), TriageVerdict.EXECUTIVE, "reputational risk"),
        ((False, False, True, False), TriageVerdict.NORMAL_CHANNEL, "one level up"),
        ((False, False, False, False), TriageVerdict.NORMAL_CHANNEL, "ticket queue"),
    ],
)
def test_triage_verdicts_say_why(answers, verdict, words):
    got, reason = wizard.triage_verdict(
        business_impact=answers[0],
        severe=answers[1],
        normal_channels_tried=answers[2],
        reputational_risk=answers[3],
    )
    assert got == verdict
    assert words in reason


def test_executive_verdict_without_tried_channels_says_tell_them_now():
    _, reason = wizard.triage_verdict(
        business_impact=True, severe=False, normal_channels_tried=False, reputational_risk=False
    )
    assert "Tell them now" in reason


def test_step_order_is_domain_order():
    assert [s.slug for s in wizard.STEPS] == [
        "triage",
        "impact",
        "cause",
        "ownership",
        "remediation",
        "asks",
        "prepare",
    ]


@pytest.mark.django_db
def test_statuses_open_only_steps_after_complete_ones():
    e = complete_draft(cause_confidence="")
    e = escalation_full_queryset().get(pk=e.pk)
    statuses = {s.step.slug: (s.complete, s.open) for s in wizard.statuses(e)}
    assert statuses["impact"] == (True, True)
    assert statuses["cause"] == (False, True)
    assert statuses["ownership"] == (True, False)  # complete, but locked behind cause
    assert wizard.first_incomplete(e).step.slug == "cause"
    assert wizard.blocked_message(wizard.first_incomplete(e)) == (
        "Finish “Root cause” first: Say whether the cause is confirmed or preliminary."
    )


@pytest.mark.django_db
def test_a_schedule_slip_needs_its_delay():
    e = complete_draft(kind=Kind.SCHEDULE_SLIP)
    assert "A schedule slip needs" in wizard.problems(e, wizard.BY_SLUG["impact"])[0]
    e.impact_delay_days = 12
    assert wizard.problems(e, wizard.BY_SLUG["impact"]) == []


@pytest.mark.django_db
def test_describe_changes_names_fields_and_rows():
    e = complete_draft()
    step = wizard.BY_SLUG["remediation"]
    before = wizard.section_snapshot(escalation_full_queryset().get(pk=e.pk), step)
    e.remediation_mitigation = "Rolled back at 09:10."
    e.save()
    e.actions.all().delete()
    f.RemediationActionFactory(
        escalation=e,
        description="Add canary",
        owner_name="Ana",
        due_at=datetime(2030, 1, 15, 15, tzinfo=UTC),
    )
    after = wizard.section_snapshot(escalation_full_queryset().get(pk=e.pk), step)
    lines = wizard.describe_changes(before, after)
    assert lines[0].startswith("In place now: Password login is re-enabled")
    assert lines[0].endswith("→ Rolled back at 09:10.")
    assert "Removed action: Install the renewed IdP certificate — Sam Lee, by" in lines[1]
    # Times in the executive's zone (New York): 15:00 UTC is 10:00 EST.
    assert lines[2] == "Added action: Add canary — Ana, by Tue 15 Jan 10:00 EST"


def test_describe_changes_is_empty_when_nothing_changed():
    snap = {"ownership_statement": ("Ownership", "I skipped the canary.")}
    assert wizard.describe_changes(snap, dict(snap)) == []


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        # Winter: Berlin UTC+1, New York UTC-5.
        (datetime(2030, 1, 15, 15, tzinfo=UTC), "Tue 15 Jan 16:00 CET (10:00 EST for Priya)"),
        # Between the US (2nd Sunday of March) and EU (last Sunday) changes: 5 hours apart.
        (datetime(2030, 3, 20, 15, tzinfo=UTC), "Wed 20 Mar 16:00 CET (11:00 EDT for Priya)"),
        # Summer: both on daylight time, 6 hours apart again.
        (datetime(2030, 7, 15, 14, tzinfo=UTC), "Mon 15 Jul 16:00 CEST (10:00 EDT for Priya)"),
        # Different day on their clock.
        (
            datetime(2030, 1, 15, 2, tzinfo=UTC),
            "Tue 15 Jan 03:00 CET (Mon 14 Jan 21:00 EST for Priya)",
        ),
    ],
)
def test_when_both_shows_the_other_clock_across_daylight_saving(instant, expected):
    assert timetext.when_both(instant, "Europe/Berlin", "America/New_York", "Priya") == expected


def test_when_both_says_nothing_extra_for_the_same_zone():
    instant = datetime(2030, 1, 15, 15, tzinfo=UTC)
    assert timetext.when_both(instant, "UTC", "UTC", "Priya") == "Tue 15 Jan 15:00 UTC"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cause", "expected"),
    [
        ("Our IdP certificate expired.", "Cause (confirmed): our IdP certificate expired."),
        ("AWS us-east-1 lost power.", "Cause (confirmed): AWS us-east-1 lost power."),
        ("Stripe rotated its key.", "Cause (confirmed): Stripe rotated its key."),
    ],
)
def test_preread_keeps_names_and_acronyms_capitalised(cause, expected):
    e = complete_draft(cause_statement=cause)
    happened = briefing.preread(escalation_full_queryset().get(pk=e.pk)).parts[0].markdown
    assert expected in happened


@pytest.mark.django_db
def test_preread_why_it_matters_gives_numbers_then_one_sentence_of_context():
    e = complete_draft(
        impact_detail="Only EU-issued cards; PayPal is unaffected. More detail in the doc."
    )
    matters = briefing.preread(escalation_full_queryset().get(pk=e.pk)).parts[1].markdown
    # The headline (in "What happened") already gives 2,400: the bullets add the rest.
    assert matters.startswith("- 12.5% of requests or transactions failing")
    assert matters.endswith("Only EU-issued cards; PayPal is unaffected.")


# --- what saving a step does to the others (the wizard's views ask these) -------------------


def _full(e):
    return escalation_full_queryset().get(pk=e.pk)


@pytest.mark.django_db
def test_a_save_that_breaks_two_later_steps_names_the_first():
    e = _full(complete_draft(kind=Kind.MAJOR_INCIDENT))
    before = wizard.complete_slugs(e)
    assert before == frozenset(wizard.SLUGS)
    # A schedule slip owes its delay (impact), and the action now falls before detection.
    f.EscalationFactory._meta.model.objects.filter(pk=e.pk).update(
        kind=Kind.SCHEDULE_SLIP, detected_at=datetime(2099, 1, 1, tzinfo=UTC)
    )
    after = _full(e)
    broken = wizard.invalidated_by_save(
        after, saved=wizard.BY_SLUG["triage"], complete_before=before
    )
    assert [s.step.slug for s in broken] == ["impact", "remediation"]
    message = wizard.invalidated_message(wizard.BY_SLUG["triage"], broken[0])
    assert message.startswith("Saved “Triage”. Your change means “Impact” needs another look:")


@pytest.mark.django_db
def test_a_save_undoes_nothing_that_was_not_complete_before_it():
    e = _full(f.EscalationFactory(ownership_statement=""))
    before = wizard.complete_slugs(e)
    assert "ownership" not in before
    assert (
        wizard.invalidated_by_save(e, saved=wizard.BY_SLUG["triage"], complete_before=before) == []
    )


def test_after_a_save_a_draft_goes_on_or_back_to_the_review():
    impact, prepare = wizard.BY_SLUG["impact"], wizard.BY_SLUG["prepare"]
    some = frozenset({"triage"})
    assert wizard.next_after_save(impact, complete_before=some) == wizard.BY_SLUG["cause"]
    # The last step, and a fix made from the review, lead back to the review.
    assert wizard.next_after_save(prepare, complete_before=some) is None
    assert wizard.next_after_save(impact, complete_before=frozenset(wizard.SLUGS)) is None
