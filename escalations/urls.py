from django.urls import path

from . import coach_views, update_views, views

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
]
