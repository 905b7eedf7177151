from django.urls import path

from escalations.meetings import views

urlpatterns = [
    path("escalations/<int:pk>/meetings/", views.meeting_schedule, name="meeting_schedule"),
    path(
        "escalations/<int:pk>/meetings/<int:meeting_pk>/reschedule/",
        views.meeting_reschedule,
        name="meeting_reschedule",
    ),
    path(
        "escalations/<int:pk>/meetings/<int:meeting_pk>/cancel/",
        views.meeting_cancel,
        name="meeting_cancel",
    ),
    path(
        "escalations/<int:pk>/meetings/<int:meeting_pk>/outcome/",
        views.meeting_outcome,
        name="meeting_outcome",
    ),
    path(
        "escalations/<int:pk>/meetings/<int:meeting_pk>/follow-up/",
        views.meeting_followup,
        name="meeting_followup",
    ),
    path(
        "escalations/<int:pk>/meetings/<int:meeting_pk>/resend-preread/",
        views.meeting_preread_resend,
        name="meeting_preread_resend",
    ),
    path("escalations/<int:pk>/cadence/", views.cadence_set, name="cadence_set"),
]
