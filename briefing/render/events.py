"""Events for the terminal: dates, label, outlets with their article counts, blindspots.

Why this module exists: `briefing events` lists the stories of a corpus the way the timeline
shows them, in a table a person scans in seconds. Labels and outlet names are article data and
only ever enter `rich.text.Text`. The Markdown form is in `briefing.render.events_markdown`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from briefing.labels import outlet_style, span_label

if TYPE_CHECKING:
    from briefing.events import Event

__all__ = ["render_events"]


def render_events(events: Sequence[Event], console: Console) -> None:
    """Events in date order: dates, label, outlets with article counts, blindspots."""
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
