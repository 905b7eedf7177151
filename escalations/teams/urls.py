from django.urls import path

from escalations.teams import views

urlpatterns = [
    path("escalations/<int:pk>/coauthors/", views.coauthor_add_view, name="coauthor_add"),
    path(
        "escalations/<int:pk>/coauthors/<int:user_pk>/remove/",
        views.coauthor_remove_view,
        name="coauthor_remove",
    ),
]
