from django.urls import path

from . import coach_views, views

app_name = "escalations"

urlpatterns = [
    path("", views.home, name="home"),
    path("escalations/<int:pk>/", views.detail, name="detail"),
    path("coach/check/", coach_views.coach_check, name="coach_check"),
]
