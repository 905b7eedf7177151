from django.urls import path

from . import meeting_views, views

app_name = "escalations"

urlpatterns = [
    path("", views.home, name="home"),
    path("escalations/<int:pk>/", views.detail, name="detail"),
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
