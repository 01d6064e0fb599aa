"""How a comparison cites and shortens a statement, the same in the terminal and in Markdown.

Why this module exists: the terminal and the Markdown comparison cut long sentences at the same
length and cite a statement the same way (`TASS, 2016-12-15, <article id>`), so a person can
match a line of the file to a line on the screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefing.labels import date_label

if TYPE_CHECKING:
    from briefing.compare import Statement

__all__ = ["MAX_SENTENCE", "cite", "cut"]

MAX_SENTENCE = 320


def cut(text: str, limit: int = MAX_SENTENCE) -> str:
    """`text` cut to `limit` characters with an ellipsis (mid-word: statements are long)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def cite(s: Statement) -> str:
    return f"{s.outlet}, {date_label(s.published)}, {s.article_id}"
