"""Error pages Django routes here (``handler400`` in config/urls.py).

A POST larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` is refused by Django before any view sees
it (``RequestDataTooBig``); on its own that is a bare "Bad Request (400)", and an author who
pasted a long text without JavaScript is not told that the text is still in their browser.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.views import defaults


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The "too large" page (413) for an oversized POST; Django's own 400 otherwise."""
    if not isinstance(exception, RequestDataTooBig):
        return defaults.bad_request(request, exception)
    limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    if request.headers.get("HX-Request"):
        # The wizard's autosave shows plain text in its status line (static/js/wizard.js).
        return HttpResponse(
            f"Not saved: more than {limit} at once. Shorten the longest text; what you "
            "typed is still on this page.",
            status=413,
            content_type="text/plain; charset=utf-8",
        )
    return render(request, "too_large.html", {"limit": limit}, status=413)
