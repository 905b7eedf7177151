from django.urls import path

from escalations.coach import views

urlpatterns = [
    path("coach/check/", views.coach_check, name="coach_check"),
]
