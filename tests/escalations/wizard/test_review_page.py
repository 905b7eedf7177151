"""The review page, print views, escalating, and what happens after escalation."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from escalations import timetext
from escalations.meetings.services import meeting_schedule
from escalations.models import Escalation, PublicStatus, State, Update, UpdateKind
from escalations.outbox import engine
from escalations.outbox.preread import preread_received_words
from escalations.selectors import escalation_full_queryset
from escalations.wizard import briefing
from tests import factories as f
from tests.escalations.wizard.helpers import IMPACT, complete_draft, step_url
from tests.html import assert_inert

pytestmark = pytest.mark.django_db

# Near the real clock: a login session would expire if the tests travelled years ahead.
NOW = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(minutes=5)


def _review(client, e):
    return client.get(reverse("escalations:review", args=[e.pk]))


def test_review_is_locked_until_every_step_is_complete(author_client, user):
    e = complete_draft(owner=user, ownership_statement="")
    response = _review(author_client, e)
    assert response["Location"] == step_url(e, "ownership")


def test_review_shows_opening_line_talk_track_and_preread_with_word_count(author_client, user):
    e = complete_draft(owner=user)
    page = _review(author_client, e).content.decode()
    full = escalation_full_queryset().get(pk=e.pk)
    assert briefing.opening_line(full) in page
    words = preread_received_words(full, None, timezone.now())
    assert f"{words} words · target ≤ 250" in page
    # More than the pre-read's body: the email around it is read too.
    assert words > briefing.preread(full).word_count
    for heading in briefing.PREREAD_HEADINGS:
        assert heading.replace("'", "&#x27;") in page
    # Copy buttons read from the Markdown and plain-text versions.
    assert 'data-copy="#preread-md"' in page and 'data-copy="#preread-plain"' in page
    assert (
        'id="preread-plain"' in page
        and "**What happened**" not in page.split('id="preread-plain"')[1].split("</textarea>")[0]
    )
    assert reverse("escalations:review_print", args=[e.pk, "preread"]) in page
    assert reverse("escalations:review_print", args=[e.pk, "talk-track"]) in page
    assert "Escalate now" in page


def test_talk_track_on_the_page_keeps_the_fixed_order(author_client, user):
    e = complete_draft(owner=user)
    page = _review(author_client, e).content.decode()
    track = page.split('class="list-unstyled talk-track')[1]
    titles = [
        "Open with",
        "1. Impact",
        "2. Root cause",
        "3. Ownership",
        "4. Remediation",
        "5. Asks",
        "If they ask",
        "Close with the asks",
    ]
    positions = [track.index(f">{t}</h3>") for t in titles]
    assert positions == sorted(positions)


def _long_answers(e, words: int) -> None:
    for q in e.questions.all():
        q.answer = "Figures " * words + "end."
        q.save()


def test_an_overlong_preread_is_flagged(author_client, user):
    e = complete_draft(owner=user, preread_include_answers=True)
    _long_answers(e, 80)
    page = _review(author_client, e).content.decode()
    assert "text-bg-warning" in page
    assert "Too long to read on a phone in a minute" in page


def test_a_run_on_section_cannot_swell_the_preread(author_client, user):
    """A 20,000-character root cause without a full stop is cut to one short sentence."""
    e = complete_draft(owner=user, cause_statement="the cache layer " * 1250)
    pre = briefing.preread(escalation_full_queryset().get(pk=e.pk))
    assert pre.within_target
    assert "the cache layer the cache layer…" in pre.markdown


def test_prepared_answers_are_in_the_preread_only_when_the_author_ticks_it(author_client, user):
    e = complete_draft(owner=user)
    page = _review(author_client, e).content.decode()
    assert "Questions you may ask" not in page
    url = reverse("escalations:preread_options", args=[e.pk])
    response = author_client.post(url, {"include_answers": "on"})
    assert response.status_code == 302
    page = author_client.get(response["Location"]).content.decode()
    assert "Your prepared answers are now in the pre-read." in page
    assert "Questions you may ask" in page and "Which customers?" in page
    author_client.post(url, {})
    e.refresh_from_db()
    assert e.preread_include_answers is False


def test_escalating_above_400_words_needs_a_reason_which_is_recorded(author_client, user):
    e = complete_draft(owner=user, preread_include_answers=True)
    _long_answers(e, 200)
    words = preread_received_words(escalation_full_queryset().get(pk=e.pk), None, timezone.now())
    assert words > briefing.PREREAD_WORD_LIMIT
    page = _review(author_client, e).content.decode()
    assert "text-bg-danger" in page and "escalating needs your reason" in page

    response = author_client.post(reverse("escalations:escalate", args=[e.pk]))
    assert response.status_code == 422
    assert f"The pre-read is {words} words; above 400 it does not fit on a phone" in (
        response.content.decode()
    )
    e.refresh_from_db()
    assert e.state == State.DRAFT

    reason = "The board asked for every figure in writing before the call."
    response = author_client.post(
        reverse("escalations:escalate", args=[e.pk]), {"preread_length_reason": reason}
    )
    assert response.status_code == 302
    e.refresh_from_db()
    assert e.state == State.ESCALATED
    assert e.preread_length_override_reason == reason
    override = e.coach_overrides.get()
    assert (override.rule, override.reason) == ("preread-too-long", reason)


def test_talk_track_shows_the_executives_clock_where_it_differs(author_client, user):
    f.ProfileFactory(user=user, time_zone="Europe/Berlin")
    e = complete_draft(owner=user, executive_time_zone="America/New_York")
    action = e.actions.get()
    action.due_at = datetime(2030, 1, 15, 15, 0, tzinfo=UTC)
    action.save()
    page = _review(author_client, e).content.decode()
    assert "by Tue 15 Jan 16:00 CET (10:00 EST for Jordan)" in page


@pytest.mark.parametrize("what", ["preread", "talk-track"])
def test_print_views(author_client, user, what):
    e = complete_draft(owner=user)
    page = author_client.get(
        reverse("escalations:review_print", args=[e.pk, what])
    ).content.decode()
    assert "data-print" in page
    assert ("What happened" in page) if what == "preread" else ("1. Impact" in page)


def test_unknown_print_view_is_404(author_client, user):
    e = complete_draft(owner=user)
    url = reverse("escalations:review_print", args=[e.pk, "everything"])
    assert author_client.get(url).status_code == 404


XSS = [
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    '<a href="#" onclick="alert(1)">x</a>',
    "<img src=x onerror=alert(1)>",
]


@pytest.mark.parametrize("payload", XSS)
def test_author_markdown_is_inert_on_review_print_and_detail(author_client, user, payload):
    e = complete_draft(
        owner=user,
        impact_headline=f"2,400 customers fail {payload}",
        cause_statement=f"Cause {payload}",
        ownership_statement=f"I {payload}",
        remediation_mitigation=payload,
    )
    a = e.actions.get()
    a.description = payload
    a.save()

    def region(page: str, start: str, end: str) -> str:
        assert start in page, start
        return page.split(start, 1)[1].split(end, 1)[0]

    page = _review(author_client, e).content.decode()
    assert "alert(1)" in page  # the text is there, as text
    assert_inert("<ol " + region(page, 'class="list-unstyled talk-track', "</ol>"))
    assert_inert("<article " + region(page, 'id="preread"', "</article>"))
    assert_inert("<p " + region(page, 'id="opening-line"', "</p>"))
    for what in ("preread", "talk-track"):
        page = author_client.get(
            reverse("escalations:review_print", args=[e.pk, what])
        ).content.decode()
        assert_inert("<article " + region(page, 'class="print-doc', "</article>"))
    author_client.post(reverse("escalations:escalate", args=[e.pk]))
    page = author_client.get(e.get_absolute_url()).content.decode()
    timeline = page.split('id="timeline"')[1]
    assert "2,400 customers fail" in timeline  # the pre-read is there
    assert_inert("<h2 " + timeline.split("</section>")[0])


def test_the_word_budget_counts_the_pre_read_email_the_executive_receives(author_client, user):
    """The badge's count is the emailed pre-read's text part, word for word: escalate, let
    the outbox send the pre-read, count what arrived."""
    e = complete_draft(owner=user, kind="major_incident")
    with time_machine.travel(NOW, tick=False):
        page = _review(author_client, e).content.decode()
        shown = int(re.search(r'id="word-count">(\d+) words', page).group(1))
        author_client.post(reverse("escalations:escalate", args=[e.pk]))
        meeting_schedule(
            escalation=e, starts_at=NOW + timedelta(minutes=20), time_zone="UTC", now=NOW
        )
        for pk in engine.dispatches_queue_due(now=NOW, enqueue=lambda pks: None):
            engine.dispatch_send(pk=pk, now=NOW)
    [received] = [x for x in mail.outbox if x.subject.startswith("Pre-read")]
    assert briefing.count_words(received.body) == shown
    body_only = briefing.preread(escalation_full_queryset().get(pk=e.pk)).word_count
    assert shown > body_only


# --- escalate ---------------------------------------------------------------------------------


def test_escalate_finalises_and_posts_the_preread_as_first_update(author_client, user):
    e = complete_draft(owner=user, kind="major_incident")
    expected = briefing.preread(escalation_full_queryset().get(pk=e.pk)).markdown
    with time_machine.travel(NOW, tick=False):
        response = author_client.post(reverse("escalations:escalate", args=[e.pk]))
    assert response["Location"] == e.get_absolute_url()
    e = Escalation.objects.get(pk=e.pk)
    assert e.state == State.ESCALATED
    assert e.escalated_at == NOW
    (update,) = Update.objects.filter(escalation=e)
    assert update.kind == UpdateKind.ESCALATED
    assert update.body.startswith(expected)
    next_due = timetext.when(NOW + timedelta(hours=1), "America/New_York")
    assert update.body.endswith(f"_Next update by {next_due}._")
    assert update.public_status == PublicStatus.MITIGATING  # a mitigation is in place
    assert e.last_updated_at == NOW
    assert e.next_update_due_at == NOW + timedelta(hours=1)  # major incident: hourly
    assert e.wizard_drafts == {}
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages[0].startswith("Escalated. The pre-read is the first entry in the timeline.")


def test_escalating_an_incomplete_draft_is_refused(author_client, user):
    e = complete_draft(owner=user)
    e.questions.all().delete()
    response = author_client.post(reverse("escalations:escalate", args=[e.pk]))
    assert response["Location"] == reverse("escalations:wizard_resume", args=[e.pk])
    assert Escalation.objects.get(pk=e.pk).state == State.DRAFT
    assert not Update.objects.exists()


def test_escalating_twice_posts_one_update(author_client, user):
    e = complete_draft(owner=user)
    author_client.post(reverse("escalations:escalate", args=[e.pk]))
    author_client.post(reverse("escalations:escalate", args=[e.pk]))
    assert Update.objects.filter(escalation=e).count() == 1


def test_escalate_needs_post(author_client, user):
    e = complete_draft(owner=user)
    assert author_client.get(reverse("escalations:escalate", args=[e.pk])).status_code == 405


# --- after escalation ---------------------------------------------------------------------------


@pytest.fixture
def escalated(author_client, user):
    e = complete_draft(owner=user)
    with time_machine.travel(NOW, tick=False):
        author_client.post(reverse("escalations:escalate", args=[e.pk]))
    return Escalation.objects.get(pk=e.pk)


def test_editing_a_section_after_escalation_records_what_changed(author_client, escalated):
    version = escalated.version
    data = {**IMPACT, "impact_customers_affected": "3100"}
    with time_machine.travel(NOW + timedelta(minutes=20), tick=False):
        response = author_client.post(step_url(escalated, "impact"), data)
    assert response["Location"] == escalated.get_absolute_url()
    edit = Update.objects.filter(escalation=escalated, kind=UpdateKind.EDIT).get()
    assert edit.body.startswith("Edited **Impact**:")
    assert "Customers affected: 2,400 → 3,100" in edit.body
    assert "Impact now reads: “18% of EU checkout payments fail" in edit.body
    escalated.refresh_from_db()
    assert escalated.version > version
    assert escalated.last_updated_at == NOW + timedelta(minutes=20)


def test_edit_with_no_visible_change_posts_nothing(author_client, escalated):
    data = {
        "ownership_statement": escalated.ownership_statement,
    }
    author_client.post(step_url(escalated, "ownership"), data)
    assert not Update.objects.filter(escalation=escalated, kind=UpdateKind.EDIT).exists()


def test_removing_an_action_after_escalation_says_so(author_client, escalated):
    from tests.escalations.wizard.helpers import rows

    action = escalated.actions.get()
    extra = {
        "description": "Alert on rotation notices",
        "owner_name": "Dana",
        "due_at": "2030-03-09T10:00",
        "kind": "preventative",
    }
    data = {
        "remediation_mitigation": escalated.remediation_mitigation,
        **rows("actions", [{"id": str(action.pk), "DELETE": "on"}, extra], initial=1),
    }
    author_client.post(step_url(escalated, "remediation"), data)
    body = Update.objects.get(escalation=escalated, kind=UpdateKind.EDIT).body
    assert "Removed action: Install the renewed IdP certificate — Sam Lee" in body
    assert "Added action: Alert on rotation notices — Dana, by" in body


def test_state_moves_to_contained_then_resolved(author_client, escalated):
    url = reverse("escalations:state", args=[escalated.pk])
    # Contained asks first: nothing changes until the author confirms.
    page = author_client.post(url, {"state": "contained", "note": "Failures back to 0.1%."})
    assert "Mark “" in page.content.decode() and "contained?" in page.content.decode()
    escalated.refresh_from_db()
    assert escalated.state == State.ESCALATED
    author_client.post(
        url,
        {"state": "contained", "note": "Failures back to 0.1% since 11:20.", "confirmed": "yes"},
    )
    escalated.refresh_from_db()
    assert escalated.state == State.CONTAINED and escalated.contained_at is not None
    note = Update.objects.get(escalation=escalated, kind=UpdateKind.STATE_CHANGE)
    assert note.body == "Failures back to 0.1% since 11:20."
    # An empty note is never posted: the confirmation comes back with the reason.
    response = author_client.post(url, {"state": "resolved", "confirmed": "yes"})
    assert response.status_code == 422 and "cannot be empty" in response.content.decode()
    escalated.refresh_from_db()
    assert escalated.state == State.CONTAINED
    author_client.post(url, {"state": "resolved", "note": "Fixed.", "confirmed": "yes"})
    escalated.refresh_from_db()
    assert escalated.state == State.RESOLVED
    assert escalated.next_update_due_at is None


def test_a_state_move_that_is_not_allowed_says_why(author_client, user):
    e = complete_draft(owner=user)
    response = author_client.post(reverse("escalations:state", args=[e.pk]), {"state": "resolved"})
    assert Escalation.objects.get(pk=e.pk).state == State.DRAFT
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == ["A draft is escalated from its review page, once every step is done."]


def test_detail_links_drafts_to_the_wizard_and_escalated_to_review_and_edit(
    author_client, user, escalated
):
    draft = complete_draft(owner=user, ownership_statement="")
    page = author_client.get(draft.get_absolute_url()).content.decode()
    assert reverse("escalations:wizard_resume", args=[draft.pk]) in page
    assert "Mark contained" not in page
    page = author_client.get(escalated.get_absolute_url()).content.decode()
    assert reverse("escalations:review", args=[escalated.pk]) in page
    assert step_url(escalated, "impact") in page
    assert "Mark contained" in page and "Mark resolved" in page


def test_an_edit_after_escalation_that_breaks_a_later_section_sends_the_author_there(
    author_client, escalated
):
    from tests.escalations.wizard.helpers import TRIAGE

    response = author_client.post(
        step_url(escalated, "triage"),
        {**TRIAGE, "kind": "schedule_slip", "title": escalated.title},
    )
    assert response["Location"] == step_url(escalated, "impact")
    body = Update.objects.get(escalation=escalated, kind=UpdateKind.EDIT).body
    assert "Kind: Major incident (outage, data) → Schedule slip" in body


@pytest.mark.parametrize("url_name", ["escalations:review", "escalations:wizard_step"])
def test_pages_cost_the_same_queries_however_many_rows(author_client, user, url_name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(e) -> int:
        args = [e.pk] if url_name == "escalations:review" else [e.pk, "remediation"]
        with CaptureQueriesContext(connection) as ctx:
            assert author_client.get(reverse(url_name, args=args)).status_code == 200
        return len(ctx.captured_queries)

    small = complete_draft(owner=user)
    big = complete_draft(owner=user)
    for _ in range(6):
        f.RemediationActionFactory(escalation=big)
        f.AskFactory(escalation=big)
        f.AnticipatedQuestionFactory(escalation=big)
        f.ContributingFactorFactory(escalation=big)
    count(small)  # warm the session/profile lookups
    assert count(big) == count(small)


def test_copy_plain_text_keeps_bullets_on_consecutive_lines(author_client, user):
    e = complete_draft(owner=user)
    f.RemediationActionFactory(escalation=e, description="Add a rotation alert")
    response = author_client.get(reverse("escalations:review", args=[e.pk]))
    for name in ("preread_plain", "talk_track_plain"):
        text = response.context[name]
        assert "• " in text, name
        # Never an empty line between two bullets of one list.
        assert not re.search(r"^• .*\n\n• ", text, re.MULTILINE), (name, text)
