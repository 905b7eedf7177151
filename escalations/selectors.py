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
    Team,
    TeamRole,
    Update,
)


def teams_reviewed_by(user: User | AnonymousUser) -> QuerySet[Team]:
    """The teams whose escalations this person reviews (role reviewer in the team)."""
    if not user.is_authenticated:
        return Team.objects.none()
    return Team.objects.filter(memberships__user=user, memberships__role=TeamRole.REVIEWER)


def teams_reviewable_by(user: User | AnonymousUser) -> QuerySet[Team]:
    """The teams whose escalations this person may pick in the admin review: the ones they
    review, every team for a superuser."""
    if user.is_authenticated and user.is_superuser:
        return Team.objects.order_by("name", "pk")
    return teams_reviewed_by(user).order_by("name", "pk")


def teams_of(user: User | AnonymousUser) -> QuerySet[Team]:
    """The teams this person belongs to, in any role, by name."""
    if not user.is_authenticated:
        return Team.objects.none()
    return Team.objects.filter(memberships__user=user).distinct().order_by("name", "pk")


# Who may do what to an escalation, in one place (docs/access.md, tests/test_access.py):
# ``escalations_editable_by`` (author and co-authors: every write but the author-only ones),
# ``escalations_reviewable_by`` (team reviewers and superusers: the admin review), and
# ``escalations_visible_to`` (the two together: the pages that only read).


def _editable(user: User) -> Q:
    return Q(owner=user) | Q(
        pk__in=Escalation.coauthors.through.objects.filter(user=user).values("escalation")
    )


def _reviewable(user: User) -> Q | None:
    """None: everything (a superuser)."""
    if user.is_superuser:
        return None
    return Q(team__in=teams_reviewed_by(user).values("pk"))


def escalations_editable_by(user: User | AnonymousUser) -> QuerySet[Escalation]:
    """The escalations this person may change: their own, and those they co-author."""
    qs = Escalation.objects.select_related("owner")
    if not user.is_authenticated:
        return qs.none()
    return qs.filter(_editable(user))  # type: ignore[arg-type]


def escalations_reviewable_by(user: User | AnonymousUser) -> QuerySet[Escalation]:
    """What the admin review lists, exports and measures for this person: every escalation
    for a superuser; the escalations of the teams they review for anyone else (none for a
    reviewer of no team). Entering the admin at all still needs staff and the Reviewers
    group's permissions; this only decides which rows are there."""
    qs = Escalation.objects.select_related("owner")
    if not user.is_authenticated:
        return qs.none()
    reviewable = _reviewable(user)  # type: ignore[arg-type]
    return qs if reviewable is None else qs.filter(reviewable)


def escalations_visible_to(user: User | AnonymousUser) -> QuerySet[Escalation]:
    """What this person may read in the app: what they may edit (their own, co-authored)
    and what they review (their teams' escalations; all of them for a superuser).

    ``is_staff`` or the Reviewers group alone opens nothing here: a staff account that
    reviews no team gets another author's escalation as a 404, like anyone else.
    """
    qs = Escalation.objects.select_related("owner", "executive")
    if not user.is_authenticated:
        return qs.none()
    reviewable = _reviewable(user)  # type: ignore[arg-type]
    if reviewable is None:
        return qs
    return qs.filter(_editable(user) | reviewable)  # type: ignore[arg-type]


def may_edit(user: User | AnonymousUser, escalation: Escalation) -> bool:
    """Author or co-author (one query unless ``coauthors`` is prefetched)."""
    if not user.is_authenticated:
        return False
    if escalation.owner_id == user.pk:
        return True
    return any(u.pk == user.pk for u in escalation.coauthors.all())


def escalation_writers(escalation: Escalation) -> list[User]:
    """The people owed the author's reminders: the author, then the co-authors by name."""
    coauthors = sorted(
        (u for u in escalation.coauthors.all() if u.pk != escalation.owner_id and u.is_active),
        key=lambda u: ((u.get_full_name() or u.get_username()).lower(), u.pk),
    )
    return [escalation.owner, *coauthors]


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
    """Everything about an escalation in 1 + 7 queries, whatever the number of children."""
    return Escalation.objects.select_related(
        "owner", "reviewed_by", "executive", "team"
    ).prefetch_related(
        "coauthors",
        "contributing_factors",
        "actions",
        "asks",
        "questions",
        Prefetch("updates", queryset=Update.objects.select_related("author")),
        Prefetch("meetings", queryset=Meeting.objects.order_by("starts_at")),
    )


def escalation_full_for_author(*, user: User | AnonymousUser, pk: int) -> Escalation:
    """For the author-only writes (co-authors, discarding a draft, share links): the
    author's own escalation; 404 for anyone else, co-authors and superusers included."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(escalation_full_queryset().filter(owner=user), pk=pk)


def escalation_full_for_editor(*, user: User | AnonymousUser, pk: int) -> Escalation:
    """For writes: an escalation this person authors or co-authors; 404 for anyone else.

    Reviewers and superusers may *read* (``escalation_full_for_user``) but never change an
    escalation they do not write: history must not be rewritten by a reviewer.
    """
    editable = escalations_editable_by(user).values("pk")
    return get_object_or_404(escalation_full_queryset().filter(pk__in=editable), pk=pk)


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
