"""The timeline's rows: an event, an article, a referenced date, as the list shows them.

Why this module exists: a row must read at a glance on a corpus of 200 outlets: the date in a
column of its own with the label hanging after it (wrapped lines never run under the date),
the top three outlets and "+N more", a blindspot as a mark and a count, never the list of the
outlets that missed it. On a short terminal each row is one line (`compact`): the date, the
label as far as it fits, and the outlets in a column of their own at the end ("▌▌▌ 7 outlets",
"▌Reuters · blindspot"); the whole row, label unabridged, is shown for the row under the
cursor. Each row also comes as plain text (what tests and people read).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text

from briefing.app.model import Reference
from briefing.app.text import clean, date_text, join, outlet_text, plain
from briefing.events import Event
from briefing.labels import date_label

__all__ = [
    "DATE_WIDTH",
    "OUTLETS_SHOWN",
    "Row",
    "compact_event_prompt",
    "event_matches",
    "event_prompt",
    "events_status",
    "hanging",
    "one_line",
    "outlets_text",
    "reference_prompt",
    "short_date",
]

MONTH_ABBR = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
OUTLETS_SHOWN = 3  # outlets named on an event's row; the rest are "+N more"
REFERENCE_MARK_WIDTH = 12  # `◆ referenced`
DATE_WIDTH = 6  # the date column (`Dec 16`, `~Dec`); a wrapped label hangs after it
OUTLET_NAME_WIDTH = 18  # a blindspot's outlet on a one-line row, at most


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the timeline as plain text (what the tests and a person read)."""

    kind: str  # month, event, article, reference, more
    text: str


def short_date(iso: str | None) -> str:
    """A date within its month heading: `Dec 16`, `~Dec` (month known), `~2016`, `undated`."""
    if not iso:
        return "—"
    try:
        if len(iso) == 4:
            return f"~{iso}"
        month = MONTH_ABBR[int(iso[5:7]) - 1]
        return f"~{month}" if len(iso) == 7 else f"{month} {int(iso[8:10])}"
    except (ValueError, IndexError):
        return iso


def outlets_text(event: Event, shown: int = OUTLETS_SHOWN) -> Text:
    """`▌TASS 3  ▌Kyodo 2  +4 more`, or for a blindspot `▌TASS · blindspot (1/214)`: one of
    the corpus's 214 outlets covered it (the status line says so)."""
    out = Text()
    for i, (outlet, ids) in enumerate(event.outlets[:shown]):
        if i:
            out.append("  ")
        out.append("▌", style=outlet_text(outlet).style)
        count = f" {len(ids)}" if len(ids) > 1 or len(event.outlets) > 1 else ""
        out.append_text(outlet_text(outlet, count))
    more = len(event.outlets) - shown
    if more > 0:
        out.append(f"  +{more} more", style="dim")
    if event.blindspot:
        total = len(event.outlets) + len(event.missing)
        out.append(f" · blindspot (1/{total})", style="red")
    return out


def hanging(lead: Text, body: Text, width: int = DATE_WIDTH) -> Table:
    """`lead` in a fixed column and `body` beside it: wrapped lines hang under the body."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(width=width, no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(lead, body)
    return grid


def one_line(lead: Text, body: Text, tail: Text | None = None, width: int = DATE_WIDTH) -> Table:
    """`lead`, `body` and `tail` on one line: the body ends in "…" where it does not fit, the
    lead and tail are always whole (the date, the outlets)."""
    grid = Table.grid(padding=(0, 1, 0, 0), expand=True)
    grid.add_column(width=width, no_wrap=True)
    grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    cells: list[Text] = [lead, body]
    if tail is not None:
        grid.add_column(no_wrap=True, justify="right")
        cells.append(tail)
    grid.add_row(*cells)
    return grid


def compact_outlets(event: Event, slim: bool = False) -> Text:
    """`▌▌▌ 7 outlets` (the top three's colours, then the count), or for a blindspot
    `▌Reuters · blindspot` (`▌Reuters 2 · blindspot`: two articles); `slim`: `▌▌▌7`, `▌`."""
    out = Text()
    if slim:
        for outlet, _ in event.outlets[:OUTLETS_SHOWN]:
            out.append("▌", style=outlet_text(outlet).style)
        if len(event.outlets) > 1:
            out.append(str(len(event.outlets)), style="bold")
        return out
    if len(event.outlets) == 1:
        outlet = event.outlets[0][0]
        name = clean(outlet) or "unknown outlet"
        if len(name) > OUTLET_NAME_WIDTH:
            name = name[: OUTLET_NAME_WIDTH - 1].rstrip() + "…"
        out.append("▌", style=outlet_text(outlet).style)
        out.append(name, style=outlet_text(outlet).style)
        if len(event.articles) > 1:
            out.append(f" {len(event.articles)}", style=outlet_text(outlet).style)
        if event.blindspot:
            out.append(" · blindspot", style="red")
        return out
    for outlet, _ in event.outlets[:OUTLETS_SHOWN]:
        out.append("▌", style=outlet_text(outlet).style)
    out.append(f" {len(event.outlets)} outlets", style="bold")
    return out


def compact_event_prompt(event: Event, slim: bool = False) -> Table:
    """An event on one line: date, label (as far as it fits), outlets at the end."""
    head = Text(clean(event.label), style="bold")
    return one_line(Text(short_date(event.start)), head, compact_outlets(event, slim))


def event_matches(event: Event, words: list[str]) -> bool:
    hay = " ".join(
        [event.label, *(o for o, _ in event.outlets), *event.people, *event.places]
    ).lower()
    return all(w in hay for w in words)


def event_prompt(event: Event) -> tuple[Table, str]:
    """Date, label, outlets; one outlet goes on the label's line (most events on a large
    corpus are one article: a row each, not two)."""
    date = short_date(event.start)
    head = Text(clean(event.label), style="bold")
    outlets = outlets_text(event)
    if event.end and event.end != event.start:
        outlets.append(f"  until {date_label(event.end)}", style="dim")
    sep = "  " if len(event.outlets) == 1 else "\n"
    body = Text(sep).join([head, outlets])
    row = f"{date}  {head.plain}\n{outlets.plain}"
    return hanging(Text(date), body), row


def reference_prompt(
    ref: Reference, seen_from: str, more: int = 0, *, compact: bool = False
) -> tuple[Table, str]:
    """`◆ ahead  ~Jul 2020 in July (Vox, 2020-03-31) +67 more dates` (on one line if
    `compact`)."""
    label = "referenced" if ref.relation == "past" else "ahead"
    mark = Text(f"◆ {label}", style="yellow" if ref.relation == "ahead" else "blue")
    body = join(
        date_text(ref.date, ref.precision, ref.end),
        plain(ref.text, "italic"),
        Text.assemble(("(", "dim"), outlet_text(ref.outlet), (f", {seen_from})", "dim")),
        Text(f"+{more} more dates", style="dim") if more else "",
    )
    row = f"{mark.plain} {body.plain}"
    if compact:
        return one_line(mark, body, width=REFERENCE_MARK_WIDTH), row
    return hanging(mark, body, REFERENCE_MARK_WIDTH), row


def events_status(total: int, several: int, blind: int, outlets: int) -> str:
    """The timeline's status line: `3761 events · 335 several outlets · 3426 blindspots
    (1/228)`; a blindspot's share of the outlets only where there is one (never "(1/0)")."""
    of = f" (1/{outlets})" if blind and outlets else ""
    return f"{total} events · {several} several outlets · {blind} blindspots{of}"
