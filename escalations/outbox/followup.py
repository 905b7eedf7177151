"""The written follow-up after a 1:1 that went badly: the author's own words, to the
executive.

Owed once per meeting (by its key), so a double click sends one email. Built from the text
the author wrote, with the executive's status link (minted when it is owed). Always still
owed once written (the author pressed Send).
"""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from escalations.markdown import render_markdown
from escalations.models import DispatchPurpose, Meeting, OutboxMessage
from escalations.outbox import links, mail
from escalations.outbox.owe import kick_if_due


def followup_enqueue(
    *, meeting: Meeting, subject: str, body: str, now: datetime
) -> tuple[OutboxMessage, bool]:
    """Queue the written follow-up to the executive; once per meeting, so a double click
    sends one email. Returns (row, created)."""
    try:
        with transaction.atomic():
            row = OutboxMessage.objects.create(
                escalation=meeting.escalation,
                meeting=meeting,
                purpose=DispatchPurpose.FOLLOWUP,
                dedupe_key=f"followup:meeting:{meeting.pk}",
                to_email=meeting.escalation.executive_address,
                send_at=now,
                subject=subject.strip()[:300],
                body_text=body.strip(),
            )
    except IntegrityError:
        return OutboxMessage.objects.get(dedupe_key=f"followup:meeting:{meeting.pk}"), False
    links.executive_link_owed(meeting.escalation)
    kick_if_due(row, now)
    return row, True


def followup_email(row: OutboxMessage, now: datetime) -> mail.Rendered:
    """The written follow-up after a 1:1 that went badly: the author's own words."""
    e = row.escalation
    subject = row.subject or f"Following up on our 1:1: {e.title}"
    context = {
        "subject": subject,
        "body_html": render_markdown(row.body_text),
        "body_text": mail.plain(row.body_text),
        "status_url": links.executive_status_url(e),
    }
    return mail.Rendered(
        subject=subject,
        text=render_to_string("emails/followup.txt", context),
        html=render_to_string("emails/followup.html", context),
        to=row.to_email,
        reply_to=mail.reply_to_author(e),
        from_email=mail.on_behalf(e),
        automated=False,
    )


KINDS: dict[str, mail.Kind] = {
    DispatchPurpose.FOLLOWUP: mail.Kind(build=followup_email, to_executive=True)
}
