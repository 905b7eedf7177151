"""Settings shared by every environment.

Everything that differs between machines is read from the environment through one
django-environ helper (``env``), so a fresh clone runs with no configuration at all:
SQLite under ``var/`` and an embedded, serverless Celery broker.
"""

from __future__ import annotations

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# A developer's `.env` is optional; real deployments set real environment variables.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="insecure-local-only-key-do-not-use-in-production")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS: list[str] = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "crispy_forms",
    "crispy_bootstrap5",
    "escalations",
    "statuspages",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "escalations.middleware.UserTimezoneMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

DATABASES = {
    "default": env.db(
        "DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'upward.sqlite3'}",
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server, the worker and beat share one SQLite file in `make run`: WAL lets
    # readers proceed during a write, IMMEDIATE avoids "database is locked" upgrades, and
    # the timeout absorbs the short waits that remain.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "escalations:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Celery -----------------------------------------------------------------------------
# Without REDIS_URL / CELERY_BROKER_URL the broker is kombu's filesystem transport under
# var/, so `make run` needs no server at all.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir / "out"),
        "data_folder_out": str(_queue_dir / "out"),
        "processed_folder": str(_queue_dir / "processed"),
        "store_processed": False,
    }
else:
    # Redis redelivers unacknowledged tasks after visibility_timeout; nothing here uses long
    # ETAs (see escalations.tasks), so the default is fine, but say it out loud.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TIMEZONE = "UTC"
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# How often beat ticks claim due work; the pre-read must go out within a minute of send_at.
UPWARD_TICK_SECONDS = env.float("UPWARD_TICK_SECONDS", default=20.0)
# Beat only ticks; each tick claims due rows (see escalations.tasks). A tick that waited
# longer than one period in the queue is dropped: the next one does the same work.
# The pre-read must leave within a minute of send_at, so never tick less often than 30 s.
_TICK = min(UPWARD_TICK_SECONDS, 30.0)
_TICK_EXPIRES = max(_TICK, 5.0)
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "dispatch-due-emails": {
        "task": "escalations.tick_dispatch",
        "schedule": _TICK,
        "options": {"expires": _TICK_EXPIRES},
    },
    "flag-stale-escalations": {
        "task": "escalations.tick_stale",
        "schedule": _TICK,
        "options": {"expires": _TICK_EXPIRES},
    },
    # Page views are counted in Redis; this folds them into the share links' counts.
    "fold-status-page-views": {
        "task": "statuspages.fold_views",
        "schedule": _TICK,
        "options": {"expires": _TICK_EXPIRES},
    },
}

# --- Cache ------------------------------------------------------------------------------
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "upward",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "upward",
        }
    }

# --- Status pages -------------------------------------------------------------------------
# Public status pages keep share-link records, renderings and view counts in Redis
# (REDIS_URL), shared by every web host, and answer from the database whenever Redis is
# unreachable (statuspages.store). Without REDIS_URL (`make run`) that layer is simply off:
# every page reads its link from the database and views are written there directly.
STATUSPAGE_REDIS_PREFIX = env("STATUSPAGE_REDIS_PREFIX", default="upward:sp:")
# Socket timeout for that Redis: a slower answer counts as "Redis down" for this request.
STATUSPAGE_REDIS_TIMEOUT = env.float("STATUSPAGE_REDIS_TIMEOUT", default=0.25)
# After a failure, how long a process leaves Redis alone before trying again.
STATUSPAGE_REDIS_RETRY_SECONDS = env.float("STATUSPAGE_REDIS_RETRY_SECONDS", default=5.0)

# --- Email ------------------------------------------------------------------------------
# EMAIL_URL (smtp://user:pass@host:port, smtp+tls://…, consolemail://, filemail://…) wins;
# otherwise emails are written as files under var/mail where a developer can read them.
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Upward <upward@localhost>")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)

# Absolute links in emails and in `seed_demo --json`.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
