"""Share links in the admin: who each link was for, whether it still works, how it was used.

Never shows the token: only its SHA-256 is stored, and the hash is hidden too (it is a
credential's fingerprint, useless to a reviewer and better not copied around). The list of
an escalation's links is added to the escalation page from here, because ``escalations``
never imports ``statuspages``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString

from escalations.review.admin import STORY, EscalationAdmin, StoryInline, UpwardAdmin, badge

from .models import ShareLink
from .services import share_link_admin_save, share_link_delete


def _status(obj: ShareLink) -> SafeString:
    now = timezone.now()
    if obj.revoked_at is not None:
        return badge("muted", "revoked")
    if not obj.is_usable(now):
        return badge("muted", "expired")
    return badge("ok", "active")


@admin.register(ShareLink)
class ShareLinkAdmin(UpwardAdmin):
    review_scope = "escalation"
    list_display = [
        "label",
        "escalation",
        "for_executive",
        "audience",
        "status",
        "created_by",
        "created_at",
        "expires_at",
        "last_viewed_at",
        "view_count",
    ]
    list_filter = ["for_executive", "audience"]
    list_select_related = ["escalation", "created_by"]
    search_fields = ["label", "escalation__title"]
    # token_hash is not editable=False-only: it is left out of every form and list.
    exclude = ["token_hash", "mailed_token"]
    readonly_fields = [
        "escalation",
        "created_by",
        "for_executive",
        "audience",
        "last_viewed_at",
        "view_count",
        "status",
    ]

    def save_model(self, request: HttpRequest, obj: ShareLink, form: Any, change: bool) -> None:
        share_link_admin_save(link=obj, changed=form.changed_data)

    def delete_model(self, request: HttpRequest, obj: ShareLink) -> None:
        share_link_delete(link=obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for link in queryset:
            share_link_delete(link=link)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A link is only useful with its raw token, which the author sees once at creation.
        return False

    @admin.display(description="Status")
    def status(self, obj: ShareLink) -> SafeString:
        return _status(obj)


class ShareLinkInline(StoryInline):
    model = ShareLink
    verbose_name_plural = "Share links (the token is never shown)"
    fields = readonly_fields = (
        "label",
        "for_executive",
        "link_status",
        "created_by",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_viewed_at",
        "view_count",
    )
    story_after = STORY

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("created_by")

    @admin.display(description="Status")
    def link_status(self, obj: ShareLink) -> SafeString:
        return _status(obj)


EscalationAdmin.inlines = [*EscalationAdmin.inlines, ShareLinkInline]
