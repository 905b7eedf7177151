"""Settings shared by every environment.

Everything that differs between machines is read from the environment through one
django-environ helper (``env``), so a fresh clone runs with no configuration at all:
SQLite under ``var/`` and an embedded, serverless Celery broker.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF

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
    "axes",
    "csp",
]

MIDDLEWARE = [
    # Outermost: the status page's headers on every /s/ response, a CSRF 403 included.
    "statuspages.middleware.PublicHeadersMiddleware",
    # Next: the Content-Security-Policy on every response, a CSRF 403 or a bad-Host 400 too.
    "csp.middleware.CSPMiddleware",
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
    "escalations.profiles.middleware.UserTimezoneMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its 429 page.
    "axes.middleware.AxesMiddleware",
]

# --- Content-Security-Policy (django-csp) -------------------------------------------------
# One strict policy for every page: the author's pages, the admin, status pages and the
# subscribers' link pages. Scripts and styles come only from our own static files (no inline
# script, no style attribute, no eval); data: images are Bootstrap's SVG icons; forms post
# only to us; no page may be framed. htmx's own indicator <style> is switched off in
# templates/base.html (static/css/upward.css carries those rules).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}

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

# --- Login throttling (django-axes) ------------------------------------------------------
# Ten wrong passwords in fifteen minutes for one username, or from one client address, and
# that username or address is refused for fifteen minutes (HTTP 429 with
# templates/registration/locked_out.html), on /accounts/login/ and /admin/login/ alike.
# A successful login clears the failures of that username only (config/auth.py
# LoginAttemptsHandler): never the address's, so logging into one's own account cannot
# reset the count against someone else's. Reviewers see lockouts in the admin ("Axes").
# The client address is REMOTE_ADDR: gunicorn is exposed directly (docker-compose.yml), so
# no forwarded header is trusted — unless TRUST_X_FORWARDED_FOR says a proxy we run appends
# the real one (config/auth.py client_ip); django-ipware is not installed.
AUTHENTICATION_BACKENDS = [
    # django-axes's backend, letting request-less authenticate() (Client.login) through.
    "config.auth.ThrottledLoginBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Company sign-in (OpenID Connect): answers only the provider's callback, and only when
    # a provider is configured (below).
    "escalations.signin.backend.CompanySignInBackend",
]
TRUST_X_FORWARDED_FOR = env.bool("TRUST_X_FORWARDED_FOR", default=False)
AXES_CLIENT_IP_CALLABLE = "config.auth.client_ip"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Off: axes would clear every failure of the address too. LoginAttemptsHandler clears the
# username's own.
AXES_RESET_ON_SUCCESS = False
AXES_HANDLER = "config.auth.LoginAttemptsHandler"
# Failures while locked out do not extend the lockout: refused for fifteen minutes, then free.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
# Successful logins are not recorded one row each (the admin lists failures and lockouts).
AXES_DISABLE_ACCESS_LOG = True

# The most one request may carry (Django's default, 2.5 MB), named here because the "too
# large" page (config/errors.py) tells the author this figure.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "escalations:home"
LOGOUT_REDIRECT_URL = "login"

# --- Company sign-in (OpenID Connect through mozilla-django-oidc; docs/sign-in.md) --------
# Off unless OIDC_DISCOVERY_URL, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are all set; local
# accounts work either way. The endpoints come from the provider's discovery document
# (escalations/signin/provider.py), read at the first company sign-in.
OIDC_DISCOVERY_URL = env("OIDC_DISCOVERY_URL", default="")
OIDC_RP_CLIENT_ID = env("OIDC_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env("OIDC_CLIENT_SECRET", default="")
# The button reads "Sign in with <OIDC_PROVIDER_NAME>".
OIDC_PROVIDER_NAME = env("OIDC_PROVIDER_NAME", default="your company account")
# Email domains whose people may sign in (and get an account on their first sign-in).
# Empty: nobody gets in through the provider.
OIDC_ALLOWED_DOMAINS: list[str] = [
    d.strip().lower().lstrip("@") for d in env.list("OIDC_ALLOWED_DOMAINS", default=[]) if d.strip()
]
# The ID token claim listing the person's IdP groups, mapped to teams at each sign-in; unset:
# teams are not touched by sign-in.
OIDC_GROUPS_CLAIM = env("OIDC_GROUPS_CLAIM", default="")
OIDC_RP_SCOPES = env("OIDC_SCOPES", default="openid email profile")
OIDC_RP_SIGN_ALGO = env("OIDC_SIGN_ALGO", default="RS256")
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
# The ID token is kept in the session as the id_token_hint of the provider's sign-out.
OIDC_STORE_ID_TOKEN = True
OIDC_TIMEOUT = env.float("OIDC_TIMEOUT", default=10.0)
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"
if OIDC_DISCOVERY_URL:
    # Signing out is a form POST that Upward redirects on to the provider's
    # end_session_endpoint; browsers hold that redirect to form-action too. (A provider whose
    # sign-out lives on another origin than its discovery document: see docs/sign-in.md.)
    _idp = urlsplit(OIDC_DISCOVERY_URL)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] = [SELF, f"{_idp.scheme}://{_idp.netloc}"]

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
        # Celery's broadcast (pidbox) exchange files: under var/, never in the working tree.
        "control_folder": str(_queue_dir / "control"),
    }
else:
    # Redis redelivers unacknowledged tasks after visibility_timeout; nothing here uses long
    # ETAs (see escalations/outbox/tasks.py), so the default is fine, but say it out loud.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TIMEZONE = "UTC"
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Chat posts wait on other people's web servers: their own queue and workers (``worker-chat``
# in Procfile.dev and docker-compose.yml), so a slow webhook never delays an email.
CELERY_TASK_ROUTES = {"escalations.send_chat_posts": {"queue": "chat"}}
# How often beat ticks claim due work; the pre-read must go out within a minute of send_at.
UPWARD_TICK_SECONDS = env.float("UPWARD_TICK_SECONDS", default=20.0)
# Beat only ticks; each tick claims due rows (see escalations/outbox/tasks.py). A tick that waited
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
    "owe-daily-digests": {
        "task": "escalations.tick_digest",
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
# Public status pages read through a cache alias of their own, "statuspages" (see
# statuspages/readpath.py): Redis when REDIS_URL is set, shared by every web host, with
# short socket timeouts so a slow Redis counts as down; every page answers from the
# database while it is. Without REDIS_URL (`make run`, where the Celery worker is another
# process) it is Django's dummy cache: every page reads the database, views are written
# there directly.
# Socket timeout for that Redis: a slower answer counts as "Redis down" for this request.
STATUSPAGE_REDIS_TIMEOUT = env.float("STATUSPAGE_REDIS_TIMEOUT", default=0.25)
# After a failure, how long a worker leaves Redis alone before trying again.
STATUSPAGE_REDIS_RETRY_SECONDS = env.float("STATUSPAGE_REDIS_RETRY_SECONDS", default=5.0)


def statuspage_cache(redis_url: str, key_prefix: str = "upward:sp") -> dict[str, object]:
    """The status pages' cache alias for this Redis (the dummy cache without one)."""
    if not redis_url:
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    return {
        # django-redis: one client and pool per process (Django's RedisCache builds a client
        # per call), and its raw client pipelines a page view's read and count.
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": redis_url,
        "KEY_PREFIX": key_prefix,
        "OPTIONS": {
            "SOCKET_TIMEOUT": STATUSPAGE_REDIS_TIMEOUT,
            "SOCKET_CONNECT_TIMEOUT": STATUSPAGE_REDIS_TIMEOUT,
        },
    }


if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "upward",
        },
        "statuspages": statuspage_cache(REDIS_URL),
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "upward",
        },
        "statuspages": statuspage_cache(""),
    }

# --- Email ------------------------------------------------------------------------------
# EMAIL_URL (smtp://user:pass@host:port, smtp+tls://…, consolemail://, filemail://…) wins;
# otherwise emails are written as one .eml file each under var/mail, which a mail client opens.
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "config.mailfiles.EmlFileBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Upward <upward@localhost>")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)

# --- Chat webhooks (escalations/outbound.py) ----------------------------------------------
# Updates are posted only to these hosts (https, port 443, public addresses): Slack's and
# Microsoft's incoming-webhook hosts. "*.example.com" matches its subdomains. A deployment
# adds its own with CHAT_WEBHOOK_EXTRA_HOSTS (comma-separated).
CHAT_WEBHOOK_HOSTS = [
    "hooks.slack.com",
    "*.webhook.office.com",
    "*.logic.azure.com",
    "*.environment.api.powerplatform.com",
]
CHAT_WEBHOOK_EXTRA_HOSTS: list[str] = env.list("CHAT_WEBHOOK_EXTRA_HOSTS", default=[])
# Tests only (never from the environment; production refuses it): origins such as
# "http://127.0.0.1:54321" that a test's loopback receiver listens on.
OUTBOUND_TEST_ORIGINS: list[str] = []

# /healthz caches its answer this long per process (config/health.py).
HEALTHZ_CACHE_SECONDS = env.float("HEALTHZ_CACHE_SECONDS", default=5.0)

# Absolute links in emails and in `seed_demo --json`. `make run` sets it from HOST and PORT
# (see the Makefile) unless it is already set, so links follow the address being served.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Every handler carries the capability-URL filter (config/logredact.py): Django logs the path of
# a 404/403/405, and on a status page the path is the credential. The "django" and
# "django.server" loggers are named so that Django's own default handlers (which would print
# the path unfiltered under DEBUG) are replaced by this one.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_capability_urls": {"()": "config.logredact.RedactCapabilityUrls"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_capability_urls"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # No handler of its own: records propagate to the root's filtered console.
        "django": {"handlers": [], "propagate": True},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        # httpx logs each request's full URL at INFO; a chat webhook's URL is its secret.
        "httpx": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
    },
}
