"""The desk in the admin: a superuser revokes an executive's desk link (the Executive admin,
escalations/directory/admin.py, offers this action)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from escalations.desk.services import desk_link_rotate
from escalations.models import Executive


@admin.action(description="Revoke their desk links (the next email carries a new one)")
def revoke_desk_links(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Executive]
) -> None:
    if not getattr(request.user, "is_superuser", False):
        modeladmin.message_user(
            request, "Only a superuser can revoke desk links here.", messages.ERROR
        )
        return
    names = []
    for executive in queryset:
        desk_link_rotate(executive=executive)
        names.append(executive.name)
    modeladmin.message_user(
        request,
        f"Desk links revoked for {', '.join(names)}: the old links stopped working just now.",
        messages.SUCCESS,
    )
