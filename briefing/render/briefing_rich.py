"""The briefing for the terminal: Rich tables and rules, article text only ever as `Text`.

Why this module exists: `briefing summary` prints a `Briefing` to a terminal (plain text in a
pipe). Article text is data, never markup: everything is built from `rich.text.Text` objects,
so a headline such as `[bold red]x[/]` prints literally. Colour follows the console: Rich drops
it when the output is not a terminal or `NO_COLOR` is set.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich import box
from rich.console import Console, Group
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from briefing.labels import (
    UNKNOWN_OUTLET,
    blindspot_label,
    outlet_style,
    plural,
    relation_label,
    span_label,
    top_and_more,
    trim,
)
from briefing.summary import (
    MAX_SENTENCE_CHARS,
    UNATTRIBUTED,
    ArticleEntry,
    Briefing,
    Citation,
    RankedMention,
)

__all__ = ["render_rich"]

GLANCE_OUTLETS = 5  # outlets named in the glance before "+N more"
RICH_CITATIONS_SHOWN = 3  # per person/place in the terminal; Markdown and JSON list all


def _citation_text(citation: Citation, prefix: str = "", stacked: bool = False) -> Text:
    """`TASS, 2016-11-20, <article id>`; stacked puts the id on its own line (for narrow tables)."""
    text = Text(prefix, style="dim")
    text.append(citation.outlet_label, style=outlet_style(citation.outlet))
    text.append(f", {citation.date_text},")
    text.append("\n" if stacked else " ")
    text.append(citation.article_id, style="dim")
    return text


def _citations_text(
    citations: Sequence[Citation], limit: int | None = None, stacked: bool = False
) -> Text:
    shown = citations if limit is None else citations[:limit]
    text = Text("\n").join(_citation_text(c, stacked=stacked) for c in shown)
    if len(citations) > len(shown):
        text.append(f"\n+{len(citations) - len(shown)} more", style="dim")
    return text


def _source_width(console: Console) -> int:
    """The widest a column of citations may be: two fifths of the line, so the headline or
    name beside it keeps its room however long a corpus's ids and outlet names are (longer
    lines fold)."""
    return max(20, console.width * 2 // 5)


def _heading(console: Console, title: str) -> None:
    console.print()
    console.print(Rule(Text(title, style="bold"), align="left", style="dim"))


def _rich_glance(briefing: Briefing, console: Console) -> None:
    glance = briefing.glance
    if glance.articles == 0:
        console.print(Text("No articles.", style="dim"))
        return
    line = Text()
    line.append(plural(glance.articles, "article"), style="bold")
    line.append(f" from {plural(len(glance.outlets), 'outlet')}")
    if glance.earliest:
        line.append(" · ")
        line.append(span_label(glance.earliest, glance.latest), style="bold")
    if glance.undated:
        line.append(f" · {glance.undated} undated", style="dim")
    if len(glance.languages) > 1:
        line.append(" · in " + ", ".join(f"{code} {n}" for code, n in glance.languages))
    if glance.outside:
        line.append(f" · {glance.outside} dated far outside", style="dim")
    console.print(line)
    outlets = Text("Outlets: ", style="dim")
    shown = glance.outlets[:GLANCE_OUTLETS]
    for i, oc in enumerate(shown):
        if i:
            outlets.append("  ·  ", style="dim")
        outlets.append(oc.outlet or UNKNOWN_OUTLET, style=outlet_style(oc.outlet))
        outlets.append(f" {oc.articles}")
    if len(glance.outlets) > len(shown):
        outlets.append(f"  ·  +{len(glance.outlets) - len(shown)} more", style="dim")
    console.print(outlets)


def _rich_timeline(briefing: Briefing, console: Console) -> None:
    _heading(console, "Timeline")
    if not briefing.timeline:
        console.print(Text("Nothing to show.", style="dim"))
        return
    if briefing.timeline_omitted:
        console.print(
            Text(
                f"{briefing.timeline_omitted:,} earlier entries not shown "
                "(--timeline 0 shows them all)",
                style="dim",
            )
        )
    notes = []
    if briefing.timeline_undated:
        notes.append(f"{briefing.timeline_undated:,} more undated articles not listed")
    if briefing.timeline_outside:
        notes.append(f"{briefing.timeline_outside:,} dated far outside the corpus's span left out")
    if notes:
        console.print(Text("; ".join(notes), style="dim"))
    stacked = console.width < 100  # narrow: put the id under outlet and date
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
    table.add_column("Date", max_width=14)
    table.add_column("Entry", ratio=1, overflow="fold")
    table.add_column("Source", max_width=_source_width(console), overflow="fold")
    for entry in briefing.timeline:
        if isinstance(entry, ArticleEntry):
            what = Text(entry.headline or "(no headline)", style="bold")
            if entry.headline_derived:
                what.append(" (headline from text)", style="dim italic")
            table.add_row(
                Text(entry.date_text), what, _citation_text(entry.citation, stacked=stacked)
            )
        else:
            what = Text(f"“{entry.text}”", style="italic")
            relation = "/".join(filter(None, (relation_label(r) for r in entry.relations)))
            if relation:
                what.append(f" · {relation}", style="dim")
            if entry.sentence:
                what.append("\n")
                what.append(trim(entry.sentence, MAX_SENTENCE_CHARS), style="dim")
            table.add_row(
                Text(entry.date_text, style="italic"),
                what,
                _citations_text(entry.citations, stacked=stacked),
            )
    console.print(table)


def _rich_mentions(title: str, ranked: Sequence[RankedMention], console: Console) -> None:
    _heading(console, title)
    if not ranked:
        console.print(Text("Nothing to show.", style="dim"))
        return
    stacked = console.width < 100  # narrow: put the id under outlet and date
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
    table.add_column("Name", ratio=1, overflow="fold", min_width=12)
    table.add_column("Articles", justify="right", no_wrap=True, min_width=8)
    table.add_column("Mentions", justify="right", no_wrap=True, min_width=8)
    table.add_column("Cited in", max_width=_source_width(console), overflow="fold")
    for r in ranked:
        table.add_row(
            Text(r.name, style="bold"),
            Text(str(r.articles)),
            Text(str(r.mentions)),
            _citations_text(r.citations, RICH_CITATIONS_SHOWN, stacked=stacked),
        )
    console.print(table)


def _rich_people_places(briefing: Briefing, console: Console) -> None:
    _rich_mentions("People", briefing.people, console)
    _rich_mentions("Places", briefing.places, console)


def _rich_quotes(briefing: Briefing, console: Console) -> None:
    _heading(console, "Quotes")
    if not briefing.quotes:
        console.print(Text("Nothing to show.", style="dim"))
        return
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(ratio=1)
    for i, q in enumerate(briefing.quotes, 1):
        said = Text("— ", style="dim")
        said.append(q.speaker or UNATTRIBUTED, style="bold" if q.speaker else "dim italic")
        said.append(", reported by ", style="dim")
        said.append_text(_citation_text(q.citations[0]))
        lines: list[Text] = [Text(f"“{q.text}”"), said]
        lines.extend(_citation_text(c, prefix="  and ") for c in q.citations[1:])
        grid.add_row(Text(f"{i}.", style="dim"), Group(*lines))
    console.print(grid)


def _compact_span(start: str | None, end: str | None) -> str:
    """`2018-09-17–10-06` within a year (16 columns at most), else as `span_label`."""
    if start and end and len(start) == len(end) == 10 and start[:4] == end[:4] and start != end:
        return f"{start}–{end[8:]}" if start[:7] == end[:7] else f"{start}–{end[5:]}"
    return span_label(start, end)


def _rich_events(briefing: Briefing, console: Console) -> None:
    """Two lines an event at most: dates, label and top outlets; its sharpest difference.
    With the glance, this is the reader's first screen (Markdown and JSON keep every
    difference and citation)."""
    if not briefing.events:
        return
    _heading(console, "Events")
    outlets = len(briefing.glance.outlets)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True, style="dim")
    grid.add_column(ratio=1)
    for e in briefing.events:
        what = Text(e.label, style="bold")
        what.append("  ")
        names, more = top_and_more([o for o, _ in e.coverage])
        counts = dict(e.coverage)
        for i, outlet in enumerate(names):
            if i:
                what.append(" · ", style="dim")
            what.append(outlet, style=outlet_style(outlet))
            what.append(f" {counts[outlet]}")
        if more:
            what.append(f" +{more} more", style="dim")
        if e.blindspot and e.coverage:
            what.append("  blindspot: ", style="bold yellow")
            what.append(blindspot_label(e.coverage[0][0], outlets), style="yellow")
        rows = [what]
        if e.differences:
            d = e.differences[0]
            first = Text("• ", style="dim", no_wrap=True, overflow="ellipsis")
            first.append(d.text, style="red" if d.kind == "disagree" else "")
            more_diffs = len(e.differences) - 1
            if more_diffs:
                first.append(f"  (+{more_diffs} in --format markdown)", style="dim")
            rows.append(first)
        grid.add_row(Text(_compact_span(e.start, e.end)), Group(*rows))
    console.print(grid)
    console.print(
        Text("briefing events lists them all; briefing compare ID compares one", style="dim")
    )


_RICH_SECTIONS: tuple[Callable[[Briefing, Console], None], ...] = (
    _rich_glance,
    _rich_events,
    _rich_timeline,
    _rich_people_places,
    _rich_quotes,
)


def render_rich(briefing: Briefing, console: Console) -> None:
    """Print the briefing to `console`.

    Colour follows the console: Rich drops it when the output is not a terminal or `NO_COLOR`
    is set. Article text is only ever passed as `Text`, never parsed as markup.
    """
    console.print(Rule(Text(briefing.title, style="bold")))
    for section in _RICH_SECTIONS:
        section(briefing, console)
