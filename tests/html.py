"""Helpers to assert what a browser would actually run from rendered HTML."""

from __future__ import annotations

from html.parser import HTMLParser

DANGEROUS_TAGS = {
    "script",
    "iframe",
    "svg",
    "img",
    "object",
    "embed",
    "style",
    "form",
    "math",
    "link",
    "meta",
    "base",
}
SAFE_SCHEMES = ("http://", "https://", "mailto:")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Collector()
    parser.feed(html)
    return parser.elements


def assert_inert(html: str) -> None:
    """No executable tag, no event handler or style attribute, links only http(s)/mailto."""
    for tag, attrs in elements(html):
        assert tag not in DANGEROUS_TAGS, (tag, html)
        for name, value in attrs.items():
            assert not name.startswith("on"), (name, html)
            assert name != "style", html
            if name in {"href", "src", "action", "formaction", "xlink:href"}:
                assert value is not None and value.strip().lower().startswith(SAFE_SCHEMES), (
                    value,
                    html,
                )
