"""The Celery app shared by the worker and beat.

Beat only *ticks*: every tick task claims due rows from the database, so nothing is ever
scheduled with a long ETA (Redis would redeliver it after the visibility timeout).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("upward")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Tasks live in their rooms, not at the app top level: name the packages that hold them.
app.autodiscover_tasks(["escalations.outbox", "escalations.subscriptions", "statuspages"])
