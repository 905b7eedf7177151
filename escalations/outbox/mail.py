"""What every email Upward sends shares: the envelope (``Rendered``), header-safe text, who
it is from, and the short note most messages are.

Pure rendering, no sending (``escalations.outbox.engine`` sends); each message's own content
lives in its module (``preread``, ``reminder``, ``update``, …). Every email is written for its
reader's zone: the executive's for what goes to the executive, the author's profile zone for
reminders to the author. Author text goes through ``escalations.markdown`` (nh3 allowlist)
for HTML and ``markdown_to_plain`` for the text part.
"""

from __future__ import annotations

import dataclasses
import email
import email.policy
import functools
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email.header import Header
from email.message import Message as EmailMessage
from email.mime.base import MIMEBase
from email.mime.text import MIMEText
from email.utils import formataddr, formatdate, parseaddr
from html import escape
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from escalations import timetext
from escalations.markdown import markdown_to_plain_tight, render_markdown
from escalations.models import (
    DECISION_SLUGS,
    Ask,
    DispatchState,
    Escalation,
    OutboxMessage,
    Profile,
    State,
)
from escalations.outbox import links
from escalations.text import one_line
from escalations.wizard import briefing

# Subjects stay under 70 characters so a phone shows them whole; what changed comes first.
SUBJECT_MAX = 69


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


class UpwardEmail(EmailMultiAlternatives):
    """Django folds a long non-ASCII subject so that it starts on the line after
    "Subject:", which mail clients decode with a leading space: set it as a Header that
    knows its own name, so the first encoded word sits on the Subject line itself."""

    def message(self, *args: Any, **kwargs: Any) -> Any:
        # Django would encode the subject only for it to be replaced here: it gets none.
        subject, self.subject = self.subject, ""
        try:
            msg = super().message(*args, **kwargs)
        finally:
            self.subject = subject
        del msg["Subject"]
        # Message.__setitem__ skips Django's re-encoding (the text is checked for newlines
        # by the subject's own construction in Rendered, which never contains one).
        EmailMessage.__setitem__(msg, "Subject", encoded_subject(" ".join(subject.split())))
        # Left unset, the email package draws a boundary for every message and compiles a
        # pattern to check it against the text; one boundary per process serves every
        # message that does not contain it (the text and HTML parts are the whole content).
        parts = [self.body, *(str(content) for content, _mimetype in self.alternatives)]
        if msg.is_multipart() and not any(BOUNDARY in part for part in parts):
            msg.set_boundary(BOUNDARY)
        return msg


BOUNDARY = f"=_upward_{secrets.token_hex(16)}"


@functools.lru_cache(maxsize=256)
def encoded_subject(subject: str) -> str:
    """The Subject header's value as sent: RFC 2047 words, folded, the first one on the
    Subject line. Encoding a non-ASCII subject is the costliest step of building an email,
    and an update's readers all share one subject: it is encoded once per process."""
    return Header(subject, "utf-8", header_name="Subject").encode()


# --- one email, many readers: the shared bytes built once, each reader's values spliced in --

# Where each reader's own values go in the bytes readers share (``Splice``): letters, digits,
# dashes, dots and "@", which no header encoding, folding or HTML escaping changes.
TO_SLOT = "upward-reader-slot@upward.invalid"
DATE_SLOT = "upward-date-slot"
# Headers that are each reader's own (``thread_headers``), each with a slot of its own.
READER_HEADERS = ("Message-ID", "In-Reply-To", "References")
# What may be spliced as it is: an address that needs no encoding (ASCII, no display name),
# a link that HTML escaping leaves unchanged, a message id in angle brackets. Anything else
# is built whole.
SPLICE_ADDRESS = re.compile(
    r"[A-Za-z0-9_%+-]+(\.[A-Za-z0-9_%+-]+)*@[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63})+"
)
SPLICE_LINK = re.compile(r"https?://[A-Za-z0-9._~:/?#@!$()*+,;=%-]+")
SPLICE_MESSAGE_ID = re.compile(r"<[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+>")
# Longer lines make Django send a text part quoted-printable (RFC 5322's limit).
LINE_MAX = 998
# How Django's SMTP backend writes headers (``as_bytes(linesep="\r\n")`` with the email
# package's compat32 policy): each header a reader has of their own is written the same way.
HEADERS_AS_SENT = email.policy.compat32.clone(linesep="\r\n")
HEADER_LINE_MAX = 78  # the policy's max_line_length: shorter header lines are left as they are


def header_bytes(name: str, value: str) -> bytes:
    """One header as Django's SMTP backend writes it: on one line when it fits in 78
    characters, else folded by the email package (a value of these characters has no
    space to fold at, so it moves to a line of its own)."""
    line = f"{name}: {value}"
    if len(line) <= HEADER_LINE_MAX:
        return f"{line}\r\n".encode()
    return HEADERS_AS_SENT.fold_binary(name, value)


def reader_header_slot(name: str) -> str:
    return f"<upward-{name.lower()}-slot@upward.invalid>"


Splicing = tuple[bytes, list[tuple[bytes, bytes]]]


class Splice:
    """What many readers of one email share, built to bytes once, with a slot where each
    reader's own values go: their address, their link (``slot`` in ``shared``'s text and
    HTML, and in any header that carries it, such as ``List-Unsubscribe``), the thread
    headers and the date. Each reader's email is those bytes with their values put in
    (``SplicedEmail``): the same bytes as building their email whole
    (tests/escalations/outbox/test_splice.py), without building a MIME tree and folding
    every header again for each of 10,000 readers.

    A reader whose values might come out differently when built whole (an address or link
    that needs encoding or escaping, a line the link would make too long), or whose email
    is not the shared part with their link put in, gets the ordinary build: ``fill``
    answers None.
    """

    def __init__(self, shared: Rendered, slot: str) -> None:
        self.shared = shared
        self.slot = slot
        # Per set of shared header values (a first email and a reply in a thread differ):
        # the bytes with slots, or None when a slot did not come out as it went in.
        self.built: dict[tuple[object, ...], bytes | None] = {}

    def fill(self, reader: Rendered) -> Splicing | None:
        """The shared bytes, and what to replace in them for this reader; None to build
        this reader's email whole."""
        link, shared = reader.reader_link, self.shared
        if (
            reader.ics is not None
            or not SPLICE_LINK.fullmatch(link)
            or not SPLICE_ADDRESS.fullmatch(reader.to)
            or reader.text != shared.text.replace(self.slot, link)
            or reader.html != shared.html.replace(self.slot, link)
        ):
            return None
        # The date first, where Django puts it when it dates an email itself.
        headers = {"Date": DATE_SLOT}
        own = [("To", TO_SLOT, reader.to)]
        for name, value in reader.headers.items():
            if name in READER_HEADERS:
                if not SPLICE_MESSAGE_ID.fullmatch(value):
                    return None
                headers[name] = reader_header_slot(name)
                own.append((name, headers[name], value))
            elif link in value:
                headers[name] = value.replace(link, self.slot)
                own.append((name, headers[name], value))
            else:
                headers[name] = value
        key = (
            tuple(headers.items()),
            reader.subject,
            reader.from_email,
            tuple(reader.reply_to),
            reader.automated,
        )
        if key not in self.built:
            self.built[key] = self._build(reader, headers, own)
        data = self.built[key]
        if data is None:
            return None
        # A line the link makes longer than RFC 5322 allows would be sent quoted-printable.
        slot = self.slot.encode()
        growth = len(link) - len(slot)
        for line in data.split(b"\r\n"):
            if slot in line and len(line) + line.count(slot) * growth > LINE_MAX:
                return None
        # Each header of the reader's own whole (it may fold differently), then the link
        # wherever else it is (the text and HTML parts).
        replace = [
            (header_bytes(name, slotted), header_bytes(name, value)) for name, slotted, value in own
        ]
        return data, [*replace, (slot, link.encode())]

    def _build(
        self, reader: Rendered, headers: dict[str, str], own: list[tuple[str, str, str]]
    ) -> bytes | None:
        """The bytes with slots; None when a slot did not come out exactly as it went in
        (encoded, folded otherwise, or the text is sent quoted-printable or base64)."""
        template = dataclasses.replace(
            reader,
            text=self.shared.text,
            html=self.shared.html,
            to=TO_SLOT,
            headers=headers,
            splice=None,
            reader_link="",
        )
        data: bytes = template.message().message().as_bytes(linesep="\r\n")
        lines = [header_bytes("Date", DATE_SLOT)] + [
            header_bytes(name, slotted) for name, slotted, _value in own
        ]
        if any(data.count(line) != 1 for line in lines):
            return None
        in_parts = self.shared.text.count(self.slot) + self.shared.html.count(self.slot)
        in_headers = sum(line.count(self.slot.encode()) for line in lines)
        if data.count(self.slot.encode()) != in_parts + in_headers:
            return None
        if re.search(rb"(?im)^Content-Transfer-Encoding: *(quoted-printable|base64)", data):
            return None
        return data


class SplicedEmail(UpwardEmail):
    """An ``UpwardEmail`` whose bytes are the shared bytes of a ``Splice`` with this reader's
    values put in. ``message()`` is the hook Django documents for what an email class
    sends; Django's SMTP backend sends what it returns (``as_bytes``), so
    ``send_messages`` on one connection sends these emails like any other. Its other
    attributes (``to``, ``body``, the HTML alternative, ``extra_headers``) are the reader's
    own, as for the ordinary build."""

    def __init__(self, *args: Any, spliced: Splicing, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.shared_bytes, self.replacements = spliced

    def message(self, *args: Any, **kwargs: Any) -> Any:
        # Dated when sent, as Django dates the email it builds.
        date = formatdate(localtime=settings.EMAIL_USE_LOCALTIME)
        data = self.shared_bytes.replace(
            header_bytes("Date", DATE_SLOT), header_bytes("Date", date)
        )
        for slotted, value in self.replacements:
            data = data.replace(slotted, value)
        return SplicedMIME(data)


class SplicedMIME:
    """What ``SplicedEmail.message()`` returns: the bytes to send, handed out as they are by
    ``as_bytes`` (all Django's backends ask for); anything else (a header, the parts) is read
    from those bytes parsed, as a mail client reads them."""

    def __init__(self, data: bytes) -> None:
        self.data = data  # CRLF line ends, as sent over SMTP

    def as_bytes(self, unixfrom: bool = False, linesep: str = "\n") -> bytes:
        return self.data if linesep == "\r\n" else self.data.replace(b"\r\n", linesep.encode())

    def as_string(self, unixfrom: bool = False, linesep: str = "\n") -> str:
        return self.as_bytes(linesep=linesep).decode()

    def __bytes__(self) -> bytes:
        return self.as_bytes()

    def __str__(self) -> str:
        return self.as_string()

    @functools.cached_property
    def parsed(self) -> EmailMessage:
        return email.message_from_bytes(self.data)

    def __getitem__(self, name: str) -> Any:
        return self.parsed[name]

    def __contains__(self, name: str) -> bool:
        return name in self.parsed

    def __getattr__(self, name: str) -> Any:
        # Everything else (``get_payload``, ``walk``, ``get_charset``…) from the parsed email;
        # never its own attributes (not set yet while a copy is being made).
        if name in ("data", "parsed") or name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.parsed, name)


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
    # Many readers' emails that differ only in their address, their link and their thread
    # headers: the part they share, and this reader's link (``reader_link``) put into it.
    splice: Splice | None = None
    reader_link: str = ""

    def message(self) -> EmailMultiAlternatives:
        spliced = self.splice.fill(self) if self.splice is not None else None
        kwargs: dict[str, Any] = {} if spliced is None else {"spliced": spliced}
        msg = (UpwardEmail if spliced is None else SplicedEmail)(
            # What changed leads every subject Upward writes, so the cut falls on the title's
            # end; the author's own follow-up subject is sent as they typed it.
            subject=subject_part(one_line(self.subject), SUBJECT_MAX)
            if self.automated
            else one_line(self.subject),
            body=self.text,
            from_email=self.from_email or settings.DEFAULT_FROM_EMAIL,
            to=[self.to],
            reply_to=self.reply_to or None,
            headers={
                **self.headers,
                **({"Auto-Submitted": "auto-generated"} if self.automated else {}),
            }
            or None,
            **kwargs,
        )
        msg.attach_alternative(self.html, "text/html")
        if self.ics is not None:
            part: MIMEBase = MIMEText(self.ics.decode("utf-8"), "calendar", "utf-8")
            part.set_param("method", self.ics_method)
            part.add_header("Content-Disposition", "attachment", filename="1-1.ics")
            msg.attach(part)
        return msg


def on_behalf(escalation: Escalation) -> str:
    """'Alex Moreno via Upward <upward@…>': the executive sees who it is from."""
    _, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr((one_line(f"{author_name(escalation)} via Upward"), address))


def reply_to_author(escalation: Escalation) -> list[str]:
    return [escalation.owner.email] if escalation.owner.email else []


def plain(markdown_text: str) -> str:
    return markdown_to_plain_tight(markdown_text)


def subject_part(text: str, limit: int = 80) -> str:
    """An ask's words cut to fit a subject line."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def lead_then_title(lead: str, title: str) -> str:
    """ "What changed · title" within ``SUBJECT_MAX``: the lead gives way (down to 30
    characters, cut at a word) before the title is cut."""
    room = max(SUBJECT_MAX - len(title) - 3, 30)
    if len(lead) > room:
        lead = lead[: room - 1].rsplit(" ", 1)[0].rstrip(",;:.") + "…"
    return f"{lead} · {title}"


def thread_headers(rows: list[OutboxMessage]) -> list[dict[str, str]]:
    """RFC 5322 threading: every email of one escalation to one address is one thread.

    The first one sent to the address carries the escalation's own Message-ID; every later
    one has its own and points back to that one (``In-Reply-To``, ``References``). One query
    for a whole batch (an update's readers each start or continue their own thread).
    """
    host = urlsplit(settings.SITE_URL).hostname or "upward"
    started = set(
        OutboxMessage.objects.filter(
            escalation_id__in={r.escalation_id for r in rows},
            to_email__in={r.to_email for r in rows},
            state=DispatchState.SENT,
        )
        .exclude(pk__in=[r.pk for r in rows])
        .values_list("escalation_id", "to_email")
        .distinct()
    )
    out: list[dict[str, str]] = []
    for row in rows:
        if row.executive_id is not None:
            # The executive's daily digest spans escalations: a thread of none of them.
            out.append({"Message-ID": f"<desk-digest-{row.pk}@{host}>"})
            continue
        root = f"<escalation-{row.escalation_id}@{host}>"
        if (row.escalation_id, row.to_email) not in started:
            out.append({"Message-ID": root})
        else:
            out.append(
                {
                    "Message-ID": f"<dispatch-{row.pk}@{host}>",
                    "In-Reply-To": root,
                    "References": root,
                }
            )
    return out


def decide_buttons(status_url: str, ask: Ask) -> list[dict[str, str]]:
    """The answers as buttons: one per option for a choose-between ask (and "Let's
    discuss"), else Approve · Decline · Let's discuss. Each opens a confirmation page
    (opening one decides nothing: mail scanners prefetch)."""
    discuss = DECISION_SLUGS["discuss"]
    if ask.option_list:
        approve = links.ask_decision_url(status_url, ask.pk, "approve")
        return [
            {"label": option, "url": f"{approve}?option={n}", "kind": "option"}
            for n, option in enumerate(ask.option_list, start=1)
        ] + [
            {
                "label": discuss.label,
                "url": links.ask_decision_url(status_url, ask.pk, "discuss"),
                "kind": "discuss",
            }
        ]
    return [
        {
            "label": choice.label,
            "url": links.ask_decision_url(status_url, ask.pk, slug),
            "kind": slug,
        }
        for slug, choice in DECISION_SLUGS.items()
    ]


def open_asks_context(e: Escalation, status_url: str | None, tz: str) -> list[dict[str, object]]:
    """What waits on the executive, first in every email to them: each open ask with its
    deadline and, through their own link, its answers as buttons."""
    out: list[dict[str, object]] = []
    for ask in e.asks.all():
        if not ask.is_open:
            continue
        amount = ""
        if ask.amount is not None and f"{ask.amount:,.0f}" not in ask.decision:
            amount = briefing.money(ask.amount, e.impact_currency)
        out.append(
            {
                "pk": ask.pk,
                "decision": ask.decision.strip(),
                "amount": amount,
                "decide_by": f"{timetext.when(ask.decide_by, tz)} ({tz})",
                "decide_url": links.ask_decision_url(status_url, ask.pk) if status_url else "",
                "decide_links": decide_buttons(status_url, ask) if status_url else [],
            }
        )
    return out


def note(
    row: OutboxMessage,
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
    tz = e.executive_zone
    context = {
        # The executive reads the situation as it stands first (templates/emails/_summary.*).
        "e": e if to_executive else None,
        "summary_tz": tz,
        "open_asks": (
            open_asks_context(e, links.executive_status_url(e), tz)
            if to_executive and e.state != State.DRAFT
            else []
        ),
        "subject": subject,
        "lines": lines,
        "action": action,
        "footer": footer,
        "quote_html": render_markdown(quote) if quote else "",
        "quote_text": plain(quote) if quote else "",
    }
    return Rendered(
        subject=subject,
        text=render_to_string("emails/note.txt", context),
        html=render_to_string("emails/note.html", context),
        to=row.to_email,
        reply_to=reply_to_author(e) if to_executive else [],
        from_email=on_behalf(e) if to_executive else "",
        ics=ics,
        ics_method=ics_method,
    )


def overdue_note(
    row: OutboxMessage,
    *,
    noun: str,
    text: str,
    was: str,
    still: str,
    advice: str,
    action: tuple[str, str],
    footer: str,
    due: datetime | None = None,
) -> Rendered:
    """Something the author owes passed its time: "Decision overdue: …", "Preventive action
    overdue: …". In the author's zone, named; ``due`` defaults to the row's window."""
    e = row.escalation
    tz = author_zone(e)
    when = timetext.when(due or row.window_due_at, tz)
    return note(
        row,
        subject=f"{noun} overdue: {subject_part(text)}",
        lines=[f"“{text}” on “{e.title}” {was} {when} ({tz}) {still}", advice],
        action=action,
        footer=footer,
        to_executive=False,
    )


def still_owed(row: OutboxMessage, now: datetime) -> str:
    """The default: a message owed stays owed."""
    return ""


@dataclass(frozen=True)
class Kind:
    """One purpose of email: how it is built from the database as it is at send time, and
    why it might no longer be owed (``still_owed`` answers "" or the reason to cancel it)."""

    build: Callable[[OutboxMessage, datetime], Rendered]
    still_owed: Callable[[OutboxMessage, datetime], str] = still_owed
    # Many at once, sharing what readers share (one result or error per row, in order).
    build_many: Callable[[list[OutboxMessage], datetime], list[Rendered | Exception]] | None = None
    # The executive's emails follow the address on the escalation and never leave for a draft.
    to_executive: bool = False
    # Owed in bulk by a tick: the link the message carries (the executive's, or for another
    # reader the channel's) is minted when a worker claims the row, before it is built
    # (building only reads), not in the tick.
    mints_link: bool = False
    # Says where the executive's desk is itself (the daily digest): the engine adds no
    # footer with it (``with_desk_link``).
    carries_desk_link: bool = False


DESK_LINE = "Everything waiting on you, across every escalation: your desk"


def with_desk_line(text: str, url: str) -> str:
    """The text part with the desk line at its end (what ``with_desk_link`` adds)."""
    return f"{text.rstrip()}\n\n{DESK_LINE}: {url}\n"


def with_desk_link(rendered: Rendered, url: str) -> Rendered:
    """Every email to an executive ends with their desk link (everything waiting on them,
    across escalations): added by the engine to each message it builds for them, so no
    message module has to remember it."""
    line = DESK_LINE
    text = with_desk_line(rendered.text, url)
    footer = (
        '<div style="max-width:600px;margin:0 auto;padding:0 16px 16px;background:#ffffff;'
        'font-size:14px;color:#57606a">'
        f'<p style="margin:0">{escape(line)}: <a href="{escape(url)}">open your desk</a></p></div>'
    )
    html = rendered.html
    cut = html.rfind("</body>")
    html = html[:cut] + footer + "\n" + html[cut:] if cut >= 0 else html + footer
    # The text is no longer the shared part with a link put in: built whole.
    return dataclasses.replace(rendered, text=text, html=html, splice=None)
