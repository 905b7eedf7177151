"""Teams in a browser (docs/access.md): the author adds a co-author from the team, the
co-author posts an update and the status page names them; a colleagues-only link asks a
signed-out visitor to sign in, then shows the page; the new panel passes axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from escalations.models import Escalation, TeamRole
from statuspages.models import Audience
from tests import factories as f
from tests.e2e.steps import write_update
from tests.e2e.test_accessibility import audit
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

TOKEN = "e2eTokenForTheTeamsTestOnly_0123456789abcdefgh"
COLLEAGUES_TOKEN = "e2eColleaguesOnlyTokenForTheTeamsTest_01234567"


def _sign_in(page: Page, user) -> None:
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


@pytest.fixture
def team_world():
    author = f.UserFactory(username="maria", first_name="Maria", last_name="Lopez")
    sam = f.UserFactory(username="sam", first_name="Sam", last_name="Lee")
    team = f.TeamFactory(name="Payments", slug="payments")
    f.member_of(team, author, sam)
    f.member_of(team, f.UserFactory(username="robin"), role=TeamRole.REVIEWER)
    e = f.EscalatedFactory(owner=author, title="Checkout payments failing for EU cards")
    Escalation.objects.filter(pk=e.pk).update(team=team)
    e.refresh_from_db()
    return author, sam, e


def test_a_coauthor_posts_an_update_and_the_status_page_names_them(
    browser: Browser, live_server, team_world
):
    author, sam, e = team_world
    f.ShareLinkFactory(escalation=e, token=TOKEN)
    # The author's browser: axe needs its script injected, which the site's CSP forbids.
    context = browser.new_context(bypass_csp=True, timezone_id="Europe/Berlin")
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        _sign_in(page, author)
        page.wait_for_url(f"{live_server.url}/")
        page.goto(f"{live_server.url}/escalations/{e.pk}/")
        panel = page.locator("#coauthors")
        expect(panel).to_contain_text("Team: Payments")
        assert audit(page, "co-authors panel") == []
        panel.get_by_label("Add a co-author").select_option(label="Sam Lee")
        panel.get_by_role("button", name="Add co-author").click()
        expect(page.locator("#coauthors [role=status]")).to_contain_text("Sam Lee is a co-author")
        expect(page.locator("#coauthor-list")).to_contain_text("Sam Lee")
        # The panel as swapped in, with its notice and a Remove button, passes too.
        assert audit(page, "co-authors panel after adding") == []
    finally:
        context.close()

    # Sam, in their own browser, writes the update.
    context = browser.new_context(timezone_id="Europe/Berlin")
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        _sign_in(page, sam)
        page.wait_for_url(f"{live_server.url}/")
        page.goto(f"{live_server.url}/escalations/{e.pk}/#post-update")
        form = page.locator("#post-update")
        write_update(page, "Sam here: the backup processor holds at 2% errors.")
        expect(page.locator("#coach-body")).to_contain_text("Clear and specific")
        form.get_by_role("button", name="Post update").click()
        expect(page.locator("#updates-panel")).to_contain_text("Update posted.")
        expect(page.locator("#updates-panel")).to_contain_text("by Sam Lee")

        page.goto(f"{live_server.url}/s/{TOKEN}/")
        first = page.locator("#sp-timeline > li").first
        expect(first).to_contain_text("Sam here: the backup processor")
        expect(first).to_contain_text("by Sam Lee")
    finally:
        context.close()


def test_a_colleagues_only_link_asks_a_signed_out_visitor_to_sign_in_then_shows_the_page(
    browser: Browser, live_server, team_world
):
    _, _, e = team_world
    colleague = f.UserFactory(username="priya", first_name="Priya", last_name="Raman")
    f.ShareLinkFactory(escalation=e, token=COLLEAGUES_TOKEN, audience=Audience.COLLEAGUES)
    page_url = f"{live_server.url}/s/{COLLEAGUES_TOKEN}/"
    # A signed-in colleague reads it first: its rendering is now in the status pages' cache.
    warm = browser.new_context()
    try:
        warm_page = warm.new_page()
        warm_page.goto(f"{live_server.url}/accounts/login/?next=/s/{COLLEAGUES_TOKEN}/")
        _sign_in(warm_page, colleague)
        warm_page.wait_for_url(page_url)
        expect(warm_page.locator("h1")).to_contain_text("Checkout payments failing")
    finally:
        warm.close()
    context = browser.new_context()
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto(page_url)
        expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/s/{COLLEAGUES_TOKEN}/")
        expect(page.get_by_role("button", name="Log in")).to_be_visible()
        expect(page.locator("body")).not_to_contain_text("Checkout payments failing")
        _sign_in(page, colleague)
        page.wait_for_url(page_url)
        expect(page.locator("h1")).to_contain_text("Checkout payments failing for EU cards")
    finally:
        context.close()
