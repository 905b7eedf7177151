from django.urls import path

from escalations.rca import views

urlpatterns = [
    path("escalations/<int:pk>/rca/", views.rca_page, name="rca"),
    path("escalations/<int:pk>/rca/start/", views.rca_start, name="rca_start"),
    path("escalations/<int:pk>/rca/dismiss/", views.rca_dismiss, name="rca_dismiss"),
    path("escalations/<int:pk>/rca/review/", views.rca_review_schedule, name="rca_review"),
    path("escalations/<int:pk>/rca/rca.md", views.rca_export, name="rca_export"),
    path("escalations/<int:pk>/rca/print/", views.rca_print, name="rca_print"),
    path(
        "escalations/<int:pk>/rca/actions/<int:preventive_pk>/done/",
        views.preventive_settle,
        {"how": "done"},
        name="preventive_done",
    ),
    path(
        "escalations/<int:pk>/rca/actions/<int:preventive_pk>/not-doing/",
        views.preventive_settle,
        {"how": "not_doing"},
        name="preventive_not_doing",
    ),
    path(
        "escalations/<int:pk>/rca/actions/<int:preventive_pk>/reopen/",
        views.preventive_settle,
        {"how": "reopen"},
        name="preventive_reopen",
    ),
]
