"""Teams and co-authors (docs/access.md): who may write, who reviews, who gets reminded, and
two people on one wizard step held apart like two tabs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from escalations.models import DispatchPurpose, Escalation, OutboxMessage, TeamRole, Update
from escalations.outbox.reminder import stale_scan
from escalations.teams.services import CoauthorRefused, coauthor_add
from statuspages.models import Audience
from statuspages.selectors import build_snapshot
from tests import factories as f
from tests.escalations.wizard.helpers import complete_draft, step_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    author = f.UserFactory(username="maria", first_name="Maria", last_name="Lopez")
    sam = f.UserFactory(username="sam", first_name="Sam", last_name="Lee")
    outsider = f.UserFactory(username="olga", first_name="Olga", last_name="Berg")
    team = f.member_of(f.TeamFactory(name="Payments", slug="payments"), author, sam)
    return author, sam, outsider, team


def _escalated(author, team, **kw) -> Escalation:
    e = f.EscalatedFactory(owner=author, **kw)
    Escalation.objects.filter(pk=e.pk).update(team=team)
    e.refresh_from_db()
    return e


# --- the team of an escalation ------------------------------------------------------------


def test_a_new_escalation_belongs_to_its_authors_team(client_for, people):
    author, _, outsider, team = people
    client_for(author).post(reverse("escalations:new"))
    assert Escalation.objects.get(owner=author).team == team
    client_for(outsider).post(reverse("escalations:new"))
    assert Escalation.objects.get(owner=outsider).team is None


def test_an_author_in_several_teams_picks_one_in_triage(client_for, people):
    author, _, _, team = people
    infra = f.member_of(f.TeamFactory(name="Infrastructure", slug="infra"), author)
    e = f.EscalationFactory(owner=author, team=team)
    page = client_for(author).get(step_url(e, "triage")).content.decode()
    assert "Which of your teams is it for?" in page
    assert ">Infrastructure</option>" in page and ">Payments</option>" in page
    from tests.escalations.wizard.helpers import TRIAGE

    response = client_for(author).post(step_url(e, "triage"), {**TRIAGE, "team": infra.pk})
    assert response.status_code == 302
    assert Escalation.objects.get(pk=e.pk).team == infra


@override_settings(CRISPY_FAIL_SILENTLY=False)  # a layout naming a missing field raises
def test_an_author_in_one_team_is_not_asked(client_for, people):
    author, _, _, team = people
    e = f.EscalationFactory(owner=author, team=team)
    response = client_for(author).get(step_url(e, "triage"))
    assert response.status_code == 200
    assert "Which of your teams" not in response.content.decode()
    assert "Who are you telling?" in response.content.decode()


# --- co-authors ------------------------------------------------------------------------------


def test_the_author_adds_a_colleague_from_the_team_without_javascript(client_for, people):
    author, sam, _, team = people
    e = _escalated(author, team)
    maria = client_for(author)
    page = maria.get(e.get_absolute_url()).content.decode()
    assert 'id="coauthors"' in page and ">Sam Lee</option>" in page
    response = maria.post(reverse("escalations:coauthor_add", args=[e.pk]), {"user": sam.pk})
    assert response.status_code == 302
    assert response["Location"].endswith("#coauthors")
    assert list(e.coauthors.all()) == [sam]
    page = maria.get(e.get_absolute_url()).content.decode()
    assert "Sam Lee is a co-author" in page


def test_someone_outside_the_team_cannot_be_added_and_the_choice_is_explained(client_for, people):
    author, _, outsider, team = people
    e = _escalated(author, team)
    response = client_for(author).post(
        reverse("escalations:coauthor_add", args=[e.pk]), {"user": outsider.pk}
    )
    assert response.status_code == 400  # a page of its own, the form with its message
    assert "not in this escalation" in response.content.decode()
    assert not e.coauthors.exists()
    with pytest.raises(CoauthorRefused, match="not in the team"):
        coauthor_add(escalation=e, user=outsider)


def test_htmx_swaps_the_panel_and_remove_keeps_the_updates_name(client_for, people):
    author, sam, _, team = people
    e = _escalated(author, team)
    e.coauthors.add(sam)
    f.UpdateFactory(escalation=e, author=sam, body="From Sam.")
    response = client_for(author).post(
        reverse("escalations:coauthor_remove", args=[e.pk, sam.pk]), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode().strip()
    assert html.startswith('<section id="coauthors"')
    assert "no longer a co-author" in html
    assert not e.coauthors.exists()
    assert Update.objects.get(escalation=e).author == sam


def test_a_coauthor_edits_posts_and_records_like_the_author(client_for, people):
    author, sam, _, team = people
    e = _escalated(author, team)
    e.coauthors.add(sam)
    ask = f.AskFactory(escalation=e)
    sam_client = client_for(sam)
    page = sam_client.get(e.get_absolute_url()).content.decode()
    assert "Post an update" in page
    assert 'id="sharing"' not in page  # share links stay the author's
    assert "Add co-author" not in page
    response = sam_client.post(
        reverse("escalations:update_create", args=[e.pk]),
        {"body": "Rollback complete; Sam here.", "state": "monitoring"},
    )
    assert response.status_code == 302
    update = Update.objects.filter(escalation=e).first()
    assert update.author == sam
    # The timeline says who wrote it: the author's page and the status page.
    assert "by Sam Lee" in client_for(author).get(e.get_absolute_url()).content.decode()
    assert build_snapshot(e).updates[0].author_name == "Sam Lee"
    response = sam_client.post(
        reverse("escalations:ask_decision_record", args=[e.pk, ask.pk]),
        {"decision": "approved", "decided_by_name": "Priya Raman", "note": "In the 1:1."},
    )
    assert response.status_code == 302
    ask.refresh_from_db()
    assert ask.decisions.get().recorded_by == sam
    assert sam_client.get(step_url(e, "ownership")).status_code == 200


def test_a_coauthor_cannot_do_what_stays_the_authors(client_for, people):
    author, sam, _, team = people
    draft = complete_draft(owner=author)
    Escalation.objects.filter(pk=draft.pk).update(team=team)
    draft.coauthors.add(sam)
    sam_client = client_for(sam)
    assert sam_client.post(reverse("escalations:discard", args=[draft.pk])).status_code == 404
    assert Escalation.objects.filter(pk=draft.pk).exists()
    assert "Discard this draft" not in sam_client.get(step_url(draft, "triage")).content.decode()
    assert (
        sam_client.post(
            reverse("statuspages:link_create", args=[draft.pk]), {"label": "x", "expires": "never"}
        ).status_code
        == 404
    )


# --- two people on one step --------------------------------------------------------------------


def _revision(client, e) -> str:
    page = client.get(step_url(e, "ownership")).content.decode()
    marker = 'name="wizard_revision" id="wizard-revision" value="'
    return page[page.index(marker) + len(marker) :].split('"', 1)[0]


def test_a_second_persons_stale_edit_is_caught_and_names_who_changed_it(client_for, people):
    author, sam, _, team = people
    e = complete_draft(owner=author, ownership_statement="I own it.")
    Escalation.objects.filter(pk=e.pk).update(team=team)
    e.coauthors.add(sam)
    maria, sam_client = client_for(author), client_for(sam)
    autosave = reverse("escalations:wizard_autosave", args=[e.pk, "ownership"])
    maria_loaded = _revision(maria, e)
    sam_loaded = _revision(sam_client, e)
    ok = sam_client.post(
        autosave, {"ownership_statement": "Sam: we both missed it.", "wizard_revision": sam_loaded}
    )
    assert "Draft saved" in ok.content.decode()

    refused = maria.post(
        autosave, {"ownership_statement": "Maria's words.", "wizard_revision": maria_loaded}
    )
    assert "Sam Lee changed this step" in refused.content.decode()
    response = maria.post(
        step_url(e, "ownership"),
        {"ownership_statement": "Maria: I approved pinning.", "wizard_revision": maria_loaded},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Sam Lee changed this step" in html
    assert "What Sam Lee wrote:" in html
    assert "Sam: we both missed it." in html
    assert Escalation.objects.get(pk=e.pk).ownership_statement == "I own it."
    # The same person's other tab is still "another tab".
    again = sam_client.post(
        autosave, {"ownership_statement": "Sam, second tab.", "wizard_revision": sam_loaded}
    )
    assert "changed in another tab" in again.content.decode()


# --- reminders -----------------------------------------------------------------------------------


def test_coauthors_get_the_authors_reminders(people):
    author, sam, _, team = people
    now = timezone.now()
    e = _escalated(author, team, next_update_due_at=now - timedelta(minutes=5))
    e.coauthors.add(sam)
    stale_scan(now=now)
    stale_scan(now=now)  # twice: each is owed once
    to = sorted(
        OutboxMessage.objects.filter(
            escalation=e, purpose=DispatchPurpose.STALE_REMINDER
        ).values_list("to_email", flat=True)
    )
    assert to == sorted([author.email, sam.email])


# --- reviewers ---------------------------------------------------------------------------------


def _staff_reviewer(username: str):
    u = f.UserFactory(username=username, is_staff=True)
    u.groups.add(Group.objects.get(name="Reviewers"))
    return u


def test_reviewers_read_their_teams_escalations_only(client_for, people):
    author, _, outsider, team = people
    ours = _escalated(author, team, title="Ours")
    theirs = f.EscalatedFactory(owner=outsider, title="Theirs")
    robin = _staff_reviewer("robin")
    f.member_of(team, robin, role=TeamRole.REVIEWER)
    client = client_for(robin)
    assert client.get(ours.get_absolute_url()).status_code == 200
    assert client.get(theirs.get_absolute_url()).status_code == 404
    listed = client.get(reverse("admin:escalations_escalation_changelist")).content.decode()
    assert "Ours" in listed and "Theirs" not in listed
    story = reverse("admin:escalations_escalation_change", args=[theirs.pk])
    assert client.get(story).status_code == 302  # the admin's "does not exist" redirect
    export = client.post(
        reverse("admin:escalations_escalation_changelist"),
        {"action": "export_csv", "_selected_action": [ours.pk, theirs.pk]},
    )
    body = export.content.decode()
    assert "Ours" in body and "Theirs" not in body
    # A member (not reviewer) of the team sees nothing of someone else's escalation.
    member = f.UserFactory(username="member")
    f.member_of(team, member)
    assert client_for(member).get(ours.get_absolute_url()).status_code == 404


def test_metrics_are_per_team(client_for, people):
    author, _, outsider, team = people
    now = timezone.now()
    _escalated(author, team, escalated_at=now - timedelta(hours=2))
    f.EscalatedFactory(owner=outsider, escalated_at=now - timedelta(hours=2))
    other = f.TeamFactory(name="Infrastructure", slug="infra")
    robin = _staff_reviewer("robin")
    f.member_of(team, robin, role=TeamRole.REVIEWER)
    f.member_of(other, robin, role=TeamRole.REVIEWER)
    url = reverse("admin:escalations_escalation_metrics")
    html = client_for(robin).get(url).content.decode()
    assert "The teams you review: Infrastructure, Payments" in html
    assert 'name="team"' in html
    one = client_for(robin).get(url, {"team": "infra"}).content.decode()
    assert "Team Infrastructure" in one
    lonely = _staff_reviewer("lonely")
    assert "You review no team" in client_for(lonely).get(url).content.decode()


# --- colleagues-only status pages --------------------------------------------------------------


def test_a_colleagues_only_link_sends_a_signed_out_visitor_to_sign_in_even_when_cached(
    client, client_for, people
):
    author, _, outsider, team = people
    e = _escalated(author, team, title="Checkout down")
    f.ShareLinkFactory(escalation=e, token="colleagues-token-1", audience=Audience.COLLEAGUES)
    page = "/s/colleagues-token-1/"
    # A colleague reads it first: the rendering is cached for this minute.
    assert "Checkout down" in client_for(outsider).get(page).content.decode()
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={page}"
    assert response["Referrer-Policy"] == "no-referrer"
    for data in ("live/", "feed.atom", "status.json"):
        assert client.get(page + data).status_code == 404
    assert client.post(page + "subscribe/", {"email": "x@example.com"}).status_code == 404


def test_the_author_chooses_colleagues_only_when_creating_a_link(client_for, people):
    author, _, _, team = people
    e = _escalated(author, team)
    response = client_for(author).post(
        reverse("statuspages:link_create", args=[e.pk]),
        {"label": "Staff channel", "expires": "never", "audience": "colleagues"},
    )
    assert response.status_code == 200
    link = e.share_links.get(label="Staff channel")
    assert link.audience == Audience.COLLEAGUES
    page = client_for(author).get(e.get_absolute_url()).content.decode()
    assert "colleagues only" in page


def test_only_superusers_manage_teams(client_for, people):
    _, _, _, team = people
    robin = _staff_reviewer("robin")
    f.member_of(team, robin, role=TeamRole.REVIEWER)
    root = f.UserFactory(username="root", is_staff=True, is_superuser=True)
    url = reverse("admin:escalations_team_changelist")
    assert client_for(robin).get(url).status_code == 403
    assert "Teams" not in client_for(robin).get(reverse("admin:index")).content.decode()
    listed = client_for(root).get(url).content.decode()
    assert "Payments" in listed
    change = client_for(root).get(reverse("admin:escalations_team_change", args=[team.pk]))
    assert change.status_code == 200
    assert "People — members, and reviewers" in change.content.decode()


def test_a_coauthor_finds_the_escalation_on_their_home_page(client_for, people):
    author, sam, _, team = people
    e = _escalated(author, team, title="Checkout payments failing")
    home = reverse("escalations:home")
    assert "Checkout payments failing" not in client_for(sam).get(home).content.decode()
    e.coauthors.add(sam)
    html = client_for(sam).get(home).content.decode()
    assert "Checkout payments failing" in html
    assert "co-author with Maria Lopez" in html
