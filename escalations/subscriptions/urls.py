from django.urls import path

from escalations.subscriptions import views

urlpatterns = [
    path("subscriptions/confirm/<str:token>/", views.confirm, name="subscription_confirm"),
    path(
        "subscriptions/unsubscribe/<str:token>/",
        views.unsubscribe,
        name="subscription_unsubscribe",
    ),
]
