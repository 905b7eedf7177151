"""Production settings for the load bench, plus one trivial view to compare against.

Only two differences from production: plain static storage (no collectstatic needed) and
a URLconf that adds /bench/trivial. Same middleware, same Redis cache, persistent DB
connections as in production.
"""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
WHITENOISE_USE_FINDERS = True
