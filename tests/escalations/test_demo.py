from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import signing
from django.core.management import call_command
from django.utils import timezone

from escalations import models as m
from escalations.demo import seed_demo
from statuspages.models import ShareLink

pytestmark = pytest.mark.django_db


def _seed() -> dict:
    # The test settings have DEBUG off, like production: --force says "this machine is mine".
    out = io.StringIO()
    call_command("seed_demo", "--json", "--force", stdout=out)
    return json.loads(out.getvalue())


def test_seed_demo_prints_the_documented_json_shape(client):
    data = _seed()
    assert set(data) == {
        "username",
        "password",
        "escalation_url",
        "status_url",
        "executive_url",
        "desk_url",
    }
    assert data["escalation_url"].startswith("/escalations/")
    assert re.fullmatch(r"/s/[A-Za-z0-9_-]{43,}/", data["status_url"])
    # The status page answers without a login…
    page = client.get(data["status_url"])
    assert page.status_code == 200
    assert b"Last updated" in page.content
    login = client.post(
        "/accounts/login/", {"username": data["username"], "password": data["password"]}
    )
    assert login.status_code == 302
    assert client.get(data["escalation_url"]).status_code == 200


def test_seed_demo_is_idempotent():
    first = _seed()
    second = _seed()
    assert first["escalation_url"] == second["escalation_url"]
    assert first["status_url"] == second["status_url"]
    assert first["executive_url"] == second["executive_url"]
    # The shared demo link and the executive's own link, each once.
    assert ShareLink.objects.count() == 2
    assert ShareLink.objects.filter(for_executive=True).count() == 1
    assert m.Escalation.objects.count() == 1
    e = m.Escalation.objects.get()
    assert e.updates.count() == 3
    assert e.actions.count() == 2
    assert e.asks.count() == 1
    assert e.questions.count() == 2
    assert e.meetings.count() == 1


def test_demo_escalation_is_complete_and_realistic():
    _seed()
    e = m.Escalation.objects.get()
    assert e.state == m.State.ESCALATED
    for field in (
        "impact_headline",
        "cause_statement",
        "ownership_statement",
        "remediation_mitigation",
        "asks_decision_threshold",
    ):
        assert getattr(e, field).strip(), field
    assert e.cause_confidence == m.CauseConfidence.CONFIRMED
    assert e.contributing_factors.filter(is_authors=True).count() == 1
    assert e.next_update_due_at is not None and e.last_updated_at is not None
    meeting = e.meetings.get()
    assert meeting.starts_at > e.last_updated_at


def test_seed_demo_adds_a_read_only_reviewer_for_the_admin(client):
    from escalations.demo import DEMO_REVIEWER_PASSWORD, DEMO_REVIEWER_USERNAME

    _seed()
    _seed()
    login = client.post(
        "/accounts/login/",
        {"username": DEMO_REVIEWER_USERNAME, "password": DEMO_REVIEWER_PASSWORD},
    )
    assert login.status_code == 302
    assert client.get("/admin/escalations/escalation/").status_code == 200
    e = m.Escalation.objects.get()
    change = client.post(f"/admin/escalations/escalation/{e.pk}/change/", {"title": "x"})
    assert change.status_code == 403
    assert client.get(e.get_absolute_url()).status_code == 200  # read, never write


def test_seed_demo_executive_url_is_where_the_open_asks_are_decided(client):
    data = _seed()
    assert re.fullmatch(r"/s/[A-Za-z0-9_-]{43,}/", data["executive_url"])
    assert data["executive_url"] != data["status_url"]
    ask = m.Ask.objects.get()
    assert ask.status == m.AskStatus.OPEN
    mine = client.get(data["executive_url"]).content.decode()
    assert f'formaction="asks/{ask.pk}/approve/"' in mine
    # The demo's shared link shows the ask but offers no buttons.
    shared = client.get(data["status_url"]).content.decode()
    assert ask.decision in shared and "formaction=" not in shared
    confirm = client.get(f"{data['executive_url']}asks/{ask.pk}/approve/")
    assert confirm.status_code == 200 and b"Approve?" in confirm.content


def test_seed_demo_never_revives_a_revoked_executive_link(client):
    first = _seed()
    ShareLink.objects.filter(for_executive=True).update(revoked_at=timezone.now())
    second = _seed()
    assert second["executive_url"] != first["executive_url"]
    assert client.get(first["executive_url"]).status_code == 404
    assert client.get(second["executive_url"]).status_code == 200


def test_seed_demo_refuses_without_debug_or_force(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="only runs with DEBUG on"):
        call_command("seed_demo", "--json", stdout=io.StringIO())
    assert not m.Escalation.objects.exists()
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username__in=["demo", "reviewer"]).exists()


def test_seed_demo_runs_under_debug(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", "--json", stdout=out)
    assert json.loads(out.getvalue())["username"] == "demo"


def test_seed_demo_never_changes_an_existing_users_password_or_powers(client):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    demo = User.objects.create_user("demo", password="my-own-secret-pass-1")
    reviewer = User.objects.create_user("reviewer", password="another-secret-pass-2")
    data = _seed()
    assert data["password"] is None
    demo.refresh_from_db()
    reviewer.refresh_from_db()
    assert demo.check_password("my-own-secret-pass-1")
    assert reviewer.check_password("another-secret-pass-2")
    assert not reviewer.is_staff and not reviewer.groups.exists()
    refused = client.post("/accounts/login/", {"username": "demo", "password": "upward-demo-2026"})
    assert refused.status_code == 200  # the published password does not work


def test_seed_demo_never_revives_a_revoked_demo_link(client):
    from statuspages.services import share_link_revoke

    first = _seed()
    assert client.get(first["status_url"]).status_code == 200
    share_link_revoke(link=ShareLink.objects.get(for_executive=False))
    again = _seed()
    assert again["status_url"] is None
    assert client.get(first["status_url"]).status_code == 404
    assert ShareLink.objects.filter(for_executive=False).count() == 1


def test_demo_dates_follow_today():
    with time_machine.travel(datetime(2026, 11, 23, 12, 0, tzinfo=UTC), tick=False):
        e = seed_demo().escalation
    assert "November payments SLA" in e.impact_headline
    assert "March" not in e.impact_headline
    assert "past Wednesday" in e.asks.get().decision  # two days after Monday 23 November


def test_the_demo_1_1_has_its_pre_read_queued_like_any_other():
    _seed()
    meeting = m.Meeting.objects.get(escalation__title=m.Escalation.objects.get().title)
    row = m.OutboxMessage.objects.get(meeting=meeting, purpose=m.DispatchPurpose.PREREAD)
    assert row.state == m.DispatchState.PENDING
    assert row.to_email == "priya.raman@example.com"
    assert row.send_at == meeting.starts_at - timedelta(minutes=30)


def test_the_demo_pre_read_as_the_executive_receives_it_keeps_the_250_word_budget():
    from escalations.outbox import engine
    from escalations.wizard import briefing

    _seed()
    row = m.OutboxMessage.objects.get(purpose=m.DispatchPurpose.PREREAD)
    message = engine.KINDS[row.purpose].build(row, timezone.now()).message()
    # Everything in the text part counts: title, the 1:1 line, decision links, signature.
    received = briefing.count_words(message.body)
    assert received <= briefing.PREREAD_WORD_TARGET
    assert len(message.subject) < 70


def test_seed_demo_prints_the_demo_executives_desk_url():
    data = _seed()
    assert data["desk_url"].startswith("/desk/")
    token = data["desk_url"].removeprefix("/desk/").rstrip("/")
    pk, key = signing.loads(token, salt="upward.desk")
    executive = m.Escalation.objects.get().executive
    assert (pk, key) == (executive.pk, executive.desk_key)
    assert executive.email == "priya.raman@example.com" and executive.title == "CTO"
    # Seeded again: the same entry (one per address), and the desk link names it still.
    again = _seed()["desk_url"].removeprefix("/desk/").rstrip("/")
    assert signing.loads(again, salt="upward.desk") == [executive.pk, executive.desk_key]
    assert m.Executive.objects.count() == 1
