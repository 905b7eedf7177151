from django.urls import path

from escalations.desk import author_views

urlpatterns = [
    path("escalations/<int:pk>/desk-link/", author_views.desk_link_show, name="desk_link_show"),
    path(
        "escalations/<int:pk>/desk-link/revoke/",
        author_views.desk_link_revoke,
        name="desk_link_revoke",
    ),
]
