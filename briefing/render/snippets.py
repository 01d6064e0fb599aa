"""The one snippet-to-`Text` helper: highlighted spans over article text, never markup.

Why this module exists: search hits arrive with highlights as character spans, and both the
CLI's results and the app's search pane turn them into `rich.text.Text`. Doing it in one place
means the text is cleaned and styled the same way everywhere, and a headline containing
`[bold]` prints as the characters it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.text import Text

from briefing.render.text import clean

if TYPE_CHECKING:
    from briefing.index import Snippet

__all__ = ["MATCH_STYLE", "highlighted", "snippet_text"]

MATCH_STYLE = "bold reverse"


def highlighted(text: str, spans: Iterable[tuple[int, int]], style: str = MATCH_STYLE) -> Text:
    """`text` with the given character spans styled (after cleaning, spans still apply: the
    index and the reader produce spans over already-clean text)."""
    out = Text(clean(text))
    for start, end in spans:
        out.stylize(style, start, end)
    return out


def snippet_text(snippet: Snippet | None, fallback: str = "", style: str = MATCH_STYLE) -> Text:
    """A snippet with its matches styled; `fallback` (plain) when there is no snippet."""
    if snippet is None:
        return Text(clean(fallback))
    return highlighted(snippet.text, snippet.spans, style)
