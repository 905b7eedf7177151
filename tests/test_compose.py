"""No Docker engine runs here, so the deployment file is checked by reading it."""

from __future__ import annotations

import importlib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_has_every_service_of_a_one_host_deployment():
    services = _compose()["services"]
    assert {"postgres", "redis", "web", "worker", "beat", "mailpit"} <= set(services)


def test_web_worker_and_beat_share_one_image_through_an_anchor():
    text = (ROOT / "docker-compose.yml").read_text()
    assert "&app" in text and text.count("<<: *app") >= 3
    services = _compose()["services"]
    images = {services[name]["image"] for name in ("web", "worker", "beat")}
    builds = {services[name]["build"] for name in ("web", "worker", "beat")}
    assert len(images) == 1 and builds == {"."}
    assert (ROOT / "Dockerfile").exists()


def test_exactly_one_beat():
    beat = _compose()["services"]["beat"]
    assert beat["deploy"]["replicas"] == 1


def test_every_command_names_a_real_module():
    services = _compose()["services"]
    web = services["web"]["command"]
    assert web[0] == "gunicorn"
    module, _, attr = web[1].partition(":")
    assert callable(getattr(importlib.import_module(module), attr))
    for name in ("worker", "beat"):
        cmd = services[name]["command"]
        assert cmd[:3] == ["celery", "-A", "config"]
        assert cmd[3] == ("worker" if name == "worker" else "beat")
        app = importlib.import_module(cmd[2]).celery_app
        assert app.main == "upward"
    assert services["migrate"]["command"][:3] == ["python", "manage.py", "migrate"]
    assert (ROOT / "manage.py").exists()


def test_stack_uses_mailpit_redis_and_postgres():
    env = _compose()["services"]["web"]["environment"]
    assert env["EMAIL_URL"].startswith("smtp://mailpit:")
    assert env["REDIS_URL"].startswith("redis://redis:")
    assert env["DATABASE_URL"].startswith("postgres://") and "@postgres:" in env["DATABASE_URL"]
    assert env["DJANGO_SETTINGS_MODULE"] == "config.settings.production"


def test_web_logs_access_through_the_redacting_gunicorn_config():
    """config/gunicorn.py names config.logredact.GunicornLogger (tests/test_log_redaction.py)."""
    web = _compose()["services"]["web"]["command"]
    assert web[web.index("--config") + 1] == "config/gunicorn.py"
    assert '"config/gunicorn.py"' in (ROOT / "Dockerfile").read_text()
    assert (ROOT / "config" / "gunicorn.py").exists()


def test_compose_defaults_to_secure_cookies_and_https():
    env = _compose()["services"]["web"]["environment"]
    assert env["SECURE_COOKIES"] == "${SECURE_COOKIES:-true}"
    assert env["SECURE_SSL_REDIRECT"] == "${SECURE_SSL_REDIRECT:-true}"
    assert env["TRUST_X_FORWARDED_PROTO"] == "${TRUST_X_FORWARDED_PROTO:-false}"
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "SECRET_KEY=build" not in dockerfile  # production refuses a published key
