"""The directory in the admin: reviewers read each executive's history (read-only, by
the "Reviewers" group's view permission); superusers correct an entry's name, title,
address or zone. How updates reach the executive is their own choice, made on their
status link, so it is shown here but not edited."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from escalations.desk.admin import revoke_desk_links
from escalations.directory.selectors import History, histories
from escalations.directory.services import executive_update
from escalations.models import Executive
from escalations.review.admin import UpwardAdmin
from escalations.timetext import humanize_delta


def _median(history: History) -> str:
    if history.median_to_decide is None:
        return "—"
    return humanize_delta(history.median_to_decide)


class HistoryChangeList(ChangeList):
    """Each page's histories in two queries, whatever its length, kept on the rows."""

    def get_results(self, request: HttpRequest) -> None:
        super().get_results(request)
        found = histories(list(self.result_list), timezone.now())
        for obj in self.result_list:
            obj.history_cache = found[obj.pk]


@admin.register(Executive)
class ExecutiveAdmin(UpwardAdmin):
    list_display = [
        "name",
        "title",
        "email",
        "time_zone",
        "mode",
        "addressed",
        "median_to_decide",
        "waited_past_decide_by",
    ]
    search_fields = ["name", "title", "email"]
    list_filter = ["mode"]
    # A superuser revokes an executive's desk link here (escalations/desk/admin.py).
    actions = [revoke_desk_links]
    fields = ["name", "title", "email", "time_zone", "mode", "digest_at", "history"]
    readonly_fields = ["mode", "digest_at", "history"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if not self.has_change_permission(request, obj):
            return [str(name) for name in self.fields]
        return list(self.readonly_fields)

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return HistoryChangeList

    def _history(self, obj: Executive) -> History:
        found = getattr(obj, "history_cache", None)
        if found is None:
            found = histories([obj], timezone.now())[obj.pk]
        return found

    @admin.display(description="Escalations")
    def addressed(self, obj: Executive) -> int:
        return self._history(obj).escalations

    @admin.display(description="Median time to decide")
    def median_to_decide(self, obj: Executive) -> str:
        return _median(self._history(obj))

    @admin.display(description="Asks past their decide-by")
    def waited_past_decide_by(self, obj: Executive) -> int:
        return self._history(obj).waited_past_decide_by

    @admin.display(description="History")
    def history(self, obj: Executive) -> SafeString | str:
        if obj.pk is None:
            return "—"
        h = self._history(obj)
        rows = format_html_join(
            "",
            '<li><a href="{}">{}</a> · {}</li>',
            (
                (
                    reverse("admin:escalations_escalation_change", args=[e.pk]),
                    e.title,
                    e.get_state_display(),
                )
                for e in obj.escalations.order_by("-created_at", "-pk")
            ),
        )
        return format_html(
            "<p>{} escalation{} addressed to them. {} ask{} decided, median {} from the ask "
            "reaching them to the decision. {} ask{} waited past the decide-by.</p><ul>{}</ul>",
            h.escalations,
            "" if h.escalations == 1 else "s",
            h.decided,
            "" if h.decided == 1 else "s",
            _median(h),
            h.waited_past_decide_by,
            "" if h.waited_past_decide_by == 1 else "s",
            rows,
        )

    def save_model(self, request: HttpRequest, obj: Executive, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user  # type: ignore[assignment]
            obj.desk_key = secrets.token_hex(16)
            super().save_model(request, obj, form, change)
            return
        executive_update(executive=obj, fields=list(form.changed_data))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Escalations keep their executive (PROTECT): an entry with history stays.
        if obj is not None and obj.escalations.exists():
            return False
        return super().has_delete_permission(request, obj)
