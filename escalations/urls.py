from django.urls import path

from . import coach_views, meeting_views, update_views, views

app_name = "escalations"

urlpatterns = [
    path("", views.home, name="home"),
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
]
