"""The review admin: reviewers look back over past escalations here.

The changelist answers "how fast was it raised, were updates on time, what is still open?"
in one screen, with every figure annotated in SQL so 10 or 10,000 escalations cost the same
number of queries. The change form tells the whole story on one page, in the fixed order
of an escalation (triage, the five sections with their lists, then the timeline, meetings,
emails and coach overrides).

Only the post-incident review fields are editable here, and they are saved through
``escalation_review_save`` (those columns only, never the whole row). Everything else was
written by the author through the wizard, whose services move ``version``
(``escalation_touch``) and post a timeline entry on each reader-visible change; an admin
edit would silently rewrite what the executive read, so the story is read-only (the
"Reviewers" group is view-only altogether).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import admin, messages
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from escalations.cadence import describe
from escalations.formfields import TextLimitsMixin, TextModelForm
from escalations.lifecycle import services
from escalations.markdown import render_markdown
from escalations.models import (
    AnticipatedQuestion,
    Ask,
    CadencePolicy,
    CoachOverride,
    ContributingFactor,
    Escalation,
    Meeting,
    OutboxMessage,
    Profile,
    Rca,
    RemediationAction,
    State,
    Subscription,
    Team,
    TeamMembership,
    TeamRole,
    Update,
    UpdateKind,
)
from escalations.review import export, metrics
from escalations.review.metrics import METRICS_PERMISSION
from escalations.review.views import metrics_view
from escalations.selectors import (
    escalations_named_after,
    escalations_reviewable_by,
    teams_reviewable_by,
)
from escalations.services import escalation_touch
from escalations.timetext import humanize_delta

# Fieldset headings; inlines name the one they follow (see change_form.html).
GLANCE = "At a glance"
TRIAGE = "Triage — is it executive-level?"
IMPACT = "1 · Impact"
CAUSE = "2 · Root cause"
OWNERSHIP = "3 · Ownership"
REMEDIATION = "4 · Remediation"
ASKS = "5 · Asks"
STORY = "What happened next"
REVIEW = "Post-incident review"

REVIEW_FIELDS = ["review_root_cause_confirmed", "review_prevention_actions", "review_lessons"]


admin.site.site_header = "Upward — review"
admin.site.site_title = "Upward review"
admin.site.index_title = "Look back over past escalations"
# The changelist is wide (ten columns and a filter panel); the app sidebar would squeeze it.
admin.site.enable_nav_sidebar = False


def _dash(value: object) -> object:
    return "—" if value in (None, "") else value


def badge(css: str, text: str) -> SafeString:
    """A small coloured label: ok (green), warn (amber), late (red) or muted (grey)."""
    return format_html('<span class="upward-badge {}">{}</span>', css, text)


def _short_time(value: Any) -> SafeString | str:
    """``12 Nov 2026 14:05`` in the reader's zone, the zone on hover: compact enough for a cell."""
    if value is None:
        return "—"
    local = timezone.localtime(value)
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        value.isoformat(),
        local.strftime("%d %b %Y %H:%M %Z"),
        local.strftime("%d %b %Y %H:%M"),
    )


def _late_by(when: Any, due: Any) -> SafeString:
    """A compact on-time/late badge comparing an instant with the deadline it answered."""
    if due is None:
        return badge("ok", "on time")
    if when is None:
        return badge("muted", "—")
    if when <= due:
        return badge("ok", "on time")
    return format_html(
        '<span class="upward-badge late">late by {}</span>', humanize_delta(when - due)
    )


class UpwardAdmin(admin.ModelAdmin):
    """Every admin page of Upward: what a person types passes the one text policy.

    ``review_scope`` names the path from the model to its escalation ("" for the escalation
    itself, None when the rows belong to none): the admin lists only the rows of the
    escalations this person reviews (``escalations_reviewable_by``: their teams'; every one
    for a superuser). The scope is the changelist's, the record's, the export's and the
    actions', since they all start from ``get_queryset``.
    """

    form = TextModelForm
    review_scope: str | None = None

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        qs = super().get_queryset(request)
        if self.review_scope is None:
            return qs
        reviewable = escalations_reviewable_by(request.user).values("pk")
        if self.review_scope == "":
            return qs.filter(pk__in=reviewable)
        return qs.filter(**{f"{self.review_scope}__in": reviewable})


# --- filters ------------------------------------------------------------------------------


class YesNoFilter(admin.SimpleListFilter):
    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", "Yes"), ("no", "No")]


class StaleNowFilter(YesNoFilter):
    title = "stale now"
    parameter_name = "stale"

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet | None:
        stale = metrics.stale_now(timezone.now())
        if self.value() == "yes":
            return queryset.filter(stale)
        if self.value() == "no":
            return queryset.exclude(stale)
        return None


class HasOpenAsksFilter(YesNoFilter):
    title = "has open asks"
    parameter_name = "open_asks"

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet | None:
        if self.value() in ("yes", "no"):
            return queryset.filter(has_open_asks=self.value() == "yes")
        return None


class CoachOverridesFilter(YesNoFilter):
    title = "coach overrides"
    parameter_name = "overrides"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", "Escalated despite a coach error"), ("no", "None")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet | None:
        if self.value() == "yes":
            return queryset.filter(override_count__gt=0)
        if self.value() == "no":
            return queryset.filter(override_count=0)
        return None


class TeamFilter(admin.SimpleListFilter):
    """The escalations of one of the teams this person reviews."""

    title = "team"
    parameter_name = "team"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(t.slug, t.name) for t in teams_reviewable_by(request.user)]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet | None:
        if self.value():
            return queryset.filter(team__slug=self.value())
        return None


class OwnerFilter(admin.RelatedOnlyFieldListFilter):
    """Owners who have escalations, by name rather than by username."""

    def field_choices(self, field: Any, request: HttpRequest, model_admin: Any) -> list:
        ids = model_admin.get_queryset(request).order_by().values("owner").distinct()
        users = get_user_model().objects.filter(pk__in=ids).order_by("first_name", "last_name")
        return [(u.pk, u.get_full_name() or u.get_username()) for u in users]


# --- read-only inlines: the story as it happened ------------------------------------------


class StoryFormSet(BaseInlineFormSet):
    """A read-only list's formset: never more forms than the rows that exist.

    Django caps a posted ``TOTAL_FORMS`` only at ``absolute_max`` (2,000 by default); a
    forged count on the change form built thousands of forms per list (7.8 s a request).
    """

    def total_form_count(self) -> int:
        return min(super().total_form_count(), len(self.get_queryset()))


class StoryInline(admin.TabularInline):
    """A read-only list on the escalation page; visible to whoever may view the escalation.

    ``story_after`` names the fieldset this list is shown under.
    """

    formset = StoryFormSet
    extra = 0
    can_delete = False
    show_change_link = False
    story_after = STORY
    template = "admin/escalations/story_inline.html"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("escalations.view_escalation")


class ContributingFactorInline(StoryInline):
    model = ContributingFactor
    verbose_name_plural = "Contributing factors"
    fields = readonly_fields = ("description", "authors_factor")
    story_after = CAUSE

    @admin.display(description="The author's factor")
    def authors_factor(self, obj: ContributingFactor) -> str:
        return "★ the one I controlled" if obj.is_authors else ""


class RemediationActionInline(StoryInline):
    model = RemediationAction
    verbose_name_plural = "Dated actions"
    fields = readonly_fields = ("description", "owner_name", "kind", "due_at", "done_at", "done")
    story_after = REMEDIATION

    @admin.display(description="Done by the due time?")
    def done(self, obj: RemediationAction) -> SafeString:
        if obj.done_at is None:
            return badge("muted", "not done")
        return _late_by(obj.done_at, obj.due_at)


class AskInline(StoryInline):
    model = Ask
    verbose_name_plural = "Asks and their decisions"
    fields = readonly_fields = (
        "decision",
        "kind",
        "amount",
        "decide_by",
        "status",
        "decided_by",
        "decided_at",
        "decided_in_time",
        "note",
    )
    story_after = ASKS

    @admin.display(description="Decided by the deadline?")
    def decided_in_time(self, obj: Ask) -> SafeString:
        if obj.decided_at is None or not obj.is_decided:
            if obj.decide_by < timezone.now():
                return badge("late", "deadline passed")
            return badge("muted", "pending")
        return _late_by(obj.decided_at, obj.decide_by)


class AnticipatedQuestionInline(StoryInline):
    model = AnticipatedQuestion
    verbose_name_plural = "Anticipated questions"
    fields = readonly_fields = ("question", "answer")
    story_after = ASKS


class UpdateInline(StoryInline):
    """The timeline the executive read, oldest first, each update against the time it was due."""

    model = Update
    verbose_name_plural = "Timeline — updates in the order they were posted"
    fields = readonly_fields = (
        "created_at",
        "public_status",
        "kind",
        "author",
        "text",
        "punctuality",
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Update]:
        return super().get_queryset(request).select_related("author").order_by("created_at", "pk")

    @admin.display(description="Update")
    def text(self, obj: Update) -> SafeString:
        return render_markdown(obj.body)

    @admin.display(description="On time?")
    def punctuality(self, obj: Update) -> SafeString:
        if obj.kind == UpdateKind.DECISION:
            # The executive's answer, not an update the author owed.
            return badge("muted", "decision")
        return _late_by(obj.created_at, obj.was_due_at)


class MeetingInline(StoryInline):
    model = Meeting
    verbose_name_plural = "1:1 meetings"
    fields = readonly_fields = (
        "starts_at",
        "local_time",
        "duration_minutes",
        "outcome",
        "outcome_notes",
        "cancelled_at",
    )

    @admin.display(description="In the zone it was set in")
    def local_time(self, obj: Meeting) -> str:
        return f"{obj.local_starts_at:%a %d %b %H:%M} ({obj.time_zone})"


class OutboxMessageInline(StoryInline):
    model = OutboxMessage
    verbose_name_plural = "Email dispatch log"
    fields = readonly_fields = (
        "purpose",
        "to_email",
        "send_at",
        "state",
        "sent_at",
        "subject",
        "error",
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[OutboxMessage]:
        return super().get_queryset(request).order_by("send_at", "pk")


class RcaInline(StoryInline):
    """The RCA written after resolution: the confirmed cause, lessons, preventive actions."""

    model = Rca
    verbose_name_plural = "Root-cause analysis (written after resolution)"
    fields = readonly_fields = (
        "cause_statement",
        "cause_confidence",
        "cause_category",
        "went_well",
        "went_badly",
        "preventive",
        "completed_at",
        "dismissed_reason",
    )
    story_after = REVIEW

    def get_queryset(self, request: HttpRequest) -> QuerySet[Rca]:
        return super().get_queryset(request).prefetch_related("preventive_actions")

    @admin.display(description="Preventive actions")
    def preventive(self, obj: Rca) -> str:
        p = obj.progress()
        lines = [
            f"{'✓' if a.is_done else ('✗ not doing' if a.is_not_doing else '○')} "
            f"{a.description} ({a.owner_name})"
            for a in obj.preventive_actions.all()
        ]
        return f"{p.done} of {p.total} done. " + " · ".join(lines)


class CoachOverrideInline(StoryInline):
    model = CoachOverride
    verbose_name_plural = "Coach overrides — escalated despite a coach error"
    fields = readonly_fields = ("section", "rule", "excerpt", "reason", "created_by", "created_at")

    def get_queryset(self, request: HttpRequest) -> QuerySet[CoachOverride]:
        return super().get_queryset(request).select_related("created_by")


# --- the escalation -----------------------------------------------------------------------


@admin.register(Escalation)
class EscalationAdmin(UpwardAdmin):
    review_scope = ""
    list_display = [
        "title",
        "kind_short",
        "severity_badge",
        "owner_name",
        "team",
        "state_badge",
        "escalated",
        "time_to_escalate",
        "last_updated",
        "overdue",
        "updates_on_time",
    ]
    list_display_links = ["title"]
    list_filter = [
        TeamFilter,
        "kind",
        "severity",
        "state",
        ("owner", OwnerFilter),
        StaleNowFilter,
        HasOpenAsksFilter,
        CoachOverridesFilter,
        "rca__cause_category",
    ]
    list_select_related = ["owner", "team"]
    list_per_page = 50
    search_fields = [
        "title",
        "impact_headline",
        "impact_detail",
        "cause_statement",
        "rca__cause_statement",
        "rca__went_badly",
        "rca__preventive_actions__description",
        "owner__username",
        "owner__first_name",
        "owner__last_name",
        "owner__email",
    ]
    search_help_text = (
        "Search titles, impact, root cause (said at the time and confirmed by the RCA), "
        "the RCA's preventive actions and owners."
    )
    date_hierarchy = "escalated_at"
    ordering = [F("escalated_at").desc(nulls_last=True), "-pk"]  # type: ignore[list-item]
    actions = ["mark_reviewed", "export_csv", "export_json"]
    inlines = [
        ContributingFactorInline,
        RemediationActionInline,
        AskInline,
        AnticipatedQuestionInline,
        UpdateInline,
        MeetingInline,
        OutboxMessageInline,
        CoachOverrideInline,
        RcaInline,
    ]
    fieldsets = [
        (
            GLANCE,
            {
                "fields": [
                    "glance",
                    ("title", "state"),
                    ("kind", "severity"),
                    ("owner_name", "executive"),
                    ("detected_at", "escalated_at"),
                    ("contained_at", "resolved_at"),
                    ("last_updated_at", "next_update_due_at", "stale_since"),
                    "cadence",
                ]
            },
        ),
        (
            TRIAGE,
            {
                "fields": [
                    ("triage_business_impact", "triage_severe"),
                    ("triage_normal_channels_tried", "triage_reputational_risk"),
                    "triage_verdict",
                    "triage_reason",
                    "triage_override_reason",
                ]
            },
        ),
        (
            IMPACT,
            {
                "fields": [
                    "impact_headline",
                    ("impact_customers_affected", "impact_share_failing_pct"),
                    ("impact_revenue_per_hour", "impact_revenue_total", "impact_currency"),
                    ("impact_delay_days", "impact_dates_moved"),
                    ("impact_metric_value", "impact_metric_unit"),
                    "impact_detail",
                ]
            },
        ),
        (CAUSE, {"fields": ["cause_statement", "cause_confidence"]}),
        (OWNERSHIP, {"fields": ["ownership_statement"]}),
        (
            REMEDIATION,
            {
                "fields": [
                    "remediation_mitigation",
                    "remediation_expected_resolution_at",
                    "remediation_depends_on",
                    "remediation_alternatives",
                    "remediation_prevention",
                ]
            },
        ),
        (
            ASKS,
            {
                "fields": [
                    "asks_decision_threshold",
                    ("asks_information_only", "asks_information_only_reason"),
                ]
            },
        ),
        (STORY, {"fields": [], "description": "Everything after the escalation, in order."}),
        (
            REVIEW,
            {
                "fields": [*REVIEW_FIELDS, ("reviewed_by", "reviewed_at")],
                "description": "Once resolved: confirm the root cause, record prevention and "
                "lessons, then “Save and mark reviewed” (or the list's “Mark reviewed” action).",
            },
        ),
    ]

    def save_model(self, request: HttpRequest, obj: Escalation, form: Any, change: bool) -> None:
        """Only the review fields, through the service (never the whole, possibly older, row)."""
        data = form.cleaned_data
        services.escalation_review_save(
            escalation=obj,
            root_cause_confirmed=data.get(
                "review_root_cause_confirmed", obj.review_root_cause_confirmed
            ),
            prevention_actions=data.get("review_prevention_actions", obj.review_prevention_actions),
            lessons=data.get("review_lessons", obj.review_lessons),
        )

    # --- queries ---------------------------------------------------------------------------

    def get_queryset(self, request: HttpRequest) -> QuerySet[Escalation]:
        return metrics.with_review_figures(super().get_queryset(request))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        """Everything but the review fields: the story is history (see the module docstring)."""
        names = [f.name for f in Escalation._meta.concrete_fields if f.name not in REVIEW_FIELDS]
        return [*names, "glance", "owner_name", "executive", "cadence"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Escalations are written through the wizard, which coaches the author.
        return False

    # --- changelist columns ---------------------------------------------------------------

    @admin.display(description="Kind", ordering="kind")
    def kind_short(self, obj: Escalation) -> str:
        # The same label as the filter, the record view and the export (one name per kind).
        return obj.get_kind_display()

    @admin.display(description="Severity", ordering="severity")
    def severity_badge(self, obj: Escalation) -> SafeString:
        return format_html(
            '<span class="upward-sev {}" title="{}">{}</span>',
            obj.severity,
            obj.get_severity_display(),
            obj.severity.upper(),
        )

    @admin.display(description="State", ordering="state")
    def state_badge(self, obj: Escalation) -> SafeString:
        return format_html(
            '<span class="upward-state {}">{}</span>', obj.state, obj.get_state_display()
        )

    @admin.display(description="Escalated", ordering="escalated_at")
    def escalated(self, obj: Escalation) -> SafeString | str:
        return _short_time(obj.escalated_at)

    @admin.display(description="Last updated", ordering="last_updated_at")
    def last_updated(self, obj: Escalation) -> SafeString | str:
        return _short_time(obj.last_updated_at)

    @admin.display(description="Owner", ordering="owner__first_name")
    def owner_name(self, obj: Escalation) -> str:
        return obj.owner.get_full_name() or obj.owner.get_username()

    @admin.display(description="Time to escalate", ordering="escalation_delay")
    def time_to_escalate(self, obj: Escalation) -> str:
        delta = getattr(obj, "escalation_delay", None)
        if delta is None:
            return "—"
        if delta < timedelta(0):
            return "before detection?"
        return humanize_delta(delta)

    @admin.display(description="Overdue", ordering="next_update_due_at", empty_value="")
    def overdue(self, obj: Escalation) -> SafeString | str:
        late = obj.overdue_by(timezone.now())
        if late is None:
            return ""
        return format_html(
            '<span class="upward-badge late" title="Update was due {}">overdue {}</span>',
            obj.next_update_due_at.isoformat() if obj.next_update_due_at else "",
            humanize_delta(late),
        )

    @admin.display(description="Updates on time", ordering="updates_on_time_ratio")
    def updates_on_time(self, obj: Escalation) -> SafeString | str:
        total = getattr(obj, "updates_total", 0)
        if not total:
            return "no updates"
        on_time = getattr(obj, "updates_on_time", 0)
        pct = round(100 * on_time / total)
        css = "ok" if pct >= 90 else "warn" if pct >= 70 else "late"
        return format_html(
            '<span class="upward-badge {}" title="{} of {} updates on time">{} %</span>'
            ' <span class="upward-muted">{}/{}</span>',
            css,
            on_time,
            total,
            pct,
            on_time,
            total,
        )

    # --- change form read-only summaries ---------------------------------------------------

    @admin.display(description="Summary")
    def glance(self, obj: Escalation) -> SafeString:
        now = timezone.now()
        rows: list[tuple[str, object]] = [
            ("Detection → escalation", self.time_to_escalate(obj)),
        ]
        if obj.escalated_at and obj.resolved_at:
            rows.append(
                ("Escalation → resolution", humanize_delta(obj.resolved_at - obj.escalated_at))
            )
        total = getattr(obj, "updates_total", 0)
        rows.append(
            (
                "Updates on time",
                f"{getattr(obj, 'updates_on_time', 0)} of {total}" if total else "no updates",
            )
        )
        asks = list(obj.asks.all())
        judged = [a for a in asks if a.is_decided or a.decide_by < now]
        on_time = sum(1 for a in judged if a.decided_on_time)
        rows.append(
            (
                "Asks decided by their deadline",
                f"{on_time} of {len(judged)} due" if judged else "none due",
            )
        )
        late = obj.overdue_by(now)
        if late is not None:
            rows.append(("Update overdue by", humanize_delta(late)))
        overrides = getattr(obj, "override_count", 0)
        rows.append(("Coach overrides", overrides or "none"))
        return format_html(
            '<dl class="upward-glance">{}</dl>',
            format_html_join("", "<div><dt>{}</dt><dd>{}</dd></div>", rows),
        )

    @admin.display(description="Executive")
    def executive(self, obj: Escalation) -> SafeString | str:
        x = obj.executive
        if x is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a> &lt;{}&gt; · {}',
            reverse("admin:escalations_executive_change", args=[x.pk]),
            str(x),
            x.email,
            x.time_zone,
        )

    @admin.display(description="Update cadence")
    def cadence(self, obj: Escalation) -> str:
        return describe(obj)

    # --- actions ---------------------------------------------------------------------------

    @admin.action(description="Mark reviewed (resolved escalations only)", permissions=["change"])
    def mark_reviewed(self, request: HttpRequest, queryset: QuerySet[Escalation]) -> None:
        done, refused = [], []
        for escalation in queryset:
            try:
                services.escalation_mark_reviewed(escalation=escalation, by=request.user)  # type: ignore[arg-type]
            except (services.ReviewNotAllowed, services.TransitionNotAllowed) as exc:
                refused.append(str(exc))
            else:
                done.append(escalation.title)
                self.log_change(request, escalation, "Marked reviewed.")
        if done:
            self.message_user(
                request,
                f"Marked {len(done)} escalation{'s' if len(done) != 1 else ''} reviewed: "
                + "; ".join(done),
                messages.SUCCESS,
            )
        for reason in refused:
            self.message_user(request, reason, messages.WARNING)

    @admin.action(description="Export selected as CSV", permissions=["view"])
    def export_csv(self, request: HttpRequest, queryset: QuerySet[Escalation]) -> HttpResponse:
        body = export.to_csv(export.export_queryset(queryset))
        return _download(body, "text/csv; charset=utf-8", "csv")

    @admin.action(description="Export selected as JSON", permissions=["view"])
    def export_json(self, request: HttpRequest, queryset: QuerySet[Escalation]) -> HttpResponse:
        body = export.to_json(export.export_queryset(queryset))
        return _download(body, "application/json", "json")

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict | None = None,
    ) -> HttpResponse:
        obj = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "show_mark_reviewed": obj is not None
            and obj.state == State.RESOLVED
            and self.has_change_permission(request, obj),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def response_change(self, request: HttpRequest, obj: Escalation) -> HttpResponse:
        """ "Save and mark reviewed": the review fields are saved first, then the state moves."""
        if "_mark_reviewed" not in request.POST:
            return super().response_change(request, obj)
        try:
            services.escalation_mark_reviewed(escalation=obj, by=request.user)  # type: ignore[arg-type]
        except (services.ReviewNotAllowed, services.TransitionNotAllowed) as exc:
            self.message_user(
                request, f"Review saved, but not marked reviewed: {exc}", messages.WARNING
            )
        else:
            self.log_change(request, obj, "Marked reviewed.")
            self.message_user(request, f"“{obj.title}” is marked reviewed.", messages.SUCCESS)
        return HttpResponseRedirect(request.path)

    # --- the metrics page --------------------------------------------------------------------

    def get_urls(self) -> list[URLPattern]:
        custom = [
            path(
                "metrics/",
                self.admin_site.admin_view(metrics_view),
                name="escalations_escalation_metrics",
            )
        ]
        return custom + super().get_urls()

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> Any:
        extra_context = {
            **(extra_context or {}),
            "metrics_url": reverse("admin:escalations_escalation_metrics")
            if request.user.has_perm(METRICS_PERMISSION)
            else None,
        }
        return super().changelist_view(request, extra_context)


def _download(body: str, content_type: str, extension: str) -> HttpResponse:
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="escalations-{stamp}.{extension}"'
    return response


# --- configuration and logs ---------------------------------------------------------------


@admin.register(CadencePolicy)
class CadencePolicyAdmin(UpwardAdmin):
    """Every escalation's reminders follow these rows, so only superusers change them."""

    list_display = ["kind", "interval_until_contained", "interval_after_contained", "notes"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser


class ReadOnlyAdmin(UpwardAdmin):
    """A log: rows are written by the app and never edited by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    review_scope = "escalation"
    list_display = ["purpose", "escalation", "to_email", "send_at", "state", "sent_at", "error"]
    list_filter = ["purpose", "state"]
    list_select_related = ["escalation"]
    search_fields = ["escalation__title", "to_email", "subject"]
    date_hierarchy = "send_at"


@admin.register(CoachOverride)
class CoachOverrideAdmin(ReadOnlyAdmin):
    review_scope = "escalation"
    list_display = ["escalation", "section", "rule", "excerpt", "created_by", "created_at"]
    list_filter = ["section", "rule"]
    list_select_related = ["escalation", "created_by"]
    search_fields = ["escalation__title", "reason", "excerpt"]


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnlyAdmin):
    """Who gets the updates by email (the chat webhook is a secret and is not listed)."""

    review_scope = "escalation"

    list_display = [
        "escalation",
        "email",
        "for_executive",
        "mode",
        "digest_at",
        "time_zone",
        "confirmed_at",
        "unsubscribed_at",
    ]
    list_filter = ["mode", "for_executive"]
    list_select_related = ["escalation"]
    search_fields = ["escalation__title", "email"]
    exclude = ["link_key"]


class TeamMembershipInline(admin.TabularInline):
    model = TeamMembership
    form = TextModelForm
    extra = 1
    fields = ["user", "role"]
    autocomplete_fields = ["user"]
    verbose_name = "person"
    verbose_name_plural = "People — members, and reviewers who see the team's escalations"


@admin.register(Team)
class TeamAdmin(UpwardAdmin):
    """Teams and who is in them: superusers only (docs/access.md). A reviewer of a team sees
    its escalations in this admin; its members are who an author may add as co-authors."""

    list_display = ["name", "slug", "people", "reviewers"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [TeamMembershipInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Team]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                people_count=Count("memberships", distinct=True),
                reviewer_count=Count(
                    "memberships", filter=Q(memberships__role=TeamRole.REVIEWER), distinct=True
                ),
            )
        )

    @admin.display(description="People", ordering="people_count")
    def people(self, obj: Any) -> int:
        return int(obj.people_count)

    @admin.display(description="Reviewers", ordering="reviewer_count")
    def reviewers(self, obj: Any) -> int:
        return int(obj.reviewer_count)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)


@admin.register(Profile)
class ProfileAdmin(UpwardAdmin):
    list_display = ["user", "time_zone"]
    list_select_related = ["user"]
    search_fields = ["user__username"]


# --- people -------------------------------------------------------------------------------
# Django's own user and group admin, with the text policy on their forms: the name typed here is the one
# readers see on status pages and feeds, so a rename reaches them (escalation_touch).


class UserChangeForm(TextLimitsMixin, auth_forms.UserChangeForm):
    pass


class UserCreationForm(TextLimitsMixin, auth_forms.AdminUserCreationForm):
    pass


User = get_user_model()
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(auth_admin.GroupAdmin):
    form = TextModelForm


@admin.register(User)
class UserAdmin(auth_admin.UserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if change and {"first_name", "last_name"} & set(form.changed_data):
                escalation_touch(pks=escalations_named_after(obj))
