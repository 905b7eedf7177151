"""Writes to the author's profile."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from escalations.models import Profile
from escalations.selectors import escalations_named_after
from escalations.services import escalation_touch


def profile_get_or_create(*, user: User) -> Profile:
    """The author's preferences row, created with UTC on first use."""
    profile, _ = Profile.objects.get_or_create(user=user)
    return profile


def profile_set_time_zone(*, user: User, time_zone: str) -> Profile:
    """Remember the zone the author enters and reads times in."""
    profile = profile_get_or_create(user=user)
    profile.time_zone = time_zone
    profile.full_clean()
    profile.save(update_fields=["time_zone"])
    return profile


def profile_update(*, user: User, display_name: str, email: str, time_zone: str) -> Profile:
    """The author's name (as readers see it), reply address and zone, saved together."""
    with transaction.atomic():
        renamed = user.get_full_name() != display_name
        # One field for the whole name: get_full_name() is "first last", so it is kept
        # whole in first_name rather than guessed apart.
        user.first_name = display_name
        user.last_name = ""
        user.email = email
        user.save(update_fields=["first_name", "last_name", "email"])
        if renamed:
            # Status pages and feeds name the owner and the author of every update.
            escalation_touch(pks=escalations_named_after(user))
        return profile_set_time_zone(user=user, time_zone=time_zone)
