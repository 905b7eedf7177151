"""Steps a person takes on the escalation page, shared by the browser tests."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def write_update(page: Page, body: str, *, shows: str | None = None) -> None:
    """Type an update's "What changed" and wait, as a person would, until its preview and
    the coach's verdict have landed. Both add lines above the Post button, so a click while
    they land can hit where the button was (CI failed that way once).

    ``shows``: text the rendered preview contains (the body's own words by default; give it
    when the body uses Markdown)."""
    page.locator("#post-update").get_by_label("What changed", exact=True).fill(body)
    expect(page.locator("#update-preview")).to_contain_text(shows or body)
    expect(page.locator("#coach-body")).not_to_be_empty()
