"""The pre-read, and the short notes that follow it when the 1:1 moves or is cancelled.

Owed: one pre-read per meeting (by constraint), 30 minutes before the 1:1 (or at once when
it is closer). Moving or cancelling the 1:1 after the pre-read went out writes a short note
instead of a second pre-read; each carries the same calendar entry (one UID), so the
executive's calendar updates the one event.

Built: ``briefing.preread`` word for word under a line saying when the 1:1 is, each ask with
its decision buttons when the executive's link exists (minted when the row is owed); the
open asks are lifted to the top, and a later pre-read starts with where it stands.

Still owed at send time: not for a cancelled 1:1, nor once the 1:1 is over.
"""

from __future__ import annotations

import copy
import logging
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from icalendar import Calendar, Event, vCalAddress, vText

from escalations import cadence, timetext
from escalations.desk.links import desk_url
from escalations.markdown import render_markdown
from escalations.models import (
    Ask,
    DispatchPurpose,
    DispatchState,
    Escalation,
    Meeting,
    OutboxMessage,
    State,
)
from escalations.outbox import links, mail
from escalations.outbox.owe import kick_if_due
from escalations.rca.summary import rca_preread
from escalations.selectors import escalation_full_queryset
from escalations.wizard import briefing

logger = logging.getLogger(__name__)


PREREAD_LEAD = timedelta(minutes=30)


# --- meetings: the pre-read and its notes ------------------------------------------------


def preread_key(meeting: Meeting) -> str:
    return f"preread:meeting:{meeting.pk}"


def preread_send_at(starts_at: datetime, now: datetime) -> datetime:
    """30 minutes before the 1:1 — or now, when the meeting is closer than that."""
    return max(starts_at - PREREAD_LEAD, now)


def preread_schedule(*, meeting: Meeting, now: datetime) -> OutboxMessage:
    """Owe the executive a pre-read for this meeting (one per meeting, by constraint)."""
    escalation = meeting.escalation
    row = OutboxMessage.objects.create(
        escalation=escalation,
        meeting=meeting,
        purpose=DispatchPurpose.PREREAD,
        dedupe_key=preread_key(meeting),
        to_email=escalation.executive_address,
        send_at=preread_send_at(meeting.starts_at, now),
    )
    links.executive_link_owed(escalation)
    kick_if_due(row, now)
    return row


def preread_reschedule(
    *, meeting: Meeting, previous_starts_at: datetime, now: datetime
) -> OutboxMessage | None:
    """The meeting moved: move an unsent pre-read; once it has gone, send a "moved" note.

    Never a second pre-read. Returns the row that will tell the executive, if any. Call
    inside the transaction that saved the new ``starts_at``; the pre-read row is locked so a
    tick cannot claim it half-way (the claim also re-checks ``send_at``).
    """
    row = (
        OutboxMessage.objects.select_for_update()
        .filter(meeting=meeting, purpose=DispatchPurpose.PREREAD)
        .first()
    )
    if row is None:
        return preread_schedule(meeting=meeting, now=now)
    if row.state == DispatchState.PENDING:
        row.send_at = preread_send_at(meeting.starts_at, now)
        row.handed_over_at = None
        row.to_email = meeting.escalation.executive_address
        row.save(update_fields=["send_at", "handed_over_at", "to_email"])
        links.executive_link_owed(meeting.escalation)
        kick_if_due(row, now)
        return row
    if row.state in (DispatchState.SENDING, DispatchState.SENT):
        return _meeting_note(
            meeting=meeting,
            purpose=DispatchPurpose.MEETING_MOVED,
            previous_starts_at=previous_starts_at,
            now=now,
        )
    # failed or cancelled: the executive may or may not have it; the panel shows the state
    # and the author decides whether to resend.
    return None


class OutcomeUnknown(ValueError):
    """The failed row may have been delivered; resending needs the author's confirmation."""


def preread_requeue(*, meeting: Meeting, now: datetime, confirmed: bool = False) -> OutboxMessage:
    """The author looked at a failed pre-read and asks for it again (never automatic).

    A row whose outcome is unknown (it may have reached the executive) is only requeued with
    ``confirmed``; otherwise ``OutcomeUnknown`` is raised and nothing changes.
    """
    with transaction.atomic():
        row = (
            OutboxMessage.objects.select_for_update()
            .filter(meeting=meeting, purpose=DispatchPurpose.PREREAD)
            .get()
        )
        if row.state != DispatchState.FAILED:
            raise ValueError("Only a failed pre-read can be sent again.")
        if row.outcome_unknown and not confirmed:
            raise OutcomeUnknown(
                "This pre-read may already have been delivered. Tick “Send it again anyway” "
                "to confirm, after checking with the executive."
            )
        row.error = f"Sent again by the author at {now:%Y-%m-%d %H:%M} UTC after: {row.error}"
        row.state = DispatchState.PENDING
        row.outcome_unknown = False
        row.handed_over_at = None
        row.send_at = now
        row.to_email = meeting.escalation.executive_address
        row.save(
            update_fields=[
                "error",
                "state",
                "outcome_unknown",
                "handed_over_at",
                "send_at",
                "to_email",
            ]
        )
        # The author may have revoked the link the first try carried.
        links.executive_link_owed(meeting.escalation)
        kick_if_due(row, now)
    return row


def meeting_dispatches_cancel(*, meeting: Meeting, now: datetime) -> OutboxMessage | None:
    """The meeting was cancelled: cancel whatever is unsent; if the pre-read already went
    out, tell the executive in a short note. Returns that note, if any."""
    rows = list(OutboxMessage.objects.select_for_update().filter(meeting=meeting))
    known = _time_the_executive_knows(meeting, meeting.starts_at)
    OutboxMessage.objects.filter(meeting=meeting, state=DispatchState.PENDING).update(
        state=DispatchState.CANCELLED, error="The 1:1 was cancelled before this was sent."
    )
    told = any(
        r.purpose in (DispatchPurpose.PREREAD, DispatchPurpose.MEETING_MOVED)
        and r.state in (DispatchState.SENDING, DispatchState.SENT)
        for r in rows
    )
    if not told:
        return None
    return _meeting_note(
        meeting=meeting,
        purpose=DispatchPurpose.MEETING_CANCELLED,
        previous_starts_at=known,
        now=now,
    )


def _time_the_executive_knows(meeting: Meeting, default: datetime) -> datetime:
    """A "moved" note still waiting never reached the executive: the time they know is the
    one that note was correcting."""
    waiting = (
        OutboxMessage.objects.filter(
            meeting=meeting, purpose=DispatchPurpose.MEETING_MOVED, state=DispatchState.PENDING
        )
        .order_by("created_at")
        .values_list("previous_starts_at", flat=True)
        .first()
    )
    return waiting or default


def _meeting_note(
    *, meeting: Meeting, purpose: str, previous_starts_at: datetime, now: datetime
) -> OutboxMessage:
    known = _time_the_executive_knows(meeting, previous_starts_at)
    OutboxMessage.objects.filter(
        meeting=meeting, purpose=DispatchPurpose.MEETING_MOVED, state=DispatchState.PENDING
    ).update(state=DispatchState.CANCELLED, error="Superseded by a later change to the 1:1.")
    count = OutboxMessage.objects.filter(meeting=meeting, purpose=purpose).count()
    row = OutboxMessage.objects.create(
        escalation=meeting.escalation,
        meeting=meeting,
        purpose=purpose,
        dedupe_key=f"{purpose}:meeting:{meeting.pk}:{count + 1}",
        # For meeting notes: the time the executive last heard of (shown as "was …").
        previous_starts_at=known,
        to_email=meeting.escalation.executive_address,
        send_at=now,
    )
    kick_if_due(row, now)
    return row


# --- how they are built -------------------------------------------------------------


def _preread_asks(
    part: briefing.Part, status_url: str | None, asks: dict[int, Ask]
) -> list[dict[str, object]]:
    """The pre-read's own words for each ask, with its decision buttons when it is open."""
    items: list[dict[str, object]] = []
    for a in part.asks:
        ask = asks.get(a.pk)
        live = status_url if a.is_open and ask is not None else None
        items.append(
            {
                "pk": a.pk,
                "html": render_markdown(a.text),
                "text": mail.plain(a.text),
                "decide_url": links.ask_decision_url(live, a.pk) if live else "",
                "decide_links": mail.decide_buttons(live, ask) if live and ask is not None else [],
            }
        )
    return items


def _preread_layout(
    pre: briefing.Preread, status_url: str | None, asks: dict[int, Ask]
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """The open asks (lifted to the top, so they are on the first phone screen with their
    buttons) and the sections; "What I need" keeps the answered asks and the threshold.
    Each ask appears once, in the pre-read's own words."""
    waiting: list[dict[str, object]] = []
    parts: list[dict[str, object]] = []
    for part in pre.parts:
        items = _preread_asks(part, status_url, asks)
        open_here = [i for i, a in zip(items, part.asks, strict=True) if a.is_open]
        answered = [i for i, a in zip(items, part.asks, strict=True) if not a.is_open]
        waiting += open_here
        rest = part.after
        if part.asks and not answered and not rest:
            rest = "The decision" + ("s" if len(open_here) > 1 else "") + " at the top."
        parts.append(
            {
                "title": part.title,
                "html": render_markdown(part.markdown),
                "text": mail.plain(part.markdown),
                "asks": answered,
                "split": bool(part.asks),
                "after_html": render_markdown(rest) if rest else "",
                "after_text": mail.plain(rest) if rest else "",
            }
        )
    return waiting, parts


def _preread_context(
    e: Escalation, meeting: Meeting, status_url: str | None
) -> tuple[str, dict[str, object]]:
    """The subject and what both parts of the pre-read are rendered from."""
    exec_tz = e.executive_zone
    author_tz = mail.author_zone(e)
    pre = rca_preread(e, meeting) or briefing.preread(e, meeting)
    waiting, parts = _preread_layout(pre, status_url, {a.pk: a for a in e.asks.all()})
    context = {
        "e": e,
        "meeting": meeting,
        "author": mail.author_name(e),
        "exec_tz": exec_tz,
        "author_tz": author_tz,
        "starts_exec": timetext.when(meeting.starts_at, exec_tz),
        "starts_author": timetext.when(meeting.starts_at, author_tz),
        "waiting": waiting,
        "parts": parts,
        # A later pre-read, or one after the figures moved: where it stands comes first.
        "show_summary": bool(e.summary_impact) or briefing.previous_meeting(e, meeting) is not None,
        "summary_tz": exec_tz,
        "status_url": status_url,
        "next_update": timetext.when(e.next_update_due_at, exec_tz) if e.next_update_due_at else "",
    }
    # The meeting's time leads: a long title is what a phone cuts, never the time.
    subject = (
        f"Pre-read, {meeting.get_purpose_display()} "
        f"{timetext.in_zone(meeting.starts_at, exec_tz, '%H:%M %Z')}: {e.title}"
    )
    return subject, context


def preread_email(row: OutboxMessage, now: datetime) -> mail.Rendered:
    """The pre-read itself (``briefing.preread``, word for word) under a line saying when
    the 1:1 is: each ask once, prepared answers only if the author included them."""
    meeting = _meeting(row)
    e = escalation_full_queryset().get(pk=row.escalation_id)
    subject, context = _preread_context(e, meeting, links.executive_status_url(e))
    return mail.Rendered(
        subject=subject,
        text=render_to_string("emails/preread.txt", context),
        html=render_to_string("emails/preread.html", context | {"subject": subject}),
        to=row.to_email,
        reply_to=mail.reply_to_author(e),
        from_email=mail.on_behalf(e),
        ics=meeting_ics(meeting, e, now=now),
    )


def preread_as_received(e: Escalation, meeting: Meeting | None, now: datetime) -> str:
    """The text part of the pre-read the executive will receive for ``meeting`` (the next
    1:1; none scheduled yet: one 30 minutes from now), for the 250-word budget to count what
    they read, not only the pre-read's body. Reads only: no link is minted (a placeholder of
    the same length stands in until the email is owed). ``e`` as
    ``selectors.escalation_full_queryset`` loads it."""
    if meeting is None:
        meeting = Meeting(escalation=e, starts_at=now + PREREAD_LEAD, time_zone=mail.author_zone(e))
    if e.state == State.DRAFT:
        # As it will be once escalated now: the email then says when the next update is due.
        e = copy.copy(e)
        e.state = State.ESCALATED
        e.next_update_due_at = cadence.next_update_due(e, after=now)
    status_url = links.executive_status_url(e) or f"{settings.SITE_URL}/s/{'x' * 43}/"
    _, context = _preread_context(e, meeting, status_url)
    text = render_to_string("emails/preread.txt", context)
    if e.executive is None:
        return text
    # The engine ends every email to an executive with their desk link: count it too.
    return mail.with_desk_line(text, f"{settings.SITE_URL}{desk_url(e.executive)}")


def preread_received_words(e: Escalation, meeting: Meeting | None, now: datetime) -> int:
    """How many words the executive reads in the pre-read's text part (the budget's count)."""
    return briefing.count_words(preread_as_received(e, meeting, now))


def _meeting(row: OutboxMessage) -> Meeting:
    if row.meeting is None:
        raise ValueError(f"Dispatch {row.pk} ({row.purpose}) has no meeting")
    return row.meeting


def ics_sequence(meeting: Meeting) -> int:
    """RFC 5545 SEQUENCE: bumped by every change the executive was told about."""
    return (
        OutboxMessage.objects.filter(
            meeting=meeting,
            purpose__in=[DispatchPurpose.MEETING_MOVED, DispatchPurpose.MEETING_CANCELLED],
        )
        .exclude(state=DispatchState.CANCELLED)
        .count()
    )


# What the calendar entry says about the pre-read, by the email it is attached to: the
# pre-read email carries the pre-read itself; a "moved" note follows one already sent.
ICS_PREREAD_NOTE = {
    "preread": "The written pre-read is in the email this invitation came with.",
    "moved": "The written pre-read sent earlier still stands.",
    "cancelled": "",
}


def meeting_ics(
    meeting: Meeting,
    e: Escalation,
    *,
    now: datetime,
    cancelled: bool = False,
    attached_to: str = "preread",
) -> bytes:
    """A calendar entry for the 1:1; the same UID across pre-read, moved and cancelled notes,
    so the executive's calendar updates the one event."""
    host = urlsplit(settings.SITE_URL).hostname or "upward"
    cal = Calendar()
    cal.add("prodid", "-//Upward//Escalation 1:1//EN")
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", f"upward-meeting-{meeting.pk}@{host}")
    event.add("dtstamp", now)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.starts_at + timedelta(minutes=meeting.duration_minutes))
    event.add("summary", f"{meeting.get_purpose_display()}: {e.title}")
    event.add("sequence", ics_sequence(meeting))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add(
        "description",
        "\n\n".join(filter(None, [briefing.opening_line(e), ICS_PREREAD_NOTE[attached_to]])),
    )
    if meeting.video_link:
        event.add("location", meeting.video_link)
        event.add("url", meeting.video_link)
    if e.owner.email:
        organizer = vCalAddress(f"mailto:{e.owner.email}")
        organizer.params["cn"] = vText(mail.author_name(e))
        event["organizer"] = organizer
    if e.executive_address:
        attendee = vCalAddress(f"mailto:{e.executive_address}")
        attendee.params["cn"] = vText(e.executive_label or e.executive_address)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=False)
    cal.add_component(event)
    return cal.to_ical()


def meeting_moved_email(row: OutboxMessage, now: datetime) -> mail.Rendered:
    meeting = _meeting(row)
    e = row.escalation
    tz = e.executive_zone
    new = timetext.when(meeting.starts_at, tz)
    was = timetext.when(row.previous_starts_at, tz) if row.previous_starts_at else ""
    return mail.note(
        row,
        subject=f"1:1 moved to {timetext.in_zone(meeting.starts_at, tz, '%a %H:%M %Z')}: {e.title}",
        lines=[
            f"Our 1:1 about “{e.title}” has moved"
            + (f" from {was}" if was else "")
            + f" to {new} ({tz}).",
            "The pre-read I sent still stands; the updated calendar entry is attached.",
        ],
        action=("Video link", meeting.video_link) if meeting.video_link else None,
        footer=f"{mail.author_name(e)}, via Upward. Reply to reach me directly.",
        to_executive=True,
        ics=meeting_ics(meeting, e, now=now, attached_to="moved"),
    )


def meeting_cancelled_email(row: OutboxMessage, now: datetime) -> mail.Rendered:
    meeting = _meeting(row)
    e = row.escalation
    tz = e.executive_zone
    was = timetext.when(row.previous_starts_at or meeting.starts_at, tz)
    return mail.note(
        row,
        subject=f"1:1 cancelled (was {timetext.in_zone(row.previous_starts_at or meeting.starts_at, tz, '%a %H:%M %Z')}): {e.title}",
        lines=[
            f"I have cancelled our 1:1 about “{e.title}” on {was} ({tz}).",
            "You will keep getting written updates until this is resolved.",
        ],
        footer=f"{mail.author_name(e)}, via Upward. Reply to reach me directly.",
        to_executive=True,
        ics=meeting_ics(meeting, e, now=now, cancelled=True, attached_to="cancelled"),
        ics_method="CANCEL",
    )


def preread_still_owed(row: OutboxMessage, now: datetime) -> str:
    meeting = row.meeting
    if meeting is None:
        return ""
    if meeting.is_cancelled:
        return "The 1:1 was cancelled."
    if now >= meeting.starts_at + timedelta(minutes=meeting.duration_minutes):
        return "The 1:1 was already over; a pre-read now would only confuse."
    return ""


KINDS: dict[str, mail.Kind] = {
    DispatchPurpose.PREREAD: mail.Kind(
        build=preread_email, still_owed=preread_still_owed, to_executive=True
    ),
    DispatchPurpose.MEETING_MOVED: mail.Kind(build=meeting_moved_email, to_executive=True),
    DispatchPurpose.MEETING_CANCELLED: mail.Kind(build=meeting_cancelled_email, to_executive=True),
}
