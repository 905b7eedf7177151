"""The embedded default used by `make run`: SQLite, filesystem broker, emails as files."""

from .base import *  # noqa: F403

DEBUG = env.bool("DEBUG", default=True)
INTERNAL_IPS = ["127.0.0.1"]

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
