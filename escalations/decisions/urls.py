from django.urls import path

from escalations.decisions import views

urlpatterns = [
    path(
        "escalations/<int:pk>/asks/<int:ask_pk>/decision/",
        views.ask_decision_record,
        name="ask_decision_record",
    ),
]
