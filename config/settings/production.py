"""Production: refuses to start without its secrets or with a weak key; Redis for cache and
broker; HTTPS-only by default.

Every security default can be relaxed only by saying so in the environment (see
.env.example and docs/security.md); `manage.py check --deploy` prints no warning with the
documented environment (tests/test_settings.py).
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env, statuspage_cache

_missing = [
    name
    for name in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL")
    if not env(name, default="")
]
if _missing:
    raise ImproperlyConfigured(
        "Upward's production settings need these environment variables: "
        + ", ".join(_missing)
        + ". Set them (see .env.example) and start again."
    )

# Keys that are published (the base settings' default, the examples) or were ever used to
# build the image: a server signing sessions with one of them can be impersonated.
KNOWN_SECRET_KEYS = frozenset(
    {
        "insecure-local-only-key-do-not-use-in-production",
        "build",
        "change-me",
        "changeme",
        "secret",
    }
)
MIN_SECRET_KEY_LENGTH = 50


def weak_secret_key(key: str) -> str | None:
    """Why ``key`` must not sign production sessions and tokens, or None if it is fine."""
    if key in KNOWN_SECRET_KEYS or key.startswith("django-insecure-"):
        return "it is a published or example value"
    if len(key) < MIN_SECRET_KEY_LENGTH:
        return f"it has {len(key)} characters; use at least {MIN_SECRET_KEY_LENGTH}"
    if len(set(key)) < 5:
        return "it repeats too few different characters"
    return None


DEBUG = False
SECRET_KEY = env("SECRET_KEY")
_weak = weak_secret_key(SECRET_KEY)
if _weak:
    raise ImproperlyConfigured(
        f"SECRET_KEY is too weak for production: {_weak}. Generate one with "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
REDIS_URL = env("REDIS_URL")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "upward",
    },
    "statuspages": statuspage_cache(REDIS_URL),
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- HTTPS ------------------------------------------------------------------------------
# HTTP is redirected to HTTPS unless a TLS proxy in front already does it
# (SECURE_SSL_REDIRECT=false). /healthz stays reachable over plain HTTP for health checks.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# One year by default; start lower (e.g. 300) while trying HTTPS on a new domain.
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
# Asking browsers to preload HSTS is the domain owner's decision (hstspreload.org), hard to
# undo: off unless SECURE_HSTS_PRELOAD=true, and Django's reminder about it is silenced.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# X-Forwarded-Proto is believed only when a proxy we run sets it and gunicorn is not
# reachable directly; otherwise any client could claim HTTPS.
if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# The webhook rules' test-only exception (escalations/outbound.py) never applies here.
OUTBOUND_TEST_ORIGINS = []

# --- Company sign-in (docs/sign-in.md) ------------------------------------------------------
# Half a configuration is a mistake, not "off"; and the provider's keys and tokens fetched over
# plain HTTP could be swapped by anyone on the path, so its discovery URL must be HTTPS.
_oidc = {
    "OIDC_DISCOVERY_URL": OIDC_DISCOVERY_URL,  # noqa: F405
    "OIDC_CLIENT_ID": OIDC_RP_CLIENT_ID,  # noqa: F405
    "OIDC_CLIENT_SECRET": OIDC_RP_CLIENT_SECRET,  # noqa: F405
}
if any(_oidc.values()) and not all(_oidc.values()):
    raise ImproperlyConfigured(
        "Company sign-in needs all of OIDC_DISCOVERY_URL, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET; "
        "missing: " + ", ".join(k for k, v in _oidc.items() if not v) + "."
    )
if OIDC_DISCOVERY_URL and not OIDC_DISCOVERY_URL.startswith("https://"):  # noqa: F405
    raise ImproperlyConfigured("OIDC_DISCOVERY_URL must be an https:// URL in production.")
