"""Writes made by a company sign-in: the account, its name and email (and its teams)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from escalations.selectors import escalations_named_after
from escalations.services import escalation_touch


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
    to date with the name and email in their ID token."""
    with transaction.atomic():
        if user is None:
            user = User(username=_free_username(email), email=email, first_name=display_name)
            user.set_unusable_password()
            user.save()
            return user
        renamed = user.get_full_name() != display_name
        if renamed or user.email != email:
            # One field for the whole name, as the profile page keeps it.
            user.first_name, user.last_name, user.email = display_name, "", email
            user.save(update_fields=["first_name", "last_name", "email"])
        if renamed:
            # Status pages and feeds name the owner and the author of every update.
            escalation_touch(pks=escalations_named_after(user))
        return user
