"""The "Reviewers" group for browser tests: transactional tests flush the tables, and with
them the group that migration 0003 creates, so a test that needs it makes it again."""

from __future__ import annotations

import importlib

from django.apps import apps
from django.contrib.auth.models import Group

_migration = importlib.import_module("escalations.migrations.0003_admin_reviewers_group")


def reviewers_group() -> Group:
    _migration.create_group(apps, None)
    return Group.objects.get(name=_migration.GROUP)
