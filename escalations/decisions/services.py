"""Decisions on asks: the one function that records an answer, whoever gives it.

The executive answers from their own status-page link (``statuspages`` calls in here after
checking the link); the author records an answer given in the 1:1 or by chat. Either way
the answer is a new ``AskDecision`` row (history is never rewritten), the ask carries the
current answer, the timeline says "Maya Chen approved: …" and the author is emailed through
the outbox.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from escalations.models import (
    DECISION_STATUS,
    Ask,
    AskDecision,
    DecisionChoice,
    DecisionVia,
    Escalation,
    State,
    UpdateKind,
)
from escalations.outbox.decision import decision_notice_enqueue
from escalations.updates.services import update_post

NOTE_MAX_LENGTH = 2000


class DecisionRefused(ValueError):
    """The answer cannot be recorded; the message says why, in words for the person."""


def decision_refusal(escalation: Escalation) -> str | None:
    """Why no answer can be recorded on this escalation now; None if one can."""
    if escalation.state == State.DRAFT:
        return "This escalation has not been sent yet: there is nothing to decide."
    return None


def decision_timeline_body(
    *, decision: AskDecision, ask: Ask, previous: AskDecision | None, recorded_by: str = ""
) -> str:
    """ "Maya Chen approved: Approve $40K …", the note quoted, and what it replaced."""
    body = f"**{decision.decided_by_name} {decision.verb}:** {ask.decision.strip()}"
    if previous is not None and previous.decision != decision.decision:
        body += f" _(earlier: {previous.get_decision_display().lower()})_"
    if decision.note:
        body += "\n\n" + "\n".join(f"> {line}" for line in decision.note.splitlines())
    if recorded_by:
        body += f"\n\n_Recorded by {recorded_by}._"
    return body


def ask_decide(
    *,
    ask: Ask,
    decision: str,
    decided_by_name: str,
    via: str,
    decided_by_email: str = "",
    note: str = "",
    recorded_by: User | None = None,
    now: datetime | None = None,
) -> AskDecision:
    """Record an answer to an ask: history row, current answer, timeline entry, author email.

    ``decision`` is a ``DecisionChoice`` value. A repeat of the current answer (same
    decision, person and note: a double click, a re-sent form) records nothing and returns
    the existing row. The timeline entry does not restart the cadence clock: the author
    still owes the update they promised. Raises ``DecisionRefused`` on a draft or without
    a name.
    """
    now = now or timezone.now()
    choice = DecisionChoice(decision)
    name = decided_by_name.strip()[:120]
    note = note.strip()[:NOTE_MAX_LENGTH]
    if not name:
        raise DecisionRefused("Say who decided.")
    with transaction.atomic():
        locked = (
            Ask.objects.select_for_update(of=("self",))
            .select_related("escalation", "escalation__owner")
            .get(pk=ask.pk)
        )
        escalation = locked.escalation
        refusal = decision_refusal(escalation)
        if refusal:
            raise DecisionRefused(refusal)
        previous = locked.decisions.first()
        if (
            previous is not None
            and previous.decision == choice
            and previous.decided_by_name == name
            and previous.note == note
        ):
            return previous
        row = AskDecision.objects.create(
            ask=locked,
            decision=choice,
            decided_by_name=name,
            decided_by_email=decided_by_email.strip(),
            via=via,
            recorded_by=recorded_by,
            note=note,
            created_at=now,
        )
        locked.status = DECISION_STATUS[choice]
        locked.decided_at = now
        locked.decided_by = name
        locked.note = note
        locked.save(update_fields=["status", "decided_at", "decided_by", "note"])
        recorder = ""
        if via == DecisionVia.AUTHOR and recorded_by is not None:
            recorder = recorded_by.get_full_name() or recorded_by.get_username()
        update_post(
            escalation=escalation,
            author=escalation.owner,
            body=decision_timeline_body(
                decision=row, ask=locked, previous=previous, recorded_by=recorder
            ),
            kind=UpdateKind.DECISION,
            now=now,
            restarts_cadence=False,
        )
        decision_notice_enqueue(decision=row, escalation=escalation, now=now)
    ask.refresh_from_db()
    return row
