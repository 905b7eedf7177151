from django.urls import path

from escalations.subscriptions import views

urlpatterns = [
    path("subscriptions/confirm/<str:token>/", views.confirm, name="subscription_confirm"),
    path(
        "subscriptions/unsubscribe/<str:token>/",
        views.unsubscribe,
        name="subscription_unsubscribe",
    ),
    path("escalations/<int:pk>/chat/", views.chat_webhook_set, name="chat_webhook_set"),
    path(
        "escalations/<int:pk>/readers/<int:sub_pk>/remove/",
        views.subscriber_remove,
        name="subscriber_remove",
    ),
    path(
        "escalations/<int:pk>/chat/<int:dispatch_pk>/again/",
        views.chat_post_again,
        name="chat_post_again",
    ),
    path(
        "escalations/<int:pk>/chat/remove/",
        views.chat_webhook_remove,
        name="chat_webhook_remove",
    ),
]
