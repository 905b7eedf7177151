from django.urls import path

from escalations.desk import author_views

urlpatterns = [
    path(
        "escalations/<int:pk>/desk-link/revoke/",
        author_views.desk_link_revoke,
        name="desk_link_revoke",
    ),
]
