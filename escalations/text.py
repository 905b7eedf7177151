"""Which characters a person's text may hold, and how text is made safe where it must be.

Forms refuse control characters (``escalations.formfields``, by default for every form).
Rows can still hold them: written before that rule, by ``psql`` or by a script. So what is
rendered into a mail header or an XML document passes through here as well, and one stray
character never breaks an email or a feed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

# C0 and C1 controls, DEL, and the Unicode line and paragraph separators (which some mail
# and chat clients treat as line breaks): none of them belongs in one line of text.
SINGLE_LINE_BAD = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# The same, minus tab, line feed and carriage return: what multi-line text may not hold.
MULTI_LINE_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")

# Everything outside XML 1.0's ``Char`` production: a document holding one is not XML
# (Django's feed writer refuses it, feed readers would too).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def one_line(value: str) -> str:
    """Header-safe text: any run of control characters or line breaks becomes one space.

    One newline in a subject raises ``BadHeaderError`` for every email of the escalation,
    and a BEL or an escape makes the header invalid."""
    return " ".join(SINGLE_LINE_BAD.sub(" ", value).split())


def xml_text(value: str) -> str:
    """The text without the characters XML 1.0 cannot carry (NUL, BEL, other C0 controls
    but tab and line breaks, U+FFFE/U+FFFF); everything else is kept as is."""
    return _NOT_XML.sub("", value)


def xml_values(fields: Mapping[str, Any]) -> dict[str, Any]:
    """``xml_text`` applied to every string among ``fields`` (and in their lists): the
    keyword arguments of a feed or one of its entries, say."""

    def safe(value: Any) -> Any:
        if isinstance(value, str):
            return xml_text(value)
        return [safe(v) for v in value] if isinstance(value, list | tuple) else value

    return {name: safe(value) for name, value in fields.items()}
