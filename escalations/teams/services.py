"""Writes behind teams and co-authors (docs/access.md).

An escalation belongs to its author's team; the author may add colleagues from that team as
co-authors, who then edit it, post updates and get the reminders like the author. The
status page does not list co-authors (each update says who wrote it), so none of these
writes is one a reader notices.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from escalations.models import Escalation, Team, TeamMembership, TeamRole


class CoauthorRefused(Exception):
    """Not someone the author may add: said in words the author can act on."""


def coauthor_candidates(escalation: Escalation) -> list[User]:
    """Who the author may add: active members of the escalation's team (any role), not the
    author, not already a co-author, by name."""
    if escalation.team_id is None:
        return []
    taken = {escalation.owner_id, *(u.pk for u in escalation.coauthors.all())}
    users = User.objects.filter(
        team_memberships__team_id=escalation.team_id, is_active=True
    ).distinct()
    return sorted(
        (u for u in users if u.pk not in taken),
        key=lambda u: ((u.get_full_name() or u.get_username()).lower(), u.pk),
    )


def coauthor_add(*, escalation: Escalation, user: User) -> None:
    """Make ``user`` a co-author: they must be an active member of the escalation's team."""
    if escalation.team_id is None:
        raise CoauthorRefused(
            "This escalation belongs to no team, so there is nobody to add: ask an admin "
            "to put you in a team."
        )
    if user.pk == escalation.owner_id:
        raise CoauthorRefused("You are its author already.")
    if (
        not user.is_active
        or not TeamMembership.objects.filter(team_id=escalation.team_id, user=user).exists()
    ):
        raise CoauthorRefused(
            f"{user.get_full_name() or user.get_username()} is not in the team "
            f"“{escalation.team}”: only its members can be co-authors."
        )
    escalation.coauthors.add(user)


def coauthor_remove(*, escalation: Escalation, user: User) -> None:
    """Take ``user`` off the co-authors (the updates they wrote stay, with their name)."""
    escalation.coauthors.remove(user)


def team_membership_set(*, team: Team, user: User, role: str = TeamRole.MEMBER) -> TeamMembership:
    """Put ``user`` in ``team`` with ``role`` (member or reviewer), or change their role.

    The one write of memberships outside the admin (sign-in through the company's identity
    provider maps its groups to teams with it)."""
    with transaction.atomic():
        membership, _ = TeamMembership.objects.select_for_update().get_or_create(
            team=team, user=user, defaults={"role": role}
        )
        if membership.role != role:
            membership.role = role
            membership.save(update_fields=["role"])
    return membership


def team_membership_end(*, team: Team, user: User) -> None:
    """Take ``user`` out of ``team``; the escalations they wrote stay in it."""
    TeamMembership.objects.filter(team=team, user=user).delete()
