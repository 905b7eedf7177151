"""Writes to the author's profile."""

from __future__ import annotations

from django.contrib.auth.models import User

from escalations.models import Profile


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
