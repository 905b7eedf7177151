from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.http import require_safe

from escalations.signin import views as signin_views
from statuspages import views as statuspage_views

from .health import healthz

# An oversized POST gets the "too large" page, not a bare "Bad Request (400)".
handler400 = "config.errors.bad_request"


@login_not_required
@require_safe
def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers ask for /favicon.ico on every page, logged in or not. The hashed static URL
    is looked up per request: at import time a production manifest may not exist yet."""
    return HttpResponsePermanentRedirect(static("favicon.ico"))


# Public status pages first: they take most of the traffic, and URL resolution tries
# patterns in order. The page itself is also routed here directly, which spares the most
# requested URL the include's second resolver (it is named, and reversed, in the include).
urlpatterns = [
    path("s/<str:token>/", statuspage_views.page),
    path("", include("statuspages.urls")),
    # The executive's desk: a capability URL like the status pages (escalations/desk/).
    path("desk/", include("escalations.desk.urls")),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path("accounts/login/", signin_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", signin_views.SignOutView.as_view(), name="logout"),
    # Company sign-in (OpenID Connect): the callback's query is redacted in logs.
    path("oidc/", include("escalations.signin.urls")),
    path("admin/", admin.site.urls),
    path("", include("escalations.urls")),
]
