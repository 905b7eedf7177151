"""Production settings for the load bench, plus one trivial view to compare against.

Only two differences from production: plain static storage (no collectstatic needed) and
a URLconf that adds /bench/trivial. Same middleware, same Redis cache, persistent DB
connections as in production.
"""

import os

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
WHITENOISE_USE_FINDERS = True

# For analysis only (--no-health-checks): production checks each persistent connection with
# an extra round trip per request; this shows what that round trip costs the status page.
if os.environ.get("BENCH_CONN_HEALTH_CHECKS") == "0":
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False  # noqa: F405
