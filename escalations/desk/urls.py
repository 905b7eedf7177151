"""The executive's desk under /desk/<token>/ (included from config/urls.py as ``desk``)."""

from django.urls import path, re_path

from escalations.capability import not_found_view
from escalations.desk import views

app_name = "desk"

urlpatterns = [
    path("<str:token>/", views.page, name="page"),
    path("<str:token>/asks/<int:ask_id>/", views.ask_decision, name="ask_decision"),
    path(
        "<str:token>/asks/<int:ask_id>/<slug:choice>/",
        views.ask_decision,
        name="ask_decision_confirm",
    ),
    path("<str:token>/meetings/<int:meeting_id>/preread/", views.preread, name="preread"),
    path("<str:token>/revoke/", views.revoke, name="revoke"),
    # Anything else under /desk/ gets the same 404 (and the same headers) as a dead link.
    re_path(r"^(?P<rest>.*)$", not_found_view),
]
