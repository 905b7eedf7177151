from django.urls import path

from . import views

app_name = "escalations"

urlpatterns = [
    path("", views.home, name="home"),
    path("escalations/<int:pk>/", views.detail, name="detail"),
]
