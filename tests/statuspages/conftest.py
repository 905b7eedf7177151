from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _views_written_at_once_and_no_stale_renderings(settings):
    """Tests read view counts right after a GET; production batches them (see services)."""
    from statuspages.views import recent_html

    settings.STATUSPAGE_VIEW_FLUSH_SECONDS = 0
    recent_html.clear()
    yield
    recent_html.clear()
