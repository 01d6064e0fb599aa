"""Article text made safe and styled for the screen.

Why this module exists: headlines, snippets and bodies come from scraped pages and may contain
anything, including `[bold red]` (Rich/Textual markup) and terminal escape sequences. Every
string the app shows from an article goes through these helpers, which build `rich.text.Text`
objects (never markup strings): markup is shown as typed and control characters are dropped.
Outlets get the same colour as in `briefing summary` (`briefing.labels.outlet_style`); cleaning,
highlighting and the Markdown escaper are the renderers' own (`briefing.render`).
"""

from __future__ import annotations

from rich.text import Text

from briefing.labels import date_label, outlet_style, span_label
from briefing.render.markdown import md_escape as md
from briefing.render.snippets import MATCH_STYLE, highlighted, snippet_text
from briefing.render.text import clean, clean_line

__all__ = [
    "CURRENT_MATCH_STYLE",
    "MATCH_STYLE",
    "approximate",
    "clean",
    "clean_line",
    "date_text",
    "highlighted",
    "join",
    "md",
    "outlet_text",
    "plain",
    "snippet_text",
]

CURRENT_MATCH_STYLE = "bold black on yellow"


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
