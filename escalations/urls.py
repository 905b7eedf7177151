"""Every author-facing URL of escalations, one include per room."""

from django.urls import include, path

from escalations.actions import urls as actions_urls
from escalations.coach import urls as coach_urls
from escalations.decisions import urls as decisions_urls
from escalations.meetings import urls as meetings_urls
from escalations.overview import urls as overview_urls
from escalations.profiles import urls as profiles_urls
from escalations.rca import urls as rca_urls
from escalations.subscriptions import urls as subscriptions_urls
from escalations.teams import urls as teams_urls
from escalations.updates import urls as updates_urls
from escalations.wizard import urls as wizard_urls

app_name = "escalations"

urlpatterns = [
    path("", include(overview_urls)),
    path("", include(profiles_urls)),
    path("", include(coach_urls)),
    path("", include(wizard_urls)),
    path("", include(updates_urls)),
    path("", include(meetings_urls)),
    path("", include(decisions_urls)),
    path("", include(actions_urls)),
    path("", include(subscriptions_urls)),
    path("", include(rca_urls)),
    path("", include(teams_urls)),
]
