"""Two tabs on one draft: a save or autosave from a tab that loaded an older revision of the
step writes nothing, and the author sees both texts (issue 14, item 5)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from escalations.models import Escalation
from tests.escalations.wizard.helpers import complete_draft, step_url

pytestmark = pytest.mark.django_db


def _revision(client, e) -> str:
    page = client.get(step_url(e, "ownership")).content.decode()
    marker = 'name="wizard_revision" id="wizard-revision" value="'
    return page[page.index(marker) + len(marker) :].split('"', 1)[0]


def test_a_save_from_a_stale_tab_keeps_both_texts_without_javascript(author_client, user):
    e = complete_draft(owner=user, ownership_statement="I own it.")
    stale = _revision(author_client, e)
    autosave = reverse("escalations:wizard_autosave", args=[e.pk, "ownership"])
    fresh = _revision(author_client, e)
    ok = author_client.post(
        autosave,
        {"ownership_statement": "Tab one: mine, I missed the alert.", "wizard_revision": fresh},
    )
    assert "Draft saved" in ok.content.decode()
    assert 'hx-swap-oob="true"' in ok.content.decode()  # the tab learns its new revision

    refused = author_client.post(
        autosave, {"ownership_statement": "Tab two's words.", "wizard_revision": stale}
    )
    assert "changed in another tab" in refused.content.decode()
    e.refresh_from_db()
    assert e.wizard_drafts["ownership"]["ownership_statement"] == [
        "Tab one: mine, I missed the alert."
    ]

    response = author_client.post(
        step_url(e, "ownership"),
        {"ownership_statement": "Tab two: I approved pinning.", "wizard_revision": stale},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "This step was changed in another tab" in html
    assert "Tab one: mine, I missed the alert." in html  # theirs, shown
    assert "Tab two: I approved pinning." in html  # mine, still in the form
    assert Escalation.objects.get(pk=e.pk).ownership_statement == "I own it."

    # "Keep this tab's text" posts the same form, now at the current revision.
    current = response.content.decode().split('id="wizard-revision" value="', 1)[1].split('"')[0]
    saved = author_client.post(
        step_url(e, "ownership"),
        {"ownership_statement": "Tab two: I approved pinning.", "wizard_revision": current},
    )
    assert saved.status_code == 302
    assert Escalation.objects.get(pk=e.pk).ownership_statement == "Tab two: I approved pinning."


def test_a_form_without_a_revision_still_saves(author_client, user):
    e = complete_draft(owner=user)
    response = author_client.post(step_url(e, "ownership"), {"ownership_statement": "Mine."})
    assert response.status_code == 302


def test_saving_right_after_an_autosave_whose_answer_was_dropped_is_no_conflict(
    author_client, user
):
    e = complete_draft(owner=user, ownership_statement="I own it.")
    loaded = _revision(author_client, e)
    autosave = reverse("escalations:wizard_autosave", args=[e.pk, "ownership"])
    # The autosave reached the server, but the browser aborted it when Save was pressed, so
    # the form still carries the revision it loaded.
    text = {"ownership_statement": "Mine: I missed the alert."}
    author_client.post(autosave, {**text, "wizard_revision": loaded})
    response = author_client.post(step_url(e, "ownership"), {**text, "wizard_revision": loaded})
    assert response.status_code == 302
    assert Escalation.objects.get(pk=e.pk).ownership_statement == "Mine: I missed the alert."


def test_the_same_text_twice_from_one_tab_is_kept_once_at_one_revision(user):
    """The beacon sent on reload and its copy put back by the next page race: whichever
    comes second writes nothing, so the revision the tab was told stays true and its next
    edit is not refused as another tab's."""
    from escalations.wizard import services as wizard_services

    e = complete_draft(owner=user)
    text = {"ownership_statement": ["I owned the renewal and missed the alert."]}
    wizard_services.wizard_autosave(escalation=e, step="ownership", data=text, revision=0)
    assert wizard_services.wizard_revision(e, "ownership") == 1
    # The other copy, from the same tab that loaded revision 0.
    wizard_services.wizard_autosave(escalation=e, step="ownership", data=text, revision=0)
    fresh = Escalation.objects.get(pk=e.pk)
    assert wizard_services.wizard_revision(fresh, "ownership") == 1
    # The next edit at revision 1 saves.
    edited = {"ownership_statement": ["I owned the renewal and missed the alert last week."]}
    wizard_services.wizard_autosave(escalation=fresh, step="ownership", data=edited, revision=1)
    assert Escalation.objects.get(pk=e.pk).wizard_drafts["ownership"] == edited
