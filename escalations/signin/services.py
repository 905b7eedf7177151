"""Writes made by a company sign-in: the account, its name and email, and its teams."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from escalations.models import Team, TeamMembership, TeamRole
from escalations.selectors import escalations_named_after
from escalations.services import escalation_touch
from escalations.teams.services import team_membership_end, team_membership_set


def _free_username(email: str) -> str:
    """The email itself (what the admin shows), made unique if a local account has it."""
    base = email.lower()[:140]
    candidate, n = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def signin_user_sync(
    *, user: User | None, email: str, display_name: str, groups: list[str] | None
) -> User:
    """The account of someone the company's provider just signed in: created on their first
    sign-in (no password: they sign in through the provider only), and otherwise brought up
    to date with the name and email in their ID token. With ``groups`` (``OIDC_GROUPS_CLAIM``
    is set), their teams become what the groups say (``signin_teams_sync``)."""
    with transaction.atomic():
        if user is None:
            user = User(username=_free_username(email), email=email, first_name=display_name)
            user.set_unusable_password()
            user.save()
        else:
            renamed = user.get_full_name() != display_name
            if renamed or user.email != email:
                # One field for the whole name, as the profile page keeps it.
                user.first_name, user.last_name, user.email = display_name, "", email
                user.save(update_fields=["first_name", "last_name", "email"])
            if renamed:
                # Status pages and feeds name the owner and the author of every update.
                escalation_touch(pks=escalations_named_after(user))
        if groups is not None:
            signin_teams_sync(user=user, groups=groups)
        return user


REVIEWERS_SUFFIX = "-reviewers"


def _teams_named_by(groups: list[str]) -> dict[Team, str]:
    """The teams the IdP groups name, with the role each gives (docs/sign-in.md).

    A group names a team by its slug or its name, ignoring case: ``payments`` makes the
    person a member of the team whose slug is payments; ``payments-reviewers`` a reviewer
    (who is a member too). Groups that name no team are ignored: sign-in creates no team."""
    wanted = {g.strip().lower() for g in groups if g.strip()}
    reviewing = {g[: -len(REVIEWERS_SUFFIX)] for g in wanted if g.endswith(REVIEWERS_SUFFIX)}
    roles: dict[Team, str] = {}
    for team in Team.objects.all():
        names = {team.slug.lower(), team.name.lower()}
        if names & reviewing:
            roles[team] = TeamRole.REVIEWER
        elif names & wanted:
            roles[team] = TeamRole.MEMBER
    return roles


def signin_teams_sync(*, user: User, groups: list[str]) -> None:
    """Make ``user``'s teams exactly those their IdP groups name, with those roles: the
    provider is the source of truth for the teams of people who sign in through it."""
    roles = _teams_named_by(groups)
    for team, role in roles.items():
        team_membership_set(team=team, user=user, role=role)
    for membership in TeamMembership.objects.filter(user=user).select_related("team"):
        if membership.team not in roles:
            team_membership_end(team=membership.team, user=user)
