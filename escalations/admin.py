"""Every model registered so data can be inspected (the review admin builds on this)."""

from django.contrib import admin

from .models import (
    AnticipatedQuestion,
    Ask,
    CadencePolicy,
    CoachOverride,
    ContributingFactor,
    EmailDispatch,
    Escalation,
    Meeting,
    Profile,
    RemediationAction,
    Update,
)


class ContributingFactorInline(admin.TabularInline):
    model = ContributingFactor
    extra = 0


class RemediationActionInline(admin.TabularInline):
    model = RemediationAction
    extra = 0


class AskInline(admin.TabularInline):
    model = Ask
    extra = 0


class AnticipatedQuestionInline(admin.TabularInline):
    model = AnticipatedQuestion
    extra = 0


class UpdateInline(admin.StackedInline):
    model = Update
    extra = 0


class MeetingInline(admin.TabularInline):
    model = Meeting
    extra = 0


@admin.register(Escalation)
class EscalationAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "kind",
        "severity",
        "owner",
        "state",
        "escalated_at",
        "last_updated_at",
    ]
    list_filter = ["kind", "severity", "state"]
    list_select_related = ["owner"]
    search_fields = ["title", "impact_headline", "cause_statement", "owner__username"]
    date_hierarchy = "escalated_at"
    inlines = [
        ContributingFactorInline,
        RemediationActionInline,
        AskInline,
        AnticipatedQuestionInline,
        UpdateInline,
        MeetingInline,
    ]


@admin.register(CadencePolicy)
class CadencePolicyAdmin(admin.ModelAdmin):
    list_display = ["kind", "interval_until_contained", "interval_after_contained"]


@admin.register(EmailDispatch)
class EmailDispatchAdmin(admin.ModelAdmin):
    list_display = ["purpose", "escalation", "to_email", "send_at", "state", "sent_at"]
    list_filter = ["purpose", "state"]
    list_select_related = ["escalation"]


for model in (
    Profile,
    ContributingFactor,
    RemediationAction,
    Ask,
    AnticipatedQuestion,
    Update,
    Meeting,
    CoachOverride,
):
    admin.site.register(model)
