"""Unit tests for the clarity coach: each rule fires, stays quiet, and marks the right words."""

from __future__ import annotations

import dataclasses

import pytest

from escalations.coach import RULES, SECTIONS, Finding, check, checklist
from escalations.coach.engine import normalise


def flagged(section: str, text: str, rule: str) -> list[str]:
    """The exact substrings of `text` that `rule` marks in `section` (for a checklist item,
    the sentences it finds the item missing in)."""
    marked = [text[f.start : f.end] for f in check(section, text) if f.rule == rule]
    for item in checklist(section, text):
        if item.rule == rule:
            marked += [text[start:end] for start, end in item.missing_in]
    return marked


def rules_fired(section: str, text: str) -> set[str]:
    """Language findings and unmet checklist items, by rule id."""
    unmet = {item.rule for item in checklist(section, text) if not item.met}
    return {f.rule for f in check(section, text)} | unmet


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
    text = "We're seeing some errors. It might be the vendor. Possibly the network."
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


def test_no_two_findings_share_a_span_and_the_most_severe_is_kept():
    for section, text in (
        ("remediation", "Add alerting. Fix it."),
        ("ask", "Thoughts?"),
        ("opener", "About the launch."),
        ("update", "More soon."),
    ):
        findings = check(section, text)
        spans = [(f.start, f.end) for f in findings]
        assert len(spans) == len(set(spans)), (section, text, findings)
    # "Thoughts?" is a weak ask (a language warning); that it names no decision or
    # deadline is the checklist's business, not a second mark on the same word.
    assert [f.severity for f in check("ask", "Thoughts?")] == ["warning"]
    assert {i.rule for i in checklist("ask", "Thoughts?") if not i.met} == {
        "ask-needs-decision",
        "ask-needs-deadline",
    }


def test_a_rule_reports_a_sentence_once_however_many_words_it_matches():
    text = "Still working on it, should be fixed soon hopefully."
    rules = [f.rule for f in check("update", text)]
    assert rules.count("no-commitment") == 1 and len(rules) == len(set(rules))
    # Two sentences, two findings.
    assert flagged("remediation", "We're on it. Fix soon.", "no-commitment") == [
        "'re on it",
        "soon",
    ]


def test_completeness_is_a_checklist_and_never_marks_the_words():
    # A question as the whole opener: the question is marked; the missing number and
    # owner are checklist items for the section, not marks on the sentence.
    assert [f.rule for f in check("opener", "Can we talk about SSO?")] == ["opener-question"]
    unmet = {i.rule for i in checklist("opener", "Can we talk about SSO?") if not i.met}
    assert unmet == {"opener-needs-impact", "opener-needs-owner"}


def test_skipped_rules_never_run_so_they_cannot_hide_a_language_finding():
    # An action row has its own owner and due fields. The vague text must still be
    # caught even though the owner/date checks would mark the very same characters.
    answered = {"remediation-needs-owner": "owner", "remediation-needs-date": "due time"}
    assert {f.rule for f in check("remediation", "ASAP")} == {"no-commitment"}
    items = checklist("remediation", "ASAP", answered=answered)
    assert [(i.met, i.answered_by) for i in items] == [(True, "owner"), (True, "due time")]
    assert not all(i.met for i in checklist("remediation", "ASAP"))


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
    text = "“Honestly” we’re not sure. It’s possibly the vendor’s DNS."
    assert flagged("cause", text, "hedging") == ["not sure", "possibly"]


def test_offsets_survive_characters_that_grow_when_lower_cased():
    text = "İİİ customers might be affected"
    assert flagged("impact", text, "hedging") == ["might"]


# --- soft landing and fishing (opener) ---------------------------------------------------


def test_soft_landing_fires_on_warm_up_with_curly_apostrophe():
    text = "Hope you’re well! Quick thing about payments."
    assert flagged("opener", text, "soft-landing") == ["Hope you", "Quick thing"]


def test_soft_landing_fires_on_heads_up_and_sorry_to_bother():
    text = "Sorry to bother you. Just a heads-up about SSO."
    assert flagged("opener", text, "soft-landing") == ["Sorry to bother", "Just a heads-up"]


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
    text = "I think it was the vendor. It might be. Possibly the vendor."
    assert flagged("cause", text, "hedging") == ["I think", "might", "Possibly"]


def test_hedging_fires_on_seems_to_and_kind_of():
    text = "Checkout seems slow. It is kind of slow."
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
    text = "Some customers are affected. So are a few partners."
    assert flagged("impact", text, "vague-quantity") == ["Some", "a few"]


def test_vague_quantity_does_not_fire_inside_awesome_sometimes_or_someone():
    text = "The awesome team sometimes asks someone; 230 accounts are affected."
    assert flagged("impact", text, "vague-quantity") == []


def test_vague_quantity_does_not_fire_when_a_number_follows():
    text = "Some 2,000 users and several of the 230 accounts are affected."
    assert flagged("impact", text, "vague-quantity") == []


def test_vague_quantity_fires_on_lots_of_and_a_bunch_of():
    text = "Lots of errors. And a bunch of tickets."
    assert flagged("impact", text, "vague-quantity") == ["Lots of", "a bunch of"]


def test_vague_quantity_does_not_fire_on_how_many():
    assert flagged("impact", "We know how many: 230 accounts.", "vague-quantity") == []


# --- vague description, minimising, jargon ----------------------------------------------


def test_vague_description_fires_on_something_went_wrong():
    assert flagged("cause", "Something went wrong with the config.", "vague-description") == [
        "Something went wrong"
    ]


def test_vague_description_fires_on_for_some_reason_without_a_vague_quantity_too():
    text = "There was a glitch. It failed for some reason."
    assert flagged("cause", text, "vague-description") == ["glitch", "for some reason"]
    assert flagged("cause", text, "vague-quantity") == []


def test_minimising_fires_on_not_a_big_deal_and_nothing_major():
    text = "Not a big deal. Nothing major."
    assert flagged("impact", text, "minimising") == ["Not a big deal", "Nothing major"]


def test_jargon_fires_when_no_consequence_is_stated():
    text = "The kafka consumer lag grew. It crossed the threshold."
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
    text = "Mistakes were made. The change got deployed."
    assert flagged("ownership", text, "passive-hides-actor") == [
        "Mistakes were made",
        "got deployed",
    ]


def test_passive_fires_on_wasnt_caught_with_a_curly_apostrophe():
    assert flagged("ownership", "It wasn’t caught in QA.", "passive-hides-actor") == [
        "wasn’t caught"
    ]


def test_passive_does_not_fire_when_the_actor_is_named():
    assert flagged("ownership", "It was approved by me on Friday.", "passive-hides-actor") == []


def test_diffused_ownership_fires_on_we_all_and_nobody():
    text = "We all own this. Nobody saw it coming."
    assert flagged("ownership", text, "diffused-ownership") == ["We all", "Nobody"]


def test_diffused_ownership_fires_on_the_squad_missed():
    assert flagged("ownership", "The squad missed it.", "diffused-ownership") == [
        "The squad missed"
    ]


def test_diffused_ownership_does_not_fire_when_i_directed_the_team():
    text = "I told the team to prioritise the launch; that was my call."
    assert flagged("ownership", text, "diffused-ownership") == []


def test_blame_fires_on_never_replied():
    assert flagged("ownership", "The data team never replied.", "blame") == [
        "The data team never replied"
    ]
    assert flagged("ownership", "Legal, as ever, never replied.", "blame") == ["never replied"]


def test_blame_fires_on_because_of_another_team():
    text = "It slipped because of the platform team."
    assert flagged("ownership", text, "blame") == ["because of the platform team"]


def test_blame_does_not_fire_when_i_did_not_reply():
    assert flagged("ownership", "I didn't reply to the vendor in time.", "blame") == []


def test_blocked_framing_fires_on_stuck_on_and_blocked_by():
    text = "I was stuck on legal. Then blocked by procurement."
    assert flagged("ownership", text, "blocked-framing") == [
        "stuck on legal",
        "blocked by procurement",
    ]


# --- commitment, asks, updates ----------------------------------------------------------


def test_no_commitment_fires_on_on_it_soon_and_asap():
    text = "We’re on it. Fix soon. ASAP."
    assert flagged("remediation", text, "no-commitment") == ["’re on it", "soon", "ASAP"]


def test_no_commitment_does_not_fire_on_soonest_or_as_soon_as_an_event():
    text = "Priya deploys at the soonest window, 22:00, as soon as Apple approves."
    assert flagged("remediation", text, "no-commitment") == []


def test_no_commitment_fires_on_hopefully_and_in_the_coming_days():
    text = "Hopefully a patch. It ships in the coming days."
    assert flagged("remediation", text, "no-commitment") == ["Hopefully", "in the coming days"]


def test_ask_without_decision_fires_on_thoughts_question():
    text = "Thoughts? Approve the contractors by Friday."
    assert flagged("ask", text, "ask-without-decision") == ["Thoughts?"]


def test_ask_without_decision_fires_on_any_help():
    assert flagged("ask", "Any help welcome.", "ask-without-decision") == ["Any help"]


def test_empty_update_fires_on_circle_back_and_more_soon():
    text = "Will circle back. More soon."
    assert flagged("update", text, "empty-update") == ["circle back", "More soon"]


def test_fyi_forward_fires_on_fyi_but_not_inside_fyis():
    assert flagged("update", "FYI. See thread.", "fyi-forward") == ["FYI", "See thread"]
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
    [item] = [i for i in checklist("impact", text) if i.rule == "impact-needs-number"]
    assert not item.met and item.missing_in == ((0, len(text)),)
    # The checklist item is not a finding. The one language finding is a different habit:
    # an impact told by a feeling (it also has nothing to check, but one finding per span).
    assert [f.rule for f in check("impact", text)] == ["unsized-impact"]


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
    # Owner and date are both missing from the same sentence: two checklist items, and the
    # words themselves are marked once, as a plan without a time.
    assert flagged("remediation", text, "remediation-needs-owner") == ["Add alerting."]
    assert flagged("remediation", text, "remediation-needs-date") == ["Add alerting."]
    assert [f.rule for f in check("remediation", text)] == ["untimed-plan"]
    assert flagged("remediation", "Priya adds alerting.", "remediation-needs-date") == [
        "Priya adds alerting."
    ]


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
    assert rules_fired("ask", "Can you approve the contractors?") == {
        "ask-needs-deadline",
        "nothing-checkable",
    }
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
    # Both checks mark the whole text, so only the more severe one is reported.
    assert "opener-needs-impact" in rules_fired("opener", "About the launch.")
    assert "opener-needs-owner" in rules_fired("opener", "Checkout failed for 18% of payments.")
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


# --- completeness checks agree with good writing (issue 12) ------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "We switch the nightly export to the new bucket by 15:00.",
        "We'll re-send the 212 failed invoices on Monday.",
        "The payments team rolls out the retry cap on Wednesday at 10:00.",
        "Our on-call engineer restarts the stuck workers at 02:00 tonight.",
    ],
)
def test_the_team_may_own_a_remediation_action(text):
    assert rules_fired("remediation", text) == set()


def test_an_action_with_no_owner_at_all_still_needs_one():
    assert flagged(
        "remediation", "Re-send the failed invoices by 15:00.", "remediation-needs-owner"
    )
    # "the plan" is not a team, and first person plural in Ownership is still not "I".
    assert "remediation-needs-owner" in rules_fired("remediation", "The plan ships on Monday.")
    assert "ownership-needs-first-person" in rules_fired("ownership", "We shipped it untested.")


@pytest.mark.parametrize(
    "text",
    [
        "Omar re-runs the import in two to three days.",
        "Priya rebuilds the search index within 6-8 hours.",
        "I send you the revised plan in 2 weeks.",
        "Sam watches the error budget for 48h after the release.",
        "Lina closes the remaining tickets over the next four days.",
        "I hand over the audit evidence this week.",
    ],
)
def test_durations_and_ranges_are_times(text):
    assert rules_fired("remediation", text) == set()


def test_a_vague_time_is_still_not_a_time():
    for text in ("Omar re-runs the import later.", "Priya fixes it in the next sprint."):
        assert flagged("remediation", text, "remediation-needs-date") == [text]


@pytest.mark.parametrize(
    "text",
    [
        "Could you call Globex's CTO before Friday 12:00?",
        "Please sign the DPA amendment by Tuesday.",
        "Would you sponsor the release freeze at Monday's staff meeting?",
        "I need you to endorse the two-week slip by end of next week.",
        "Please pause the pricing rollout until 3 June; I need an answer by Thursday.",
        "Can you reassign two engineers from the mobile team by tomorrow?",
    ],
)
def test_decision_verbs_cover_what_executives_are_asked_to_do(text):
    assert rules_fired("ask", text) == set(), text


def test_a_call_to_chat_or_sign_ups_are_not_decisions():
    assert "ask-needs-decision" in rules_fired("ask", "Can we get on a call about sign-ups?")


@pytest.mark.parametrize(
    ("section", "text"),
    [
        ("cause", "The token never expired, so an attacker could replay it for a week."),
        ("impact", "If the fix slips past Friday, we may lose the Globex renewal worth $90K."),
        ("impact", "The backup is 3 days old, which means we could lose 3 days of orders."),
        ("impact", "Refunds must start by 18:00; otherwise 400 customers may be charged twice."),
    ],
)
def test_a_modal_that_states_a_consequence_is_not_hedging(section, text):
    assert "hedging" not in rules_fired(section, text)


def test_a_modal_that_doubts_the_facts_is_still_hedging():
    assert flagged("cause", "It could be the cache.", "hedging") == ["could be"]
    assert flagged("impact", "So, 300 customers may be affected.", "hedging") == ["may be"]
    assert flagged("impact", "It is so slow that 30 users might leave.", "hedging") == ["might"]


# --- language rules that generalise (issue 12) -------------------------------------------
# Phrasings here are new: none is copied from a held-out batch, so the batches stay a
# measurement of the habit, not of these sentences.


@pytest.mark.parametrize(
    ("section", "text", "marked"),
    [
        ("cause", "An oversight occurred in the release checklist.", "oversight occurred"),
        (
            "cause",
            "Two regressions have crept into the Android build.",
            "regressions have crept into",
        ),
        (
            "cause",
            "Some errors in the billing export came up overnight.",
            "errors in the billing export came up",
        ),
        ("cause", "A mistake was made in the rollout order.", "mistake was made"),
        (
            "ownership",
            "There was a miscommunication about the cutover.",
            "There was a miscommunication",
        ),
        ("opener", "Failures emerged in 3% of payments at 09:00.", "Failures emerged"),
    ],
)
def test_actorless_event_fires_on_a_fault_that_happened_by_itself(section, text, marked):
    assert flagged(section, text, "actorless-event") == [marked]


@pytest.mark.parametrize(
    "text",
    [
        # The actor is named in the sentence.
        "Errors occurred because I pushed the config without the new timeout.",
        # A passive on a concrete subject describes the mechanism; that is what a cause is.
        "The index was dropped by the migration script, so each lookup scans the table.",
        "The bucket policy was changed to public during the test and never reverted.",
        # "issue" as the object, not the subject, of the verb.
        "I shipped the fix for that issue, which happened to land at 09:00.",
    ],
)
def test_actorless_event_and_passive_stay_quiet_on_a_plain_mechanism(text):
    found = rules_fired("cause", text)
    assert not found & {"actorless-event", "passive-hides-actor"}, found


def test_passive_in_a_temporal_clause_says_when_not_who():
    text = "I approved the launch before the security review was done."
    assert flagged("opener", text, "passive-hides-actor") == []
    assert flagged("opener", "The security review was skipped.", "passive-hides-actor") == [
        "was skipped"
    ]


@pytest.mark.parametrize(
    ("section", "text", "marked"),
    [
        ("cause", "Marketing should have told us about the campaign.", "Marketing should have "),
        (
            "ownership",
            "The contractor's patch broke the login page.",
            "The contractor's patch broke",
        ),
        ("cause", "The QA folks forgot the Safari pass.", "The QA folks forgot"),
        ("ownership", "Ops was supposed to renew it.", "Ops was supposed to"),
        ("cause", "Product kept us waiting for the spec.", "Product kept us waiting"),
        ("opener", "Our biggest vendor went quiet for 9 days.", "Our biggest vendor went quiet"),
        ("update", "Legal sat on the DPA again today.", "Legal sat on the"),
        ("ownership", "I think Dana should have caught it.", "Dana should have "),
        ("cause", "The DBA team dropped the ball on the index.", "The DBA team dropped the ball"),
    ],
)
def test_blame_fires_when_another_team_role_vendor_or_person_is_accused(section, text, marked):
    assert flagged(section, text, "blame") == [marked]


@pytest.mark.parametrize(
    ("section", "text"),
    [
        (
            "cause",
            "Checkout should have failed over, but the health check I wrote only tested DNS.",
        ),
        ("cause", "The Postgres upgrade broke the JSON queries our tests do not cover."),
        (
            "cause",
            "A vendor renamed a field in their feed and our parser, which I own, has no check.",
        ),
        ("cause", "The security review took 3 weeks instead of 1 because I widened the scope."),
        ("ownership", "I should have pushed legal harder in week one."),
        ("ownership", "I signed off on the vendor change that broke the export."),
    ],
)
def test_blame_stays_quiet_on_a_cause_or_on_owning_it(section, text):
    assert "blame" not in rules_fired(section, text)


@pytest.mark.parametrize(
    ("section", "text", "marked"),
    [
        ("ownership", "We spent a month waiting for the data team.", "waiting for the data team"),
        (
            "cause",
            "I couldn't get a straight answer from finance.",
            "couldn't get a straight answer from finance",
        ),
        ("opener", "We haven't heard back from Acme since March.", "haven't heard back from Acme"),
        ("cause", "There has been no reply from security on the ticket.", "no reply from security"),
        ("ownership", "I waited on approval for 3 weeks.", "waited on approval"),
    ],
)
def test_waiting_on_others_fires_on_silence_or_slowness_of_someone_else(section, text, marked):
    assert flagged(section, text, "waiting-on-others") == [marked]


def test_waiting_on_a_thing_or_in_remediation_is_not_an_excuse():
    assert (
        flagged("cause", "Requests waited on the database lock for 9 s.", "waiting-on-others") == []
    )
    text = "Depends on the bank: we are waiting for their new key, due by 16:00."
    assert "waiting-on-others" not in rules_fired("remediation", text)


def test_blocked_framing_needs_someone_to_be_blocked_by():
    text = "The iOS release is blocked by a crash on older phones, and I chose to ship."
    assert flagged("opener", text, "blocked-framing") == []
    assert flagged("ownership", "We were held up by Acme's lawyers.", "blocked-framing") == [
        "held up by Acme"
    ]
    assert flagged("ownership", "There isn't much more we could have done.", "blocked-framing")


@pytest.mark.parametrize(
    "text",
    [
        "The whole org shares the blame here.",
        "Honestly this is on all of us.",
        "Engineering and product collectively missed it.",
        "It's on the team, really.",
        "Everyone had a hand in this one.",
        "We share responsibility for the gap.",
    ],
)
def test_diffused_ownership_fires_on_collective_accountability(text):
    assert "diffused-ownership" in rules_fired("ownership", text)


def test_diffused_ownership_stays_quiet_when_i_own_it_and_others_helped():
    text = "I own the decision; I shared the plan with the whole team on Monday."
    assert "diffused-ownership" not in rules_fired("ownership", text)


@pytest.mark.parametrize(
    ("text", "marked"),
    [
        ("Long story, but the config drifted.", "Long story"),
        ("It's rather complicated, to be fair.", "It's rather complicated"),
        ("I'd prefer to not go into it here.", "prefer to not go into"),
        ("It is too technical to explain in an email.", "too technical to explain"),
        ("Let's take this offline.", "take this offline"),
        ("Without going into details, the job failed.", "Without going into details"),
    ],
)
def test_brush_off_fires_on_refusing_to_explain(text, marked):
    assert flagged("cause", text, "brush-off") == [marked]


def test_brush_off_stays_quiet_when_the_explanation_follows():
    text = "It's complicated: two workers took the same lock, so 300 customers were charged twice."
    assert "brush-off" not in rules_fired("cause", text)


@pytest.mark.parametrize(
    "text",
    [
        "Can we talk about the billing project?",
        "Is this a good time to talk about SSO?",
        "Any chance you saw my message about checkout?",
    ],
)
def test_opener_question_fires_on_a_question_as_the_opener(text):
    assert flagged("opener", text, "opener-question") == [text]


def test_opener_question_marks_only_the_question_and_not_other_sections():
    text = "Can we talk? 12% of logins fail since 09:00 and it is my change."
    assert flagged("opener", text, "opener-question") == ["Can we talk?"]
    assert "opener-question" not in rules_fired("ask", "Can you approve $4K by Friday?")


@pytest.mark.parametrize(
    ("text", "marked"),
    [
        ("It's been such a long week. Payments are failing.", "It's been such a long week"),
        ("Let me start with some background on the project.", "some background"),
        ("I'd like to start with the history of the migration.", "like to start with"),
        ("When you get a moment, the launch is moving.", "When you get a moment"),
    ],
)
def test_soft_landing_fires_on_more_warm_ups(text, marked):
    assert marked in flagged("opener", text, "soft-landing")


@pytest.mark.parametrize(
    ("section", "text", "rule"),
    [
        ("ask", "For your information, the launch date moved.", "fyi-forward"),
        ("ask", "Nothing needed from you, just keeping you posted.", "ask-asks-nothing"),
        ("ask", "No action required at this stage.", "ask-asks-nothing"),
        ("update", "Details to follow when we hear more.", "empty-update"),
        ("update", "Shout if you have questions.", "empty-update"),
        ("cause", "Something shifted in the config and things fell over.", "vague-description"),
    ],
)
def test_more_empty_asks_updates_and_vague_descriptions(section, text, rule):
    assert rule in rules_fired(section, text)


def test_an_ask_that_asks_stays_quiet():
    text = "Please approve the refund budget by 17:00 so I can keep you posted on payouts."
    assert rules_fired("ask", text) == set()


@pytest.mark.parametrize(
    ("text", "marked"),
    [
        ("Someone from infra will patch the hosts.", "Someone from infra will"),
        ("We need to get someone to audit the rules.", "get someone to"),
        ("The flaky alerts will be addressed.", "will be addressed"),
        ("The root cause is being investigated by 17:00.", "is being investigated"),
        ("Old keys need to be rotated.", "need to be rotated"),
    ],
)
def test_plan_without_owner_fires_on_someone_and_passive_plans(text, marked):
    assert flagged("remediation", text, "plan-without-owner") == [marked]


def test_plan_with_an_agent_after_by_has_an_owner():
    text = "The old keys will be rotated by Priya at 16:00."
    assert "plan-without-owner" not in rules_fired("remediation", text)
    assert rules_fired("remediation", text) == set()


def test_going_forward_is_a_commitment_only_with_a_time():
    assert flagged("remediation", "We'll review deploys going forward.", "no-commitment") == [
        "going forward"
    ]
    text = "Going forward every release gets a canary; Sam adds the stage by 30 June."
    assert "no-commitment" not in rules_fired("remediation", text)
    assert flagged("remediation", "I make sure this never happens again.", "no-commitment")


def test_the_examples_named_in_issue_12():
    assert "blame" in rules_fired("cause", "Legal never replied to my three emails.")
    assert "blame" in rules_fired("cause", "The data team kept us in their queue.")
    assert "blame" in rules_fired("cause", "Finance should have flagged the expiry.")
    assert "blame" in rules_fired("cause", "The vendor's SDK broke it.")
    assert "blame" in rules_fired("cause", "The DBA team dropped the ball.")
    assert "diffused-ownership" in rules_fired(
        "ownership", "All of engineering shares the responsibility."
    )
    assert "actorless-event" in rules_fired("cause", "A misconfiguration happened.")
    assert "actorless-event" in rules_fired("cause", "Failures arose in the rollout.")
    assert "brush-off" in rules_fired("cause", "Long story.")
    assert rules_fired("opener", "Have you looked at the dashboards?") >= {"fishing-question"}
    assert "fyi-forward" in rules_fired("ask", "For your information.")
    assert rules_fired("remediation", "Look into the orders.") == {
        "remediation-needs-owner",
        "remediation-needs-date",
        "untimed-plan",
    }
    assert "plan-without-owner" in rules_fired("remediation", "Someone will check.")
    assert rules_fired("remediation", "We're moving reads to the replica by Thursday.") == set()
    assert rules_fired("cause", "So an unpatched host can be reached from outside.") == set()


def test_owning_the_choice_to_wait_is_not_an_excuse():
    for text in (
        "I chose to wait for Acme's patch rather than roll back, and that cost 2 hours.",
        "I never chased procurement after the first request; that delay is mine.",
    ):
        assert "waiting-on-others" not in rules_fired("ownership", text), text


def test_confirm_and_brief_are_things_an_executive_is_asked_to_do():
    text = "Please confirm by 12:00 that you will brief the board yourself."
    assert rules_fired("ask", text) == set()


def test_an_update_may_promise_the_next_report_after_and():
    text = "If the vendor's fix slips, I move us to the backup by 22:00 and report at 22:30."
    assert rules_fired("update", text) == set()


@pytest.mark.parametrize(
    ("section", "text", "rule"),
    [
        ("cause", "The upstream team never looped us in on the schema change.", "blame"),
        ("cause", "Networking changed the firewall without telling anyone.", "blame"),
        ("ownership", "I kept pinging the vendor but got nothing back.", "waiting-on-others"),
        ("ownership", "Responsibility sits with the whole department.", "diffused-ownership"),
        ("ownership", "Accountability is spread across three teams.", "diffused-ownership"),
        ("cause", "It's been a bit of a saga, to be honest.", "brush-off"),
        ("opener", "Crazy week on our side, apologies.", "soft-landing"),
        ("impact", "Did you get a chance to read my note?", "fishing-question"),
        ("remediation", "Whoever is on call should keep watching it.", "plan-without-owner"),
    ],
)
def test_the_same_habits_in_other_words(section, text, rule):
    assert rule in rules_fired(section, text)


def test_telling_what_a_vendor_did_without_accusing_is_fine():
    text = "Preliminary: the vendor rotated their keys at 02:00 and our client, which I own, kept the old ones."
    assert rules_fired("cause", text) == set()
    assert (
        rules_fired(
            "opener", "A busy day for checkout: 12% of 40,000 payments failed on my deploy."
        )
        == set()
    )


def assert_quiet(section: str, text: str) -> None:
    """A strong sentence gets no finding; a failure names each rule and the words it marked."""
    assert check(section, text) == [], [
        (f.rule, text[f.start : f.end]) for f in check(section, text)
    ]


def assert_fires(section: str, text: str, rule: str) -> None:
    """A weak sentence gets ``rule`` among its findings; a failure shows what it got."""
    assert rule in {f.rule for f in check(section, text)}, check(section, text)


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


# --- batch 4 (scored blind first): general gaps it showed -------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Please approve the hosting upgrade before month end.",
        "Could you sign off the vendor switch by quarter-end?",
    ],
)
def test_month_and_quarter_end_are_deadlines(text):
    assert "ask-needs-deadline" not in rules_fired("ask", text)


def test_writing_again_on_a_day_promises_the_next_update():
    text = "No change on the rollout; I'll write again on Thursday with the new plan."
    assert "update-needs-next-time" not in rules_fired("update", text)
    assert "update-needs-next-time" in rules_fired("update", "No change on the rollout yet.")


# --- issue 22: completeness is a checklist, read in every common form --------------------


def unmet(section: str, text: str) -> set[str]:
    return {item.rule for item in checklist(section, text) if not item.met}


@pytest.mark.parametrize(
    "text",
    [
        "Kofi from the data team restores the rows by 16:00.",
        "Our DBA re-runs the migration tonight at 22:00.",
        "Lina, our SRE lead, swaps the certificate on Friday.",
        "@mwong rotates the keys by 5pm.",
    ],
)
def test_named_people_and_single_roles_own_actions(text):
    assert "remediation-needs-owner" not in unmet("remediation", text)


@pytest.mark.parametrize(
    "text",
    [
        "Sam ships it by 10am tomorrow.",
        "Sam ships it next Tuesday.",
        "Sam ships it at 9.30am.",
        "Sam ships it on the 14th.",
        "Sam ships it first thing Monday.",
        "Sam ships it within the hour.",
        "Sam ships it by lunchtime.",
        "Sam ships it by half past four.",
        "Sam ships it over the weekend.",
    ],
)
def test_times_and_dates_in_common_english_forms(text):
    assert "remediation-needs-date" not in unmet("remediation", text), text


@pytest.mark.parametrize(
    "text",
    [
        "Resolved at 11:40; all 1,900 customers can pay again.",
        "Refunds are done. You'll hear from me by 10am tomorrow with the totals.",
        "Contained. The postmortem is on Tuesday 10:00.",
        "No change; back to you next Tuesday.",
    ],
)
def test_an_update_that_closes_or_dates_its_follow_up_needs_no_next_time(text):
    assert "update-needs-next-time" not in unmet("update", text)


def test_an_update_that_is_not_resolved_yet_still_owes_a_next_time():
    assert "update-needs-next-time" in unmet("update", "Not resolved yet; still digging.")


@pytest.mark.parametrize(
    "text",
    [
        "Option A delays launch to 3 June; option B ships without SSO. I recommend A, by Friday.",
        "Would you join a call with their CTO on Tuesday or Wednesday?",
        "Do you want to tell the board yourself, or shall I present it on the 21st?",
    ],
)
def test_two_option_asks_and_direct_requests_are_decisions(text):
    assert "ask-needs-decision" not in unmet("ask", text)
    assert check("ask", text) == []


def test_an_information_only_ask_with_a_time_is_complete():
    text = "No action needed from you today; I'll tell you by Thursday noon if that changes."
    assert check("ask", text) == []


# --- issue 22: habits written from their kind (phrasings not in any batch) ---------------


@pytest.mark.parametrize(
    ("section", "text", "rule"),
    [
        ("cause", "In fairness to QA, the test plan they got was thin.", "wrapped-blame"),
        ("ownership", "With all due respect to design, the spec was late.", "wrapped-blame"),
        ("ownership", "To be fair, legal only sent the terms on Friday.", "wrapped-blame"),
        ("cause", "If Marco had merged the hotfix, this would not have spread.", "wrapped-blame"),
        ("ownership", "Accountability sits with the outsourcer we picked.", "wrapped-blame"),
        ("ownership", "I wasn't involved in the rollout, so I can't say more.", "distancing"),
        ("cause", "Outages like this come with the territory.", "fatalism"),
        ("update", "It was always going to happen at this scale.", "fatalism"),
        ("impact", "We saw roughly a 40% jump in tickets.", "number-without-scope"),
        ("impact", "Disk usage hit 97% on 12 nodes.", "number-without-scope"),
        ("ownership", "Whoever inherits the service next quarter will sort it.", "unnamed-owner"),
        ("ownership", "Someone on the platform side will pick it up.", "unnamed-owner"),
        ("opener", "I'm so sorry, I feel terrible about this one.", "apology-instead-of-facts"),
        ("cause", "The retention setting got switched off during the upgrade.", "actorless-event"),
        ("remediation", "We'll tighten the review process.", "untimed-plan"),
        ("update", "Team is still digging into it.", "empty-update"),
        ("update", "We held 14 meetings and closed 30 tickets.", "activity-not-outcome"),
        ("ask", "Your guidance here would be valuable.", "ask-without-decision"),
        ("ownership", "To be fair, the requirements changed twice on us.", "wrapped-blame"),
        ("ownership", "Honestly, infra should own the alerting, not us.", "wrapped-blame"),
        ("update", "Sorry again for all the trouble this has caused.", "apology-instead-of-facts"),
        ("update", "Team is working hard and morale is good.", "empty-update"),
        ("cause", "The timeout value got bumped somewhere along the way.", "actorless-event"),
        ("cause", "It's just one of those things with distributed systems.", "fatalism"),
        ("remediation", "A new owner will pick this up after the reorg.", "unnamed-owner"),
    ],
)
def test_issue_22_habits_fire_in_words_the_batches_do_not_use(section, text, rule):
    assert_fires(section, text, rule)


@pytest.mark.parametrize(
    ("section", "text"),
    [
        ("opener", "I'm sorry to bring this: my migration corrupted 312 invoices overnight."),
        ("impact", "Refund requests doubled from 40 to 80 a day this week."),
        ("impact", "Latency on search rose to 3.2 s for 22% of shoppers."),
        (
            "cause",
            "The nightly sync got a schema change I had not tested, so 880 contacts dropped.",
        ),
        ("cause", "Preliminary: the job likely timed out on large files; I confirm by 15:00."),
        ("ownership", "I own this. Lina from the SRE team runs the restore and reports to me."),
        ("remediation", "We keep the feature flag off until the patched build passes the canary."),
        ("update", "No change since 14:00; the vendor's fix is due at 16:00. Next update 16:15."),
        ("update", "We merged the fix at 13:05 and 4,000 queued emails went out by 13:30."),
        ("opener", "We had a full outage from 14:05 to 15:50; no orders could be placed."),
        ("remediation", "If the vendor misses 17:00, I switch traffic to the backup at 17:15."),
        ("update", "Mitigated at 10:42. I'll keep watching until 12:00 and post then."),
        ("cause", "A cron job I wrote got the time zone wrong, so renewals ran twice."),
        ("impact", "Sign-ups are down 35% against last week, about 600 fewer trials a day."),
        (
            "ask",
            "Decide by Friday whether we delay the launch to 14 April or cut SSO; I'd cut SSO.",
        ),
        ("ownership", "This is mine: I approved the vendor without checking their failover."),
    ],
)
def test_issue_22_rules_leave_good_sentences_alone(section, text):
    assert check(section, text) == [], check(section, text)


@pytest.mark.parametrize(
    "text", ["Fix deployed to 50% of EU traffic.", "Patch is live for 30% of users."]
)
def test_a_noun_with_its_news_is_not_an_untimed_instruction(text):
    assert check("update", text) == [] and check("remediation", text) == []


# --- batch 6's habits, in phrasings no batch uses -----------------------------------------

BATCH_6_HABITS = [
    # An impact sized by a feeling, not a figure.
    ("impact", "The churn from this simply can't be measured yet.", "unsized-impact"),
    ("impact", "It has been a real setback for the sales org.", "unsized-impact"),
    (
        "opener",
        "Virtually everybody on the EU plan felt it to some degree or other.",
        "unsized-impact",
    ),
    # Blame on another party's communication.
    ("cause", "It came down to the supplier never announcing the deprecation.", "blame"),
    ("cause", "The root of it was poor comms from the agency about the cutover.", "blame"),
    # A cause told in the passive, with nobody doing it.
    ("cause", "The migration script was never reviewed before the release.", "actorless-event"),
    ("cause", "The hotfix got shipped on Friday evening without a canary.", "actorless-event"),
    # An assumption as the cause, resting on someone else's act.
    (
        "cause",
        "Procurement had renewed the contract, so we took it for granted the licences carried over.",
        "wrapped-blame",
    ),
    # A cause that is only a trend.
    (
        "cause",
        "Spend went up because of higher demand on the analytics cluster.",
        "vague-description",
    ),
    ("cause", "Latency crept up across a wide variety of endpoints.", "vague-quantity"),
    # Declining to give even a preliminary cause.
    (
        "cause",
        "It is too soon to draw conclusions about why the sync stopped.",
        "waiting-to-be-perfect",
    ),
    (
        "cause",
        "We prefer not to guess at a cause until the post-mortem concludes.",
        "waiting-to-be-perfect",
    ),
    # Ownership that is only awareness or routing.
    ("ownership", "The right people are across it.", "awareness-not-ownership"),
    ("ownership", "This has been passed to the appropriate team.", "awareness-not-ownership"),
    ("update", "Support and finance are now in the loop.", "awareness-not-ownership"),
    # A commitment that depends on nothing going wrong.
    ("remediation", "Dashboards follow in Q2, capacity permitting.", "no-commitment"),
    ("remediation", "The rewrite happens sometime in the new year.", "no-commitment"),
    # An ask with nothing in it.
    ("ask", "Awaiting your direction.", "ask-without-decision"),
    ("ask", "Over to you on how to proceed.", "ask-without-decision"),
    # An update that only says work continues.
    ("update", "The team keeps monitoring developments.", "empty-update"),
    ("update", "Remediation across the regions remains under way.", "empty-update"),
    ("update", "No material developments on the vendor side.", "empty-update"),
    # An opener that states a process, not the news.
    ("opener", "I've had an email from a partner about our invoices.", "soft-landing"),
]


@pytest.mark.parametrize(("section", "text", "rule"), BATCH_6_HABITS)
def test_batch_6_habits_fire_in_words_the_batches_do_not_use(section, text, rule):
    assert_fires(section, text, rule)


@pytest.mark.parametrize(
    ("section", "text"),
    [
        # A feeling next to the figure is fine.
        ("impact", "Hard to size beyond the 230 accounts we can see in the logs today."),
        # Saying what another party did, without charging them, and owning my part.
        ("cause", "The supplier announced the deprecation on 2 May; I missed it in the changelog."),
        ("cause", "I did not tell support about the cutover, so 40 tickets went unanswered."),
        # A passive with its actor, or about a machine.
        ("cause", "The hotfix I wrote was never reviewed, and I merged it at 18:10."),
        ("cause", "Rows were skipped by the importer whenever a postcode had a space."),
        # An assumption owned as mine.
        ("cause", "I assumed the retry would cover a 30-second outage and never tested it."),
        # A trend with its size.
        (
            "cause",
            "Spend rose from $41K to $58K because of higher demand on the analytics cluster.",
        ),
        # A preliminary cause given with the doubt stated.
        ("cause", "Too early to confirm; working theory is the 14:02 certificate rotation."),
        # Awareness next to an owner and a time.
        ("ownership", "Legal is briefed, and I own the customer reply, which goes out by 16:00."),
        ("update", "Support is in the loop; next update at 15:30."),
        # A dated commitment with no condition.
        ("remediation", "Omar ships the dashboards by 14 March."),
        # An ask that names its decision.
        (
            "ask",
            "Please advise by Thursday whether we refund all 312 accounts or only the 40 disputed.",
        ),
        # An update with news and a time.
        ("update", "Remediation finished in 3 of 4 regions at 11:20; the last one by 14:00."),
        # An opener with the news in it.
        (
            "opener",
            "We received 14 complaints from enterprise partners since 08:00 about double invoices.",
        ),
        # The three strong batch-6 shapes that were flagged, in other words.
        ("opener", "The SSO provider has been down since 07:15, so nobody in APAC can sign in."),
        (
            "cause",
            "A limit I lowered on Tuesday halved the worker pool, and the nightly batch starved it.",
        ),
        (
            "update",
            "Cutover: 9 of 12 services moved; the billing one is the only thing that could slip it, and I'll know by Friday.",
        ),
    ],
)
def test_batch_6_rules_leave_good_sentences_alone(section, text):
    assert check(section, text) == [], check(section, text)


# --- kinds of weak writing a new writer brings (batch 7 and beyond), in our own words -----
#
# Each kind is written as a shape, not a sentence; these phrasings appear in no batch.

NEW_WRITER_HABITS = [
    # Understatement: the size told as a shortfall from the plan.
    ("opener", "The billing rollout hasn't gone quite as smoothly as we'd hoped.", "minimising"),
    ("impact", "Renewals are running a little behind where we wanted them.", "minimising"),
    ("update", "The data fix is more or less in hand now.", "minimising"),
    ("cause", "The cutover was less than ideal from a sequencing point of view.", "minimising"),
    # Reassurance in place of facts.
    ("update", "Talks with the regulator were cordial and encouraging.", "reassurance-not-facts"),
    (
        "update",
        "We remain cautiously optimistic about the partner relationship.",
        "reassurance-not-facts",
    ),
    ("opener", "Rest assured the team has this in hand.", "reassurance-not-facts"),
    ("update", "The migration is broadly on track.", "reassurance-not-facts"),
    ("remediation", "Everyone is aligned on the approach.", "reassurance-not-facts"),
    # Good news first, burying the bad.
    ("opener", "On the bright side, the mobile app was unaffected.", "good-news-first"),
    ("update", "The good news is that the EU region stayed up throughout.", "good-news-first"),
    # Ownership left to a forum, or assigned to nobody named.
    ("ownership", "Who owns the clean-up is still under discussion.", "deferred-ownership"),
    ("ownership", "Accountability has been assigned.", "deferred-ownership"),
    ("remediation", "Next steps are to be agreed at the steering committee.", "deferred-ownership"),
    (
        "remediation",
        "A cross-functional task force will own the follow-through.",
        "deferred-ownership",
    ),
    ("update", "We'll take it to the quarterly review.", "deferred-ownership"),
    # A decision nobody made.
    ("cause", "The decision was taken to skip the canary for this release.", "actorless-decision"),
    ("update", "It has been agreed that the launch moves.", "actorless-decision"),
    # Coordination offered in place of ownership.
    (
        "ownership",
        "Glad to liaise, but the patch is really one for the platform group.",
        "distancing",
    ),
    ("ownership", "I'm available to facilitate between the two teams.", "distancing"),
    # Handing the decision back to the executive.
    ("ask", "Whatever you think best here.", "ask-without-decision"),
    ("ask", "How would you like me to handle the customer?", "ask-without-decision"),
    ("ask", "We'd need sign-off to spend whatever it takes.", "ask-without-decision"),
    (
        "ask",
        "There are several ways forward and we're open to any of them.",
        "ask-without-decision",
    ),
    ("ask", "Entirely your call.", "ask-without-decision"),
    # Waiting on others with no date.
    ("remediation", "We're pending a response from the payment processor.", "waiting-without-date"),
    ("update", "Still waiting for their confirmation.", "waiting-without-date"),
    # Refusing to estimate.
    ("update", "There's no ETA at this stage.", "refuses-to-estimate"),
    ("remediation", "We can't commit to a timeline on the rebuild.", "refuses-to-estimate"),
    ("remediation", "It will take as long as it takes.", "refuses-to-estimate"),
    # Someone else's word as the plan or the cause.
    ("remediation", "The supplier has promised us it's their top priority.", "borrowed-assurance"),
    (
        "cause",
        "We were informed the outage sat in the carrier's core network.",
        "borrowed-assurance",
    ),
    # Effort counted as progress, in words.
    (
        "update",
        "Thirty tickets raised and a dozen war rooms held since the weekend.",
        "activity-not-outcome",
    ),
    ("remediation", "The squad has been working round the clock on it.", "activity-not-outcome"),
    # Percent done with nothing to measure it by.
    ("update", "The rebuild is about 90% complete.", "progress-without-measure"),
    ("remediation", "We're practically done with the migration.", "progress-without-measure"),
    # Industry fatalism, and a plan never realistic.
    ("cause", "Integrations with banks routinely slip in the fintech sector.", "fatalism"),
    ("cause", "That target was never achievable.", "fatalism"),
    # "Out of our hands", in a cause.
    ("cause", "The carrier outage is beyond our control.", "blocked-framing"),
    ("update", "All we can do now is wait for the registrar.", "blocked-framing"),
    # Diffused ownership in new words.
    (
        "ownership",
        "It was a real team effort to get here, and we'll rally together.",
        "diffused-ownership",
    ),
    ("ownership", "We've all got a part in this.", "diffused-ownership"),
    # A conditional commitment.
    ("remediation", "The fix ships in a sprint or two, dependent on the roadmap.", "no-commitment"),
    ("remediation", "We'll do better next time.", "no-commitment"),
    # Apology in place of facts, in other words.
    ("opener", "We let you down and we deeply regret it.", "apology-instead-of-facts"),
]


@pytest.mark.parametrize(("section", "text", "rule"), NEW_WRITER_HABITS)
def test_new_writer_habits_fire_in_words_no_batch_uses(section, text, rule):
    assert_fires(section, text, rule)


@pytest.mark.parametrize(
    ("section", "text"),
    [
        # The same words used precisely, next to the facts.
        ("update", "On track for 14 April: 11 of 12 services passed UAT yesterday."),
        ("update", "The call with Nordbank at 14:00 was constructive: they accepted the fix plan."),
        ("update", "Rebuild 70% complete (14 of 20 shards); finishes at 23:00."),
        ("remediation", "Slightly behind: 9 of 12 regions moved, the last 3 by Thursday 18:00."),
        ("impact", "Support has logged 140 tickets from 96 customers since Monday."),
        ("update", "Cloudflare confirmed the fault at 10:20 and commits to a fix by 14:00."),
        ("update", "We verified the vendor's patch in staging; it rolls out at 16:00."),
        (
            "remediation",
            "Waiting on Twilio's answer until 15:00; if none, I switch to the backup at 16:00.",
        ),
        ("remediation", "No ETA yet; I'll have one by 15:00 after the replay."),
        # A decision with its maker, ownership with its owner.
        ("cause", "I made the decision to skip the canary, and it was the wrong call."),
        ("ownership", "I own the follow-up; the retro on Friday reviews what I change."),
        (
            "ownership",
            "Responsibility for the restore has been assigned to Priya from the data team.",
        ),
        ("ownership", "I accepted a date that was never realistic, and I should have pushed back."),
        (
            "ownership",
            "Nobody outside finance can approve refunds, so I asked Dana to sign them today.",
        ),
        # A recommendation with the menu, an ask with one decision.
        ("ask", "Three options; I recommend the second, a 10% credit, decided by Thursday."),
        (
            "ask",
            "Please decide by Friday whether we refund all 312 accounts or only the 40 disputed.",
        ),
        # Coordination as the owner, not in place of one.
        ("remediation", "I coordinate the vendor call at 15:00 and own the fix that follows."),
        # Impact, not fatalism: the industry named with a figure and an owner.
        ("impact", "Every enterprise customer in the EU region, 212 accounts, saw the outage."),
        # Not an apology that stands in for facts.
        ("ownership", "I regret not escalating on 3 May; I should have come to you that day."),
    ],
)
def test_new_writer_rules_leave_strong_sentences_alone(section, text):
    assert_quiet(section, text)


# --- more kinds, and the net under them: a text with nothing in it to check ---------------

MORE_KINDS = [
    # Status words where the metric belongs; importance claimed instead of shown.
    ("update", "Dashboards appear steadier since the rollback.", "reassurance-not-facts"),
    ("update", "I'd say we've turned the corner.", "reassurance-not-facts"),
    ("remediation", "This is being treated as a top priority.", "reassurance-not-facts"),
    # A cause named by its category, or with nobody who made the thing that was wrong.
    ("cause", "Mostly configuration issues on the integration side.", "vague-description"),
    ("cause", "A lack of alignment across squads.", "vague-description"),
    ("cause", "The runbook was outdated.", "actorless-event"),
    ("cause", "Our safeguards simply failed to catch it.", "actorless-event"),
    # Bad timing, inheritance, "no way to know".
    ("cause", "The release happened to coincide with month-end billing.", "fatalism"),
    ("cause", "Every check was green, so there was no way of spotting it.", "fatalism"),
    ("ownership", "The service was inherited from the old agency.", "distancing"),
    ("ownership", "I own it, though the brief was never clear.", "distancing"),
    # Cause not given, and no time by which it will be.
    ("update", "The cause remains unknown.", "waiting-to-be-perfect"),
    # Openers that announce the news instead of giving it.
    ("opener", "I wanted to raise a concern about the Helix launch.", "soft-landing"),
    ("opener", "Let me keep this short as I know how stretched you are.", "soft-landing"),
    # Silence pointed at, surprise, decay with no actor, blame spread, the answer passed on.
    ("cause", "No one warned us the endpoint would be switched off.", "blame"),
    ("cause", "The SDK had an undocumented limitation.", "fatalism"),
    ("cause", "The cache settings went stale.", "actorless-event"),
    ("cause", "Our alerting wasn't built for a slow failure.", "actorless-event"),
    ("ownership", "There's enough blame to go round.", "diffused-ownership"),
    ("ownership", "I'll leave it to the platform lead to explain.", "distancing"),
    ("update", "Productive talks this morning with their security folks.", "reassurance-not-facts"),
    # Nothing in it to check.
    ("impact", "Service quality has taken a hit.", "nothing-checkable"),
    ("remediation", "The vendor is going to prioritise it.", "nothing-checkable"),
    ("ask", "Can we get more support on this?", "nothing-checkable"),
    ("update", "Steady as she goes.", "nothing-checkable"),
]


@pytest.mark.parametrize(("section", "text", "rule"), MORE_KINDS)
def test_more_kinds_fire_in_words_no_batch_uses(section, text, rule):
    # The rule itself, whether or not a more specific finding on the same words wins.
    others = {r.id for r in RULES if r.id != rule}
    assert rule in {f.rule for f in check(section, text, skip=others)}, check(section, text)


@pytest.mark.parametrize(
    ("section", "text"),
    [
        # A strong sentence with no figure carries a time, a name, "I", a boundary, a check
        # or a closure: each is something the executive can check.
        ("opener", "Card checkout has been failing across Europe since yesterday evening."),
        ("impact", "No customer records were exposed; the file held internal test data."),
        (
            "impact",
            "The admin panel was reachable from inside the office only, confirmed from the firewall logs.",
        ),
        ("ownership", "That was my call, and it was the wrong one."),
        ("remediation", "Karim writes the migration and Lea reviews it."),
        ("remediation", "The flag stays off until the patched build passes the canary."),
        ("ask", "Will you tell the board, or shall I?"),
        ("update", "Resolved: card payments are flowing again through the provider."),
        # Status with its metric; a cause with its mechanism or its owner.
        ("update", "Error rate steadier since the rollback: 0.2% against 4% at the peak."),
        ("cause", "The checks didn't catch it because config changes skip the canary stage."),
        ("cause", "The runbook was outdated because I never updated it after the move."),
        ("cause", "The release coincided with month-end billing because I picked the date."),
        ("ownership", "We inherited the service from the old agency, and I chose not to audit it."),
        ("update", "Cause not confirmed yet; I'll have it by 15:00."),
        # Another party's part next to my own, in one sentence, is owning it.
        (
            "opener",
            "The launch moves to 16 June because the SSO vendor's fix is late, and I should have planned for it.",
        ),
        (
            "cause",
            "The supplier announced the change on 2 May and we weren't told internally because I never forwarded it.",
        ),
        (
            "update",
            "I'm comfortable with the handover: Marta leaves on Friday and Ravi shipped his first change today.",
        ),
    ],
)
def test_the_net_and_the_new_kinds_leave_strong_sentences_alone(section, text):
    assert_quiet(section, text)


def test_nothing_checkable_is_left_to_the_form_where_its_fields_hold_the_facts():
    from escalations.coach.fields import check_field

    # An action row has an owner and a due field; an update has its next-update time.
    assert "nothing-checkable" not in {
        f.rule for f in check_field("actions-0-description", "Patch it")
    }
    assert "nothing-checkable" not in {f.rule for f in check_field("body", "Patched it")}
    # Where the checklist already names the gap, the form shows that one message.
    assert "nothing-checkable" not in {
        f.rule for f in check_field("impact_headline", "Service quality has taken a hit.")
    }


# --- kinds writers E and F got past the coach (batches 8 and 9), in our own words ---------
#
# Written from the kind, not from their sentences: none of these phrasings is in any batch.
# Each kind has phrasings in other voices (British, American, non-native, colloquial), and
# strong sentences below use the same words next to the facts and must stay quiet.

WRITER_E_F_KINDS = [
    # Apology or feeling as the whole message; a weekday or "this week" only sets the mood.
    (
        "opener",
        "So sorry to be writing this, I hate having to bring you bad news again.",
        "apology-instead-of-facts",
    ),
    (
        "opener",
        "Please accept my apologies, I'm kicking myself over this one.",
        "apology-instead-of-facts",
    ),
    (
        "impact",
        "We feel really bad about how this week has gone for the clinics.",
        "apology-instead-of-facts",
    ),
    (
        "update",
        "I am very sorry for the trouble this is causing on a Monday.",
        "apology-instead-of-facts",
    ),
    (
        "opener",
        "Hate to be the bearer of bad news, but the launch is in trouble.",
        "apology-instead-of-facts",
    ),
    # A hedged figure left alone, a vague duration or frequency.
    ("impact", "We dropped about 3,500 bookings.", "number-without-scope"),
    ("impact", "Around 600 claims went missing.", "number-without-scope"),
    ("opener", "Something like 12k emails bounced.", "number-without-scope"),
    ("impact", "Searches were timing out for a while.", "vague-quantity"),
    ("impact", "Checkout was slow on and off over the weekend.", "vague-quantity"),
    # A figure given, then judged small.
    ("impact", "Just 3% of riders saw it, so honestly a tiny fraction overall.", "minimising"),
    ("impact", "Only 1% of users were affected, which is not that many.", "minimising"),
    ("impact", "It touched a small percentage of accounts, really a non-event.", "minimising"),
    # Blame wrapped in fairness (any preposition), another team's workload, requirements
    # changed by others, the effect put down to them.
    ("cause", "In fairness with the platform team, it should not have shipped.", "wrapped-blame"),
    ("cause", "To be fair on the testers, they had far too much on their plate.", "wrapped-blame"),
    ("cause", "In QA's defence, they were stretched thin with the audit.", "wrapped-blame"),
    (
        "cause",
        "Sales kept changing the scope, so the slip is basically a result of that.",
        "wrapped-blame",
    ),
    (
        "cause",
        "The client moved the goalposts twice and the overrun is really down to them.",
        "wrapped-blame",
    ),
    ("cause", "Marketing revised the brief four times during the sprint.", "wrapped-blame"),
    ("cause", "The contractor's code was not up to standard.", "blame"),
    # Fatalism: a law of nature, growth, cost, rarity, nobody's fault.
    ("cause", "Honestly that's just the nature of running a marketplace at this size.", "fatalism"),
    (
        "cause",
        "Outages like this come with growth, it's what happens when you scale fast.",
        "fatalism",
    ),
    ("cause", "Storage is just expensive and the data kept growing.", "fatalism"),
    ("cause", "Nobody's fault really, it was a perfect storm.", "fatalism"),
    ("cause", "It was a one-off.", "fatalism"),
    # Effort told as progress.
    (
        "remediation",
        "The team is giving it everything and putting in long hours.",
        "activity-not-outcome",
    ),
    (
        "update",
        "Engineers have barely slept and are pulling out all the stops.",
        "activity-not-outcome",
    ),
    (
        "remediation",
        "Everyone is trying really hard and doing their very best.",
        "activity-not-outcome",
    ),
    # An open cheque: "do what's needed".
    (
        "ask",
        "We'd appreciate a free hand to take whatever steps we think best.",
        "ask-without-decision",
    ),
    ("ask", "I need your go-ahead to do what is necessary.", "ask-without-decision"),
    ("ask", "Could we get carte blanche on the recovery?", "ask-without-decision"),
    # Nothing changed, and watching it.
    ("update", "Not a lot has changed, we're keeping tabs on it.", "empty-update"),
    ("update", "Much the same as before really, keeping an eye on it.", "empty-update"),
    ("update", "Nothing really has moved since my last note.", "empty-update"),
    ("update", "Bit better today.", "reassurance-not-facts"),
    # Kinds no batch had yet, from probes of our own in other voices.
    ("opener", "Unfortunately we had an incident with the app yesterday.", "vague-description"),
    ("impact", "Revenue took a hit this month.", "unsized-impact"),
    ("cause", "The root cause was a configuration mistake.", "vague-description"),
    ("cause", "Legacy code, basically.", "vague-description"),
    ("cause", "The database just couldn't handle the load.", "vague-description"),
    ("cause", "We're still trying to figure out what happened exactly.", "waiting-to-be-perfect"),
    ("cause", "The release went out without enough testing.", "actorless-event"),
    ("cause", "Somebody pushed a bad config on Friday.", "actorless-event"),
    ("cause", "Monitoring did not pick it up.", "actorless-event"),
    ("ownership", "I was on holiday when it happened, but I'm back now.", "distancing"),
    ("ownership", "I'm across it.", "no-commitment"),
    # A later probe of our own, scored before these were written (docs/coach.md).
    ("opener", "There has been a development with the Helios contract.", "vague-description"),
    ("impact", "Sales were affected quite badly across Europe.", "unsized-impact"),
    ("cause", "It was caused by an edge case in the payment flow.", "vague-description"),
    ("cause", "A change made on Tuesday broke the export.", "actorless-event"),
    ("ownership", "I'll make sure the right people are held accountable.", "distancing"),
    ("ownership", "This one is on engineering, and they know it.", "wrapped-blame"),
    ("impact", "This could have a knock-on effect on the quarter.", "hedging"),
    ("impact", "There may be knock-on effects for the retail side.", "unsized-impact"),
    ("cause", "Our processes weren't robust enough.", "actorless-event"),
    ("ownership", "I've spoken to the people involved.", "distancing"),
    ("opener", "Gonna be straight with you, the pilot didn't go that well.", "minimising"),
    ("cause", "The server went down because of a problem.", "vague-description"),
    ("ownership", "The fault lies with operations.", "wrapped-blame"),
    # A cause with no mechanism, no actor and nothing to check.
    ("cause", "Turns out the cache wasn't invalidating properly.", "cause-without-mechanism"),
    ("cause", "The failover didn't work as designed.", "cause-without-mechanism"),
    ("cause", "The estimates were too optimistic from the start.", "cause-without-mechanism"),
]


@pytest.mark.parametrize(("section", "text", "rule"), WRITER_E_F_KINDS)
def test_writer_e_and_f_kinds_fire_in_words_no_batch_uses(section, text, rule):
    others = {r.id for r in RULES if r.id != rule}
    assert rule in {f.rule for f in check(section, text, skip=others)}, check(section, text)


@pytest.mark.parametrize(
    ("section", "text"),
    [
        # Apology next to the facts, or naming my own act.
        (
            "opener",
            "I'm sorry: 1,200 customers were charged twice this morning and it was my change.",
        ),
        (
            "opener",
            "Sorry to bring this on a Friday: payroll for 340 staff is delayed to Monday 09:00.",
        ),
        (
            "ownership",
            "I regret approving the release without a canary; I take full responsibility.",
        ),
        (
            "opener",
            "I feel awful about this: 1,400 customers got the wrong invoice and it was my change.",
        ),
        # A hedged figure pinned by a window, money, a second figure or a share.
        ("impact", "We lost roughly 2,000 transactions between 09:10 and 10:40, about £86k."),
        ("impact", "About 300 of our 1,200 merchants saw failed payouts."),
        ("impact", "Approximately 1,150 orders from 870 customers were lost."),
        ("impact", "Around 2,400 riders, about 3% of the week's trips, got the wrong fare."),
        ("impact", "Searches timed out intermittently for 1 in 8 users between 10:00 and 12:00."),
        # A small share weighed by what it holds; a count of a small number.
        ("impact", "Only 2% of patients were affected, but they include all 40 dialysis bookings."),
        ("impact", "A small number of accounts, 14, were exposed; all belong to one reseller."),
        # Another party's part next to my own; "the nature of" a specific fault.
        (
            "cause",
            "To be fair to the vendor, their advisory was published on 2 May and I missed it.",
        ),
        (
            "cause",
            "Product changed the requirements three times, and I accepted each change without moving the date.",
        ),
        ("cause", "The delay is a direct consequence of my decision to skip load testing."),
        ("cause", "The vendor's SDK was buggy in 4.2, and I upgraded without the canary."),
        (
            "cause",
            "That's the nature of the bug: the parser drops the last field when a line ends in a comma.",
        ),
        (
            "cause",
            "A configuration mistake I made on Monday set the pool size to 2, so requests queued.",
        ),
        (
            "cause",
            "The database couldn't handle the load because I removed the read replica on Friday.",
        ),
        (
            "cause",
            "We don't yet know why the job stopped; I'll have the cause by 15:00 from the replay.",
        ),
        # A risk sized by its figures; a possibility next to the check that settles it.
        ("impact", "A further outage could cost us the Acme renewal, £400k ARR, due on 30 June."),
        (
            "impact",
            "The leaked token could have been used to read invoices; we audited all 9,000 reads and found none from outside.",
        ),
        # A mechanism told with what it did to the system is not bare jargon.
        (
            "cause",
            "I approved a retry change with no backoff, so when the provider returned 503s our workers looped and drained the queue.",
        ),
        # A forecast as the reason for a recommendation; an honest unknown with its date.
        (
            "ask",
            "I recommend we refund all 312 accounts today, because several will complain publicly otherwise; please decide by 15:00.",
        ),
        (
            "update",
            "We don't yet know whether anyone else accessed the bucket; the access logs arrive Monday 10:00.",
        ),
        # Effort next to its outcome; a capped free hand with a recommendation.
        ("remediation", "Omar and Li work late tonight to finish the backfill; done by 07:00."),
        (
            "ask",
            "Please give me a free hand on contractor spend up to £30k, decided by Friday; I recommend it.",
        ),
        # No change, measured; a comparison with its figures; a dated, sized incident.
        ("update", "Nothing has changed since 14:00; next update at 16:00."),
        (
            "update",
            "Not much has changed in the numbers: 212 of 230 accounts restored, the rest by 18:00.",
        ),
        ("update", "Error rate a bit better: 0.8% against 2.1% at 10:00; next update 13:00."),
        (
            "opener",
            "We had an outage on card checkout from 09:10 to 10:40; 3,100 orders failed and it was my change.",
        ),
        ("impact", "Revenue took a hit of £120k this week, 8% below plan."),
        ("ownership", "I was on call and missed the first page at 02:10; that's mine."),
        # The same words with the mechanism, the owner or the size.
        (
            "opener",
            "There is a problem with the signing key: it expired overnight and every login fails.",
        ),
        (
            "cause",
            "An edge case in the FX step: orders in two currencies skip conversion, so they are charged twice.",
        ),
        (
            "cause",
            "A change made by Omar to the retry policy doubled the calls to the bank, which tripped its limit.",
        ),
        (
            "impact",
            "Sales in Europe were hit hard: £310k of orders lost on Tuesday, 14% of the week.",
        ),
        (
            "cause",
            "The failover didn't work as designed because the health check pointed at the old port, which I set.",
        ),
        ("cause", "The cache kept stale prices because the purge job skipped keys with a colon."),
        # Natural strong writing across the sections, none of it from a batch.
        (
            "opener",
            "Checkout has been failing for 18% of card payments in the UK since 07:40; I own the fix and the next update is at 10:00.",
        ),
        (
            "impact",
            "No customer data left our systems; the exposed bucket held test fixtures only, checked by Priya this morning.",
        ),
        (
            "cause",
            "The rate limiter counted retries as new requests, so one slow tenant exhausted the shared quota.",
        ),
        ("ownership", "This is mine: I own the billing service and I approved the change."),
        (
            "ask",
            "No decision needed from you today; I'll ask for one on Monday if the vendor misses Friday.",
        ),
        (
            "update",
            "Still down for EU customers; the vendor's failover finished at 12:10 but errors stay at 12%; next update 13:00.",
        ),
        (
            "remediation",
            "Until the fix ships on Thursday, support refunds any double charge within an hour.",
        ),
        (
            "update",
            "The 14:00 call with Nordbank did not go well: they asked for a 10% credit by Friday.",
        ),
        (
            "cause",
            "The problem was with my change: it removed the index the nightly job relies on.",
        ),
    ],
)
def test_writer_e_and_f_kinds_leave_strong_sentences_alone(section, text):
    assert_quiet(section, text)


@pytest.mark.parametrize(
    ("section", "text"),
    [
        # Doubt with the time it ends, a stated confidence, a bound, or an option's cost.
        (
            "opener",
            "We probably double-charged 1,900 customers this morning; I'm confirming the exact count by 11:00.",
        ),
        (
            "cause",
            "We believe, with about 80% confidence, the replica lag caused the stale reads; the test at 15:00 settles it.",
        ),
        (
            "impact",
            "Up to 3,000 customers may have received the wrong statement; we know exactly who by 17:00.",
        ),
        (
            "impact",
            "At worst 12 enterprise renewals worth £1.1m could be at risk if the outage recurs before 30 June.",
        ),
        (
            "ask",
            "Option A costs £20k and may slip the launch a week; option B costs £45k and holds the date; I recommend B, decide by Thursday.",
        ),
        # A vague word whose amount follows in the clause, or that counts part of a counted set.
        (
            "cause",
            "Several retries per request, up to 12, hit the provider at once, so it rate-limited us.",
        ),
        (
            "ask",
            "Decide by Friday whether to notify all 1,200 users; a number of them are in the EU, so I recommend notifying.",
        ),
        # The author's own act on the system is the mechanism, not bare jargon.
        (
            "cause",
            "The cause was a configuration error in the load balancer: I pointed health checks at the old port.",
        ),
        # Away, and owning it anyway; a law-of-nature phrase about our own contract.
        (
            "ownership",
            "I was on holiday, but the decision to ship was mine before I left and I stand by owning it.",
        ),
        (
            "cause",
            "That's the reality of our contract: the provider may throttle us above 500 requests a second, and I signed it.",
        ),
    ],
)
def test_precise_doubt_and_owned_context_stay_quiet(section, text):
    assert_quiet(section, text)


@pytest.mark.parametrize(
    ("section", "text"),
    [
        # ...while doubt with no end, no bound and no figure is still hedging.
        ("update", "The fix might be ready by Friday."),
        ("cause", "We're not 100% sure yet, it could be the vendor."),
        ("impact", "It may have affected around 500 users."),
    ],
)
def test_open_doubt_is_still_hedging(section, text):
    assert "hedging" in {f.rule for f in check(section, text)}


def test_a_cause_without_mechanism_is_asked_of_the_root_cause_not_of_a_factor_or_an_answer():
    from escalations.coach.fields import check_field

    text = "The failover did not work as designed."
    assert "cause-without-mechanism" in {f.rule for f in check_field("cause_statement", text)}
    # A contributing factor is one line under the root cause; an answer replies to a question.
    assert "cause-without-mechanism" not in {
        f.rule for f in check_field("factors-0-description", text)
    }
    assert "cause-without-mechanism" not in {
        f.rule for f in check_field("questions-0-answer", text)
    }


# Round on writers G and H (batches 10 and 11): doubt the sentence itself bounds, a named
# owner for an ongoing process, "no action needed", a figure with its denominator, and a
# passive that describes a thing's state in a dated, counted report. Our own sentences, in
# several voices; none is from a batch.
@pytest.mark.parametrize(
    ("section", "text"),
    [
        # Doubt with the time or the check that ends it.
        (
            "opener",
            "We'll likely miss the 14 March cut-over for Boots; I'll confirm either way by Wednesday noon.",
        ),
        (
            "opener",
            "Chances are we won't hit the Aldi launch on 3 July, and I will know for sure on Thursday.",
        ),
        (
            "cause",
            "I believe the trigger was the 02:00 cache purge; we've replicated the spike three times and I'll confirm by 16:00.",
        ),
        (
            "cause",
            "Our best guess is the certificate rotation; we've reproduced the failure twice on staging and will verify by tomorrow 10:00.",
        ),
        # A recommendation put to a dated decision.
        (
            "ask",
            "We should probably bring in a second DBA contractor; I need your sign-off by Friday to start on Monday.",
        ),
        (
            "ask",
            "I think we probably need to delay the price change; can you approve the new date by end of day?",
        ),
        # An estimate of a consequence that carries its bound or its size.
        (
            "impact",
            "Delivery slips by at least two weeks, which probably pushes the £80k trade-show spend into Q3.",
        ),
        (
            "impact",
            "The outage lasted at least 40 minutes, so it likely cost us around 1,100 orders.",
        ),
        # A named owner for a process that does not end.
        (
            "ownership",
            "I own fixing the leaked token; Ravi from platform owns secret scanning going forward.",
        ),
        (
            "ownership",
            "Chloe in finance is now the owner of the monthly cost review from now on, and I own this month's overrun.",
        ),
        (
            "ownership",
            "The payments team takes over the reconciliation job going forward; I own the cleanup until it moves.",
        ),
        # "No action needed" is not a plan.
        (
            "update",
            "We rotated the leaked Stripe key at 10:20 and found no misuse; merchants do not need to do anything.",
        ),
        ("update", "The refund backlog was cleared at 09:00; users don't have to reapply."),
        # "On it", with the time of the next word.
        (
            "update",
            "We still don't know why exports hang; three engineers are on it and we'll update you again by 16:00 either way.",
        ),
        (
            "update",
            "Two of us are on it, and I'll post the next update at 11:30 whether or not we have a cause.",
        ),
        # A vague word the sentence then sizes with a figure and its denominator.
        (
            "update",
            "Still investigating why a few logins fail; roughly 1.5% of sign-ins are affected, next update 17:00.",
        ),
        (
            "impact",
            "Several merchants saw double charges: 37 of the 2,100 who paid between 09:00 and 09:40.",
        ),
        # A passive that says what state a thing was in, in a dated and counted report.
        (
            "opener",
            "Card data was exposed: between 2 and 9 May the last four digits of 6,200 customers went to an analytics tool that was never approved for payment data.",
        ),
        (
            "opener",
            "Patient emails leaked: on 12 June 3,400 addresses were sent to a mailing vendor that was not approved for health data.",
        ),
    ],
)
def test_bounded_doubt_named_process_owners_and_scoped_figures_stay_quiet(section, text):
    assert_quiet(section, text)


@pytest.mark.parametrize(
    ("section", "text", "rule"),
    [
        # ...while the same words with nothing that bounds them still fire.
        ("opener", "We probably won't make the go-live, hard to say.", "hedging"),
        ("cause", "We think the trigger was probably the index rebuild.", "hedging"),
        ("ask", "We should probably hire another engineer.", "hedging"),
        ("impact", "The launch will probably slip, which could hurt the campaign.", "hedging"),
        ("ownership", "Going forward the team will be more careful.", "no-commitment"),
        ("update", "We're on it and will keep working on it.", "no-commitment"),
        ("update", "Some payments are failing.", "vague-quantity"),
        ("remediation", "We need to add more monitoring.", "untimed-plan"),
        ("opener", "The change was not tested properly.", "passive-hides-actor"),
    ],
)
def test_unbounded_doubt_and_untimed_promises_still_fire(section, text, rule):
    assert_fires(section, text, rule)


# Kinds writers G and H got past the coach, each in words of our own and several voices
# (British, American, corporate, colloquial, non-native); none is a batch sentence.
WRITER_G_H_KINDS = [
    ("ownership", "Strictly speaking this sits with the platform team, not us.", "wrapped-blame"),
    ("ownership", "Honestly this falls under Legal's remit rather than ours.", "distancing"),
    ("ownership", "It's really Finance's call at the end of the day.", "distancing"),
    ("ownership", "The data team are best placed to own this going forward.", "diffused-ownership"),
    ("ownership", "It would make more sense for Ops to own the rota.", "distancing"),
    ("ownership", "Marketing should really own the customer comms here.", "wrapped-blame"),
    ("ownership", "I've flagged it to infra and no doubt they'll sort it.", "distancing"),
    ("ownership", "It's on the security team's radar.", "wrapped-blame"),
    (
        "ownership",
        "The vendor is aware and will surely come back to us.",
        "awareness-not-ownership",
    ),
    ("ownership", "The ball is in Procurement's court now.", "distancing"),
    ("cause", "The contractors cut corners on the migration scripts.", "blame"),
    ("cause", "The QA team weren't thorough enough with the regression pass.", "blame"),
    ("cause", "The agency didn't do their due diligence on the new template.", "blame"),
    ("cause", "Ops never really stuck to the runbook that night.", "blame"),
    ("cause", "Support didn't pay enough attention to the warnings.", "blame"),
    ("cause", "The outsourced devs skipped the review.", "cause-without-mechanism"),
    ("cause", "The infra folks were a bit complacent about the certificates.", "blame"),
    (
        "cause",
        "We hit unexpected technical challenges in the integration layer.",
        "vague-description",
    ),
    (
        "cause",
        "Underlying complexity in the billing platform slowed everything down.",
        "vague-description",
    ),
    ("cause", "Our planning assumptions turned out to be overly optimistic.", "vague-description"),
    ("cause", "The team ran into unforeseen difficulties with the new API.", "vague-description"),
    (
        "cause",
        "Architectural constraints in the legacy estate meant delivery slipped.",
        "vague-description",
    ),
    (
        "cause",
        "The migration experienced unexpected behaviours across several services.",
        "vague-description",
    ),
    ("cause", "Integration headwinds pushed the date.", "vague-description"),
    ("cause", "Honestly the app store approval is a lottery.", "fatalism"),
    ("cause", "Bank holiday volumes are a crapshoot, sometimes it just falls over.", "fatalism"),
    ("cause", "Outages like this happen to every company at our stage.", "fatalism"),
    ("cause", "This happens to the best of us.", "fatalism"),
    ("cause", "Every scale-up goes through this.", "fatalism"),
    ("cause", "Engineers make mistakes, it's human.", "fatalism"),
    (
        "cause",
        "The handover happened during the reorg, so the renewal slipped through the net.",
        "actorless-event",
    ),
    ("cause", "It fell between two stools, support thought product had it.", "actorless-event"),
    ("remediation", "We're at the vendor's mercy until they ship a fix.", "fatalism"),
    ("remediation", "Our hands are tied until the bank gets its act together.", "blocked-framing"),
    ("remediation", "Not much more we can do until Stripe responds.", "blocked-framing"),
    ("remediation", "The team will be extra careful with deploys from here.", "untimed-plan"),
    ("remediation", "We've agreed to pay closer attention to alerts.", "no-commitment"),
    ("remediation", "Going to tighten things up across the board.", "untimed-plan"),
    ("remediation", "Everyone has promised to try harder.", "no-commitment"),
    ("remediation", "We'll keep a closer eye on it.", "untimed-plan"),
    ("opener", "Please find attached the Q3 incident summary.", "fyi-forward"),
    (
        "opener",
        "As per the enclosed report, section 3 covers the checkout incident.",
        "fyi-forward",
    ),
    ("opener", "Details are in the linked doc.", "fyi-forward"),
    ("opener", "See the attached deck for where we are on Acme.", "fyi-forward"),
    ("opener", "The attached memo outlines the situation with the warehouse.", "fyi-forward"),
    ("impact", "Social media is blowing up about it.", "unsized-impact"),
    ("impact", "The phones are ringing off the hook.", "unsized-impact"),
    ("impact", "Our inbox has been flooded since the email went out.", "unsized-impact"),
    ("impact", "Clients are understandably upset.", "unsized-impact"),
    ("impact", "The support queue is swamped and customers are furious.", "unsized-impact"),
    ("impact", "There has been a massive backlash from merchants.", "unsized-impact"),
]


@pytest.mark.parametrize(("section", "text", "rule"), WRITER_G_H_KINDS)
def test_writer_g_and_h_kinds_fire_in_words_no_batch_uses(section, text, rule):
    assert_fires(section, text, rule)


@pytest.mark.parametrize(
    ("section", "text"),
    [
        ("ownership", "I own the vendor contract renewal; the decision to sign sits with me."),
        (
            "ownership",
            "The contract belongs to Procurement, and I own getting it amended: I meet them Thursday 10:00.",
        ),
        ("ownership", "Ravi's team takes the rota over on Monday 09:00; until then it's mine."),
        (
            "ownership",
            "Security are aware; I own the fix and Dana from security reviews it by Friday.",
        ),
        (
            "ownership",
            "I own the cloud overspend: I approved the cluster size without a budget alert.",
        ),
        (
            "cause",
            "The offshore team followed the runbook, but the runbook I wrote had the wrong port.",
        ),
        (
            "cause",
            "I skipped the load test to hit the date, so the 5x traffic on launch day overwhelmed the database.",
        ),
        (
            "cause",
            "Complexity in the tenant router meant a single bad header sent 40% of requests to one node.",
        ),
        (
            "cause",
            "Our estimate assumed 200 requests a second; launch traffic peaked at 1,400, which exhausted the connection pool.",
        ),
        (
            "cause",
            "Apple rejected build 4.2 twice under guideline 5.1.1 because the app asked for contacts before explaining why.",
        ),
        (
            "cause",
            "I missed the compliance deadline: it was in legal's calendar and I never added it to ours.",
        ),
        (
            "cause",
            "Attrition is the cause: 3 of our 5 engineers left in March, and I didn't backfill.",
        ),
        (
            "remediation",
            "I added a pre-deploy checklist step that blocks a release without a rollback plan; live since Monday.",
        ),
        (
            "remediation",
            "Priya adds an alert on refund volume by Friday 12:00; I review the runbook on Monday.",
        ),
        (
            "remediation",
            "Until Crestline ships their fix on 14 May, I've switched 80% of traffic to the backup provider.",
        ),
        (
            "remediation",
            "We double-check every config change with a second reviewer now, enforced by a branch rule since 3 June.",
        ),
        (
            "opener",
            "Checkout was down 40 minutes this morning for 12,000 customers; the timeline is in the attached doc.",
        ),
        (
            "opener",
            "We lost the Acme renewal worth $240k today; I own it, and slide 3 of the attached deck has the numbers.",
        ),
        (
            "opener",
            "Card payments failed from 09:10 to 09:50 for all customers; full timeline in the linked doc.",
        ),
        (
            "impact",
            "Support tickets tripled to 1,800 yesterday and 120 customers asked for refunds.",
        ),
        (
            "impact",
            "About 300 posts on Twitter mention the outage; 42 enterprise customers have emailed their account managers.",
        ),
        ("impact", "Customers are upset: 64 complaints since 08:00 and 9 cancellations so far."),
        ("update", "Apple approved build 4.3 at 14:00; the app is live for all users."),
        (
            "cause",
            "At the end of the day the cause was my change to the retry limit: I set it to 50, which flooded the queue.",
        ),
        (
            "opener",
            "We will most likely miss the 1 April go-live for Lidl; I'll have a firm answer by Tuesday 12:00.",
        ),
        (
            "opener",
            "I expect we'll lose the Globex renewal ($310k ARR); their CFO tells me her decision on Friday.",
        ),
        (
            "opener",
            "The random-number service I deployed on Monday produced duplicate order IDs for 1,240 orders.",
        ),
        (
            "opener",
            "Our payroll run for 3,100 staff is delayed by one day; I own it and pay lands Friday morning.",
        ),
        (
            "impact",
            "It likely costs us 2 of the 5 pilot customers, about £90k of pipeline, which I'll confirm after Thursday's calls.",
        ),
        (
            "impact",
            "Roughly 4% of orders (about 600 a day) are shipping late, and support tickets are up 30% week on week.",
        ),
        (
            "impact",
            "Support is handling 3x the usual volume: 900 tickets yesterday against 300 normally.",
        ),
        (
            "cause",
            "We suspect the new index is the trigger; turning it off in staging removed the slowdown, and we test production at 15:00.",
        ),
        (
            "cause",
            "It was my call to skip the canary because the fix looked trivial; it reversed the currency sign for 212 refunds.",
        ),
        (
            "cause",
            "Apple's review took 6 days instead of the usual 1, because our build used a private API I approved.",
        ),
        (
            "cause",
            "The sync job assumed every account had a region; 3,400 legacy accounts don't, so it crashed on them.",
        ),
        (
            "ownership",
            "Dana in Finance owns the budget line from April; I own the overspend to date and the plan to recover it.",
        ),
        (
            "ownership",
            "This is mine: I approved the vendor and I'll chase their fix daily until it lands.",
        ),
        (
            "ownership",
            "Procurement signed the contract, but renewing it without a security review was my decision.",
        ),
        (
            "remediation",
            "Until the vendor patches it (they've committed to 12 June), I've disabled the feature for the 40 affected tenants.",
        ),
        (
            "remediation",
            "Everyone on the team now runs the 12-point release checklist; I audit a sample every Friday.",
        ),
        (
            "remediation",
            "I'll probably need two more weeks for the data backfill; I'll confirm the date at Monday's stand-up.",
        ),
        (
            "ask",
            "I'd like your approval by Thursday to spend up to £25k on temporary support staff; otherwise the backlog grows by about 400 tickets a day.",
        ),
        (
            "ask",
            "Can you call the Acme CEO before Friday? I think it's the only way we keep the renewal.",
        ),
        ("ask", "No decision needed from you; I'll update you at 16:00."),
        (
            "update",
            "Fix deployed at 13:20; errors are back to 0.1% and we'll watch for an hour before closing this.",
        ),
        (
            "update",
            "Customers don't have to do anything: we refunded all 312 duplicate charges at 10:00.",
        ),
        (
            "update",
            "Still no root cause, but the workaround holds: 0 failed payments since 11:00; next update 15:00.",
        ),
        (
            "update",
            "We think we've found it (a bad cache key); we're confirming with a replay and will update you by 17:00.",
        ),
    ],
)
def test_writer_g_and_h_kinds_leave_strong_sentences_alone(section, text):
    assert_quiet(section, text)


# A probe of our own in further voices, scored once before the rules were widened for it
# (18 of 22 weak flagged, 2 of 15 strong; docs/coach.md): kept as tests since.
PROBE_G_H_WEAK = [
    (
        "ownership",
        "Look, this is fundamentally a vendor-management matter and Procurement hold that relationship.",
    ),
    ("ownership", "Happy to support, but the data platform guys are the natural owners here."),
    ("ownership", "I reckon HR will want to lead on this one."),
    ("ownership", "Legal have it in hand, I'm told."),
    ("ownership", "This is more a question for the infra crew than for my team."),
    (
        "cause",
        "The contractor team were not so careful with the migration, they did not run the checks.",
    ),
    ("cause", "The dev shop took a few shortcuts on validation."),
    (
        "cause",
        "A confluence of integration dependencies created latent instability in the event bus.",
    ),
    ("cause", "Non-deterministic behaviour in the orchestration tier surfaced under load."),
    ("cause", "Scope creep and shifting requirements, basically."),
    ("cause", "Honestly the App Store is a black box, you never know what they'll flag."),
    ("cause", "It's just the way banks are, their cut-off times are all over the place."),
    ("cause", "Staff turnover is a fact in this industry, people come and go."),
    ("remediation", "We've had a good chat as a team about being more careful."),
    ("remediation", "Going to remind everyone to follow the process."),
    ("remediation", "Basically we wait for the carrier to fix their side, not much else to do."),
    ("remediation", "Lessons have been discussed and everyone is on the same page now."),
    (
        "opener",
        "Sharing the board pack ahead of Thursday — page 6 is the relevant bit on the platform incident.",
    ),
    ("opener", "Quick heads up, the incident report is in the shared drive."),
    ("impact", "The team is stressed and customers are not happy at all."),
    ("impact", "It's been a bit of a PR nightmare."),
    ("impact", "Our NPS will definitely take a beating."),
]
PROBE_G_H_STRONG = [
    (
        "opener",
        "We'll probably miss the 30 June SOC 2 audit window; I'll know after the auditor call on Wednesday 10:00.",
    ),
    (
        "opener",
        "Board pack page 6 in one line: the platform outage on 2 May cost us 1,900 orders and I own the fix.",
    ),
    (
        "impact",
        "We likely lose the Initech pilot (£45k), and about 15% of trial users churned in the week of the outage.",
    ),
    (
        "impact",
        "Support tickets are up from 200 to 950 a day, and 38 customers have asked to cancel.",
    ),
    (
        "cause",
        "I suspect the new rate limiter; disabling it in staging cleared the errors, and I'll confirm in production by 14:00.",
    ),
    (
        "cause",
        "Procurement's contract gave the vendor 30 days to patch, and I accepted that term without checking our SLA.",
    ),
    (
        "cause",
        "The carrier's cut-off moved from 17:00 to 15:00 on 1 May; I didn't update our dispatch schedule, so 640 parcels missed it.",
    ),
    (
        "ownership",
        "HR leads the hiring plan from here; I own the on-call gap until the two hires start in July.",
    ),
    (
        "ownership",
        "The infra team owns the cluster from Monday; today it's mine, and I'm on call until 18:00.",
    ),
    (
        "remediation",
        "Until the carrier fixes their API (promised for 12 May), I'm routing Scottish orders to DPD, about 300 a day.",
    ),
    (
        "remediation",
        'I added a required "rollback tested" box to the release checklist; the pipeline blocks releases without it since Tuesday.',
    ),
    (
        "ask",
        "We should probably cancel the Berlin launch event; can you decide by Friday so I can recover the £12k deposit?",
    ),
    (
        "update",
        "No change since 14:00: 2% of card payments still fail; the vendor's fix is due 17:30 and I'll update you at 18:00.",
    ),
    (
        "update",
        "The leaked file has been removed, and affected users don't need to reset passwords; I'll confirm with security by 16:00.",
    ),
    (
        "cause",
        "Honestly, it was my mistake: I approved the schema change without a migration test, and it locked the orders table for 22 minutes.",
    ),
]


@pytest.mark.parametrize(("section", "text"), PROBE_G_H_WEAK)
def test_probe_weak_sentences_get_a_finding(section, text):
    assert check(section, text)


@pytest.mark.parametrize(("section", "text"), PROBE_G_H_STRONG)
def test_probe_strong_sentences_stay_quiet(section, text):
    assert_quiet(section, text)


# Honest estimates (batches 12 and 13): doubt or a vague quantifier is weak only when nothing
# in its sentence sizes it. A figure with its unit, share or denominator, a window, a dated
# decision or the basis of the estimate makes it an estimate. Our own sentences, in several
# voices (US, UK, Australian, Indian English, non-native, terse SRE, corporate).
SIZED_ESTIMATES = [
    ("opener", "We'll probably ship the billing migration about two weeks late."),
    ("opener", "We're likely to breach the 99.9% uptime SLA for March by roughly 40 minutes."),
    (
        "impact",
        "We reckon about 1,800 of 9,000 parcels went out late; that's extrapolated from the depot scans.",
    ),
    ("impact", "Probably 12% of Tuesday's checkouts failed, based on the same day last week."),
    ("impact", "I think we lost around £18k of orders, compared with a normal Saturday."),
    ("impact", "The fault may have touched up to 4,500 policies, all in the Leeds book."),
    ("impact", "Checkout might be slower for around 3% of users while the cache warms."),
    (
        "impact",
        "Some merchants saw double charges between 2:10pm and 2:45pm; 312 of them in total.",
    ),
    ("impact", "~4% of reqs failed 14:02-14:31 UTC; likely all EU-West."),
    (
        "cause",
        "The cause is probably Monday's deploy: it capped database connections at 20, not 200, so checkouts queued.",
    ),
    (
        "cause",
        "Kindly note the delay is probably from the bank side, we measured 40 minutes average settlement time against 5 minutes normally.",
    ),
    (
        "remediation",
        "Some customers will get a second email; the full list of 2,140 goes out by Thursday 10:00.",
    ),
    (
        "remediation",
        "Search may be unavailable between 1am and 2am AEST on Sunday while we reindex.",
    ),
    (
        "remediation",
        "A few stores may see slower tills from 6am to 7am tomorrow during the rollout.",
    ),
    (
        "ask",
        "We should probably delay the Pune go-live rather than run it short-staffed; it's your call, and I need it by 14 March.",
    ),
    (
        "ask",
        "I'd probably take option B, the $60k one; I want your decision before Friday's board.",
    ),
    (
        "update",
        "Fixed. We reckon roughly 7% of yesterday's mobile sessions hit the bug; the exact number comes from analytics at 11:00.",
    ),
    (
        "update",
        "Some orders from 9:05 to 9:40am went through twice, and refunds for all 86 went out at 15:00.",
    ),
    (
        "update",
        "Update 2 of 3: 410 of 460 invoices are reissued; the remaining 50 need a tax ID check and I've written to each customer.",
    ),
    (
        "ownership",
        "Nobody owned the certificate renewals until this incident; Arjun owns them now.",
    ),
    (
        "ownership",
        "No one really had the billing alerts before March; the payments team owns them from today.",
    ),
    (
        "impact",
        "We will possibly see some 200 more cancellations this month, going by the March churn data.",
    ),
    (
        "impact",
        "We reckon about 1,800 parcels went out late; that's extrapolated from the depot scans.",
    ),
]

# ...and the same words with nothing that sizes them still fire.
UNSIZED_DOUBT = [
    ("update", "The fix should be in probably soon.", "hedging"),
    ("impact", "Some customers were affected.", "vague-quantity"),
    ("update", "It may be a while before the backlog clears.", "hedging"),
    ("update", "Hopefully next week-ish, we think.", "hedging"),
    ("opener", "We'll probably miss the deadline.", "hedging"),
    ("impact", "We reckon a few users lost data.", "hedging"),
    ("ask", "We should probably move the launch, I guess.", "hedging"),
    ("remediation", "Several merchants may need refunds at some point.", "vague-quantity"),
    ("ask", "Perhaps we could consider whether 14 May is the right date.", "hedging"),
    ("ownership", "Nobody owns the renewals.", "diffused-ownership"),
    ("update", "Update 4: no change from the last update.", "empty-update"),
    ("impact", "About 1,800 parcels went out late.", "number-without-scope"),
    # A head count says how many if it happened, not whether: a modal stays a hedge.
    ("impact", "Around 500 users may have been hit by this.", "hedging"),
]


@pytest.mark.parametrize(("section", "text"), SIZED_ESTIMATES)
def test_an_estimate_with_what_sizes_it_stays_quiet(section, text):
    assert_quiet(section, text)


@pytest.mark.parametrize(("section", "text", "rule"), UNSIZED_DOUBT)
def test_doubt_with_nothing_to_size_it_still_fires(section, text, rule):
    assert_fires(section, text, rule)


# Kinds writers I and J got past the coach, in words of our own.
WRITER_I_J_KINDS = [
    (
        "cause",
        "Staff turnover is normal in this industry, so knowledge walks out the door.",
        "fatalism",
    ),
    ("cause", "Churn happens in our market, honestly.", "fatalism"),
    (
        "ownership",
        "I wasn't at the company when the vendor was chosen, so I can't speak to that.",
        "distancing",
    ),
    ("ownership", "I can't really comment on who signed it off.", "distancing"),
    ("ask", "Keen to get alignment with the exec team on the way forward.", "ask-without-decision"),
    ("ask", "We need to reach consensus on the path forward.", "ask-without-decision"),
    ("ownership", "Whoever is on shift tomorrow will handle the restart.", "unnamed-owner"),
    ("remediation", "Whoever's on the rota next week can take the follow-ups.", "unnamed-owner"),
]


@pytest.mark.parametrize(("section", "text", "rule"), WRITER_I_J_KINDS)
def test_writer_i_and_j_kinds_fire_in_words_no_batch_uses(section, text, rule):
    assert_fires(section, text, rule)


# A probe of our own (15 weak, 15 strong), written after this round's rules and scored once
# before any change: 15/15 and 0/15. Written with the principle in view, so it flatters.
PROBE_I_J_WEAK = [
    ("opener", "We'll probably be late on this, sorry."),
    ("impact", "Some customers might have been affected."),
    ("impact", "Probably quite a few orders went missing."),
    ("update", "Should be sorted soon-ish, hopefully."),
    ("cause", "We think it may have been a config thing."),
    ("ask", "We should probably look at the launch date at some point."),
    ("update", "It may take a while longer than planned."),
    ("remediation", "Several teams will probably need to be involved."),
    ("ownership", "Whoever is on call tonight can keep an eye on it."),
    ("cause", "Outages happen in this line of work."),
    ("ownership", "I wasn't on the team back then, so I can't speak to it."),
    ("ask", "Would be good to get some alignment on next steps."),
    ("impact", "Likely a lot of users, hard to say."),
    ("update", "We reckon it'll be done in a bit."),
    ("opener", "Things could get worse before they get better."),
]

PROBE_I_J_STRONG = [
    (
        "opener",
        "We'll likely miss the 30 June go-live by around ten working days; I need a decision on scope by Friday.",
    ),
    (
        "impact",
        "We think roughly 2,300 tenants saw stale invoices, going by the cache hit logs from 09:00 to 10:20.",
    ),
    (
        "impact",
        "Maybe 5% of Android users in India got the old app version, per Play Console rollout stats.",
    ),
    (
        "cause",
        "Likely trigger: the 02:00 cron ran twice after the DST change, which doubled 1,140 reminder texts.",
    ),
    (
        "remediation",
        "Payments may be paused from 10pm to 10:30pm IST tonight for the gateway switch.",
    ),
    (
        "update",
        "Several of the 48 failed exports have been rerun; the rest finish by 16:00 and I'll confirm then.",
    ),
    (
        "ask",
        "I'd probably go with the cheaper vendor at $22k a year; please decide by 9 May so legal can start.",
    ),
    (
        "update",
        "Some merchants in the 14:10-14:25 window were charged twice; refunds to all 57 went out at 15:05.",
    ),
    (
        "impact",
        "We reckon the outage cost about A$40k in lost sales, compared with the same Saturday in March.",
    ),
    ("ownership", "No one owned the DNS zone before the migration; Keiko owns it from today."),
    (
        "opener",
        "Short version: checkout is probably down for 1 in 4 EU users since 08:12 and I own the fix.",
    ),
    ("impact", "Possibly 300 of the 1,900 affected orders shipped to an old address."),
    (
        "cause",
        "I believe the leak started with the 3.2 release on 4 April, since no earlier log line has the field.",
    ),
    (
        "update",
        "Probably fixed: errors fell from 9% to 0.2% after the 11:40 rollback; I'll confirm at 13:00.",
    ),
    (
        "remediation",
        "A few hundred users may get a duplicate email between 8am and 9am; support has a macro ready.",
    ),
]


@pytest.mark.parametrize(("section", "text"), PROBE_I_J_WEAK)
def test_probe_i_j_weak_sentences_get_a_finding(section, text):
    assert check(section, text)


@pytest.mark.parametrize(("section", "text"), PROBE_I_J_STRONG)
def test_probe_i_j_strong_sentences_stay_quiet(section, text):
    assert_quiet(section, text)


# The kinds behind writers K and L's misses (blind batches 14 and 15, docs/coach.md), each
# in phrasings of our own that no batch uses; next to them, strong sentences with the same
# words and the fact the kind leaves out (a count, a baseline, who did it, who owns it),
# which stay quiet.
WRITER_K_L_KINDS = [
    (
        "opener",
        "Let me first give you some background on how the migration was planned before we get to where it stands.",
        "soft-landing",
    ),
    (
        "opener",
        "I'd like to walk you through the history of the vendor relationship, then we can come to the outage.",
        "soft-landing",
    ),
    (
        "opener",
        "Please bear in mind that my engineers have been working round the clock since Friday.",
        "soft-landing",
    ),
    ("opener", "Keep in mind the team put in a lot of late evenings on this one.", "soft-landing"),
    (
        "opener",
        "First I want to set the scene a little, because the context matters here.",
        "soft-landing",
    ),
    (
        "opener",
        "Before I say anything else, you should know how hard everybody tried.",
        "soft-landing",
    ),
    (
        "opener",
        "Let me take you through the background first and then the current state.",
        "soft-landing",
    ),
    (
        "impact",
        "It is mainly the smaller towns that are hit, so the core business is not really affected.",
        "minimising",
    ),
    ("impact", "Only the rural markets are seeing this, nothing in the metros.", "minimising"),
    ("impact", "Users didn't really notice anything, from what we can tell.", "minimising"),
    ("impact", "Honestly the clients hardly noticed, the line kept running.", "minimising"),
    (
        "impact",
        "The main revenue is not really impacted, it is just the long-tail sellers.",
        "minimising",
    ),
    ("update", "Customers would not even notice the change in the end.", "minimising"),
    (
        "impact",
        "Just the legacy accounts are affected, so the wider platform is not disturbed.",
        "minimising",
    ),
    ("cause", "A setting got updated, which caused the queue to back up.", "actorless-event"),
    (
        "cause",
        "The timeout was modified and this triggered retries across the fleet.",
        "actorless-event",
    ),
    ("cause", "The firewall rules were removed, leading to the exposure.", "actorless-event"),
    (
        "cause",
        "A feature flag had been flipped which resulted in double charges.",
        "actorless-event",
    ),
    ("ownership", "The threshold was changed, so the alert never fired.", "actorless-event"),
    ("cause", "Security approved the design, so really they should have raised it.", "blame"),
    (
        "cause",
        "It passed UAT on the client side, so ideally it should have been spotted in their testing.",
        "blame",
    ),
    ("cause", "Ideally this should have been picked up in the vendor's review.", "blame"),
    (
        "cause",
        "The change had been signed off by the CAB, so technically it should have been stopped there.",
        "blame",
    ),
    ("ownership", "QA cleared the build, so it should have been caught by them.", "blame"),
    ("cause", "The overspend is largely down to growth.", "vague-description"),
    ("cause", "Costs went up mostly because the business grew.", "vague-description"),
    ("impact", "The bill is higher, which is really just the cost of growth.", "vague-description"),
    (
        "cause",
        "Mainly it is driven by more traffic and higher usage in general.",
        "vague-description",
    ),
    ("cause", "It's simply scale; more customers means more spend.", "vague-description"),
    ("cause", "No one was really watching the disk usage on that cluster.", "actorless-event"),
    (
        "cause",
        "Nobody kept track of the licence renewal, it's a well-known weakness.",
        "actorless-event",
    ),
    ("cause", "It is a known gap on the old gateways.", "actorless-event"),
    ("ownership", "None of us was monitoring the backup jobs.", "actorless-event"),
    (
        "cause",
        "An unforeseen interplay between the cache layer and the session handler caused inconsistent behaviour.",
        "vague-description",
    ),
    (
        "cause",
        "A subtle mismatch between the two services resulted in a degraded state.",
        "vague-description",
    ),
    (
        "cause",
        "An unexpected combination of factors left the cluster in an unstable condition.",
        "vague-description",
    ),
    ("update", "The rollout ended up in an undefined state on some devices.", "vague-description"),
    ("update", "The majority of the problems are fixed now.", "progress-without-measure"),
    ("update", "We are in the last phase of the clean-up.", "progress-without-measure"),
    (
        "update",
        "Almost all of the bugs have been resolved and things look good.",
        "progress-without-measure",
    ),
    (
        "remediation",
        "We are entering the final stages of the migration.",
        "progress-without-measure",
    ),
    (
        "ownership",
        "Ownership is kind of between platform and the data people.",
        "diffused-ownership",
    ),
    ("ownership", "It falls somewhere in between infra and the app team.", "diffused-ownership"),
    (
        "ownership",
        "To me it lives in a grey area between support and billing.",
        "diffused-ownership",
    ),
    ("ownership", "It sort of lies between the two squads right now.", "diffused-ownership"),
    ("ownership", "It was the vendor's mistake, to be honest.", "blame"),
    ("impact", "We now hold 310 TB of raw data.", "number-without-scope"),
    (
        "opener",
        "Some context first: the integration was planned in three phases with the vendor.",
        "soft-landing",
    ),
    (
        "opener",
        "Kindly bear in mind that the team has been working very hard on this for weeks.",
        "soft-landing",
    ),
    (
        "opener",
        "Let me first explain how the rollout was structured, and then where we are.",
        "soft-landing",
    ),
    (
        "impact",
        "It is only the older merchants on the legacy plan, so most customers are not really affected.",
        "minimising",
    ),
    ("impact", "The operators barely noticed, production kept going.", "minimising"),
    ("cause", "A parameter got tweaked, which caused the reconnect storm.", "actorless-event"),
    ("cause", "Ops signed it off, so it should ideally have been caught by them.", "blame"),
    ("cause", "The extra spend is primarily from higher traffic.", "vague-description"),
    ("cause", "Nobody was monitoring the queue depth, it was a known risk.", "actorless-event"),
    (
        "cause",
        "An unintended coupling between the scheduler and the cache led to unstable behaviour.",
        "vague-description",
    ),
    (
        "update",
        "We are now in the final stages of stabilising the platform.",
        "progress-without-measure",
    ),
    ("update", "Nearly all of the defects are closed.", "progress-without-measure"),
    (
        "ownership",
        "Honestly ownership is somewhere between infra and the app developers.",
        "diffused-ownership",
    ),
    ("ownership", "The fix kind of falls between product and engineering.", "diffused-ownership"),
]

WRITER_K_L_STRONG = [
    (
        "opener",
        "Checkout failed for 18% of payments since 09:40; please keep in mind the 14:00 cutoff for refunds.",
    ),
    (
        "opener",
        "Orders from 1,900 shops have failed since 09:10 and it was my release; background is in the pre-read.",
    ),
    (
        "opener",
        "I own the payroll delay: 212 staff were paid two days late; I'll walk you through the fix on the call at 15:00.",
    ),
    ("impact", "Only tier-3 cities are affected: 1,240 orders in 38 cities, 6% of today's volume."),
    ("impact", "Customers did not notice: all 4,100 retries succeeded within 2 seconds."),
    (
        "impact",
        "The main business is not affected: the 3 outage regions carry 2% of revenue, about $40k a day.",
    ),
    (
        "cause",
        "The timeout was changed from 30 s to 5 s in my 09:40 deploy, which led to 2,000 failed calls.",
    ),
    (
        "cause",
        "A config was changed by Ravi's script at 09:40, which I had approved without a dry run.",
    ),
    ("cause", "We changed the retry setting on Monday and that triggered the double charges."),
    ("cause", "This should have been caught in my review; I approved the PR without running it."),
    (
        "cause",
        "QA signed off on the release, but I shipped it without the load test they asked for; that's on me.",
    ),
    (
        "cause",
        "Costs rose 34% mainly due to growth: orders went from 1.1M to 1.5M a month and cost per order is flat.",
    ),
    (
        "cause",
        "The cloud bill rose mostly because of higher traffic, 2.1 billion requests in November against 1.4 billion in August.",
    ),
    (
        "cause",
        "Nobody was tracking the certificates because I never assigned them; Lena owns them from today.",
    ),
    (
        "cause",
        "It is a known gap that I raised in March and did not fund; I own closing it by 15 December.",
    ),
    (
        "cause",
        "The partition scheme and the A/B slot logic both wrote slot 2, so the second image overwrote the first on 312 gateways.",
    ),
    (
        "cause",
        "The race between the two writers left 40 orders in an inconsistent state: paid but never shipped.",
    ),
    (
        "update",
        "Most of the issues are resolved: 41 of 44 tickets are closed and the last 3 close by 16:00.",
    ),
    (
        "update",
        "We are in the final stage of the rollout: 9 of 12 regions are done, the rest by Thursday 18:00.",
    ),
    (
        "ownership",
        "The gateway sits between SRE and firmware, so I own it and Jonas Weber is my deputy.",
    ),
    (
        "ownership",
        "The handover point between SRE and firmware is the OTA service; Jonas Weber owns it from today.",
    ),
    (
        "ownership",
        "The outage was our team's mistake and I am the accountable owner; Mei Lin leads the fix.",
    ),
    ("ownership", "It was my team's miss; I own it and Sam Ortiz owns the rollback."),
    ("impact", "Storage grew from 80 TB to 310 TB since May, 34 percent over plan."),
    ("impact", "Disk use on the 12 nodes grew to 900 GB, compared with 220 GB last week."),
    (
        "ask",
        "Legal approved the wording on Monday, so it should go out by Friday 12:00 once you agree.",
    ),
    ("remediation", "Legal approved the wording, so it should go out on Friday once you agree."),
    (
        "cause",
        "The failure is in the last step of the import, where the file is signed; Ana replaces the key today.",
    ),
    (
        "opener",
        "The gateway that sits between the ERP and the shop dropped orders since this morning; I own the fix.",
    ),
    (
        "opener",
        "Checkout was down for somewhere between two and three hours this morning; I own the fix and the refunds.",
    ),
    (
        "cause",
        "The double write left the order table in an inconsistent state, so I froze refunds until it is reconciled.",
    ),
    (
        "cause",
        "Traffic grew from 1.4 billion to 2.1 billion requests a month, which explains most of the cost.",
    ),
    ("impact", "Customers in the 14 affected stores noticed: 310 complaints since Tuesday."),
    ("opener", "Bear in mind the 18:00 cutoff: 2,300 orders fail until my fix ships."),
    ("cause", "It is a known issue in Postgres 15.2; I upgrade us to 15.4 tonight at 22:00."),
    (
        "ownership",
        "It was our team's call to skip the canary, and I approved it; I own the rollback.",
    ),
    ("cause", "QA signed off, and so did I; I should have asked for the load test."),
    (
        "update",
        "We are in the final stage: 9 of 12 regions are migrated and the last 3 finish by Thursday.",
    ),
    (
        "ownership",
        "Nobody was tracking renewals before I moved them to the team calendar; Lena owns them now.",
    ),
    ("impact", "Storage rose from 80 TB in May to 310 TB now, compared with 120 TB in the plan."),
    (
        "cause",
        "The config was changed to 5 seconds in the 09:40 release I approved, which caused the timeouts.",
    ),
]


@pytest.mark.parametrize(("section", "text", "rule"), WRITER_K_L_KINDS)
def test_writer_k_and_l_kinds_fire_in_words_no_batch_uses(section, text, rule):
    assert_fires(section, text, rule)


@pytest.mark.parametrize(("section", "text"), WRITER_K_L_STRONG)
def test_writer_k_and_l_words_next_to_their_facts_stay_quiet(section, text):
    assert_quiet(section, text)


# Writers M and N's four false alarms (blind batches 16 and 17, docs/coach.md), as
# principles: a clock time in "a.m." does not end its sentence, a figure that counts the
# people a business serves is scoped, "we" owning what we failed to do names the actor of a
# passive, a name first in its sentence that owns something is a person, and an old
# contractor's accounts are a thing, not a previous owner blamed. Strong sentences of our
# own with those facts stay quiet; their weak neighbours, without them, still fire.
WRITER_M_N_PRINCIPLES_STRONG = [
    (
        "opener",
        "From 7:40 to 9:05 a.m. PT, about 12,000 riders could not book a trip; it was my release.",
    ),
    (
        "impact",
        "Between 2 and 3:30 p.m. ET, about 6,500 patients could not open their lab results in the app.",
    ),
    (
        "update",
        "Bookings are back as of 10:15 a.m. and about 1,900 delayed trips were re-sent by 11 a.m.",
    ),
    (
        "cause",
        "We never added the retention alert we promised in March; it got pushed back twice in planning.",
    ),
    (
        "cause",
        "We skipped the load test to hit the date, and the index change got merged untested.",
    ),
    ("ownership", "Aisha is the named owner of certificate renewals from now on."),
    ("ownership", "Tomasz owns the backup restores going forward, and I review them with him."),
    (
        "update",
        "Every old vendor login was revoked at 11:00; 14 former contractor laptops are wiped.",
    ),
    (
        "update",
        "The 9 former contractor mailboxes were archived by 15:00 and no other access was found.",
    ),
]

WRITER_M_N_PRINCIPLES_WEAK = [
    ("opener", "About 41,000 students were hit.", "number-without-scope"),
    ("cause", "We noticed the config got changed overnight.", "actorless-event"),
    ("cause", "We never found out why the flag got flipped.", "actorless-event"),
    ("ownership", "Platform is responsible going forward.", "nothing-checkable"),
    (
        "ownership",
        "The previous team set this up, so the design is not really ours.",
        "distancing",
    ),
    ("update", "The old contractor left it in a state.", "distancing"),
]


def test_a_clock_time_in_a_m_does_not_end_its_sentence():
    from escalations.coach.engine import normalise, sentences

    text = "From 9:10 to 10:25 a.m. ET, about 41,000 students were hit. I own it."
    assert len(list(sentences(normalise(text)))) == 2


@pytest.mark.parametrize(("section", "text"), WRITER_M_N_PRINCIPLES_STRONG)
def test_writer_m_and_n_false_alarms_as_principles_stay_quiet(section, text):
    assert_quiet(section, text)


@pytest.mark.parametrize(("section", "text", "rule"), WRITER_M_N_PRINCIPLES_WEAK)
def test_without_those_facts_the_same_words_still_fire(section, text, rule):
    assert_fires(section, text, rule)


# The kinds behind writers M and N's misses (blind batches 16 and 17, docs/coach.md), each in
# phrasings of our own in several voices that no batch uses: a loss denied by a technicality,
# a cause told only in distributed-systems jargon, the problem given to another function with
# fairness tacked on, trailing off ("so, you know"), a share of an unknown base ("3% of
# something", "low single digits"), "I'd say" as a hedge, the decision handed back ("I'll let
# you decide", "as you see fit") and the ask that makes itself optional ("if you have time",
# "no pressure"). Next to them, strong sentences with the same words and the fact the kind
# leaves out (a figure, the mechanism, my own part, a recommendation, a time), which stay quiet.
WRITER_M_N_KINDS = [
    (
        "impact",
        "Strictly speaking nothing was deleted; the files are just somewhere we can't reach right now.",
        "minimising",
    ),
    (
        "impact",
        "On paper we didn't breach the SLA, it just felt like it to the customers.",
        "minimising",
    ),
    ("impact", "The records aren't lost as such, more mislaid in the old bucket.", "minimising"),
    ("opener", "It wasn't an outage per se, more of an extended slowdown.", "minimising"),
    ("impact", "The data isn't gone, just not where it should be.", "minimising"),
    (
        "update",
        "Technically the site stayed up the whole time, even if checkout was unusable.",
        "minimising",
    ),
    ("impact", "It was technically within the SLA, so no credits are owed.", "minimising"),
    ("cause", "We lost the orders on a technicality in the retry logic.", "minimising"),
    (
        "cause",
        "A thundering herd on the token service tipped the sidecars into a rebalance loop.",
        "jargon-without-consequence",
    ),
    (
        "cause",
        "Root cause was back-pressure from the message broker during leader election.",
        "jargon-without-consequence",
    ),
    (
        "cause",
        "Split-brain in the quorum after the clock skew on two nodes.",
        "jargon-without-consequence",
    ),
    (
        "cause",
        "A cache stampede against a hot partition in the event bus.",
        "jargon-without-consequence",
    ),
    (
        "cause",
        "Lock contention on the ledger plus a connection leak in the JVM.",
        "jargon-without-consequence",
    ),
    (
        "ownership",
        "Honestly it's more of a business issue than a tech one, if I'm being fair.",
        "distancing",
    ),
    ("cause", "It was less of an engineering problem and more of a sales one.", "distancing"),
    ("ownership", "Ultimately this is more an ops matter than a platform one.", "distancing"),
    ("ownership", "The requirements came in late, to be fair.", "wrapped-blame"),
    ("update", "Legal only signed it off on Thursday, in all fairness.", "wrapped-blame"),
    ("ownership", "If we're being fair, the brief from marketing kept moving.", "wrapped-blame"),
    ("opener", "Two of the senior devs have been interviewing elsewhere, so yeah.", "brush-off"),
    ("update", "The vendor hasn't said much since Monday, so, you know…", "brush-off"),
    (
        "opener",
        "The board pack goes out Friday and the numbers are what they are, if you know what I mean.",
        "brush-off",
    ),
    ("impact", "Let's just say the client was not thrilled; I'll leave it there.", "brush-off"),
    ("cause", "The contractor left in a hurry, so draw your own conclusions.", "brush-off"),
    (
        "ownership",
        "The lead architect quit last month and the docs are thin, so there's that.",
        "brush-off",
    ),
    ("update", "Retries, timeouts, escalations and so on.", "brush-off"),
    ("impact", "Roughly 5% of things failed overnight.", "vague-quantity"),
    ("update", "Error rate is in the low single digits now.", "vague-quantity"),
    ("impact", "A certain percentage of renewals bounced.", "vague-quantity"),
    ("cause", "A few percent of the jobs hit the bad node.", "vague-quantity"),
    ("impact", "We saw a double-digit drop in conversions.", "vague-quantity"),
    ("opener", "About 2% of stuff got double-charged.", "vague-quantity"),
    ("impact", "The loss is maybe 4% of the total.", "vague-quantity"),
    ("impact", "I'd say the damage is contained.", "hedging"),
    ("cause", "We would guess the change is to blame.", "hedging"),
    ("ask", "I'll let you decide how to play it with the client.", "ask-without-decision"),
    ("ask", "Happy to go whichever way, I leave it with you.", "ask-without-decision"),
    ("ask", "Do whatever you feel is right and we'll follow.", "ask-without-decision"),
    ("ask", "Proceed as you see fit.", "ask-without-decision"),
    ("ask", "You know best here, so I trust your judgement.", "ask-without-decision"),
    ("ask", "It's for you to decide, really.", "ask-without-decision"),
    ("ask", "We're in your hands on this one.", "ask-without-decision"),
    ("ask", "We'll let you be the judge of the next step.", "ask-without-decision"),
    (
        "ask",
        "Sorry to bother you with this, but maybe have a look when you get a chance.",
        "ask-asks-nothing",
    ),
    ("ask", "No pressure at all, just if you have a spare moment.", "ask-asks-nothing"),
    ("ask", "I hate to trouble you, but whenever suits.", "ask-asks-nothing"),
    (
        "ask",
        "If it's not too much trouble, a look at the deck at your convenience.",
        "ask-asks-nothing",
    ),
    ("ask", "Not urgent, only if you find the time.", "ask-asks-nothing"),
]

WRITER_M_N_STRONG = [
    ("impact", "We lost 4% of the total, 1,200 orders, all refunded by 14:00."),
    (
        "impact",
        "No data was lost: all 48,200 records are in the archive bucket and readable since 09:30.",
    ),
    (
        "impact",
        "Technically within SLA at 99.91% against 99.9%, but 3 enterprise customers saw errors and we owe them a call.",
    ),
    ("impact", "Strictly speaking the 3 failed batches held 1,120 claims, all re-run by 14:00."),
    (
        "cause",
        "My change set retries to unlimited, so a retry storm from 40 clients saturated the database and checkout failed for 12 minutes.",
    ),
    (
        "cause",
        "Back-pressure from the broker stalled the payment consumer, so 2,300 orders sat unconfirmed for 40 minutes.",
    ),
    (
        "cause",
        "Our job was not idempotent, so each retry wrote a second payout; 214 sellers were paid twice.",
    ),
    (
        "cause",
        "It is more of a capacity problem than a bug: the pool is 20 connections and peak needs 45.",
    ),
    (
        "ownership",
        "It was more of an engineering miss than a product one, and the miss is mine: I approved the scope.",
    ),
    ("ownership", "To be fair to the vendor, their notice arrived on 2 May and I missed it."),
    (
        "opener",
        "Karim Haddad, who runs the only on-call rota for billing, resigned today; his last day is 30 June and I own the handover.",
    ),
    (
        "update",
        "You know the 14:00 cutoff: we met it for 211 of 214 stores, and the last 3 close by 16:00.",
    ),
    (
        "impact",
        "About 3% of all 41,000 exam submissions failed, 1,230 students, all resubmitted by noon.",
    ),
    (
        "impact",
        "Failed logins were in the low single digits, 4 of about 12,000, all on one old Android build.",
    ),
    (
        "impact",
        "We lost 31% of that afternoon's parcels to the missed collection, 1,940 shipments.",
    ),
    ("ask", "I'd say yes: approve the £18k contractor spend by Thursday 12:00."),
    (
        "ask",
        "I recommend option B; the decision is yours by Friday noon, and I'll let you know the cost by Wednesday.",
    ),
    ("ask", "No rush before Friday 12:00: do you want me to tell the customer, or will you?"),
    (
        "ask",
        "Sorry to bother you on a Sunday: I need your approval for the £30k restore by 18:00 today.",
    ),
    (
        "ask",
        "If you have time before the 15:00 board call, please approve the refund budget of $40k.",
    ),
    (
        "remediation",
        "Priya re-runs the 230 failed exports by 16:00; whenever she finishes, I verify the counts.",
    ),
]


@pytest.mark.parametrize(("section", "text", "rule"), WRITER_M_N_KINDS)
def test_writer_m_and_n_kinds_fire_in_words_no_batch_uses(section, text, rule):
    assert_fires(section, text, rule)


@pytest.mark.parametrize(("section", "text"), WRITER_M_N_STRONG)
def test_writer_m_and_n_words_next_to_their_facts_stay_quiet(section, text):
    assert_quiet(section, text)


# Writers O, P, Q and R's thirteen false alarms (blind batches 18 to 21, docs/coach.md), as
# principles: "later" that measures time in the story or sits in a perfect tense is not a
# deferral; a promise may give its time before its verb; a passive plan that says who leads
# it has an owner; asking the reader to hold off is not holding news back; a fault claimed as
# ours, a list of what was not exposed and a deadline set by an event are checkable; a label
# before the news is a warm-up only when the news and its figure do not follow in the same
# sentence; a gap "nobody owned" with who owns it as of today is the fix; a passive the author
# knowingly accepted ("I approved it although…") names who decided; asking the executive to
# tell someone is a request; backing for a named position with its time is the ask itself.
WRITER_O_R_PRINCIPLES_STRONG = [
    (
        "impact",
        "About 2,300 parcels missed their slot on Monday; I estimate £48k of credits, though "
        "some of those shops would have re-booked later.",
    ),
    (
        "ownership",
        "I should have raised the licence gap at the 3 June review, not two months later.",
    ),
    (
        "cause",
        "We don't have the cause yet; tomorrow at 10:00 I'll send you the cause or a firm date for it, "
        "and two of my engineers are on it now.",
    ),
    (
        "remediation",
        "The replay will be done for all 4,100 claims by 18:00 Thursday, owned by Nadia, and I check "
        "a sample of 50 before we close it.",
    ),
    (
        "ask",
        "Please hold off the press statement until Friday 12:00, when I will have the supplier's "
        "written findings.",
    ),
    (
        "ownership",
        "The mapping mistake was ours, not the carrier's; we wrote the field spec and never "
        "tested it against their feed.",
    ),
    (
        "impact",
        "The exposed file holds postcodes and order references only; no names, card numbers or "
        "passwords were among them.",
    ),
    (
        "ask",
        "Could you let the trust's chief nurse know we are pausing the reminders voluntarily, "
        "ahead of their board meeting?",
    ),
    (
        "opener",
        "Quick heads-up before it reaches you from finance: we double-charged 1,140 members in "
        "May, £23k, and the refunds go out on Thursday.",
    ),
    (
        "ownership",
        "The idle cluster bill is mine: nobody owned switching off test environments, and as of "
        "this week Dev Patel does.",
    ),
    (
        "ownership",
        "This is on me: I signed off the launch even though the load test was skipped, because I "
        "wanted the date.",
    ),
    (
        "ask",
        "I'd like your air cover with sales for holding the price change until 1 March; they will "
        "push back on it.",
    ),
]

WRITER_O_R_PRINCIPLES_WEAK = [
    ("remediation", "We'll tidy up the runbook later.", "no-commitment"),
    ("remediation", "Let's pick this up a few days later in the month.", "no-commitment"),
    ("cause", "Two engineers are on it.", "no-commitment"),
    ("remediation", "The replay will be done once someone is free.", "plan-without-owner"),
    ("remediation", "The fix will be done, led by someone from infra.", "plan-without-owner"),
    ("opener", "We held off telling you until we had the numbers.", "waiting-to-be-perfect"),
    ("ownership", "We wrote the spec and the bank built against it.", "nothing-checkable"),
    ("opener", "Just a heads-up on something brewing with the carrier.", "soft-landing"),
    ("ownership", "Honestly nobody owned it.", "diffused-ownership"),
    ("ownership", "The load test was skipped.", "passive-hides-actor"),
    ("ask", "I'd really appreciate your air cover on this one.", "ask-without-decision"),
]


@pytest.mark.parametrize(("section", "text"), WRITER_O_R_PRINCIPLES_STRONG)
def test_writer_o_to_r_false_alarms_as_principles_stay_quiet(section, text):
    assert_quiet(section, text)


@pytest.mark.parametrize(("section", "text", "rule"), WRITER_O_R_PRINCIPLES_WEAK)
def test_without_those_facts_writer_o_to_r_words_still_fire(section, text, rule):
    assert_fires(section, text, rule)


# The kinds behind writers O, P, Q and R's misses (blind batches 18 to 21, docs/coach.md), in
# phrasings of our own in several voices that no batch uses: a change made in the passive and
# told by its effect, ownership refused to any one person, effort promised instead of an
# outcome ("best endeavours", "every effort"), backing asked for in general, praise of the
# team or distress before the news, the size told by what is fine ("the rest of the estate
# is unaffected"), a share of the work as progress ("60% through the migration"), a status
# colour instead of the metric, and a cause only pointed at ("something to do with"). Next to
# them, strong sentences with the same words and the fact the kind leaves out.
WRITER_O_R_KINDS = [
    (
        "cause",
        "An update was pushed to the load balancer, which caused the 502s.",
        "actorless-event",
    ),
    (
        "cause",
        "A settings change got applied overnight that had knock-on effects.",
        "actorless-event",
    ),
    (
        "cause",
        "The tweak was made to the cron schedule, resulting in duplicate runs.",
        "actorless-event",
    ),
    (
        "ownership",
        "Honestly you can't really lay this at the door of one single team.",
        "diffused-ownership",
    ),
    ("ownership", "It's not fair to single out anyone here.", "diffused-ownership"),
    ("ownership", "No single individual was responsible for the miss.", "diffused-ownership"),
    ("ownership", "This was never down to one person.", "diffused-ownership"),
    ("opener", "This isn't about blaming anyone, it was a systemic thing.", "diffused-ownership"),
    ("remediation", "Every effort is being made to restore service.", "no-commitment"),
    (
        "remediation",
        "We will use all reasonable endeavours to get the backlog cleared.",
        "no-commitment",
    ),
    ("remediation", "The team is leaving no stone unturned.", "no-commitment"),
    ("update", "We're doing whatever it takes to get this over the line.", "no-commitment"),
    (
        "ask",
        "Really just need you to have my back when finance start asking.",
        "ask-without-decision",
    ),
    ("ask", "Would be great to have your support in principle.", "ask-without-decision"),
    ("ask", "I'd like to know you're in my corner on this.", "ask-without-decision"),
    ("opener", "Huge shout-out to the night shift before anything else.", "soft-landing"),
    ("opener", "Kudos to everyone who jumped on the bridge call.", "soft-landing"),
    ("opener", "Honestly, where do I even start with this week.", "soft-landing"),
    (
        "opener",
        "Right, so this is a bit of a balls-up, I'm afraid. A total shambles.",
        "soft-landing",
    ),
    ("impact", "The rest of the estate is completely unaffected.", "minimising"),
    ("impact", "The vast majority of our stores are trading normally.", "minimising"),
    ("update", "Roughly 60% through the migration now.", "progress-without-measure"),
    ("update", "We're at 90 per cent of the clean-up.", "progress-without-measure"),
    ("update", "Project remains amber.", "empty-update"),
    ("update", "RAG is green, no change from last week.", "empty-update"),
    ("cause", "Probably some kind of conflict with the new agent.", "vague-description"),
    ("cause", "Could be anything at this point; we can't rule much out.", "vague-description"),
]

WRITER_O_R_STRONG = [
    (
        "cause",
        "I pushed an update to the load balancer at 14:05 that dropped the health check, which "
        "caused 502s for 9% of checkouts.",
    ),
    (
        "cause",
        "A settings change was applied to the EU cluster by me at 02:10, which set the retry limit "
        "to 0.",
    ),
    (
        "ownership",
        "It was not one person's miss: I approved the runbook that skipped the check, and Ana "
        "owns fixing it by Friday.",
    ),
    (
        "remediation",
        "Ravi re-sends the 3,100 failed notices by 17:00; every effort after that goes into the "
        "reconciliation, which I sign off on Monday.",
    ),
    (
        "ask",
        "I need your backing at Thursday's ExCo for pausing the launch by two weeks; I recommend "
        "we pause.",
    ),
    (
        "opener",
        "Checkout was down for 47 minutes this morning and 2,900 orders failed; it was my change. "
        "I'm proud of how the team recovered it, and the detail is below.",
    ),
    (
        "impact",
        "Only the 14 Scottish depots were hit; the rest of the 212-depot network is unaffected "
        "because it runs on the old router.",
    ),
    (
        "update",
        "We are 60% through the migration: 1,200 of 2,000 tenants moved, the rest by Friday.",
    ),
    ("update", "Status is still amber at 16:00: 3 of 5 sites back, next update at 18:00."),
    (
        "cause",
        "It has something to do with the 09:12 patch: the 41 hosts that took it are the 41 that "
        "failed, and I will confirm by 13:00.",
    ),
]


@pytest.mark.parametrize(("section", "text", "rule"), WRITER_O_R_KINDS)
def test_writer_o_to_r_kinds_fire_in_words_no_batch_uses(section, text, rule):
    assert_fires(section, text, rule)


@pytest.mark.parametrize(("section", "text"), WRITER_O_R_STRONG)
def test_writer_o_to_r_words_next_to_their_facts_stay_quiet(section, text):
    assert_quiet(section, text)


# A cause told as a chain of machinery: a causal link whose result is more jargon still says
# nothing about customers, orders or money; the same chain ending in what it did does.
JARGON_CHAINS = [
    "Root cause: lock contention in the JVM leading to GC pauses and pod restarts.",
    "A hot partition triggered a consumer lag spike, resulting in a rebalance of the shards.",
    "Clock skew between replicas caused a split-brain in the quorum.",
]
JARGON_CHAINS_WITH_EFFECT = [
    "Lock contention in the JVM led to GC pauses, so checkout requests timed out for 11 minutes.",
    "Clock skew between replicas caused a split-brain, and 240 orders were written twice.",
]


@pytest.mark.parametrize("text", JARGON_CHAINS)
def test_a_causal_chain_of_jargon_alone_gets_the_hint(text):
    assert_fires("cause", text, "jargon-without-consequence")


@pytest.mark.parametrize("text", JARGON_CHAINS_WITH_EFFECT)
def test_a_causal_chain_that_ends_in_its_effect_stays_quiet(text):
    assert_quiet("cause", text)
