"""The desk's writes: revoking the executive's desk link."""

from __future__ import annotations

import logging
import secrets

from django.db import transaction

from escalations.models import Executive

logger = logging.getLogger(__name__)


def new_desk_key() -> str:
    return secrets.token_hex(16)


def desk_link_rotate(*, executive: Executive) -> Executive:
    """Revoke every desk link given out so far: a new ``desk_key``, so old tokens no longer
    verify. The next email to the executive carries the new link (it is computed from the
    key when the email is built). The author who added them, a superuser (the Executive
    admin) or the executive themselves (from their desk) may do it."""
    with transaction.atomic():
        locked = Executive.objects.select_for_update().get(pk=executive.pk)
        locked.desk_key = new_desk_key()
        locked.save(update_fields=["desk_key"])
    executive.desk_key = locked.desk_key
    logger.info("Desk link of executive %s rotated", executive.pk)
    return executive
