"""The app's URLs plus the baseline the status page is measured against."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as app_urlpatterns


@login_not_required
def trivial(request: HttpRequest) -> HttpResponse:
    """The cheapest Django response: the same middleware stack, no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/trivial", trivial), *app_urlpatterns]
