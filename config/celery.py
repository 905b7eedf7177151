"""The Celery app shared by the worker and beat.

Beat only *ticks*: every tick task claims due rows from the database, so nothing is ever
scheduled with a long ETA (Redis would redeliver it after the visibility timeout).
"""

import gc
import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("upward")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Tasks live in their rooms, not at the app top level: name the packages that hold them.
app.autodiscover_tasks(["escalations.outbox", "escalations.subscriptions", "statuspages"])


@worker_process_init.connect
def settle_heap(**kwargs: object) -> None:
    """Once a worker process has loaded Django and the tasks, set what it loaded aside from
    Python's garbage collector (``gc.freeze``).

    A task that allocates many objects (the stale tick owing 2,864 rows at once) sets off
    full collections, and each walked every object the process had loaded, about 150,000:
    60-140 ms per collection, most of the first stale tick's overrun at 100,000
    escalations (docs/performance.md, "The beat ticks"). No collection first: a prefork
    child shares its loaded pages with the parent until something writes to them, and a
    collection writes to every object. Frozen objects are still freed when nothing refers
    to them; only reference cycles among them are never collected, and what a worker loads
    at start lives as long as the worker.
    """
    gc.freeze()
