"""Article text made safe for any output: terminal escapes and control characters dropped.

Why this module exists: the render layer's name for the one cleaning step (`briefing.safe_text`,
at the bottom of the layers so error messages and the app use the very same function). The
terminal renderers, the Markdown escaper and the app all clean text with it.
"""

from __future__ import annotations

from briefing.safe_text import clean, clean_line, escape_json

__all__ = ["clean", "clean_line", "escape_json"]
