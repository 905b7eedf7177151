"""Unit tests for the clarity coach: each rule fires, stays quiet, and marks the right words."""

from __future__ import annotations

import dataclasses

import pytest

from escalations.coach import RULES, SECTIONS, Finding, check
from escalations.coach.engine import normalise


def flagged(section: str, text: str, rule: str) -> list[str]:
    """The exact substrings of `text` that `rule` marks in `section`."""
    return [text[f.start : f.end] for f in check(section, text) if f.rule == rule]


def rules_fired(section: str, text: str) -> set[str]:
    return {f.rule for f in check(section, text)}


# --- public API --------------------------------------------------------------------------


def test_sections_are_the_seven_in_wizard_order():
    assert SECTIONS == ("opener", "impact", "cause", "ownership", "remediation", "ask", "update")


def test_unknown_section_raises_value_error_naming_the_valid_ones():
    with pytest.raises(ValueError, match="impact"):
        check("summary", "anything")


def test_blank_text_has_no_findings_so_an_empty_field_is_quiet():
    for section in SECTIONS:
        assert check(section, "") == []
        assert check(section, "   \n ") == []


def test_findings_are_sorted_by_start():
    text = "We're seeing some errors. It might be the vendor, possibly the network."
    starts = [f.start for f in check("impact", text)]
    assert starts == sorted(starts)
    assert len(starts) >= 3


def test_finding_is_frozen_and_as_dict_has_exactly_the_cli_keys():
    finding = check("impact", "A few users might be affected.")[0]
    assert isinstance(finding, Finding)
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.start = 3  # type: ignore[misc]
    assert set(finding.as_dict()) == {"rule", "severity", "message", "suggestion", "start", "end"}


def test_every_rule_is_complete_and_ids_are_unique():
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))
    for rule in RULES:
        assert rule.severity in {"error", "warning", "hint"}
        assert rule.sections and rule.sections <= set(SECTIONS)
        assert rule.message.endswith(".") and len(rule.message) <= 100
        assert rule.suggestion


def test_every_section_has_a_positive_or_phrase_check():
    for section in SECTIONS:
        assert any(section in rule.sections for rule in RULES)


# --- normalisation keeps offsets ---------------------------------------------------------


def test_normalise_keeps_length_and_straightens_curly_quotes():
    text = "I’m “sure” it’s fine — İstanbul"
    norm = normalise(text)
    assert len(norm) == len(text)
    assert norm.startswith("i'm \"sure\" it's fine - ")


def test_offsets_point_into_the_original_text_when_it_contains_curly_quotes():
    text = "“Honestly” we’re not sure, but it’s possibly the vendor’s DNS."
    assert flagged("cause", text, "hedging") == ["not sure", "possibly"]


def test_offsets_survive_characters_that_grow_when_lower_cased():
    text = "İİİ customers might be affected"
    assert flagged("impact", text, "hedging") == ["might"]


# --- soft landing and fishing (opener) ---------------------------------------------------


def test_soft_landing_fires_on_warm_up_with_curly_apostrophe():
    text = "Hope you’re well! Quick thing about payments."
    assert flagged("opener", text, "soft-landing") == ["Hope you", "Quick thing"]


def test_soft_landing_fires_on_heads_up_and_sorry_to_bother():
    text = "Sorry to bother you, just a heads-up about SSO."
    assert flagged("opener", text, "soft-landing") == ["Sorry to bother", "just a heads-up"]


def test_soft_landing_does_not_fire_outside_the_opener():
    assert "soft-landing" not in rules_fired("update", "Hope you saw it: next update at 15:00.")


def test_soft_landing_does_not_fire_on_hopeful_or_quickly():
    assert flagged("opener", "We quickly rolled back; I'm hopeful of 99%.", "soft-landing") == []


def test_fishing_question_fires_on_have_you_seen():
    text = "Have you seen the error budget lately?"
    assert flagged("opener", text, "fishing-question") == ["Have you seen"]


def test_fishing_question_fires_on_did_you_notice_in_any_case():
    assert flagged("opener", "DID YOU NOTICE checkout?", "fishing-question") == ["DID YOU NOTICE"]


# --- hedging ---------------------------------------------------------------------------


def test_hedging_fires_on_might_possibly_and_i_think():
    text = "I think it might be possibly the vendor."
    assert flagged("cause", text, "hedging") == ["I think", "might", "possibly"]


def test_hedging_fires_on_seems_to_and_kind_of():
    text = "Checkout seems to be kind of slow."
    assert flagged("impact", text, "hedging") == ["seems", "kind of"]


def test_hedging_fires_on_could_be_but_not_could_not():
    assert flagged("impact", "Revenue could be hit.", "hedging") == ["could be"]
    assert flagged("impact", "2,400 users could not log in.", "hedging") == []
    assert flagged("impact", "2,400 users couldn’t log in.", "hedging") == []


def test_hedging_fires_on_may_need_but_not_on_the_month_of_may():
    assert flagged("ask", "We may need more people.", "hedging") == ["may need"]
    assert flagged("ask", "Choose by 20 May: launch on 3 June or later.", "hedging") == []


def test_hedging_does_not_fire_inside_words():
    text = "Mighty Corp's 3 accounts: the probable-cause report is attached."
    assert flagged("impact", text, "hedging") == []


# --- vague quantity --------------------------------------------------------------------


def test_vague_quantity_fires_on_some_and_a_few():
    text = "Some customers and a few partners are affected."
    assert flagged("impact", text, "vague-quantity") == ["Some", "a few"]


def test_vague_quantity_does_not_fire_inside_awesome_sometimes_or_someone():
    text = "The awesome team sometimes asks someone; 230 accounts are affected."
    assert flagged("impact", text, "vague-quantity") == []


def test_vague_quantity_does_not_fire_when_a_number_follows():
    text = "Some 2,000 users and several of the 230 accounts are affected."
    assert flagged("impact", text, "vague-quantity") == []


def test_vague_quantity_fires_on_lots_of_and_a_bunch_of():
    text = "Lots of errors and a bunch of tickets."
    assert flagged("impact", text, "vague-quantity") == ["Lots of", "a bunch of"]


def test_vague_quantity_does_not_fire_on_how_many():
    assert flagged("impact", "We know how many: 230 accounts.", "vague-quantity") == []


# --- vague description, minimising, jargon ----------------------------------------------


def test_vague_description_fires_on_something_went_wrong():
    assert flagged("cause", "Something went wrong with the config.", "vague-description") == [
        "Something went wrong"
    ]


def test_vague_description_fires_on_for_some_reason_without_a_vague_quantity_too():
    text = "There was a glitch for some reason."
    assert flagged("cause", text, "vague-description") == ["glitch", "for some reason"]
    assert flagged("cause", text, "vague-quantity") == []


def test_minimising_fires_on_not_a_big_deal_and_nothing_major():
    text = "Not a big deal, nothing major."
    assert flagged("impact", text, "minimising") == ["Not a big deal", "nothing major"]


def test_jargon_fires_when_no_consequence_is_stated():
    text = "The kafka consumer lag crossed the threshold."
    assert flagged("cause", text, "jargon-without-consequence") == ["consumer lag", "threshold"]


def test_jargon_is_fine_when_the_customer_consequence_is_stated():
    text = "p95 latency rose to 3 s and 9% of customers abandoned checkout."
    assert flagged("impact", text, "jargon-without-consequence") == []


def test_jargon_does_not_fire_in_remediation():
    assert "jargon-without-consequence" not in rules_fired("remediation", "Scale pods.")


# --- passive voice, diffused ownership, blame ------------------------------------------


def test_passive_fires_on_errors_were_introduced():
    text = "Errors were introduced in the release."
    assert flagged("ownership", text, "passive-hides-actor") == ["were introduced"]


def test_passive_fires_on_mistakes_were_made_and_got_deployed():
    text = "Mistakes were made and the change got deployed."
    assert flagged("cause", text, "passive-hides-actor") == ["Mistakes were made", "got deployed"]


def test_passive_fires_on_wasnt_caught_with_a_curly_apostrophe():
    assert flagged("ownership", "It wasn’t caught in QA.", "passive-hides-actor") == [
        "wasn’t caught"
    ]


def test_passive_does_not_fire_when_the_actor_is_named():
    assert flagged("ownership", "It was approved by me on Friday.", "passive-hides-actor") == []


def test_diffused_ownership_fires_on_we_all_and_nobody():
    text = "We all own this; nobody saw it coming."
    assert flagged("ownership", text, "diffused-ownership") == ["We all", "nobody"]


def test_diffused_ownership_fires_on_the_squad_missed():
    assert flagged("ownership", "The squad missed it.", "diffused-ownership") == [
        "The squad missed"
    ]


def test_diffused_ownership_does_not_fire_when_i_directed_the_team():
    text = "I told the team to prioritise the launch; that was my call."
    assert flagged("ownership", text, "diffused-ownership") == []


def test_blame_fires_on_never_replied():
    assert flagged("ownership", "The data team never replied.", "blame") == ["never replied"]


def test_blame_fires_on_because_of_another_team():
    text = "It slipped because of the platform team."
    assert flagged("ownership", text, "blame") == ["because of the platform team"]


def test_blame_does_not_fire_when_i_did_not_reply():
    assert flagged("ownership", "I didn't reply to the vendor in time.", "blame") == []


def test_blocked_framing_fires_on_stuck_on_and_blocked_by():
    text = "I was stuck on legal and blocked by procurement."
    assert flagged("ownership", text, "blocked-framing") == ["stuck on", "blocked by"]


# --- commitment, asks, updates ----------------------------------------------------------


def test_no_commitment_fires_on_on_it_soon_and_asap():
    text = "We’re on it, fix soon, ASAP."
    assert flagged("remediation", text, "no-commitment") == ["’re on it", "soon", "ASAP"]


def test_no_commitment_does_not_fire_on_soonest_or_as_soon_as_an_event():
    text = "Priya deploys at the soonest window, 22:00, as soon as Apple approves."
    assert flagged("remediation", text, "no-commitment") == []


def test_no_commitment_fires_on_hopefully_and_in_the_coming_days():
    text = "Hopefully a patch in the coming days."
    assert flagged("remediation", text, "no-commitment") == ["Hopefully", "in the coming days"]


def test_ask_without_decision_fires_on_thoughts_question():
    assert flagged("ask", "Thoughts?", "ask-without-decision") == ["Thoughts?"]


def test_ask_without_decision_fires_on_any_help():
    assert flagged("ask", "Any help welcome.", "ask-without-decision") == ["Any help"]


def test_empty_update_fires_on_circle_back_and_more_soon():
    text = "Will circle back. More soon."
    assert flagged("update", text, "empty-update") == ["circle back", "More soon"]


def test_fyi_forward_fires_on_fyi_but_not_inside_fyis():
    assert flagged("update", "FYI, see thread.", "fyi-forward") == ["FYI", "see thread"]
    assert flagged("update", "Our FYIs go out at 09:00.", "fyi-forward") == []


def test_waiting_to_be_perfect_fires_with_curly_apostrophe():
    text = "I didn’t want to raise it until we had a fix."
    assert flagged("opener", text, "waiting-to-be-perfect") == ["didn’t want to raise it until"]


def test_waiting_to_be_perfect_does_not_fire_on_owning_the_delay():
    text = "I waited too long to tell you, and that is on me."
    assert flagged("ownership", text, "waiting-to-be-perfect") == []


# --- positive checks ---------------------------------------------------------------------


def test_impact_needs_number_marks_the_whole_text():
    text = "Customers are unhappy."
    assert [(f.start, f.end) for f in check("impact", text) if f.rule == "impact-needs-number"] == [
        (0, len(text))
    ]


def test_impact_with_a_number_a_percentage_or_a_date_passes():
    for text in (
        "230 accounts cannot export.",
        "18% of card payments fail.",
        "The audit moves to 18 March.",
        "Revenue drops €12K per hour.",
        "Every customer in the EU is affected.",
    ):
        assert "impact-needs-number" not in rules_fired("impact", text), text


def test_identifiers_like_p99_and_eu_west_1_are_not_impact_numbers():
    text = "p99 is up in eu-west-1 and 5xx are rising."
    assert "impact-needs-number" in rules_fired("impact", text)


def test_ownership_needs_first_person_singular():
    assert "ownership-needs-first-person" in rules_fired("ownership", "We shipped it untested.")
    assert "ownership-needs-first-person" not in rules_fired(
        "ownership", "I’ve approved it without a canary."
    )


def test_remediation_flags_only_the_sentence_without_owner_and_time():
    text = "Priya ships the fix by 16:00. Add alerting."
    assert flagged("remediation", text, "remediation-needs-owner") == ["Add alerting."]
    assert flagged("remediation", text, "remediation-needs-date") == ["Add alerting."]


def test_remediation_accepts_i_or_a_named_owner_with_a_date():
    for text in (
        "I verify the rollback by 17:00.",
        "Sam deploys the patch on Thursday.",
        "- Tomás adds the index by 3 Dec\n- I confirm exports by 4 Dec",
    ):
        found = rules_fired("remediation", text)
        assert not found & {"remediation-needs-owner", "remediation-needs-date"}, text


def test_remediation_does_not_take_an_imperative_verb_for_a_name():
    assert flagged("remediation", "Deploy the fix by 16:00.", "remediation-needs-owner") == [
        "Deploy the fix by 16:00."
    ]


def test_remediation_does_not_ask_an_owner_for_mitigation_already_in_place():
    text = "Mitigation in place since 14:02: the feature flag is off."
    assert rules_fired("remediation", text) == set()


def test_ask_needs_a_decision_verb_and_a_deadline():
    assert rules_fired("ask", "Can you approve the contractors?") == {"ask-needs-deadline"}
    assert rules_fired("ask", "We need more budget by Friday.") >= {"ask-needs-decision"}
    assert rules_fired("ask", "Approve two contractors ($14K) by Wednesday.") == set()


def test_ask_deadline_understands_eod_and_tomorrow():
    assert rules_fired("ask", "Sign off the new date by EOD.") == set()
    assert rules_fired("ask", "Choose A or B by tomorrow 10:00.") == set()


def test_update_needs_to_say_when_the_next_one_comes():
    assert "update-needs-next-time" in rules_fired("update", "Still working on the fix.")
    assert rules_fired("update", "No change since 14:00. Next update at 15:00 UTC.") == set()
    assert rules_fired("update", "Resolved. I’ll send the final report by Wednesday.") == set()


def test_update_promise_without_a_time_still_needs_one():
    assert "update-needs-next-time" in rules_fired("update", "I'll post the next update later.")


def test_opener_needs_impact_and_owner():
    assert rules_fired("opener", "About the launch.") >= {
        "opener-needs-impact",
        "opener-needs-owner",
    }
    good = "Checkout failed for 18% of payments since 09:40, and it was my deploy."
    assert rules_fired("opener", good) == set()


def test_remediation_context_lines_need_no_owner():
    text = (
        "Priya ships the fix by 16:00.\n"
        "Expected resolution: 17:00, depending on the bank sandbox.\n"
        "We tried doubling the pool size; failures stayed at 18%."
    )
    assert rules_fired("remediation", text) == set()


def test_vague_description_understands_the_contracted_something_has():
    assert flagged("opener", "Something’s come up with SSO.", "vague-description") == [
        "Something’s come up"
    ]


def test_update_can_point_at_the_next_scheduled_update():
    text = "29 of 41 refunds done; I'll confirm the rest in the 17:00 update."
    assert "update-needs-next-time" not in rules_fired("update", text)


# --- detail an executive will not read ------------------------------------------------------


def _detail(section: str, text: str) -> list:
    from escalations.coach import check

    return [f for f in check(section, text) if f.rule == "detail-dump"]


def test_a_pasted_stack_trace_is_flagged_as_detail():
    text = (
        "Checkout fails.\nTraceback (most recent call last):\n"
        '  File "/app/pay.py", line 42, in charge\nValueError: bad cert'
    )
    [finding] = _detail("cause", text)
    assert finding.severity == "warning"
    assert text[finding.start :].startswith("Traceback")


def test_a_run_on_sentence_or_a_wall_of_figures_is_flagged():
    run_on = "The cache layer " + "and the retry queue " * 20 + "failed."
    assert _detail("cause", run_on)
    figures = "Errors at 08:00 were 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 11 per second."
    assert _detail("impact", figures)


def test_a_clear_section_is_not_detail():
    assert not _detail(
        "impact", "2,400 SSO customers cannot log in since 08:00 UTC; 31 renewals are due."
    )
