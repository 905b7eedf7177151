"""Triage picks the executive from the directory, or adds them once."""

from __future__ import annotations

import pytest

from escalations.models import Escalation, Executive
from tests import factories as f
from tests.escalations.wizard.helpers import TRIAGE, step_url

pytestmark = pytest.mark.django_db

NO_NEW = {
    "new_executive_name": "",
    "new_executive_title": "",
    "new_executive_email": "",
}


@pytest.fixture
def draft(user):
    return Escalation.objects.create(owner=user, title="")


@pytest.fixture
def priya():
    return f.ExecutiveFactory(
        name="Priya Raman", title="CTO", email="priya@example.com", time_zone="America/New_York"
    )


def _post(client, draft, **data):
    return client.post(step_url(draft, "triage"), {**TRIAGE, **NO_NEW, **data})


def test_the_triage_page_lists_the_directory_for_the_name_box(author_client, draft, priya):
    page = author_client.get(step_url(draft, "triage")).content.decode()
    assert 'list="executive-list"' in page
    assert (
        '<datalist id="executive-list"><option value="Priya Raman, CTO &lt;priya@example.com&gt;">'
        in page
    )
    # The old hint put the title in the name field; the title has its own field now.
    assert "(CTO)”" not in page
    assert "Their title" in page


@pytest.mark.parametrize(
    "typed", ["Priya Raman, CTO <priya@example.com>", "priya raman", "PRIYA@example.com"]
)
def test_the_list_entry_a_name_or_an_address_picks_them(author_client, draft, priya, typed):
    response = _post(author_client, draft, executive_pick=typed)
    assert response.status_code == 302, response.content.decode()[:2000]
    draft.refresh_from_db()
    assert draft.executive == priya
    assert Executive.objects.count() == 1


def test_a_name_nobody_has_says_so_suggests_and_keeps_the_text(author_client, draft, priya):
    response = _post(author_client, draft, executive_pick="Priya")
    page = response.content.decode()
    assert response.status_code in (200, 422)
    assert "No one in the directory is called “Priya”. Did you mean Priya Raman, CTO?" in page
    assert 'value="Priya"' in page
    draft.refresh_from_db()
    assert draft.executive is None
    assert draft.wizard_drafts["triage"]["executive_pick"] == ["Priya"]


def test_two_people_of_one_name_are_told_apart_by_address(author_client, draft, priya):
    f.ExecutiveFactory(name="Priya Raman", title="CEO", email="p.raman@example.com")
    page = _post(author_client, draft, executive_pick="Priya Raman").content.decode()
    assert "More than one executive is called “Priya Raman”" in page
    draft.refresh_from_db()
    assert draft.executive is None


def test_nobody_chosen_is_refused_with_both_ways_out(author_client, draft):
    page = _post(author_client, draft, executive_pick="").content.decode()
    assert "Say which executive you are telling: pick them from the list, or add them" in page


def test_a_new_executive_is_added_once_with_name_and_title_apart(author_client, draft, user):
    response = _post(
        author_client,
        draft,
        new_executive_name="Dana Whitfield",
        new_executive_title="CEO",
        new_executive_email="Dana@Example.com",
        new_executive_time_zone="Europe/Paris",
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    dana = draft.executive
    assert (dana.name, dana.title, dana.email, dana.time_zone) == (
        "Dana Whitfield",
        "CEO",
        "dana@example.com",
        "Europe/Paris",
    )
    assert dana.created_by == user and len(dana.desk_key) == 32
    # The next author finds her in the list.
    other = Escalation.objects.create(owner=user, title="")
    page = author_client.get(step_url(other, "triage")).content.decode()
    assert "Dana Whitfield, CEO &lt;dana@example.com&gt;" in page


def test_a_title_typed_into_the_name_is_refused_and_kept(author_client, draft):
    page = _post(
        author_client,
        draft,
        new_executive_name="Priya Raman (CTO)",
        new_executive_email="priya@example.com",
        new_executive_time_zone="America/New_York",
    ).content.decode()
    assert "Put only their name here, and their title (CTO, CEO) in “Their title”." in page
    assert 'value="Priya Raman (CTO)"' in page
    assert '<details class="mb-3" id="new-executive" open>' in page
    assert not Executive.objects.exists()


def test_an_address_already_in_the_directory_under_another_name_is_refused(
    author_client, draft, priya
):
    page = _post(
        author_client,
        draft,
        new_executive_name="P. Raman",
        new_executive_email="PRIYA@example.com",
        new_executive_time_zone="America/New_York",
    ).content.decode()
    assert "priya@example.com is in the directory already as Priya Raman, CTO" in page
    assert 'value="P. Raman"' in page
    assert Executive.objects.count() == 1


def test_picking_and_adding_at_once_asks_which(author_client, draft, priya):
    page = _post(
        author_client,
        draft,
        executive_pick="Priya Raman",
        new_executive_name="Dana Whitfield",
        new_executive_email="dana@example.com",
        new_executive_time_zone="Europe/Paris",
    ).content.decode()
    assert "You picked Priya Raman, CTO above." in page
    assert not Executive.objects.filter(email="dana@example.com").exists()


def test_readdressing_an_escalation_gives_its_executive_row_the_new_choice(
    author_client, user, priya
):
    from escalations.subscriptions.services import subscription_for_executive

    e = f.EscalatedFactory(owner=user)
    row = subscription_for_executive(escalation=e)
    assert row.mode == "each"
    priya.mode, priya.digest_at = "off", None
    priya.save()
    fields = {**TRIAGE, **NO_NEW, "executive_pick": "Priya Raman"}
    response = author_client.post(step_url(e, "triage"), fields)
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.mode == "off" and row.unsubscribed_at is not None
    # After escalation, the change is on the timeline for readers.
    assert "Priya Raman, CTO" in e.updates.order_by("-created_at").first().body
