"""The author's link actions, under the escalation they belong to (names in the
``statuspages`` namespace, included by statuspages/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("escalations/<int:pk>/links/", views.link_create, name="link_create"),
    path("escalations/<int:pk>/links/<int:link_pk>/revoke/", views.link_revoke, name="link_revoke"),
    path("escalations/<int:pk>/links/executive/", views.executive_link, name="executive_link"),
]
