"""The timeline's rows: an event, an article, a referenced date, as the list shows them.

Why this module exists: a row must read at a glance on a corpus of 200 outlets: the date in a
column of its own with the label hanging after it (wrapped lines never run under the date),
the top three outlets and "+N more", a blindspot as a mark and a count, never the list of the
outlets that missed it. Each row also comes as plain text (what tests and people read).
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
    "event_matches",
    "event_prompt",
    "hanging",
    "outlets_text",
    "reference_prompt",
    "short_date",
]

MONTH_ABBR = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
OUTLETS_SHOWN = 3  # outlets named on an event's row; the rest are "+N more"
REFERENCE_MARK_WIDTH = 12  # `◆ referenced`
DATE_WIDTH = 6  # the date column (`Dec 16`, `~Dec`); a wrapped label hangs after it


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


def reference_prompt(ref: Reference, seen_from: str, more: int = 0) -> tuple[Table, str]:
    """`◆ ahead  ~Jul 2020 in July (Vox, 2020-03-31) +67 more dates`."""
    label = "referenced" if ref.relation == "past" else "ahead"
    mark = Text(f"◆ {label}", style="yellow" if ref.relation == "ahead" else "blue")
    body = join(
        date_text(ref.date, ref.precision, ref.end),
        plain(ref.text, "italic"),
        Text.assemble(("(", "dim"), outlet_text(ref.outlet), (f", {seen_from})", "dim")),
        Text(f"+{more} more dates", style="dim") if more else "",
    )
    return hanging(mark, body, REFERENCE_MARK_WIDTH), f"{mark.plain} {body.plain}"
