"""What the 1:1 panel and the cadence panel show, built for the views that render them
(the escalation page and every meetings view that swaps a panel back in). Keys are the
panels' own (``meetings_notice``, ``cadence_form``…): the page merges every panel's context."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from escalations import cadence
from escalations.meetings.forms import (
    CadenceForm,
    FollowupForm,
    MeetingOutcomeForm,
    MeetingScheduleForm,
    MeetingTimeForm,
)
from escalations.meetings.services import followup_draft, followup_due_by, meeting_ends_at
from escalations.models import (
    DispatchPurpose,
    DispatchState,
    Escalation,
    MeetingOutcome,
    OutboxMessage,
)

PANEL = "escalations/detail.html#meetings"
CADENCE_PANEL = "escalations/detail.html#cadence"


def meetings_context(
    *,
    escalation: Escalation,
    can_edit: bool,
    now: datetime,
    schedule_form: MeetingScheduleForm | None = None,
    bound: dict[int, dict[str, Any]] | None = None,
    notice: str = "",
) -> dict[str, Any]:
    """Everything the 1:1 panel shows; ``bound`` carries a form with errors for a meeting."""
    bound = bound or {}
    tz = timezone.get_current_timezone_name()
    meetings = list(escalation.meetings.all())
    rows: dict[int, list[OutboxMessage]] = {}
    if meetings:
        for row in OutboxMessage.objects.filter(meeting__in=meetings).order_by("-created_at"):
            assert row.meeting_id is not None  # noqa: S101 - filtered on meetings
            rows.setdefault(row.meeting_id, []).append(row)
    items = []
    for m in meetings:
        mine = rows.get(m.pk, [])
        by_purpose: dict[str, OutboxMessage] = {}
        for r in mine:
            by_purpose.setdefault(r.purpose, r)  # newest per purpose
        started = m.starts_at <= now
        followup = by_purpose.get(DispatchPurpose.FOLLOWUP)
        item: dict[str, Any] = {
            "m": m,
            "started": started,
            "ended": meeting_ends_at(m) <= now,
            "preread": by_purpose.get(DispatchPurpose.PREREAD),
            "notes": [
                r
                for r in mine
                if r.purpose in (DispatchPurpose.MEETING_MOVED, DispatchPurpose.MEETING_CANCELLED)
                and r.state != DispatchState.CANCELLED
            ],
            "followup": followup,
            "followup_due_by": followup_due_by(m),
            "reschedule_form": bound.get(m.pk, {}).get("reschedule")
            or MeetingTimeForm(
                initial={
                    "starts_at_local": m.starts_at.astimezone(timezone.get_current_timezone()),
                    "time_zone": tz,
                },
                auto_id=f"id_m{m.pk}_%s",
            ),
            "outcome_form": bound.get(m.pk, {}).get("outcome")
            or MeetingOutcomeForm(
                initial={"outcome": m.outcome if m.outcome != MeetingOutcome.PENDING else None},
                auto_id=f"id_o{m.pk}_%s",
            ),
        }
        # After any recorded 1:1 the author can send its written record; after one that
        # went badly, within 30 minutes.
        if (
            started
            and not m.is_cancelled
            and m.outcome != MeetingOutcome.PENDING
            and followup is None
        ):
            form = bound.get(m.pk, {}).get("followup")
            if form is None:
                subject, body = followup_draft(escalation, m, now)
                form = FollowupForm(
                    initial={"subject": subject, "body": body}, auto_id=f"id_f{m.pk}_%s"
                )
            item["followup_form"] = form
        items.append(item)
    upcoming = [i for i in items if not i["m"].is_cancelled and not i["started"]]
    past = [i for i in items if not i["m"].is_cancelled and i["started"]]
    cancelled = [i for i in items if i["m"].is_cancelled]
    return {
        "escalation": escalation,
        "now": now,
        "author_tz": tz,
        "exec_tz": escalation.executive_zone,
        "can_edit": can_edit,
        "upcoming": upcoming,
        "past": list(reversed(past)),
        "cancelled": cancelled,
        "schedule_form": schedule_form
        or MeetingScheduleForm(
            initial={"time_zone": tz, "duration_minutes": 30},
            executive_zone=escalation.executive_zone,
        ),
        "meetings_notice": notice,
        "OUTCOME_BADLY": MeetingOutcome.WENT_BADLY,
    }


def cadence_context(
    *,
    escalation: Escalation,
    can_edit: bool,
    now: datetime,
    form: CadenceForm | None = None,
    notice: str = "",
) -> dict[str, Any]:
    until, after = cadence.policy_intervals(escalation.kind)
    return {
        "escalation": escalation,
        "now": now,
        "can_edit": can_edit,
        "describe": cadence.describe(escalation),
        "policy": cadence.describe(
            Escalation(kind=escalation.kind)  # the policy alone, without the overrides
        ),
        "author_tz": timezone.get_current_timezone_name(),
        "cadence_form": form
        or CadenceForm(
            escalation=escalation,
            initial={
                "interval": int(escalation.cadence_interval.total_seconds() // 60)
                if escalation.cadence_interval
                else "",
                "daily_at": escalation.cadence_daily_at,
                "time_zone": escalation.cadence_time_zone
                if escalation.cadence_daily_at
                else timezone.get_current_timezone_name(),
            },
        ),
        "cadence_notice": notice,
    }
