from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from statuspages import views as statuspage_views

from .health import healthz

# Public status pages first: they take most of the traffic, and URL resolution tries
# patterns in order. The page itself is also routed here directly, which spares the most
# requested URL the include's second resolver (it is named, and reversed, in the include).
urlpatterns = [
    path("s/<str:token>/", statuspage_views.page),
    path("", include("statuspages.urls")),
    path("healthz", healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include("escalations.urls")),
]
