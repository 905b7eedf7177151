"""The migration history stays one clean line per app, and matches the models."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.migrations.loader import MigrationLoader

PROJECT_APPS = ("escalations", "statuspages")


@pytest.mark.parametrize("app_label", PROJECT_APPS)
def test_no_two_migrations_of_one_app_share_a_number(app_label):
    loader = MigrationLoader(None, ignore_no_migrations=True)
    numbers = Counter(
        name.split("_", 1)[0] for (app, name) in loader.disk_migrations if app == app_label
    )
    assert numbers, f"{app_label} has no migrations"
    assert [n for n, count in numbers.items() if count > 1] == []


@pytest.mark.parametrize("app_label", PROJECT_APPS)
def test_each_app_has_one_leaf_and_no_merge_migration(app_label):
    loader = MigrationLoader(None, ignore_no_migrations=True)
    assert len(loader.graph.leaf_nodes(app_label)) == 1
    merges = [
        name
        for (app, name), migration in loader.disk_migrations.items()
        if app == app_label
        and sum(1 for dep_app, _ in migration.dependencies if dep_app == app_label) > 1
    ]
    assert merges == []


@pytest.mark.django_db
def test_models_and_migrations_agree():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_project_apps_are_installed():
    assert all(apps.is_installed(label) for label in PROJECT_APPS)


# --- the executive directory's data migrations (0006, 0010) --------------------------------

BEFORE_DIRECTORY = [("escalations", "0005_action_done_note")]
DIRECTORY = [("escalations", "0010_directory_drop_typed_executive")]


@pytest.mark.django_db(transaction=True)
def test_typed_executives_become_one_directory_entry_per_address():
    """Migrated from the typed fields: one entry per distinct address (compared without
    case), name and title split, the newest escalation's name, zone and email choice; a
    name with no address keeps its text as the triage draft."""
    from datetime import time

    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_DIRECTORY)
    old = executor.loader.project_state(BEFORE_DIRECTORY).apps
    User = old.get_model("auth", "User")
    Escalation = old.get_model("escalations", "Escalation")
    Subscription = old.get_model("escalations", "Subscription")
    owner = User.objects.create(username="migrated-author")

    def esc(title, name, email, zone="UTC", **kw):
        return Escalation.objects.create(
            owner=owner, title=title, executive_name=name, executive_email=email,
            executive_time_zone=zone, **kw,
        )  # fmt: skip

    first = esc("Old outage", "Priya", "Priya@Example.com", "Europe/London")
    second = esc("New outage", "Priya Raman (CTO)", "priya@example.com", "America/New_York")
    Subscription.objects.create(
        escalation=second, for_executive=True, mode="digest", digest_at=time(8),
        time_zone="America/New_York", link_key="k" * 32,
    )  # fmt: skip
    third = esc("Vendor slip", "Dana Whitfield", "dana@example.com")
    nameonly = esc("Draft, no address", "Sam Okafor", "")
    matched = esc("Draft, known name", "Dana Whitfield", "")
    nobody = esc("Nobody yet", "", "")
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(DIRECTORY)
        new = executor.loader.project_state(DIRECTORY).apps
        Executive = new.get_model("escalations", "Executive")
        Migrated = new.get_model("escalations", "Escalation")
        entries = {x.email: x for x in Executive.objects.all()}
        assert set(entries) == {"priya@example.com", "dana@example.com"}
        priya = entries["priya@example.com"]
        assert (priya.name, priya.title, priya.time_zone) == (
            "Priya Raman",
            "CTO",
            "America/New_York",
        )
        assert (priya.mode, priya.digest_at) == ("digest", time(8))
        assert len(priya.desk_key) == 32
        by_pk = {e.pk: e for e in Migrated.objects.all()}
        assert by_pk[first.pk].executive_id == by_pk[second.pk].executive_id == priya.pk
        dana = entries["dana@example.com"]
        assert by_pk[third.pk].executive_id == dana.pk
        assert by_pk[matched.pk].executive_id == dana.pk
        assert by_pk[nameonly.pk].executive_id is None
        assert by_pk[nameonly.pk].wizard_drafts == {"triage": {"executive_pick": ["Sam Okafor"]}}
        assert by_pk[nobody.pk].executive_id is None and not by_pk[nobody.pk].wizard_drafts
        columns = {c.name for c in connection.introspection.get_table_description(
            connection.cursor(), "escalations_escalation")}  # fmt: skip
        assert not {"executive_name", "executive_email", "executive_time_zone"} & columns
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_directory_migration_runs_backwards_to_the_typed_fields():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate(DIRECTORY)
    apps_now = executor.loader.project_state(DIRECTORY).apps
    User = apps_now.get_model("auth", "User")
    Executive = apps_now.get_model("escalations", "Executive")
    Escalation = apps_now.get_model("escalations", "Escalation")
    owner = User.objects.create(username="back-author")
    x = Executive.objects.create(
        name="Priya Raman", title="CTO", email="priya@example.com", time_zone="Asia/Tokyo",
        desk_key="k" * 32,
    )  # fmt: skip
    e = Escalation.objects.create(owner=owner, title="Outage", executive=x)
    try:
        executor = MigrationExecutor(connection)
        executor.migrate([("escalations", "0006_executive_directory")])
        old = executor.loader.project_state([("escalations", "0006_executive_directory")]).apps
        back = old.get_model("escalations", "Escalation").objects.get(pk=e.pk)
        assert (back.executive_name, back.executive_email, back.executive_time_zone) == (
            "Priya Raman (CTO)",
            "priya@example.com",
            "Asia/Tokyo",
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
