"""Reads shared by views and tasks, each written to a fixed query budget."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from escalations.models import (
    DispatchPurpose,
    DispatchState,
    Escalation,
    Meeting,
    OutboxMessage,
    State,
    Update,
)

VIEW_ALL_PERMISSION = "escalations.view_escalation"


def escalations_visible_to(user: User | AnonymousUser) -> QuerySet[Escalation]:
    """Owners see their own escalations; staff who hold ``escalations.view_escalation``
    (the Reviewers group, superusers) see every one; anyone else sees only their own.

    ``is_staff`` alone only opens the admin's door: a staff account with no permission gets
    403 there, and must get nothing more here (another author's text, the executive's
    email address).
    """
    qs = Escalation.objects.select_related("owner", "executive")
    if not user.is_authenticated:
        return qs.none()
    if getattr(user, "is_staff", False) and user.has_perm(VIEW_ALL_PERMISSION):
        return qs
    return qs.filter(owner=user)


# A draft started and left before a word was typed (every keystroke autosaves; the first
# step's save sets the title and the triage verdict).
EMPTY_DRAFT = Q(
    state=State.DRAFT, title="", triage_verdict="", impact_headline="", wizard_autosaved_at=None
)


def escalations_owned_by(user: User) -> QuerySet[Escalation]:
    """The author's own escalations, newest first (staff included: home shows your own)."""
    return Escalation.objects.select_related("owner").prefetch_related("actions").filter(owner=user)


def escalations_empty_drafts(user: User) -> QuerySet[Escalation]:
    """The author's drafts with nothing typed in them yet."""
    return Escalation.objects.filter(EMPTY_DRAFT, owner=user)


def escalations_named_after(user: User) -> list[int]:
    """The escalations whose readers see this person's name: owned, or with their updates."""
    return list(
        Escalation.objects.filter(Q(owner=user) | Q(updates__author=user))
        .order_by()
        .values_list("pk", flat=True)
        .distinct()
    )


def escalation_full_queryset() -> QuerySet[Escalation]:
    """Everything about an escalation in 1 + 6 queries, whatever the number of children."""
    return Escalation.objects.select_related("owner", "reviewed_by", "executive").prefetch_related(
        "contributing_factors",
        "actions",
        "asks",
        "questions",
        Prefetch("updates", queryset=Update.objects.select_related("author")),
        Prefetch("meetings", queryset=Meeting.objects.order_by("starts_at")),
    )


def escalation_full_for_owner(*, user: User | AnonymousUser, pk: int) -> Escalation:
    """For writes: only the author's own escalation; 404 for anyone else, staff included.

    Staff and reviewers may *read* every escalation (``escalation_full_for_user``) but
    never change one they do not own: history must not be rewritten by a reviewer.
    """
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(escalation_full_queryset().filter(owner=user), pk=pk)


def escalation_full_for_user(*, user: User | AnonymousUser, pk: int) -> Escalation:
    visible = escalations_visible_to(user).values("pk")
    return get_object_or_404(escalation_full_queryset().filter(pk__in=visible), pk=pk)


def escalation_public_state(escalation: Escalation) -> str:
    """What status-page readers see now: the newest update's state, else what the
    lifecycle implies (one query)."""
    latest = Update.objects.filter(escalation=escalation).only("public_status").first()
    return latest.public_status if latest is not None else escalation.public_status


# --- learning from the past -----------------------------------------------------------------

_WORD = re.compile(r"[a-z0-9][a-z0-9'-]{2,}")
# Words every title has: they make everything look similar.
_COMMON = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "from",
        "our",
        "their",
        "this",
        "that",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "not",
        "all",
        "into",
        "after",
        "before",
        "over",
        "under",
        "down",
        "outage",
        "incident",
        "issue",
        "problem",
        "slip",
        "delay",
        "failure",
        "failed",
        "failing",
        "broken",
        "error",
        "errors",
    ]
)


def title_words(title: str) -> set[str]:
    return {w for w in _WORD.findall(title.lower()) if w not in _COMMON}


SIMILAR_LIMIT = 3


def similar_past(e: Escalation, *, limit: int = SIMILAR_LIMIT) -> list[Escalation]:
    """Past escalations of the same kind with a completed RCA, the ones sharing most words
    with this title first, offered as reading to an author starting a new one. Only the
    author's own: nobody reads another author's escalation (docs/access.md)."""
    words = title_words(e.title)
    if not words:
        return []
    match = Q()
    for w in words:
        match |= Q(title__icontains=w)
    candidates = (
        Escalation.objects.filter(kind=e.kind, owner_id=e.owner_id, rca__completed_at__isnull=False)
        .exclude(pk=e.pk)
        .filter(match)
        .select_related("rca")
        .order_by("-resolved_at")[:50]
    )
    scored = sorted(
        ((len(words & title_words(c.title)), c) for c in candidates),
        key=lambda pair: -pair[0],
    )
    return [c for score, c in scored if score > 0][:limit]


# A pre-read going out within this long carries the news of the escalation by itself.
PREREAD_NEAR = timedelta(hours=2)


def preread_carries_escalation(*, escalation_id: int, now: datetime) -> bool:
    """Whether a pre-read has gone, or goes within ``PREREAD_NEAR``, to the executive:
    then escalating sends them that one message, not an "escalated" note as well."""
    return OutboxMessage.objects.filter(
        escalation_id=escalation_id,
        purpose=DispatchPurpose.PREREAD,
        state__in=[DispatchState.PENDING, DispatchState.SENDING, DispatchState.SENT],
        send_at__lte=now + PREREAD_NEAR,
    ).exists()
