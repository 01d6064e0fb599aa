"""Search results for the terminal and for pipes.

Why this module exists: the CLI prints search hits with highlighted snippets, and the same plain
`SearchResult` must also become JSON. Highlights arrive as character spans (never markup), so
article text is only ever placed in `rich.text.Text` objects: a headline containing `[bold]` or
an escape sequence prints as the characters it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.text import Text

from briefing.summary import date_label, outlet_style, span_label

if TYPE_CHECKING:
    from briefing.events import Event
    from briefing.index import SearchResult, Snippet


def snippet_text(snippet: Snippet | None, fallback: str = "", style: str = "bold reverse") -> Text:
    if snippet is None:
        return Text(fallback)
    text = Text(snippet.text)
    for start, end in snippet.spans:
        text.stylize(style, start, end)
    return text


def search_json(result: SearchResult) -> dict[str, Any]:
    return {
        "query": result.query,
        "total": result.total,
        "sort": result.sort,
        "suggestion": result.suggestion,
        "outlets": {name: n for name, n in result.outlet_counts},
        "hits": [
            {
                "id": h.article_id,
                "path": h.path,
                "outlet": h.outlet,
                "published": h.published,
                "precision": h.precision,
                "headline": h.headline,
                "score": round(h.score, 4) if h.score is not None else None,
                "snippet": h.snippet.text if h.snippet else "",
                "highlights": [list(s) for s in (h.snippet.spans if h.snippet else ())],
            }
            for h in result.hits
        ],
    }


def render_search(result: SearchResult, console: Console) -> None:
    if result.suggestion:
        line = Text("Did you mean: ")
        line.append(result.suggestion, style="bold italic")
        line.append(" ?")
        console.print(line)
    header = Text()
    header.append(f"{result.total} ", style="bold")
    header.append("article" if result.total == 1 else "articles")
    header.append(" match ")
    header.append(result.query, style="italic")
    if result.outlet_counts:
        header.append("   ")
        for i, (outlet, n) in enumerate(result.outlet_counts):
            if i:
                header.append("  ")
            header.append(outlet, style=outlet_style(outlet))
            header.append(f" {n}")
    console.print(header)
    for rank, hit in enumerate(result.hits, 1):
        console.print()
        head = Text(f"{rank:>2}. ", style="dim")
        head.append(f"{hit.outlet or 'unknown outlet'}", style=outlet_style(hit.outlet))
        head.append("  ")
        head.append(date_label(hit.published), style="cyan")
        head.append("  ")
        head.append_text(snippet_text(hit.headline_snippet, hit.headline, style="bold underline"))
        head.stylize("bold", len(head) - len(hit.headline), len(head))
        console.print(head)
        if hit.snippet and hit.snippet.text:
            body = Text("    ")
            body.append_text(snippet_text(hit.snippet))
            console.print(body)
        console.print(Text(f"    {hit.article_id}", style="dim"))
    if result.total > len(result.hits):
        console.print()
        console.print(
            Text(f"… {result.total - len(result.hits)} more; use --limit to see them", style="dim")
        )


def render_events(events: Sequence[Event], console: Console) -> None:
    """Events in date order: dates, label, outlets with article counts, blindspots."""
    from rich import box
    from rich.table import Table

    if not events:
        console.print(Text("No events.", style="dim"))
        return
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
    table.add_column("Dates", max_width=14)
    table.add_column("Event", ratio=3, overflow="fold")
    table.add_column("Coverage", ratio=1, overflow="fold")
    for e in events:
        what = Text(e.label, style="bold")
        what.append("\n")
        what.append(e.id, style="dim")
        if e.people or e.places:
            what.append("\n")
            what.append(", ".join((*e.people[:3], *e.places[:3])), style="italic")
        coverage = Text()
        for i, (outlet, ids) in enumerate(e.outlets):
            if i:
                coverage.append("\n")
            coverage.append(outlet, style=outlet_style(outlet))
            coverage.append(f" {len(ids)}")
        if e.blindspot:
            coverage.append("\nblindspot: ", style="bold yellow")
            coverage.append("not in " + ", ".join(e.missing), style="yellow")
        table.add_row(Text(span_label(e.start, e.end)), what, coverage)
    console.print(table)
    covered = sum(1 for e in events if len(e.outlets) > 1)
    blind = sum(1 for e in events if e.blindspot)
    console.print(
        Text(
            f"{len(events)} events; {covered} covered by several outlets, {blind} blindspots",
            style="dim",
        )
    )
