"""Production settings refuse to start without their secrets, and say which are missing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SETUP = "import django; django.setup(); from django.conf import settings; print(settings.CACHES['default']['BACKEND']); print(settings.CELERY_BROKER_URL)"


def _run(env_overrides: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"}
    }
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.production", **env_overrides})
    return subprocess.run(
        [sys.executable, "-c", SETUP], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"])
def test_production_refuses_to_start_without_a_secret(missing):
    full = {
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "upward.example.com",
        "DATABASE_URL": "postgres://u:p@db:5432/upward",
        "REDIS_URL": "redis://redis:6379/0",
    }
    del full[missing]
    result = _run(full)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


def test_production_starts_with_its_secrets_and_uses_redis():
    result = _run(
        {
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "upward.example.com",
            "DATABASE_URL": "postgres://u:p@db:5432/upward",
            "REDIS_URL": "redis://redis:6379/0",
        }
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://redis:6379/0",
    ]


def test_local_default_needs_no_server():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"}
    }
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    code = "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['ENGINE']); print(settings.CELERY_BROKER_URL)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "filesystem://"]
