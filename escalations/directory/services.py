"""Writes to the directory (docs/guide.md, "Who you are telling")."""

from __future__ import annotations

import secrets
from datetime import datetime

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from escalations.models import Executive
from escalations.services import escalation_touch
from escalations.subscriptions.services import subscription_executive_follow


class ExecutiveTaken(ValueError):
    """The address is in the directory already: ``executive`` is who has it."""

    def __init__(self, executive: Executive) -> None:
        super().__init__(f"{executive.email} is in the directory already as {executive}.")
        self.executive = executive


def executive_add(
    *, name: str, title: str, email: str, time_zone: str, by: User | None
) -> Executive:
    """Add someone to the directory once, for every author. Addresses are one per entry
    (compared without case); a second entry for one address raises ExecutiveTaken."""
    address = email.strip().lower()
    existing = Executive.objects.filter(email__iexact=address).first()
    if existing is not None:
        raise ExecutiveTaken(existing)
    try:
        with transaction.atomic():
            return Executive.objects.create(
                name=name.strip(),
                title=title.strip(),
                email=address,
                time_zone=time_zone or "UTC",
                desk_key=secrets.token_hex(16),
                created_by=by,
            )
    except IntegrityError:
        # Added by another author between the check and the insert.
        raise ExecutiveTaken(Executive.objects.get(email__iexact=address)) from None


def executive_update(
    *, executive: Executive, fields: list[str], now: datetime | None = None
) -> Executive:
    """A correction to an entry (the admin, superusers only): saved, the executive rows of
    every escalation addressed to them follow it, and those escalations' pages show it."""
    now = now or timezone.now()
    with transaction.atomic():
        executive.save(update_fields=fields or None)
        addressed = list(executive.escalations.select_related("executive"))
        for escalation in addressed:
            subscription_executive_follow(escalation=escalation, now=now)
        escalation_touch(pks=[e.pk for e in addressed])
    return executive
