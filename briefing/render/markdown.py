"""The one Markdown escaper: article text made safe for a Markdown line or table cell.

Why this module exists: the briefing, the comparison, the timeline and the app's own exports all
write article text into Markdown, where `*`, `_`, `|`, `[` or `<` would be read as formatting,
links, table cells or HTML. Every Markdown renderer escapes with these functions, so a headline
reads the same in every file.
"""

from __future__ import annotations

import re

from briefing.render.text import clean

__all__ = ["md_code", "md_document", "md_escape"]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~&])")


def md_escape(text: str | None) -> str:
    """One line of Markdown-safe text: control characters dropped, whitespace collapsed,
    Markdown punctuation escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(clean(text).split()))


def md_code(text: str) -> str:
    """An identifier as inline code, or escaped text when code would not hold it."""
    text = clean(text)
    if "`" in text or "|" in text or "\n" in text:
        return md_escape(text)
    return f"`{text}`"


def md_document(lines: list[str]) -> str:
    """Markdown lines as one document ending in a newline, cleaned once more as a whole: the
    sink-side guard for any name a renderer wrote without `md_escape`."""
    return clean("\n".join(lines).rstrip("\n") + "\n")
