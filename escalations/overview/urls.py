from django.urls import path

from escalations.overview import views

urlpatterns = [
    path("", views.home, name="home"),
    path("escalations/new/", views.escalation_new, name="new"),
    path("escalations/<int:pk>/", views.detail, name="detail"),
    path("escalations/<int:pk>/discard/", views.escalation_discard, name="discard"),
    path("escalations/<int:pk>/state/", views.escalation_state, name="state"),
]
