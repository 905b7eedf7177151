"""Production settings refuse to start without their secrets, and say which are missing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# What `secrets.token_urlsafe(50)` gives: 67 characters, many different ones.
STRONG_KEY = "kq3N7xv0_Zt9bW2mRfLc8HjYp4sUeD1aGo6QiTnVyBwXr5KzM-lSdhEJgOuPFCIA7e"
PRODUCTION = {
    "SECRET_KEY": STRONG_KEY,
    "ALLOWED_HOSTS": "upward.example.com",
    "DATABASE_URL": "postgres://u:p@db:5432/upward",
    "REDIS_URL": "redis://redis:6379/0",
}
SETUP = "import django; django.setup(); from django.conf import settings; print(settings.CACHES['default']['BACKEND']); print(settings.CELERY_BROKER_URL)"


def _run(
    env_overrides: dict[str, str], args: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DATABASE_URL",
            "REDIS_URL",
            "CELERY_BROKER_URL",
            # Set by the browser tests' conftest (tests/e2e) in this same pytest process;
            # a production server never has it, and check --deploy rightly refuses it.
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env = {k: v for k, v in env.items() if not k.startswith(("SECURE_", "TRUST_X_"))}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.production", **env_overrides})
    return subprocess.run(
        [sys.executable, *(args or ["-c", SETUP])],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"])
def test_production_refuses_to_start_without_a_secret(missing):
    full = {
        "SECRET_KEY": STRONG_KEY,
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
            "SECRET_KEY": STRONG_KEY,
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


@pytest.mark.parametrize(
    ("key", "why"),
    [
        ("build", "published or example"),
        ("insecure-local-only-key-do-not-use-in-production", "published or example"),
        ("change-me", "published or example"),
        ("s3cr3t-but-short", "16 characters"),
        ("x" * 60, "too few different characters"),
    ],
)
def test_production_refuses_a_short_or_known_secret_key(key, why):
    result = _run({**PRODUCTION, "SECRET_KEY": key})
    assert result.returncode != 0
    assert "SECRET_KEY is too weak for production" in result.stderr
    assert why in result.stderr


def test_check_deploy_with_the_documented_production_environment_prints_no_warning():
    """The environment README/.env.example document: the four secrets, nothing else."""
    result = _run(PRODUCTION, ["manage.py", "check", "--deploy"])
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert "System check identified no issues" in output
    assert "WARNING" not in output and "?: (security." not in output


SECURITY = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.SECURE_PROXY_SSL_HEADER, "
    "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_INCLUDE_SUBDOMAINS)"
)


def test_production_defaults_are_https_only_and_trust_no_forwarded_header():
    result = _run(PRODUCTION, ["-c", SECURITY])
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["31536000", "True", "None", "True", "True", "True"]


def test_production_security_defaults_are_env_tunable():
    result = _run(
        {
            **PRODUCTION,
            "SECURE_HSTS_SECONDS": "300",
            "SECURE_SSL_REDIRECT": "false",
            "TRUST_X_FORWARDED_PROTO": "true",
            "SECURE_COOKIES": "false",
        },
        ["-c", SECURITY],
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "300 False ('HTTP_X_FORWARDED_PROTO', 'https') False False True"
