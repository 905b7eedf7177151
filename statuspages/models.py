"""Publishing an escalation: private share links.

The raw token is shown once, at creation; only its SHA-256 is stored, so a database leak
does not leak working links.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q

from escalations.models import Escalation

TOKEN_BYTES = 32


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Audience(models.TextChoices):
    ANYONE = "anyone", "Anyone with the link"
    COLLEAGUES = "colleagues", "Signed-in colleagues with the link"


class ShareLink(models.Model):
    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="share_links")
    label = models.CharField(
        max_length=80, help_text="Who it is for, e.g. “CTO” or “#inc-payments”."
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_viewed_at = models.DateTimeField(null=True, blank=True)
    view_count = models.PositiveIntegerField(default=0)
    # Who may open it: anyone holding the link, or only a signed-in colleague holding it
    # (a signed-out visitor is sent to sign in first; docs/access.md).
    audience = models.CharField(max_length=16, choices=Audience.choices, default=Audience.ANYONE)
    # Minted by Upward itself for the executive's emails (pre-read, notices).
    for_executive = models.BooleanField(default=False)
    # The raw token of a link Upward itself puts in emails (the executive's) or prints (the
    # demo's): those need the link again, and a token derived from SECRET_KEY could be
    # computed by anyone holding the key. Blank for every link an author creates.
    mailed_token = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True) | Q(expires_at__gt=models.F("created_at")),
                name="sharelink_expires_after_creation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} → {self.escalation}"

    def is_usable(self, now: datetime) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or now < self.expires_at
