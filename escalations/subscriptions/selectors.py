"""Reads about subscriptions (no writes: the executive's row is created by services)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from escalations.models import (
    ChatWebhook,
    DispatchPurpose,
    DispatchState,
    Escalation,
    OutboxMessage,
    Subscription,
    SubscriptionMode,
)


@dataclass(frozen=True)
class ExecutiveEmailSettings:
    mode: str
    digest_at: time | None
    time_zone: str

    @property
    def mode_label(self) -> str:
        return SubscriptionMode(self.mode).label


def executive_email_settings(escalation: Escalation) -> ExecutiveEmailSettings:
    """What the executive gets by email now: the choice on their directory entry, which
    applies to every escalation addressed to them (every update by default)."""
    executive = escalation.executive
    if executive is None:
        return ExecutiveEmailSettings(SubscriptionMode.EACH, None, escalation.executive_zone)
    return ExecutiveEmailSettings(executive.mode, executive.digest_at, executive.time_zone or "UTC")


def subscribers_of(escalation: Escalation) -> list[Subscription]:
    """Readers other than the executive who get the updates by email, for the author."""
    return list(
        Subscription.objects.filter(
            escalation=escalation,
            for_executive=False,
            confirmed_at__isnull=False,
            unsubscribed_at__isnull=True,
        )
        .exclude(mode=SubscriptionMode.OFF)
        .order_by("email")
    )


def chat_webhook_for(escalation: Escalation) -> ChatWebhook | None:
    """The escalation's chat webhook, if any (one query); templates only see it masked."""
    return ChatWebhook.objects.filter(escalation=escalation).first()


def chat_failure(escalation: Escalation) -> OutboxMessage | None:
    """The latest chat post, when it failed (its ``error`` says why, never the URL)."""
    latest = (
        OutboxMessage.objects.filter(escalation=escalation, purpose=DispatchPurpose.CHAT_UPDATE)
        .select_related("update")
        .order_by("-created_at", "-pk")
        .first()
    )
    return latest if latest is not None and latest.state == DispatchState.FAILED else None
