"""The executive's desk link: signed over (id, ``desk_key``), so no working link is stored
and rotating ``Executive.desk_key`` revokes it."""

from __future__ import annotations

from django.core import signing
from django.urls import NoReverseMatch, reverse

from escalations.models import Executive

SALT = "upward.desk"


def desk_url(executive: Executive) -> str:
    """The path of the executive's desk, e.g. ``/desk/<signed token>/``."""
    token = signing.dumps([executive.pk, executive.desk_key], salt=SALT)
    try:
        return reverse("desk:page", args=[token])
    except NoReverseMatch:
        # Before the desk's URLs are installed, the same path they will answer on.
        return f"/desk/{token}/"
