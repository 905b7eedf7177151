from django.urls import path

from . import coach_views, meeting_views, update_views, views

app_name = "escalations"

urlpatterns = [
    path("", views.home, name="home"),
    path("me/time-zone/", views.time_zone, name="time_zone"),
    path("escalations/new/", views.escalation_new, name="new"),
    path("escalations/<int:pk>/", views.detail, name="detail"),
    path("coach/check/", coach_views.coach_check, name="coach_check"),
    path("escalations/<int:pk>/updates/", update_views.update_create, name="update_create"),
    path(
        "escalations/<int:pk>/updates/no-change/",
        update_views.update_no_change,
        name="update_no_change",
    ),
    path(
        "escalations/<int:pk>/updates/preview/",
        update_views.update_preview,
        name="update_preview",
    ),
    path("escalations/<int:pk>/meetings/", meeting_views.meeting_schedule, name="meeting_schedule"),
    path(
        "escalations/<int:pk>/meetings/<int:meeting_pk>/reschedule/",
        meeting_views.meeting_reschedule,
        name="meeting_reschedule",
    ),
    path(
        "escalations/<int:pk>/meetings/<int:meeting_pk>/cancel/",
        meeting_views.meeting_cancel,
        name="meeting_cancel",
    ),
    path(
        "escalations/<int:pk>/meetings/<int:meeting_pk>/outcome/",
        meeting_views.meeting_outcome,
        name="meeting_outcome",
    ),
    path(
        "escalations/<int:pk>/meetings/<int:meeting_pk>/follow-up/",
        meeting_views.meeting_followup,
        name="meeting_followup",
    ),
    path(
        "escalations/<int:pk>/meetings/<int:meeting_pk>/resend-preread/",
        meeting_views.meeting_preread_resend,
        name="meeting_preread_resend",
    ),
    path("escalations/<int:pk>/cadence/", meeting_views.cadence_set, name="cadence_set"),
    path("escalations/<int:pk>/discard/", views.escalation_discard, name="discard"),
    path("escalations/<int:pk>/state/", views.escalation_state, name="state"),
    # The wizard: one URL per step, plus its htmx helpers.
    path("escalations/<int:pk>/wizard/", views.wizard_resume, name="wizard_resume"),
    path("escalations/<int:pk>/wizard/verdict/", views.wizard_verdict, name="wizard_verdict"),
    path("escalations/<int:pk>/wizard/<slug:step>/", views.wizard_step, name="wizard_step"),
    path(
        "escalations/<int:pk>/wizard/<slug:step>/autosave/",
        views.wizard_autosave,
        name="wizard_autosave",
    ),
    path(
        "escalations/<int:pk>/wizard/<slug:step>/rows/add/",
        views.wizard_row_add,
        name="wizard_row_add",
    ),
    path(
        "escalations/<int:pk>/wizard/<slug:step>/rows/remove/",
        views.wizard_row_remove,
        name="wizard_row_remove",
    ),
    # What the wizard produces, and the moment it goes out.
    path("escalations/<int:pk>/review/", views.review, name="review"),
    path("escalations/<int:pk>/review/print/<slug:what>/", views.review_print, name="review_print"),
    path("escalations/<int:pk>/escalate/", views.escalate, name="escalate"),
]
