"""Author Markdown → safe HTML, for every page and email that shows what an author wrote.

Two locks: the Markdown parser is told not to pass raw HTML through (it comes out as
text), and nh3 then keeps only an allowlist of tags, only http/https/mailto links, and
adds ``rel="noopener noreferrer nofollow"`` to every link. No images at all: an image from
elsewhere would tell a third party who read the page and when.
"""

from __future__ import annotations

import re

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "strong", "em", "b", "i", "code", "pre", "ul", "ol", "li",
        "blockquote", "a", "h3", "h4", "h5", "hr", "del", "table", "thead", "tbody",
        "tr", "th", "td",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"


class _NoRawHtml(md.extensions.Extension):
    def extendMarkdown(self, parser: md.Markdown) -> None:  # noqa: N802 - Markdown's API
        parser.preprocessors.deregister("html_block")
        parser.inlinePatterns.deregister("html")


def _parser() -> md.Markdown:
    return md.Markdown(extensions=[_NoRawHtml(), "sane_lists", "tables"], output_format="html")


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )


def render_markdown(text: str) -> SafeString:
    """Markdown to HTML that is safe to put on a page as is."""
    html = _parser().convert(text or "")
    return mark_safe(sanitize_html(html))  # noqa: S308 - sanitised by nh3 just above


def markdown_to_plain(text: str) -> str:
    """Plain text for chat and for the text part of emails: markup stripped, lines kept."""
    html = _parser().convert(text or "")
    html = html.replace("</p>", "</p>\n").replace("<li>", "<li>• ").replace("</li>", "</li>\n")
    plain = nh3.clean(html, tags=set())
    # nh3 escapes &, < and > in text; undo that for plain text.
    plain = (
        plain.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    )
    lines = [line.rstrip() for line in plain.splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def markdown_to_plain_tight(text: str) -> str:
    """Plain text with bullet lists kept tight (no blank line between "•" items), as a
    person would type them in chat or a text email."""
    return re.sub(r"\n\n(?=• )", "\n", markdown_to_plain(text))


def first_line(text: str, limit: int = 240) -> str:
    """The first paragraph of Markdown as one line of plain text, cut at a word to
    ``limit`` with an ellipsis: the current summary's "what changed", email subjects."""
    plain = markdown_to_plain(text).strip()
    line = " ".join(plain.split("\n\n", 1)[0].split())
    if len(line) <= limit:
        return line
    return line[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
