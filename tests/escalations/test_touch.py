"""Readers see every change: each write a reader could notice moves ``Escalation.version``
through ``escalation_touch`` (status pages, feeds and their ETags key on it).

Every service is listed on purpose, either as reader-visible (and then proven to move the
version and announce it) or as not, with the reason. A new public function in any
``escalations/**/services.py`` fails ``test_every_service_is_classified`` until someone
decides which it is.
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Callable
from datetime import time, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from escalations.actions.services import action_mark_done
from escalations.decisions.services import ask_decide
from escalations.directory.services import executive_update
from escalations.lifecycle.services import (
    escalation_escalate,
    escalation_mark_reviewed,
    escalation_set_state,
)
from escalations.meetings.services import escalation_set_cadence
from escalations.models import DecisionChoice, DecisionVia, Escalation, State, escalation_changed
from escalations.outbox.reminder import stale_scan
from escalations.overview.services import escalation_move
from escalations.profiles.services import profile_update
from escalations.rca.forms import RcaForm
from escalations.rca.services import (
    preventive_accept_not_doing,
    preventive_mark_done,
    preventive_reopen,
    rca_complete,
    rca_save,
)
from escalations.selectors import escalation_full_queryset
from escalations.services import escalation_touch
from escalations.signin.services import signin_user_sync
from escalations.subscriptions.services import (
    subscription_executive_set,
    subscription_for_executive,
    subscription_unsubscribe,
)
from escalations.updates.services import update_post
from escalations.wizard.services import escalation_edit_section
from statuspages.models import new_token
from statuspages.services import share_link_admin_save, share_link_revoke, share_link_set_expiry
from tests import factories as f
from tests.escalations.wizard.helpers import OWNERSHIP, complete_draft, step_url

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)


# --- the writes readers notice, each with a way to make it happen ------------------------
# name -> (what sets it up and returns the escalation to watch, what performs the write).
Scenario = tuple[Callable[..., Escalation], Callable[..., object]]


def _escalated(**kw) -> Escalation:
    return f.EscalatedFactory(**kw)


def _with_ask(**kw) -> Escalation:
    e = f.EscalatedFactory(**kw)
    f.AskFactory(escalation=e)
    return e


def _resolved(**kw) -> Escalation:
    return f.EscalatedFactory(state=State.RESOLVED, resolved_at=timezone.now(), **kw)


def _overdue(**kw) -> Escalation:
    return f.EscalatedFactory(next_update_due_at=timezone.now() - timedelta(minutes=5), **kw)


def _ask_overdue(**kw) -> Escalation:
    e = f.EscalatedFactory(**kw)
    f.AskFactory(escalation=e, decide_by=timezone.now() - timedelta(minutes=5))
    return e


def _with_action(**kw) -> Escalation:
    e = f.EscalatedFactory(**kw)
    f.RemediationActionFactory(escalation=e)
    return e


def _with_link(**kw) -> Escalation:
    e = f.EscalatedFactory(**kw)
    f.ShareLinkFactory(escalation=e)
    return e


def _link(e: Escalation):
    return e.share_links.get()


def _rename(executive):
    executive.name = "Dana Whitfield"
    return executive_update(executive=executive, fields=["name"])


def _with_executive(**kw) -> Escalation:
    e = f.EscalatedFactory(**kw)
    subscription_for_executive(escalation=e)
    return e


def _with_rca(**kw) -> Escalation:
    # A resolved escalation whose RCA is complete: the status page's closing section shows
    # "Preventive actions: 0 of 1 done".
    action = f.PreventiveActionFactory(rca__escalation__owner=kw["owner"])
    action.rca.completed_at = timezone.now()
    action.rca.save(update_fields=["completed_at"])
    return action.rca.escalation


def _with_rca_draft(**kw) -> Escalation:
    return f.PreventiveActionFactory(rca__escalation__owner=kw["owner"]).rca.escalation


def _action(e: Escalation):
    return e.rca.preventive_actions.get()


def _rca_save(e: Escalation, user, client) -> None:
    rca = e.rca
    form = RcaForm(
        {
            "cause_statement": "I approved the rotation without an expiry alert.",
            "cause_confidence": rca.cause_confidence,
            "cause_category": rca.cause_category,
            "impact_final": rca.impact_final,
            "went_well": rca.went_well,
            "went_badly": rca.went_badly,
        },
        instance=rca,
    )
    assert form.is_valid(), form.errors
    rca_save(rca=rca, forms=[form])


def _reopen_done(e: Escalation, user, client) -> None:
    preventive_mark_done(action=_action(e))
    version = Escalation.objects.get(pk=e.pk).version
    preventive_reopen(action=_action(e))
    assert Escalation.objects.get(pk=e.pk).version > version


def _admin_edit_link(e: Escalation, user, client) -> None:
    link = _link(e)
    link.label = "Board"
    share_link_admin_save(link=link, changed=["label"])


def _wizard_step_save(e: Escalation, user, client) -> None:
    # Through the wizard's view, as the author saves a step (wizard_step_save).
    response = client.post(
        step_url(e, "ownership"),
        {**OWNERSHIP, "ownership_statement": "I approved the change without a rollback plan."},
    )
    assert response.status_code in (200, 302)


READER_VISIBLE: dict[str, Scenario] = {
    "escalations.lifecycle.services.escalation_set_state": (
        _escalated,
        lambda e, user, c: escalation_set_state(escalation=e, state=State.CONTAINED, by=user),
    ),
    "escalations.lifecycle.services.escalation_mark_reviewed": (
        _resolved,
        lambda e, user, c: escalation_mark_reviewed(escalation=e, by=user),
    ),
    "escalations.lifecycle.services.escalation_escalate": (
        lambda **kw: complete_draft(**kw),
        lambda e, user, c: escalation_escalate(
            escalation=escalation_full_queryset().get(pk=e.pk), by=user
        ),
    ),
    "escalations.overview.services.escalation_move": (
        _escalated,
        lambda e, user, c: escalation_move(
            escalation=e, state=State.CONTAINED, by=user, note="Traffic is back on the old pool."
        ),
    ),
    # The status page says "Actions 1 of 1 done".
    "escalations.actions.services.action_mark_done": (
        _with_action,
        lambda e, user, c: action_mark_done(action=e.actions.get(), by=user, note="Rolled back."),
    ),
    "escalations.wizard.services.wizard_step_save": (
        lambda **kw: complete_draft(**kw),
        _wizard_step_save,
    ),
    "escalations.wizard.services.escalation_edit_section": (
        _escalated,
        lambda e, user, c: escalation_edit_section(
            escalation=e, section="Ownership", changes=["Reworded."], by=user
        ),
    ),
    "escalations.updates.services.update_post": (
        _escalated,
        lambda e, user, c: update_post(escalation=e, author=user, body="Still rolling back."),
    ),
    "escalations.updates.services.update_post(restarts_cadence=False)": (
        _escalated,
        lambda e, user, c: update_post(
            escalation=e, author=user, body="Noted.", restarts_cadence=False
        ),
    ),
    "escalations.decisions.services.ask_decide": (
        _with_ask,
        lambda e, user, c: ask_decide(
            ask=e.asks.get(),
            decision=DecisionChoice.APPROVED,
            decided_by_name="Jordan Blake",
            via=DecisionVia.AUTHOR,
            recorded_by=user,
        ),
    ),
    "escalations.meetings.services.escalation_set_cadence": (
        _escalated,
        lambda e, user, c: escalation_set_cadence(
            escalation=e, interval=timedelta(minutes=15), daily_at=None, time_zone="UTC"
        ),
    ),
    "escalations.directory.services.executive_update": (
        _escalated,
        # A corrected name: every page addressed to them shows it.
        lambda e, user, c: _rename(e.executive),
    ),
    "escalations.subscriptions.services.subscription_executive_set": (
        _escalated,
        lambda e, user, c: subscription_executive_set(
            escalation=e, mode="digest", digest_at=time(8), time_zone="Europe/Paris"
        ),
    ),
    "escalations.subscriptions.services.subscription_unsubscribe": (
        _with_executive,
        lambda e, user, c: subscription_unsubscribe(
            subscription=e.subscriptions.get(for_executive=True)
        ),
    ),
    "escalations.profiles.services.profile_update": (
        _escalated,
        lambda e, user, c: profile_update(
            user=user, display_name="Maria Lopez-Ortega", email="m@example.com", time_zone="UTC"
        ),
    ),
    # The company sign-in brings the name from the ID token: status pages name the owner.
    "escalations.signin.services.signin_user_sync": (
        _escalated,
        lambda e, user, c: signin_user_sync(
            user=user, email=user.email, display_name="Maria Lopez-Ortega", groups=None
        ),
    ),
    "escalations.outbox.reminder.stale_scan (stale flag)": (
        _overdue,
        lambda e, user, c: stale_scan(now=timezone.now()),
    ),
    "escalations.outbox.reminder.stale_scan (ask overdue)": (
        _ask_overdue,
        lambda e, user, c: stale_scan(now=timezone.now()),
    ),
    "statuspages.services.share_link_revoke": (
        _with_link,
        lambda e, user, c: share_link_revoke(link=_link(e)),
    ),
    "statuspages.services.share_link_set_expiry": (
        _with_link,
        lambda e, user, c: share_link_set_expiry(
            link=_link(e), expires_at=timezone.now() + timedelta(days=1)
        ),
    ),
    "statuspages.services.share_link_admin_save": (_with_link, _admin_edit_link),
    # The status page's closing section counts the preventive actions once the RCA is
    # complete (templates/statuspages/page.html, Escalation.closing).
    "escalations.rca.services.rca_save": (_with_rca, _rca_save),
    "escalations.rca.services.rca_complete": (
        _with_rca_draft,
        lambda e, user, c: rca_complete(rca=e.rca),
    ),
    "escalations.rca.services.preventive_mark_done": (
        _with_rca,
        lambda e, user, c: preventive_mark_done(action=_action(e), note="PR 1432"),
    ),
    "escalations.rca.services.preventive_accept_not_doing": (
        _with_rca,
        lambda e, user, c: preventive_accept_not_doing(
            action=_action(e), reason="The vendor now rotates certificates for us."
        ),
    ),
    "escalations.rca.services.preventive_reopen": (_with_rca, _reopen_done),
}

# Public functions of escalations/**/services.py that readers cannot notice, and why.
NOT_READER_VISIBLE: dict[str, str] = {
    "escalations.services.escalation_touch": "the touch itself",
    "escalations.desk.services.new_desk_key": "a read: a fresh random key",
    "escalations.desk.services.desk_link_rotate": "the executive's own desk link; no status page shows it",
    "escalations.lifecycle.services.escalation_blockers": "a read",
    "escalations.lifecycle.services.escalation_author_moves": "a read",
    "escalations.lifecycle.services.escalation_move_refusal": "a read",
    "escalations.lifecycle.services.escalation_create_draft": "a new draft has no reader yet",
    "escalations.lifecycle.services.escalation_set_preread_options": "the emailed pre-read only",
    "escalations.lifecycle.services.escalation_discard": "deletes a draft; its links die too",
    "escalations.lifecycle.services.escalation_review_save": "reviewers' notes, admin only",
    "escalations.wizard.services.wizard_revision": "a read",
    "escalations.wizard.services.wizard_autosave": "an unsaved draft of a step, author only",
    "escalations.profiles.services.profile_get_or_create": "the author's own preferences",
    "escalations.profiles.services.profile_set_time_zone": "the author's own reading zone",
    "escalations.meetings.services.meeting_schedule": (
        "1:1s are not on the status page; the executive's zone is their directory entry's"
    ),
    "escalations.meetings.services.meeting_reschedule": "1:1s are not on the status page",
    "escalations.meetings.services.meeting_cancel": "1:1s are not on the status page",
    "escalations.meetings.services.meeting_record_outcome": "the author's notes of the 1:1",
    "escalations.meetings.services.followup_send": "an email, not the page",
    "escalations.meetings.services.preread_resend": "an email, not the page",
    "escalations.meetings.services.meeting_ends_at": "a read",
    "escalations.meetings.services.followup_due_by": "a read",
    "escalations.meetings.services.followup_draft": "a read",
    "escalations.updates.services.update_refusal": "a read",
    "escalations.updates.services.no_change_body": "a read",
    "escalations.decisions.services.decision_refusal": "a read",
    "escalations.decisions.services.decision_timeline_body": "a read",
    "escalations.subscriptions.services.subscription_for_executive": (
        "the executive's default row; the page shows the same default without it"
    ),
    "escalations.subscriptions.services.subscription_request": "the page never lists readers",
    "escalations.subscriptions.services.subscription_executive_follow": (
        "inside wizard_step_save and executive_update, which touch"
    ),
    "escalations.directory.services.executive_add": "a new entry: nothing is addressed to it yet",
    "escalations.subscriptions.services.subscription_request_from_page": "queues subscription_request; the page never lists readers",
    "escalations.subscriptions.services.subscription_confirm": "the page never lists readers",
    "escalations.subscriptions.services.digests_scan": "outbox rows",
    "escalations.subscriptions.services.digest_active": "a read",
    "escalations.subscriptions.services.digest_times_due": "a read",
    "escalations.subscriptions.services.digests_owed": "a read",
    "escalations.subscriptions.services.chat_format_for": "a read",
    "escalations.subscriptions.services.chat_webhook_set": "the author's page only",
    "escalations.subscriptions.services.chat_webhook_remove": "the author's page only",
    # The status page shows the RCA only once it is complete (its closing section).
    "escalations.rca.services.rca_start": "an RCA not complete yet is the author's only",
    "escalations.rca.services.rca_dismiss": (
        "no RCA: the page has no closing section to change; reviewers read the reason"
    ),
    "escalations.rca.services.rca_problems": "a read",
    "escalations.rca.services.timeline_seed": "a read",
    "escalations.subscriptions.services.subscription_remove": (
        "a reader off the list (never the executive); the page never lists readers"
    ),
    "escalations.teams.services.coauthor_candidates": "a read",
    "escalations.teams.services.coauthor_add": (
        "the status page lists no co-authors; each update names its own writer"
    ),
    "escalations.teams.services.coauthor_remove": (
        "the status page lists no co-authors; the updates they wrote keep their name"
    ),
    "escalations.teams.services.team_membership_set": "teams are not on the status page",
    "escalations.teams.services.team_membership_end": "teams are not on the status page",
    "escalations.signin.services.signin_teams_sync": "teams are not on the status page",
    "escalations.subscriptions.services.subscriptions_end_for_link": (
        "the page never lists readers; share_link_revoke, which calls it, touches"
    ),
}


def _service_functions() -> set[str]:
    """Every public function defined at module level in escalations/**/services.py."""
    names: set[str] = set()
    for path in sorted((ROOT / "escalations").rglob("services.py")):
        module = importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
        for name, obj in vars(module).items():
            if (
                inspect.isfunction(obj)
                and obj.__module__ == module.__name__
                and not name.startswith("_")
            ):
                names.add(f"{module.__name__}.{name}")
    return names


def test_every_service_is_classified():
    listed = {name.split("(")[0].split(" ")[0] for name in READER_VISIBLE} | set(NOT_READER_VISIBLE)
    unclassified = _service_functions() - listed
    assert not unclassified, (
        f"Say whether readers notice these writes: add each to READER_VISIBLE (with a "
        f"scenario) or NOT_READER_VISIBLE (with the reason): {sorted(unclassified)}"
    )
    gone = {n for n in NOT_READER_VISIBLE if n not in _service_functions()}
    assert not gone, f"Listed but no longer a service: {sorted(gone)}"


@pytest.fixture
def announced():
    """The ids ``escalation_changed`` announced, in order."""
    seen: list[int] = []

    def receiver(sender, pks, **kwargs):
        seen.extend(pks)

    escalation_changed.connect(receiver, dispatch_uid="test-touch")
    yield seen
    escalation_changed.disconnect(dispatch_uid="test-touch")


@pytest.mark.parametrize("name", list(READER_VISIBLE))
def test_reader_visible_write_moves_the_version(name, user, author_client, announced):
    setup, write = READER_VISIBLE[name]
    e = setup(owner=user)
    before = Escalation.objects.get(pk=e.pk).version
    announced.clear()
    write(e, user, author_client)
    assert Escalation.objects.get(pk=e.pk).version > before, f"{name} left the version"
    assert e.pk in announced, f"{name} did not tell listeners"


def test_touch_moves_many_escalations_at_once_and_announces_them(announced):
    a, b, untouched = f.EscalatedFactory(), f.EscalatedFactory(), f.EscalatedFactory()
    versions = {x.pk: x.version for x in (a, b, untouched)}
    assert escalation_touch(pks=[b.pk, a.pk, a.pk]) == sorted([a.pk, b.pk])
    after = dict(Escalation.objects.values_list("pk", "version"))
    assert after[a.pk] == versions[a.pk] + 1 and after[b.pk] == versions[b.pk] + 1
    assert after[untouched.pk] == versions[untouched.pk]
    assert sorted(announced) == sorted([a.pk, b.pk])


def test_touching_nothing_announces_nothing(announced):
    assert escalation_touch(pks=[]) == []
    assert announced == []


def test_a_second_stale_tick_touches_nothing_again(user):
    e = _overdue(owner=user)
    stale_scan(now=timezone.now())
    version = Escalation.objects.get(pk=e.pk).version
    assert stale_scan(now=timezone.now()).newly_stale == 0
    assert Escalation.objects.get(pk=e.pk).version == version


def test_a_renamed_author_reaches_the_feed(user, client):
    """The feed names the owner: after a rename it names them anew (a new version)."""
    e = f.EscalatedFactory(owner=user)
    token = new_token()
    f.ShareLinkFactory(escalation=e, token=token)
    feed = reverse("statuspages:feed", kwargs={"token": token})
    first = client.get(feed)
    profile_update(user=user, display_name="Renamed Person", email=user.email, time_zone="UTC")
    second = client.get(feed, headers={"if-none-match": first["ETag"]})
    assert second.status_code == 200
    assert "Renamed Person" in second.content.decode()


# --- one way to bump: nobody else writes the version or sends the signal ------------------
_PROJECT = ("escalations", "statuspages", "config")


def _sources():
    for app in _PROJECT:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def test_only_the_touch_moves_the_version_or_announces_a_change():
    bump = re.compile(r"""F\(\s*["']version["']\s*\)|\.send\(\s*sender=Escalation""")
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in _sources()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if bump.search(line) or "escalation_changed.send" in line
    ]
    # The UPDATE and the send inside escalation_touch, and nothing else.
    assert len(offenders) == 2, f"Call escalation_touch() instead: {offenders}"
    assert all(o.startswith("escalations/services.py:") for o in offenders), offenders


def test_an_admin_edit_of_a_link_reaches_readers(client_for):
    """Through the admin's own form (its save goes through share_link_admin_save)."""
    superuser = f.UserFactory(is_staff=True, is_superuser=True)
    link = f.ShareLinkFactory(view_count=3)
    before = link.escalation.version
    url = reverse("admin:statuspages_sharelink_change", args=[link.pk])
    admin = client_for(superuser)
    assert admin.get(url).status_code == 200
    response = admin.post(
        url,
        {
            "label": "Board",
            "expires_at_0": "",
            "expires_at_1": "",
            "revoked_at_0": "",
            "revoked_at_1": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    link.refresh_from_db()
    assert link.label == "Board" and link.view_count == 3
    assert Escalation.objects.get(pk=link.escalation_id).version > before


def test_an_author_renamed_in_the_admin_reaches_readers(client_for):
    """Django's user admin is a way to change the name readers see: it touches too."""
    superuser = f.UserFactory(is_staff=True, is_superuser=True)
    e = f.EscalatedFactory()
    before = e.version
    author = e.owner
    response = client_for(superuser).post(
        reverse("admin:auth_user_change", args=[author.pk]),
        {
            "username": author.username,
            "first_name": "Renamed",
            "last_name": "Person",
            "email": author.email,
            "is_active": "on",
            "date_joined_0": "2026-01-05",
            "date_joined_1": "10:00:00",
            "last_login_0": "",
            "last_login_1": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    author.refresh_from_db()
    assert author.get_full_name() == "Renamed Person"
    assert Escalation.objects.get(pk=e.pk).version > before
