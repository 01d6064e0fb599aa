"""Search results for the terminal: the hits, their highlighted snippets, counts per outlet.

Why this module exists: `briefing search` prints a `SearchResult` the way a person scans it:
rank, outlet in its colour, date at its precision, headline, snippet, article id; the counts per
outlet name the top four and "+N more" (a query can match two hundred outlets). Highlights
arrive as character spans (never markup), so article text only ever enters `rich.text.Text`
through the one snippet helper. The JSON form is in `briefing.render.json`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from briefing.labels import UNKNOWN_OUTLET, date_label, outlet_style, top_and_more
from briefing.render.snippets import snippet_text

if TYPE_CHECKING:
    from briefing.index import SearchHit, SearchResult

__all__ = ["render_search"]

FACETS_SHOWN = 4  # outlets named in the counts line, as in the app


def _header(result: SearchResult) -> Text:
    header = Text()
    header.append(f"{result.total} ", style="bold")
    header.append("article" if result.total == 1 else "articles")
    header.append(" match ")
    header.append(result.query, style="italic")
    if result.outlet_counts:
        header.append("   ")
        names, more = top_and_more([o for o, _ in result.outlet_counts], FACETS_SHOWN)
        counts = dict(result.outlet_counts)
        for i, outlet in enumerate(names):
            if i:
                header.append("  ")
            header.append(outlet, style=outlet_style(outlet))
            header.append(f" {counts[outlet]}")
        if more:
            header.append(f"  +{more} more outlets (--json lists them)", style="dim")
    return header


def _hit(rank: int, hit: SearchHit, console: Console) -> None:
    console.print()
    head = Text(f"{rank:>2}. ", style="dim")
    head.append(f"{hit.outlet or UNKNOWN_OUTLET}", style=outlet_style(hit.outlet))
    head.append("  ")
    head.append(date_label(hit.published), style="cyan")
    head.append("  ")
    headline = snippet_text(hit.headline_snippet, hit.headline, style="bold underline")
    head.append_text(headline)
    head.stylize("bold", len(head) - len(headline), len(head))
    console.print(head)
    if hit.snippet and hit.snippet.text:
        body = Text("    ")
        body.append_text(snippet_text(hit.snippet))
        console.print(body)
    console.print(Text(f"    {hit.article_id}", style="dim"))


def render_search(result: SearchResult, console: Console) -> None:
    """The hits of `result`, a spelling suggestion first when the index has one."""
    if result.suggestion:
        line = Text("Did you mean: ")
        line.append(result.suggestion, style="bold italic")
        line.append(" ?")
        console.print(line)
    console.print(_header(result))
    for rank, hit in enumerate(result.hits, 1):
        _hit(rank, hit, console)
    if result.total > len(result.hits):
        console.print()
        console.print(
            Text(f"… {result.total - len(result.hits)} more; use --limit to see them", style="dim")
        )
