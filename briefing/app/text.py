"""Article text made safe and styled for the screen.

Why this module exists: headlines, snippets and bodies come from scraped pages and may contain
anything, including `[bold red]` (Rich/Textual markup) and terminal escape sequences. Every
string the app shows from an article goes through these helpers, which build `rich.text.Text`
objects (never markup strings): markup is shown as typed and control characters are dropped.
Outlets get the same colour as in `briefing summary` (`briefing.summary.outlet_style`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rich.text import Text

from briefing.index import Snippet
from briefing.summary import date_label, outlet_style, span_label

MATCH_STYLE = "bold reverse"
CURRENT_MATCH_STYLE = "bold black on yellow"
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~&])")
_CONTROL = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|[\x00-\x08\x0b-\x1f\x7f-\x9f]"
)


def clean(text: str | None) -> str:
    """The text without terminal escape sequences or control characters (newlines kept)."""
    return _CONTROL.sub("", text or "")


def plain(text: str | None, style: str = "") -> Text:
    """Article text as a `Text`: never interpreted as markup."""
    return Text(clean(text), style=style)


def outlet_text(outlet: str | None, suffix: str = "") -> Text:
    name = clean(outlet) or "unknown outlet"
    return Text(name + suffix, style=f"bold {outlet_style(outlet)}")


def approximate(precision: str) -> bool:
    return precision in ("month", "year")


def date_text(iso: str | None, precision: str | None = None, end: str | None = None) -> Text:
    """A date at its precision; approximate dates (month, year) read `~Dec 2016`, dimmed."""
    label = span_label(iso, end) if end else date_label(iso)
    if not iso:
        return Text(label, style="dim italic")
    if precision is None:
        precision = {10: "day", 7: "month", 4: "year"}.get(len(iso), "day")
    if approximate(precision):
        return Text("~" + label, style="italic dim")
    return Text(label)


def highlighted(text: str, spans: Iterable[tuple[int, int]], style: str = MATCH_STYLE) -> Text:
    """`text` with the given character spans styled (after cleaning, spans still apply: the
    index and the reader produce spans over already-clean text)."""
    out = Text(clean(text))
    for start, end in spans:
        out.stylize(style, start, end)
    return out


def snippet_text(snippet: Snippet | None) -> Text:
    if snippet is None:
        return Text()
    return highlighted(snippet.text, snippet.spans)


def join(*parts: Text | str, sep: str = " ") -> Text:
    """Concatenate pieces; plain `str` pieces are literal text, never markup."""
    out = Text()
    first = True
    for part in parts:
        if not part:
            continue
        if not first and sep:
            out.append(sep)
        out.append(part if isinstance(part, Text) else Text(part))
        first = False
    return out


def md(text: str | None) -> str:
    """Text for a Markdown file: control characters dropped, Markdown punctuation escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(clean(text).split()))
