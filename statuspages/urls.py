from django.urls import include, path, re_path

from escalations.capability import not_found_view

from . import views

app_name = "statuspages"

# The page first: it is by far the most requested URL.
urlpatterns = [
    path("s/<str:token>/", views.page, name="page"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("s/<str:token>/live/", views.live, name="live"),
    path("s/<str:token>/feed.atom", views.feed, name="feed"),
    path("s/<str:token>/status.json", views.status_json, name="json"),
    path("s/<str:token>/asks/<int:ask_id>/", views.ask_decision, name="ask_decision"),
    path(
        "s/<str:token>/asks/<int:ask_id>/<slug:choice>/",
        views.ask_decision,
        name="ask_decision_confirm",
    ),
    path("s/<str:token>/subscribe/", views.subscribe, name="subscribe"),
    path("s/<str:token>/email/", views.email_settings, name="email_settings"),
    re_path(r"^s/(?P<token>[A-Za-z0-9_-]{1,128})$", views.add_slash),
    # Anything else under /s/ gets the same 404 (and the same headers) as a dead link.
    re_path(r"^s/(?P<rest>.*)$", not_found_view),
    # The author's link actions (behind login): statuspages/sharing/.
    path("", include("statuspages.sharing.urls")),
]
