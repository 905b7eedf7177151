"""Tests run against the real PostgreSQL and Redis (see `make test`).

DATABASE_URL / REDIS_URL override the defaults, so parallel checkouts can use their own
database and Redis db number.
"""

from .base import *  # noqa: F403
from .base import env, statuspage_cache

DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/test"),
}
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "upward-tests",
    },
    # The status pages' read path runs on the real Redis at REDIS_URL, under a prefix of its
    # own (tests/conftest.py empties it around each test: a rolled-back test's writes never
    # reach it).
    "statuspages": statuspage_cache(REDIS_URL, "upward-test:sp"),
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEBUG = False

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
