from django.urls import path

from escalations.updates import views

urlpatterns = [
    path("escalations/<int:pk>/updates/", views.update_create, name="update_create"),
    path(
        "escalations/<int:pk>/updates/no-change/",
        views.update_no_change,
        name="update_no_change",
    ),
    path("escalations/<int:pk>/updates/preview/", views.update_preview, name="update_preview"),
]
