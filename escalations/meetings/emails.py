"""Rendering the emails Upward sends: subject, plain-text and HTML parts, and an .ics.

Pure rendering, no sending (``delivery.dispatch_send`` sends). Every email is written for
its reader's zone: the executive's for what goes to the executive, the author's profile
zone for reminders to the author. Author text goes through ``escalations.markdown`` (nh3
allowlist) for HTML and ``markdown_to_plain`` for the text part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.header import Header
from email.message import Message as EmailMessage
from email.mime.base import MIMEBase
from email.mime.text import MIMEText
from email.utils import formataddr, parseaddr
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from icalendar import Calendar, Event, vCalAddress, vText

from escalations import timetext
from escalations.markdown import markdown_to_plain_tight, render_markdown
from escalations.meetings import links
from escalations.models import (
    DECISION_SLUGS,
    Ask,
    DispatchPurpose,
    DispatchState,
    EmailDispatch,
    Escalation,
    Meeting,
    Profile,
    PublicStatus,
    Subscription,
    SubscriptionMode,
    Update,
)
from escalations.selectors import escalation_full_queryset
from escalations.subscriptions.tokens import subscription_url
from escalations.timetext import clock
from escalations.wizard import briefing


def author_zone(escalation: Escalation) -> str:
    tz = Profile.objects.filter(user_id=escalation.owner_id).values_list("time_zone", flat=True)
    return tz.first() or "UTC"


def author_name(escalation: Escalation) -> str:
    owner = escalation.owner
    return owner.get_full_name() or owner.get_username()


def escalation_url(escalation: Escalation, anchor: str = "") -> str:
    return f"{settings.SITE_URL}{reverse('escalations:detail', args=[escalation.pk])}{anchor}"


def post_update_url(escalation: Escalation) -> str:
    """One click from the reminder to the update form on the escalation page."""
    return escalation_url(escalation, "#post-update")


_HEADER_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def one_line(value: str) -> str:
    """Header-safe text: any run of control characters or line breaks becomes one space.

    Forms refuse these (escalations/formfields.py), but rows written before that, by the
    admin or by a script may still hold them, and one newline in a subject raises
    BadHeaderError for every email of the escalation.
    """
    return " ".join(_HEADER_BREAKS.sub(" ", value).split())


class UpwardEmail(EmailMultiAlternatives):
    """Django folds a long non-ASCII subject so that it starts on the line after
    "Subject:", which mail clients decode with a leading space: set it as a Header that
    knows its own name, so the first encoded word sits on the Subject line itself."""

    def message(self, *args: Any, **kwargs: Any) -> Any:
        msg = super().message(*args, **kwargs)
        del msg["Subject"]
        # Message.__setitem__ skips Django's re-encoding (the text is checked for newlines
        # by the subject's own construction in Rendered, which never contains one).
        EmailMessage.__setitem__(
            msg, "Subject", Header(" ".join(self.subject.split()), "utf-8", header_name="Subject")
        )
        return msg


@dataclass
class Rendered:
    subject: str
    text: str
    html: str
    to: str
    reply_to: list[str] = field(default_factory=list)
    from_email: str = ""
    ics: bytes | None = None
    ics_method: str = "REQUEST"
    headers: dict[str, str] = field(default_factory=dict)
    # RFC 3834: machine-sent mail says so, so out-of-office replies do not loop back. The
    # follow-up is the author's own words, sent when they press Send: not automated.
    automated: bool = True

    def message(self) -> EmailMultiAlternatives:
        msg = UpwardEmail(
            subject=one_line(self.subject),
            body=self.text,
            from_email=self.from_email or settings.DEFAULT_FROM_EMAIL,
            to=[self.to],
            reply_to=self.reply_to or None,
            headers={
                **self.headers,
                **({"Auto-Submitted": "auto-generated"} if self.automated else {}),
            }
            or None,
        )
        msg.attach_alternative(self.html, "text/html")
        if self.ics is not None:
            part: MIMEBase = MIMEText(self.ics.decode("utf-8"), "calendar", "utf-8")
            part.set_param("method", self.ics_method)
            part.add_header("Content-Disposition", "attachment", filename="1-1.ics")
            msg.attach(part)
        return msg


def build(row: EmailDispatch, *, now: datetime) -> EmailMultiAlternatives:
    """The email for one dispatch row, rendered from the database as it is now."""
    builder = _BUILDERS[DispatchPurpose(row.purpose)]
    return builder(row, now).message()


def _on_behalf(escalation: Escalation) -> str:
    """'Alex Moreno via Upward <upward@…>': the executive sees who it is from."""
    _, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr((one_line(f"{author_name(escalation)} via Upward"), address))


def _reply_to_author(escalation: Escalation) -> list[str]:
    return [escalation.owner.email] if escalation.owner.email else []


# --- the pre-read -------------------------------------------------------------------------


@dataclass
class Section:
    title: str
    html: str
    text: str


def _plain(markdown_text: str) -> str:
    return markdown_to_plain_tight(markdown_text)


def _section(title: str, markdown_text: str) -> Section:
    return Section(title, render_markdown(markdown_text), _plain(markdown_text))


def _preread_part(part: briefing.Part, status_url: str | None) -> dict[str, object]:
    """A pre-read section for the email; "What I need" keeps its asks one by one, each with
    its own decision links (to a confirmation page) when the executive's link exists."""
    return {
        "title": part.title,
        "html": render_markdown(part.markdown),
        "text": _plain(part.markdown),
        "asks": [
            {
                "pk": a.pk,
                "html": render_markdown(a.text),
                "text": _plain(a.text),
                "open": a.is_open,
                **_decision_links(status_url, a.pk),
            }
            for a in part.asks
        ],
        "after_html": render_markdown(part.after) if part.after else "",
        "after_text": _plain(part.after) if part.after else "",
    }


def preread_email(row: EmailDispatch, now: datetime) -> Rendered:
    """The pre-read itself (``briefing.preread``, word for word) under a line saying when
    the 1:1 is: each ask once, prepared answers only if the author included them."""
    meeting = _meeting(row)
    e = escalation_full_queryset().get(pk=row.escalation_id)
    exec_tz = e.executive_time_zone or "UTC"
    author_tz = author_zone(e)
    pre = briefing.preread(e, meeting)
    status_url = links.executive_status_url(e)
    context = {
        "e": e,
        "meeting": meeting,
        "author": author_name(e),
        "exec_tz": exec_tz,
        "author_tz": author_tz,
        "starts_exec": timetext.when(meeting.starts_at, exec_tz),
        "starts_author": timetext.when(meeting.starts_at, author_tz),
        "parts": [_preread_part(p, status_url) for p in pre.parts],
        "status_url": status_url,
        "next_update": timetext.when(e.next_update_due_at, exec_tz) if e.next_update_due_at else "",
    }
    subject = f"Pre-read: {e.title} — 1:1 at {clock(meeting.starts_at, exec_tz)} ({exec_tz})"
    return Rendered(
        subject=subject,
        text=render_to_string("emails/preread.txt", context),
        html=render_to_string("emails/preread.html", context | {"subject": subject}),
        to=row.to_email,
        reply_to=_reply_to_author(e),
        from_email=_on_behalf(e),
        ics=meeting_ics(meeting, e, now=now),
    )


def _decision_links(status_url: str | None, ask_id: int) -> dict[str, object]:
    """Per ask: one link to its decision page (text part) and one per answer (HTML part).

    They lead to a confirmation page: opening one decides nothing (mail scanners prefetch).
    """
    if not status_url:
        return {"decide_url": "", "decide_links": []}
    return {
        "decide_url": links.ask_decision_url(status_url, ask_id),
        "decide_links": [
            (choice.label, links.ask_decision_url(status_url, ask_id, slug))
            for slug, choice in DECISION_SLUGS.items()
        ],
    }


def _meeting(row: EmailDispatch) -> Meeting:
    if row.meeting is None:
        raise ValueError(f"Dispatch {row.pk} ({row.purpose}) has no meeting")
    return row.meeting


def ics_sequence(meeting: Meeting) -> int:
    """RFC 5545 SEQUENCE: bumped by every change the executive was told about."""
    return (
        EmailDispatch.objects.filter(
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
    event.add("summary", f"1:1: {e.title}")
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
        organizer.params["cn"] = vText(author_name(e))
        event["organizer"] = organizer
    if e.executive_email:
        attendee = vCalAddress(f"mailto:{e.executive_email}")
        attendee.params["cn"] = vText(e.executive_name or e.executive_email)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=False)
    cal.add_component(event)
    return cal.to_ical()


# --- short notes --------------------------------------------------------------------------


def _note(
    row: EmailDispatch,
    *,
    subject: str,
    lines: list[str],
    action: tuple[str, str] | None = None,
    footer: str = "",
    to_executive: bool,
    ics: bytes | None = None,
    ics_method: str = "REQUEST",
    quote: str = "",
) -> Rendered:
    e = row.escalation
    context = {
        "subject": subject,
        "lines": lines,
        "action": action,
        "footer": footer,
        "quote_html": render_markdown(quote) if quote else "",
        "quote_text": _plain(quote) if quote else "",
    }
    return Rendered(
        subject=subject,
        text=render_to_string("emails/note.txt", context),
        html=render_to_string("emails/note.html", context),
        to=row.to_email,
        reply_to=_reply_to_author(e) if to_executive else [],
        from_email=_on_behalf(e) if to_executive else "",
        ics=ics,
        ics_method=ics_method,
    )


def meeting_moved_email(row: EmailDispatch, now: datetime) -> Rendered:
    meeting = _meeting(row)
    e = row.escalation
    tz = e.executive_time_zone or "UTC"
    new = timetext.when(meeting.starts_at, tz)
    was = timetext.when(row.previous_starts_at, tz) if row.previous_starts_at else ""
    return _note(
        row,
        subject=f"1:1 moved: {e.title} — now {new} ({tz})",
        lines=[
            f"Our 1:1 about “{e.title}” has moved"
            + (f" from {was}" if was else "")
            + f" to {new} ({tz}).",
            "The pre-read I sent still stands; the updated calendar entry is attached.",
        ],
        action=("Video link", meeting.video_link) if meeting.video_link else None,
        footer=f"{author_name(e)}, via Upward. Reply to reach me directly.",
        to_executive=True,
        ics=meeting_ics(meeting, e, now=now, attached_to="moved"),
    )


def meeting_cancelled_email(row: EmailDispatch, now: datetime) -> Rendered:
    meeting = _meeting(row)
    e = row.escalation
    tz = e.executive_time_zone or "UTC"
    was = timetext.when(row.previous_starts_at or meeting.starts_at, tz)
    return _note(
        row,
        subject=f"1:1 cancelled: {e.title} — was {was} ({tz})",
        lines=[
            f"I have cancelled our 1:1 about “{e.title}” on {was} ({tz}).",
            "You will keep getting written updates until this is resolved.",
        ],
        footer=f"{author_name(e)}, via Upward. Reply to reach me directly.",
        to_executive=True,
        ics=meeting_ics(meeting, e, now=now, cancelled=True, attached_to="cancelled"),
        ics_method="CANCEL",
    )


def followup_email(row: EmailDispatch, now: datetime) -> Rendered:
    """The written follow-up after a 1:1 that went badly: the author's own words."""
    e = row.escalation
    subject = row.subject or f"Following up on our 1:1: {e.title}"
    context = {
        "subject": subject,
        "body_html": render_markdown(row.body_text),
        "body_text": _plain(row.body_text),
        "status_url": links.executive_status_url(e),
    }
    return Rendered(
        subject=subject,
        text=render_to_string("emails/followup.txt", context),
        html=render_to_string("emails/followup.html", context),
        to=row.to_email,
        reply_to=_reply_to_author(e),
        from_email=_on_behalf(e),
        automated=False,
    )


def stale_reminder_email(row: EmailDispatch, now: datetime) -> Rendered:
    e = row.escalation
    tz = author_zone(e)
    due = row.window_due_at or e.next_update_due_at or now
    last = (
        f"Your last update was at {timetext.when(e.last_updated_at, tz)}."
        if e.last_updated_at
        else "There is no update yet."
    )
    return _note(
        row,
        subject=f"Update overdue: {e.title} — was due {clock(due, tz)} ({tz})",
        lines=[
            f"Your update on “{e.title}” was due at {timetext.when(due, tz)} ({tz}). {last}",
            "Silence reads as ignorance or evasion. If nothing changed, say so and say when "
            "the next update comes: “No change since "
            f"{clock(e.last_updated_at or due, tz)}; next update at …”.",
        ],
        action=("Post the update now", post_update_url(e)),
        footer="Upward sends one reminder per missed update window.",
        to_executive=False,
    )


def heads_up_email(row: EmailDispatch, now: datetime) -> Rendered:
    e = row.escalation
    tz = author_zone(e)
    due = row.window_due_at or e.next_update_due_at or now
    return _note(
        row,
        subject=f"Update due at {clock(due, tz)} ({tz}): {e.title}",
        lines=[
            f"Your next update on “{e.title}” is due at {timetext.when(due, tz)} — in about "
            f"{max(1, round((due - now).total_seconds() / 60))} minutes.",
        ],
        action=("Post the update", post_update_url(e)),
        to_executive=False,
    )


def executive_notice_email(row: EmailDispatch, now: datetime) -> Rendered:
    """Two update windows missed: the executive hears it from Upward, once."""
    e = row.escalation
    tz = e.executive_time_zone or "UTC"
    since = e.last_updated_at or e.escalated_at or row.window_due_at or now
    latest = e.updates.order_by("-created_at", "-pk").first()
    status_url = links.executive_status_url(e)
    due = row.window_due_at or since
    return _note(
        row,
        subject=f"No update on {e.title} since {clock(since, tz)} ({tz})",
        lines=[
            f"There has been no update on “{e.title}” since {timetext.when(since, tz)}. "
            f"The update due at {timetext.when(due, tz)} and the one after it were both missed.",
            f"{author_name(e)} owns this escalation and has been reminded.",
        ]
        + (["The last update said:"] if latest else []),
        quote=latest.body if latest else "",
        action=("Open the status page", status_url) if status_url else None,
        footer="Upward tells you once per silent stretch, not at every missed update.",
        to_executive=True,
    )


# --- decisions on asks (to the author) ----------------------------------------------------


def _subject_part(text: str, limit: int = 80) -> str:
    """An ask's words cut to fit a subject line."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _ask(row: EmailDispatch) -> Ask:
    if row.ask is None:
        raise ValueError(f"Dispatch {row.pk} ({row.purpose}) has no ask")
    return row.ask


def decision_recorded_email(row: EmailDispatch, now: datetime) -> Rendered:
    """ "Maya Chen approved: …" — the executive answered; the author hears at once."""
    if row.ask_decision is None:
        raise ValueError(f"Dispatch {row.pk} ({row.purpose}) has no decision")
    decision = row.ask_decision
    ask = _ask(row)
    e = row.escalation
    tz = author_zone(e)
    text = ask.decision.strip()
    short = _subject_part(text)
    lines = [
        f"{decision.decided_by_name} {decision.verb} “{text}” on “{e.title}” at "
        f"{timetext.when(decision.created_at, tz)} ({tz}).",
    ]
    if decision.note:
        lines.append("Their note:")
    return _note(
        row,
        subject=f"{decision.decided_by_name} {decision.verb}: {short}",
        lines=lines,
        quote=decision.note,
        action=("Open the escalation", escalation_url(e, "#asks")),
        footer="Upward emails you each time an ask is answered; the timeline shows it too.",
        to_executive=False,
    )


def ask_overdue_email(row: EmailDispatch, now: datetime) -> Rendered:
    """An ask passed its decide-by time with no answer: the author hears it once."""
    ask = _ask(row)
    e = row.escalation
    tz = author_zone(e)
    due = row.window_due_at or ask.decide_by
    text = ask.decision.strip()
    short = _subject_part(text)
    who = e.executive_name or "The executive"
    return _note(
        row,
        subject=f"Decision overdue: {short}",
        lines=[
            f"“{text}” on “{e.title}” was to be decided by {timetext.when(due, tz)} ({tz}). "
            f"{who} has not answered yet.",
            "Ask again in one line, with what happens if nobody decides — or, if it was "
            "decided in a 1:1 or by chat, record the decision so everyone sees it.",
        ],
        action=("Record or chase the decision", escalation_url(e, "#asks")),
        footer="Upward tells you once per ask and deadline.",
        to_executive=False,
    )


# --- updates to subscribers ------------------------------------------------------------------


def _subscription(row: EmailDispatch) -> Subscription:
    if row.subscription is None:
        raise ValueError(f"Dispatch {row.pk} ({row.purpose}) has no subscription")
    return row.subscription


def _reader_zone(sub: Subscription) -> str:
    if sub.for_executive:
        return sub.escalation.executive_time_zone or "UTC"
    return sub.time_zone or "UTC"


def _state_label(update: Update) -> str:
    status = update.public_status
    return PublicStatus(status).label if status in PublicStatus.values else status


def _update_item(update: Update, tz: str) -> dict[str, str]:
    return {
        "state": _state_label(update),
        "at": f"{timetext.when(update.created_at, tz)} ({tz})",
        "html": render_markdown(update.body),
        "text": _plain(update.body),
    }


def _subscriber_mail(
    row: EmailDispatch, *, subject: str, intro: str, updates: list[Update]
) -> Rendered:
    """An update or a digest: the updates in full, when the next one is due, and a way out.

    ``List-Unsubscribe`` + ``List-Unsubscribe-Post`` (RFC 8058) let the mail client offer
    one-click unsubscribe; the same link is in the footer.
    """
    sub = _subscription(row)
    e = row.escalation
    tz = _reader_zone(sub)
    unsubscribe = subscription_url(sub, "unsubscribe")
    status_url = links.executive_status_url(e) if sub.for_executive else None
    next_update = ""
    if e.is_open and e.next_update_due_at:
        next_update = f"Next update by {timetext.when(e.next_update_due_at, tz)} ({tz})."
    if sub.for_executive:
        why = f"You get {'a daily digest of ' if sub.mode == SubscriptionMode.DIGEST else ''}the updates on “{e.title}” because {author_name(e)} escalated it to you."
        manage = (
            f"Every update, a daily digest or none: {status_url}#email-settings"
            if status_url
            else ""
        )
    else:
        why = f"You asked for the updates on “{e.title}” at this address."
        manage = ""
    context = {
        "subject": subject,
        "intro": intro,
        "title": e.title,
        "items": [_update_item(u, tz) for u in updates],
        "next_update": next_update,
        "actions_progress": e.actions_progress,
        "status_url": status_url,
        "why": why,
        "manage": manage,
        "unsubscribe_url": unsubscribe,
    }
    return Rendered(
        subject=subject,
        text=render_to_string("emails/updates.txt", context),
        html=render_to_string("emails/updates.html", context),
        to=row.to_email,
        reply_to=_reply_to_author(e),
        from_email=_on_behalf(e),
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def update_email(row: EmailDispatch, now: datetime) -> Rendered:
    """One posted update, as it was posted."""
    update = row.update
    if update is None:
        raise ValueError(f"Dispatch {row.pk} has no update")
    e = row.escalation
    return _subscriber_mail(
        row,
        subject=f"{_state_label(update)}: {e.title}",
        intro="",
        updates=[update],
    )


def digest_email(row: EmailDispatch, now: datetime) -> Rendered:
    """Every update since the last digest, oldest first."""
    e = row.escalation
    found = Update.objects.filter(escalation=e, created_at__lte=row.covers_until or now)
    if row.covers_from:
        found = found.filter(created_at__gt=row.covers_from)
    updates = list(found.order_by("created_at", "pk"))
    n = len(updates)
    latest = _state_label(updates[-1]) if updates else ""
    return _subscriber_mail(
        row,
        subject=f"Daily digest: {e.title} — {n} update{'s' if n != 1 else ''}, now {latest.lower()}",
        intro=f"{n} update{'s' if n != 1 else ''} since the last digest, oldest first.",
        updates=updates,
    )


def subscribe_confirm_email(row: EmailDispatch, now: datetime) -> Rendered:
    """Double opt-in: nothing else is sent to this address until it confirms."""
    sub = _subscription(row)
    e = row.escalation
    return _note(
        row,
        subject=f"Confirm: email me the updates on {e.title}",
        lines=[
            f"Someone — hopefully you — asked for the updates on “{e.title}” to be emailed "
            "to this address, one email per update.",
            "Confirm and you get the next one. If it was not you, ignore this email: "
            "nothing more will be sent.",
        ],
        action=("Yes, email me the updates", subscription_url(sub, "confirm")),
        footer="The link works for 3 days.",
        to_executive=False,
    )


_BUILDERS = {
    DispatchPurpose.UPDATE: update_email,
    DispatchPurpose.DIGEST: digest_email,
    DispatchPurpose.SUBSCRIBE_CONFIRM: subscribe_confirm_email,
    DispatchPurpose.PREREAD: preread_email,
    DispatchPurpose.MEETING_MOVED: meeting_moved_email,
    DispatchPurpose.MEETING_CANCELLED: meeting_cancelled_email,
    DispatchPurpose.FOLLOWUP: followup_email,
    DispatchPurpose.STALE_REMINDER: stale_reminder_email,
    DispatchPurpose.HEADS_UP: heads_up_email,
    DispatchPurpose.EXECUTIVE_NOTICE: executive_notice_email,
    DispatchPurpose.DECISION_RECORDED: decision_recorded_email,
    DispatchPurpose.ASK_OVERDUE: ask_overdue_email,
}
