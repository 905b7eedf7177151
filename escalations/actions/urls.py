from django.urls import path

from escalations.actions import views

urlpatterns = [
    path(
        "escalations/<int:pk>/actions/<int:action_pk>/done/",
        views.action_done,
        name="action_done",
    ),
]
