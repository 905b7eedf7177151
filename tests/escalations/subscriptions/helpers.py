"""Shared helpers: run the outbox like beat + a worker would, in this thread."""

from __future__ import annotations

import re
from datetime import datetime

from django.core import mail

from escalations.models import Update
from escalations.outbox import engine


def fan_out(update: Update, now: datetime) -> list[int]:
    """Write an owed update's readers' rows (what the worker does after the post commits);
    returns the ids it handed over for sending."""
    return engine.update_fan_out(update_id=update.pk, now=now, enqueue=lambda pks: None)


def tick(now: datetime) -> list[str]:
    """Hand due rows over and send each (what the beat tick and the task do)."""
    return [
        engine.dispatch_send(pk=pk, now=now)
        for pk in engine.dispatches_queue_due(now=now, enqueue=lambda pks: None)
    ]


def to(address: str) -> list[mail.EmailMessage]:
    return [msg for msg in mail.outbox if msg.to == [address]]


def link(text: str, kind: str) -> str:
    """The path of the first /subscriptions/<kind>/… link in an email body."""
    found = re.search(rf"http://127\.0\.0\.1:8000(/subscriptions/{kind}/[^/\s]+/)", text)
    assert found, text
    return found.group(1)
