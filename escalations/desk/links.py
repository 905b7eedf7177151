"""The executive's desk link: one personal, revocable capability URL per executive.

The token is ``[executive.pk, executive.desk_key]`` signed with SECRET_KEY (salt
"upward.desk"), so no working link is stored anywhere; rotating ``desk_key``
(``escalations.desk.services.desk_link_rotate``) revokes every link given out before.
"""

from __future__ import annotations

from django.core import signing
from django.urls import reverse

from escalations.models import Executive

SALT = "upward.desk"


def desk_url(executive: Executive) -> str:
    """The path of the executive's desk (``/desk/<token>/``)."""
    token = signing.dumps([executive.pk, executive.desk_key], salt=SALT)
    return reverse("desk:page", args=[token])


def desk_executive(token: str) -> Executive | None:
    """The executive a desk token belongs to, or None: unknown, forged, or revoked (signed
    over a ``desk_key`` that has been rotated since). One query for a well-signed token."""
    try:
        pk, key = signing.loads(token, salt=SALT)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(pk, int) or not isinstance(key, str) or not key:
        return None
    return Executive.objects.filter(pk=pk, desk_key=key).first()
