from django.urls import path

from escalations.wizard import views

urlpatterns = [
    # One URL per step, plus its htmx helpers.
    path("escalations/<int:pk>/wizard/", views.wizard_resume, name="wizard_resume"),
    path("escalations/<int:pk>/wizard/verdict/", views.wizard_verdict, name="wizard_verdict"),
    path("escalations/<int:pk>/wizard/<slug:step>/", views.wizard_step, name="wizard_step"),
    path(
        "escalations/<int:pk>/wizard/<slug:step>/autosave/",
        views.wizard_autosave,
        name="wizard_autosave",
    ),
    path(
        "escalations/<int:pk>/wizard/<slug:step>/rows/add/",
        views.wizard_row_add,
        name="wizard_row_add",
    ),
    path(
        "escalations/<int:pk>/wizard/<slug:step>/rows/remove/",
        views.wizard_row_remove,
        name="wizard_row_remove",
    ),
    # What the wizard produces, and the moment it goes out.
    path("escalations/<int:pk>/review/", views.review, name="review"),
    path("escalations/<int:pk>/review/print/<slug:what>/", views.review_print, name="review_print"),
    path(
        "escalations/<int:pk>/review/preread-options/",
        views.preread_options,
        name="preread_options",
    ),
    path("escalations/<int:pk>/escalate/", views.escalate, name="escalate"),
]
