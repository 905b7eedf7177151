"""The "Reviewers" group for browser tests: transactional tests flush the tables, and with
them the group (and the cadence defaults) that the first migration seeds, so a test that needs it makes it again."""

from __future__ import annotations

import importlib

from django.apps import apps
from django.contrib.auth.models import Group

_migration = importlib.import_module("escalations.migrations.0001_squashed_0009_merge_firstuser")


def reviewers_group() -> Group:
    _migration.seed(apps, None)
    return Group.objects.get(name=_migration.GROUP)
