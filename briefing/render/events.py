"""Events for the terminal: one line each, dates, label, top outlets, blindspot mark.

Why this module exists: `briefing events` lists the stories of a corpus the way the timeline
shows them, one line per event a person scans in seconds, even at 20,000 events: the top three
outlets with their article counts and "+N more", a blindspot as a mark and a count ("only TASS,
1 of 214 outlets"), never the list of outlets that did not cover it. `--long` adds each event's
id, people and places on lines of their own. Labels and outlet names are article data and only
ever enter `rich.text.Text`. The Markdown form is in `briefing.render.events_markdown`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from briefing.labels import blindspot_label, outlet_style, plural, span_label, top_and_more

if TYPE_CHECKING:
    from briefing.events import Event

__all__ = ["event_line", "render_events"]

DATE_WIDTH = 13  # `2016-12-13–16`; longer spans push the label along


def event_line(event: Event, corpus_outlets: int) -> Text:
    """`2016-12-13–16  Putin's visit to Japan  Sputnik 2 · TASS 1`."""
    line = Text(span_label(event.start, event.end).ljust(DATE_WIDTH), style="dim")
    line.append("  ")
    line.append(" ".join(event.label.split()), style="bold")
    line.append("  ")
    names, more = top_and_more([o for o, _ in event.outlets])
    counts = dict(event.outlets)
    for i, outlet in enumerate(names):
        if i:
            line.append(" · ", style="dim")
        line.append(outlet, style=outlet_style(outlet))
        line.append(f" {len(counts[outlet])}")
    if more:
        line.append(f" +{more} more", style="dim")
    if event.blindspot:
        line.append("  blindspot: ", style="bold yellow")
        line.append(blindspot_label(event.outlets[0][0], corpus_outlets), style="yellow")
    return line


def render_events(events: Sequence[Event], console: Console, *, long: bool = False) -> None:
    """A header, then one line per event in date order (`long`: id, people, places below)."""
    if not events:
        console.print(Text("No events.", style="dim"))
        return
    outlets = len(
        {o for e in events for o, _ in e.outlets} | {m for e in events for m in e.missing}
    )
    covered = sum(1 for e in events if len(e.outlets) > 1)
    blind = sum(1 for e in events if e.blindspot)
    console.print(
        Text(
            f"{plural(len(events), 'event')} from {plural(outlets, 'outlet')}: {covered} covered "
            f"by several outlets, {plural(blind, 'blindspot')} (--json for ids and articles)",
            style="bold",
        ),
        soft_wrap=True,
    )
    for e in events:
        console.print(event_line(e, outlets), soft_wrap=True)
        if long:
            detail = Text(" " * (DATE_WIDTH + 2))
            detail.append(e.id, style="dim")
            names = ", ".join((*e.people[:3], *e.places[:3]))
            if names:
                detail.append("  " + names, style="italic")
            console.print(detail, soft_wrap=True)
