"""Company sign-in's two steps (names are mozilla-django-oidc's, which it reverses)."""

from django.urls import path

from escalations.signin import views

urlpatterns = [
    path("start/", views.start, name="oidc_authentication_init"),
    path("callback/", views.callback, name="oidc_authentication_callback"),
]
