"""The author's own settings: the name readers see, their email, and the time zone they
type and read times in (``profile``); ``time_zone`` is the zone alone, for links that
say "change your zone" and come back."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from escalations.http import request_user
from escalations.profiles import services
from escalations.profiles.forms import ProfileForm, TimeZoneForm
from escalations.profiles.middleware import SESSION_KEY


@require_http_methods(["GET", "POST"])
def time_zone(request: HttpRequest) -> HttpResponse:
    """Pick the zone you type and read times in; remembered in your profile."""
    next_url = request.POST.get("next") or request.GET.get("next") or reverse("escalations:home")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("escalations:home")
    if request.method == "POST":
        form = TimeZoneForm(request.POST)
        if form.is_valid():
            zone = form.cleaned_data["time_zone"]
            services.profile_set_time_zone(user=request_user(request), time_zone=zone)
            request.session[SESSION_KEY] = zone
            messages.success(request, f"Times are now shown in {zone.replace('_', ' ')}.")
            return redirect(next_url)
    else:
        form = TimeZoneForm(initial={"time_zone": timezone.get_current_timezone_name()})
    return render(request, "escalations/time_zone.html", {"form": form, "next": next_url})


@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """Your name as readers see it, your email and your time zone."""
    user = request_user(request)
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            zone = form.cleaned_data["time_zone"]
            services.profile_update(
                user=user,
                display_name=form.cleaned_data["display_name"],
                email=form.cleaned_data["email"],
                time_zone=zone,
            )
            request.session[SESSION_KEY] = zone
            timezone.activate(zone)
            messages.success(request, "Saved. Emails and pages now use these details.")
            return redirect("escalations:profile")
    else:
        form = ProfileForm(
            initial={
                "display_name": user.get_full_name() or user.get_username(),
                "email": user.email,
                "time_zone": timezone.get_current_timezone_name(),
            }
        )
    return render(request, "escalations/profile.html", {"form": form})
