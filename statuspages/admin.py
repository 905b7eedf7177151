from django.contrib import admin

from .models import ShareLink


@admin.register(ShareLink)
class ShareLinkAdmin(admin.ModelAdmin):
    """Never shows the token: only its hash is stored, and that stays hidden too."""

    list_display = [
        "label",
        "escalation",
        "created_by",
        "created_at",
        "expires_at",
        "revoked_at",
        "view_count",
    ]
    list_select_related = ["escalation", "created_by"]
    exclude = ["token_hash"]
    readonly_fields = ["last_viewed_at", "view_count"]
