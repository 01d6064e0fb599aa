"""Article text made safe for any output: terminal escapes and control characters dropped.

Why this module exists: headlines, snippets and bodies come from scraped pages and may contain
anything, including escape sequences that would recolour or move a terminal's cursor when a
file is printed. The terminal renderers, the Markdown escaper and the app all clean text with
this one function.
"""

from __future__ import annotations

import re

__all__ = ["clean"]

_CONTROL = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|[\x00-\x08\x0b-\x1f\x7f-\x9f]"
)


def clean(text: str | None) -> str:
    """The text without terminal escape sequences or control characters (newlines kept)."""
    return _CONTROL.sub("", text or "")
