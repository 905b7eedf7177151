"""The RCA as the author meets it: asked on the escalation page, written on its own page
with the coach reading it, preventive actions settled one by one; another user's id is a
404 everywhere."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from escalations import models as m
from tests import factories as f

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def resolved(user):
    return f.ResolvedFactory(owner=user)


def form_data(rca, **overrides):
    """What the RCA page posts: the form, its saved rows as they are, and empty extra rows."""
    data = {
        "cause_statement": rca.cause_statement,
        "cause_confidence": rca.cause_confidence,
        "cause_category": rca.cause_category,
        "impact_final": rca.impact_final,
        "went_well": rca.went_well,
        "went_badly": rca.went_badly,
    }
    for prefix, rows, fields in (
        ("timeline", list(rca.timeline.all()), ("at", "text")),
        ("preventive", list(rca.preventive_actions.all()), ("description", "owner_name", "due_at")),
    ):
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows) + 1)
        data[f"{prefix}-INITIAL_FORMS"] = str(len(rows))
        for i, row in enumerate(rows):
            data[f"{prefix}-{i}-id"] = str(row.pk)
            for name in fields:
                value = getattr(row, name)
                if hasattr(value, "strftime"):
                    value = timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")
                data[f"{prefix}-{i}-{name}"] = value
    data.update(overrides)
    return data


def test_the_escalation_page_asks_for_the_rca_once_resolved(author_client, user):
    escalated = f.EscalatedFactory(owner=user)
    assert 'id="rca"' not in author_client.get(escalated.get_absolute_url()).content.decode()
    resolved = f.ResolvedFactory(owner=user)
    text = text_of(author_client.get(resolved.get_absolute_url()))
    assert "Resolved: now write down what really happened" in text
    assert "reminded daily" in text
    assert "Write the RCA" in text


def test_writing_the_rca_with_a_blaming_sentence_the_coach_flags_it(author_client, resolved):
    response = author_client.post(f"/escalations/{resolved.pk}/rca/start/")
    assert response.status_code == 302
    rca = resolved.rca
    page = author_client.get(response["Location"])
    assert "Said at the time (confirmed):" in text_of(page)
    response = author_client.post(
        f"/escalations/{resolved.pk}/rca/",
        form_data(
            rca,
            cause_statement="The expired IdP certificate stopped every SSO login.",
            cause_confidence="proven",
            cause_category="configuration",
            went_badly="The DBA team never replied to our tickets.",
            **{
                "preventive-0-description": "Alert 14 days before any certificate expires",
                "preventive-0-owner_name": "Sam Lee",
                "preventive-0-due_at": (timezone.localtime() + timedelta(days=7)).strftime(
                    "%Y-%m-%dT%H:%M"
                ),
            },
        ),
    )
    assert response.status_code == 302
    page = author_client.get(f"/escalations/{resolved.pk}/rca/").content.decode()
    assert 'data-rule="blame"' in page
    assert "Naming someone else as the cause" in page
    rca.refresh_from_db()
    assert rca.went_badly == "The DBA team never replied to our tickets."
    assert rca.preventive_actions.count() == 1


def test_save_and_complete_says_what_is_missing_and_keeps_what_was_typed(author_client, resolved):
    author_client.post(f"/escalations/{resolved.pk}/rca/start/")
    rca = resolved.rca
    response = author_client.post(
        f"/escalations/{resolved.pk}/rca/",
        form_data(rca, cause_statement="Cert expired.", complete="1"),
    )
    assert response.status_code == 422
    text = text_of(response)
    assert "Saved, but not complete yet:" in text
    assert "Say how confident you are in it." in text
    assert "Cert expired." in text


def test_a_bad_row_saves_nothing_and_shows_the_row_as_typed(author_client, resolved):
    author_client.post(f"/escalations/{resolved.pk}/rca/start/")
    rca = resolved.rca
    response = author_client.post(
        f"/escalations/{resolved.pk}/rca/",
        form_data(
            rca,
            cause_statement="Typed but not saved",
            **{"preventive-0-description": "Rotate keys", "preventive-0-owner_name": ""},
        ),
    )
    assert response.status_code == 422
    text = text_of(response)
    assert "Every preventive action needs one named owner." in text
    html = response.content.decode()
    assert "Typed but not saved</textarea>" in html and 'value="Rotate keys"' in html
    rca.refresh_from_db()
    assert rca.cause_statement == ""


def test_marking_actions_done_shows_the_progress_and_closes_the_escalation(author_client, user):
    rca = f.RcaFactory(escalation=f.ResolvedFactory(owner=user), completed_at=timezone.now())
    a1 = f.PreventiveActionFactory(rca=rca)
    a2 = f.PreventiveActionFactory(rca=rca, description="Second IdP region")
    e = rca.escalation
    assert "Preventive actions: 0 of 2 done" in text_of(author_client.get(e.get_absolute_url()))
    response = author_client.post(
        f"/escalations/{e.pk}/rca/actions/{a1.pk}/done/", {"note": "PR 4411"}
    )
    assert response.status_code == 302
    text = text_of(author_client.get(e.get_absolute_url()))
    assert "Preventive actions: 1 of 2 done" in text
    assert "Closed" not in text
    response = author_client.post(
        f"/escalations/{e.pk}/rca/actions/{a2.pk}/not-doing/", {"reason": "too short"}
    )
    a2.refresh_from_db()
    assert not a2.is_settled
    author_client.post(
        f"/escalations/{e.pk}/rca/actions/{a2.pk}/not-doing/",
        {"reason": "The vendor now runs two regions for us."},
    )
    text = text_of(author_client.get(e.get_absolute_url()))
    assert "Preventive actions: 1 of 2 done · 1 accepted as not doing" in text
    assert "Closed" in text


def test_dismissing_without_a_reason_keeps_the_words_and_says_why(author_client, resolved):
    response = author_client.post(f"/escalations/{resolved.pk}/rca/dismiss/", {"reason": "n/a"})
    assert response.status_code == 422
    assert "n/a" in response.content.decode()
    assert "at least 15 characters" in text_of(response)
    response = author_client.post(
        f"/escalations/{resolved.pk}/rca/dismiss/",
        {"reason": "Vendor outage; their RCA covers it and we changed nothing."},
    )
    assert response.status_code == 302
    text = text_of(author_client.get(resolved.get_absolute_url()))
    assert "No RCA: Vendor outage; their RCA covers it" in text
    assert "Write the RCA" not in text


def test_export_and_print_read_the_whole_rca(author_client, user):
    rca = f.RcaFactory(escalation=f.ResolvedFactory(owner=user, title="SSO login outage"))
    f.PreventiveActionFactory(rca=rca, done_at=timezone.now(), done_note="PR 4411")
    e = rca.escalation
    response = author_client.get(f"/escalations/{e.pk}/rca/rca.md")
    assert response["Content-Type"].startswith("text/markdown")
    assert 'filename="rca-sso-login-outage.md"' in response["Content-Disposition"]
    body = response.content.decode()
    assert body.startswith("# RCA: SSO login outage\n")
    assert "## Root cause\n\nI approved the IdP certificate rotation" in body
    assert "_Said at the time (confirmed):_" in body
    assert "Alert 14 days before any certificate expires — Sam Lee, done" in body
    assert "(PR 4411)" in body
    assert "Preventive actions: 1 of 1 done" in body
    page = author_client.get(f"/escalations/{e.pk}/rca/print/")
    assert 'id="rca-document"' in page.content.decode()
    assert "What did not go well" in text_of(page)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/escalations/{e}/rca/"),
        ("post", "/escalations/{e}/rca/"),
        ("post", "/escalations/{e}/rca/start/"),
        ("post", "/escalations/{e}/rca/dismiss/"),
        ("post", "/escalations/{e}/rca/review/"),
        ("get", "/escalations/{e}/rca/rca.md"),
        ("get", "/escalations/{e}/rca/print/"),
        ("post", "/escalations/{e}/rca/actions/{a}/done/"),
        ("post", "/escalations/{e}/rca/actions/{a}/not-doing/"),
        ("post", "/escalations/{e}/rca/actions/{a}/reopen/"),
    ],
)
def test_another_users_rca_is_a_404(client_for, other_user, method, path):
    action = f.PreventiveActionFactory()
    url = path.format(e=action.rca.escalation_id, a=action.pk)
    response = getattr(client_for(other_user), method)(url, {"reason": "x" * 20, "note": ""})
    assert response.status_code == 404
    action.refresh_from_db()
    assert not action.is_settled


def test_an_action_of_another_escalation_is_a_404_even_for_the_author(author_client, user):
    mine = f.RcaFactory(escalation=f.ResolvedFactory(owner=user))
    theirs = f.PreventiveActionFactory()
    response = author_client.post(
        f"/escalations/{mine.escalation_id}/rca/actions/{theirs.pk}/done/", {"note": ""}
    )
    assert response.status_code == 404


def test_a_reviewer_reads_the_export_but_cannot_write(client_for):
    from django.contrib.auth.models import Permission

    reviewer = f.UserFactory(username="reviewer-rca", is_staff=True)
    reviewer.user_permissions.add(Permission.objects.get(codename="view_escalation"))
    f.review_everything(reviewer)
    action = f.PreventiveActionFactory()
    e = action.rca.escalation
    c = client_for(reviewer)
    assert c.get(f"/escalations/{e.pk}/rca/rca.md").status_code == 200
    assert c.post(f"/escalations/{e.pk}/rca/actions/{action.pk}/done/").status_code == 404
    assert m.PreventiveAction.objects.get(pk=action.pk).done_at is None


def test_the_status_page_shows_the_closing_section(client):
    from tests.factories import ShareLinkFactory

    rca = f.RcaFactory(completed_at=timezone.now())
    done = f.PreventiveActionFactory(rca=rca)
    f.PreventiveActionFactory(rca=rca, description="Second IdP region")
    token = "r" * 43
    ShareLinkFactory(escalation=rca.escalation, token=token)
    text = text_of(client.get(f"/s/{token}/"))
    assert "Closing" in text and "Preventive actions: 0 of 2 done" in text
    from escalations.rca.services import preventive_accept_not_doing, preventive_mark_done

    preventive_mark_done(action=done)
    preventive_accept_not_doing(
        action=rca.preventive_actions.exclude(pk=done.pk).get(),
        reason="The vendor now runs two regions for us.",
    )
    text = text_of(client.get(f"/s/{token}/"))
    assert "Preventive actions: 1 of 2 done · 1 accepted as not doing" in text
    assert "Closed" in text


def test_the_rca_panel_is_a_partial_of_the_page_and_htmx_dismissing_swaps_it_alone(
    author_client, resolved
):
    from django.template.loader import render_to_string

    from escalations.rca.panels import PANEL

    page = author_client.get(resolved.get_absolute_url())
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
    alone = render_to_string(PANEL, page.context[0].flatten(), request=page.wsgi_request)
    assert PANEL == "escalations/detail.html#rca"
    assert token.sub("", alone).strip() in token.sub("", page.content.decode())

    url = f"/escalations/{resolved.pk}/rca/dismiss/"
    htmx = {"HTTP_HX_REQUEST": "true"}
    refused = author_client.post(url, {"reason": "n/a"}, **htmx)
    body = refused.content.decode()
    assert body.lstrip().startswith('<section id="rca"')
    assert ">n/a</textarea>" in body and "at least 15 characters" in text_of(refused)
    assert not m.Rca.objects.filter(escalation=resolved, dismissed_at__isnull=False).exists()

    done = author_client.post(
        url, {"reason": "Vendor outage; their RCA covers it and we changed nothing."}, **htmx
    )
    assert done.content.decode().lstrip().startswith('<section id="rca"')
    assert "No RCA: Vendor outage; their RCA covers it" in text_of(done)
    assert "the reason is recorded" in text_of(done)


def test_a_forged_row_count_on_the_rca_page_builds_no_more_rows_and_saves_nothing(
    author_client, user
):
    from escalations.rca.forms import MAX_ROWS

    action = f.PreventiveActionFactory(rca__escalation__owner=user)
    rca = action.rca
    data = form_data(rca, **{"preventive-TOTAL_FORMS": "100000", "went_well": "Changed."})
    response = author_client.post(f"/escalations/{rca.escalation_id}/rca/", data)
    assert response.status_code == 422
    assert f"A list holds at most {MAX_ROWS} rows" in text_of(response)
    assert len(response.content) < 500_000
    assert m.Rca.objects.get(pk=rca.pk).went_well == rca.went_well
    assert m.PreventiveAction.objects.filter(rca=rca).count() == 1
