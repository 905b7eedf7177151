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
