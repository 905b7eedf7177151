"""One email instead of many: the executive's daily digest, their desk in short.

For an executive who chose the digest (``Executive.mode`` "digest"), once a day at their
local ``digest_at``: the decisions waiting on them with their decide links (through their
desk's confirmation page: opening one decides nothing), one line per open escalation on
what changed since the last digest, and what is overdue. At most ``WORD_LIMIT`` words plus
one line per escalation. Instead of the per-escalation update emails and notices, which the
engine no longer sends them (``takes_no_single_emails``); with "off", nothing at all.

Owed: by the digest tick (``executive_digests_scan``, run with the subscribers' digests),
once per executive and local day (dedupe key), only while an escalation addressed to them
is open. The row hangs on their most urgent open escalation (``OutboxMessage.escalation``
is required) and names the executive (``OutboxMessage.executive``). Still owed only while
they are still on the digest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from escalations import timetext
from escalations.desk.links import desk_url
from escalations.desk.selectors import Desk, DeskAsk, desk_for
from escalations.markdown import first_line
from escalations.models import (
    DECISION_SLUGS,
    OPEN_STATES,
    DispatchPurpose,
    Escalation,
    Executive,
    OutboxMessage,
    SubscriptionMode,
    Update,
    zone_or_utc,
)
from escalations.outbox import mail
from escalations.outbox.owe import kick_if_due
from escalations.wizard.briefing import count_words

# The desk in short: at most this many words, plus one line per escalation.
WORD_LIMIT = 250
# Without an earlier digest, "what changed" looks back this far.
FIRST_LOOKBACK = timedelta(days=1)


# --- owed ------------------------------------------------------------------------------------


@dataclass
class ExecutiveDigestScan:
    considered: int = 0
    written: int = 0


def _today_at(x: Executive, now: datetime) -> tuple[datetime, str] | None:
    """Today's digest instant in the executive's zone, once it has come (and the date)."""
    if x.digest_at is None:
        return None
    tz = zone_or_utc(x.time_zone)
    today = now.astimezone(tz).date()
    at = datetime.combine(today, x.digest_at, tzinfo=tz)
    return (at, today.isoformat()) if now >= at else None


def digest_key(x: Executive, day: str) -> str:
    return f"executive_digest:{x.pk}:{day}"


def executive_digests_scan(*, now: datetime) -> ExecutiveDigestScan:
    """Beat tick: owe today's digest to every executive on the digest whose local time has
    come and who has an open escalation. Three queries, plus one insert per digest owed."""
    result = ExecutiveDigestScan()
    open_by_executive: dict[int, list[tuple[int, str, float]]] = {}
    for x_id, pk, severity, escalated_at in Escalation.objects.filter(
        executive__mode=SubscriptionMode.DIGEST, state__in=OPEN_STATES
    ).values_list("executive_id", "pk", "severity", "escalated_at"):
        stamp = -escalated_at.timestamp() if escalated_at else 0.0
        open_by_executive.setdefault(x_id, []).append((pk, severity, stamp))
    due: list[tuple[Executive, datetime, str]] = []
    for x in Executive.objects.filter(pk__in=open_by_executive, mode=SubscriptionMode.DIGEST):
        result.considered += 1
        instant = _today_at(x, now)
        if instant is not None:
            due.append((x, *instant))
    keys = {x.pk: digest_key(x, day) for x, _at, day in due}
    written = set(
        OutboxMessage.objects.filter(dedupe_key__in=keys.values()).values_list(
            "dedupe_key", flat=True
        )
    )
    last = dict(
        OutboxMessage.objects.filter(
            executive_id__in=keys, purpose=DispatchPurpose.EXECUTIVE_DIGEST
        )
        .order_by("executive_id", "-covers_until")
        .distinct("executive_id")
        .values_list("executive_id", "covers_until")
    )
    for x, at, _day in due:
        if keys[x.pk] in written:
            continue
        # The most urgent open escalation carries the row: SEV1 first, then the newest.
        anchor = min(open_by_executive[x.pk], key=lambda t: (t[1], t[2]))[0]
        try:
            with transaction.atomic():
                row = OutboxMessage.objects.create(
                    escalation_id=anchor,
                    executive=x,
                    purpose=DispatchPurpose.EXECUTIVE_DIGEST,
                    dedupe_key=keys[x.pk],
                    to_email=x.email,
                    covers_from=last.get(x.pk) or at - FIRST_LOOKBACK,
                    covers_until=now,
                    send_at=now,
                )
                kick_if_due(row, now)
        except IntegrityError:
            continue
        result.written += 1
    return result


# --- the engine's checks ---------------------------------------------------------------------

# What the executive gets one by one when they chose "every update", and in the digest
# (or not at all) otherwise.
SINGLE_EMAILS = frozenset(
    {DispatchPurpose.UPDATE, DispatchPurpose.DIGEST, DispatchPurpose.EXECUTIVE_NOTICE}
)


def takes_no_single_emails(row: OutboxMessage) -> str:
    """Why an update, a per-escalation digest or a "no update" notice to the executive is
    not sent: they chose the daily digest, or no emails. "" when it goes."""
    if row.purpose not in SINGLE_EMAILS:
        return ""
    if row.purpose != DispatchPurpose.EXECUTIVE_NOTICE and not (
        row.subscription is not None and row.subscription.for_executive
    ):
        return ""
    x = row.escalation.executive
    if x is None or x.mode == SubscriptionMode.EACH:
        return ""
    if x.mode == SubscriptionMode.DIGEST:
        return "The executive takes the daily digest of their desk instead."
    return "The executive chose no emails."


def digest_still_owed(row: OutboxMessage, now: datetime) -> str:
    x = row.executive
    if x is None:
        return "No executive."
    if x.mode != SubscriptionMode.DIGEST:
        return "The executive left the daily digest before this was sent."
    return ""


# --- built -----------------------------------------------------------------------------------


def _desk_link(x: Executive) -> str:
    return f"{settings.SITE_URL}{desk_url(x)}"


def _ask_item(d: DeskAsk, base: str) -> dict[str, object]:
    ask = d.ask
    if ask.option_list:
        buttons = [
            {"label": option, "url": f"{base}asks/{ask.pk}/approve/?option={n}", "kind": "option"}
            for n, option in enumerate(ask.option_list, start=1)
        ] + [{"label": "Let's discuss", "url": f"{base}asks/{ask.pk}/discuss/", "kind": "discuss"}]
    else:
        buttons = [
            {"label": choice.label, "url": f"{base}asks/{ask.pk}/{slug}/", "kind": slug}
            for slug, choice in DECISION_SLUGS.items()
        ]
    return {
        "pk": ask.pk,
        "decision": ask.decision.strip(),
        "title": d.escalation.e.title,
        "author": d.escalation.author,
        "decide_by": d.decide_by,
        "late": d.waiting,
        "buttons": buttons,
    }


def _changes(desk: Desk, since: datetime, until: datetime) -> dict[int, tuple[int, str]]:
    """Per open escalation: how many updates since the last digest, and the newest one's
    first line (one query)."""
    out: dict[int, tuple[int, str]] = {}
    for u in Update.objects.filter(
        escalation_id__in=[d.e.pk for d in desk.open_escalations],
        created_at__gt=since,
        created_at__lte=until,
    ).order_by("-created_at", "-pk"):
        n, line = out.get(u.escalation_id, (0, ""))
        out[u.escalation_id] = (n + 1, line or first_line(u.body, 140))
    return out


def _escalation_lines(desk: Desk, changes: dict[int, tuple[int, str]]) -> list[str]:
    lines = []
    for d in desk.open_escalations:
        n, line = changes.get(d.e.pk, (0, ""))
        state = d.e.get_state_display().lower()
        if n:
            what = f"{n} update{'s' if n != 1 else ''}, latest: {line}"
        else:
            what = "no update since the last digest"
        lines.append(f"{d.e.title} ({state}, {d.author}): {what}")
    return lines


def digest_context(desk: Desk, *, since: datetime, until: datetime) -> dict[str, object]:
    """What the digest says, within ``WORD_LIMIT`` words plus the escalations' lines: the
    asks first (as many as fit; the rest are counted and on the desk), then what is
    overdue."""
    x = desk.executive
    link = _desk_link(x)
    base = link if link.endswith("/") else link + "/"
    n_open = len(desk.open_escalations)
    intro = (
        f"{len(desk.asks)} decision{'s' if len(desk.asks) != 1 else ''} waiting on you across "
        f"{n_open} open escalation{'s' if n_open != 1 else ''}."
    )
    overdue = [
        f"{d.e.title}: update overdue by {d.overdue_text} ({d.author})" for d in desk.overdue
    ]
    asks = [_ask_item(d, base) for d in desk.asks]
    return {
        "x": x,
        "intro": intro,
        "asks": asks,
        "more_asks": 0,
        "overdue": overdue,
        "escalations": _escalation_lines(desk, _changes(desk, since, until)),
        "desk_link": link,
        "since": timetext.when(since, desk.tz),
    }


def executive_digest_email(row: OutboxMessage, now: datetime) -> mail.Rendered:
    x = row.executive
    if x is None:
        raise ValueError(f"Dispatch {row.pk} has no executive")
    desk = desk_for(x, now)
    until = row.covers_until or now
    context = digest_context(desk, since=row.covers_from or until - FIRST_LOOKBACK, until=until)
    n = len(desk.asks)
    lead = f"{n} decision{'s' if n != 1 else ''} waiting" if n else "Nothing waiting on you"
    if desk.overdue:
        lead += f", {len(desk.overdue)} overdue"
    subject = f"{lead} · your desk, {timetext.in_zone(now, desk.tz, '%a %d %b')}"
    context["subject"] = subject
    # Within the limit: as many asks as fit (most urgent first); the rest are counted.
    every_ask = list(context["asks"])  # type: ignore[call-overload]
    lines = list(context["escalations"])  # type: ignore[call-overload]
    text = render_to_string("emails/desk_digest.txt", context)
    while every_ask and words_beyond_lines(text, lines) > WORD_LIMIT:
        every_ask.pop()
        context["more_asks"] = len(desk.asks) - len(every_ask)
        context["asks"] = every_ask
        text = render_to_string("emails/desk_digest.txt", context)
    return mail.Rendered(
        subject=subject,
        text=text,
        html=render_to_string("emails/desk_digest.html", context),
        to=x.email,
    )


def words_beyond_lines(text: str, lines: list[str]) -> int:
    """The words of the digest beside its one line per escalation (which come on top of
    the limit)."""
    return count_words(text) - sum(count_words(line) for line in lines)


KINDS: dict[str, mail.Kind] = {
    DispatchPurpose.EXECUTIVE_DIGEST: mail.Kind(
        build=executive_digest_email,
        still_owed=digest_still_owed,
        to_executive=True,
        carries_desk_link=True,
    )
}
