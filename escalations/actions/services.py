"""The one write on an action after escalation: it is done."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from escalations.models import Escalation, RemediationAction, State
from escalations.services import escalation_touch


class ActionRefused(ValueError):
    pass


def action_mark_done(
    *, action: RemediationAction, by: User, note: str = "", now: datetime | None = None
) -> RemediationAction:
    """Mark ``action`` done (once: a second click changes nothing) with the author's note;
    readers see the progress ("Actions 1 of 2 done") on the status page, in the next update
    email and in the next pre-read."""
    now = now or timezone.now()
    with transaction.atomic():
        escalation = Escalation.objects.select_for_update().get(pk=action.escalation_id)
        if escalation.state == State.DRAFT:
            raise ActionRefused("Escalate first: a draft's actions are edited in the wizard.")
        if escalation.owner_id != by.pk:
            raise ActionRefused("Only the author marks actions done.")
        claimed = RemediationAction.objects.filter(pk=action.pk, done_at=None).update(
            done_at=now, done_note=note.strip()
        )
        if claimed:
            escalation_touch(escalation=escalation)
    action.refresh_from_db()
    return action
