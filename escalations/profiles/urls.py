from django.urls import path

from escalations.profiles import views

urlpatterns = [
    path("me/", views.profile, name="profile"),
    path("me/time-zone/", views.time_zone, name="time_zone"),
]
