"""Dates, outlets and relations as a reader sees them: labels and colours every layer shares.

Why this module exists: the briefing's records, every renderer (terminal, Markdown) and the app
must write a date at the precision it is known ("2016-12-16", "Dec 2016", "2016", "undated"),
give an outlet the same colour everywhere and cut long text the same way. These helpers sit
below the summary so that all of them can import one copy. Plain strings only: a colour is a
style string ("cyan", "dim") that Rich or Textual will read; nothing here imports either.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

from briefing.models import Relation

__all__ = [
    "UNDATED",
    "UNKNOWN_OUTLET",
    "blindspot_label",
    "date_label",
    "month_key",
    "month_title",
    "outlet_style",
    "plural",
    "relation_label",
    "span_label",
    "top_and_more",
    "trim",
]

OUTLETS_NAMED = 3  # outlets named in a list before "+N more", everywhere

UNDATED = "undated"
UNKNOWN_OUTLET = "unknown outlet"

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NAMES = (
    "January February March April May June July August September October November December"
).split()
_RELATION_LABELS: dict[Relation, str] = {
    "past": "earlier",
    "same": "same day",
    "ahead": "upcoming",
    "unknown": "",
}
_PALETTE = (
    "cyan",
    "magenta",
    "green",
    "yellow",
    "blue",
    "bright_magenta",
    "bright_green",
    "bright_blue",
)


def date_label(iso: str | None) -> str:
    """A date at the precision it is known: `2016-12-16`, `Dec 2016`, `2016` or `undated`."""
    if not iso:
        return UNDATED
    parts = iso.split("-")
    if len(parts) == 2:
        try:
            return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
        except (ValueError, IndexError):
            return iso
    return iso


def span_label(start: str | None, end: str | None) -> str:
    """A date or a span: `2016-12-15–16`, `Dec 2016 – Jan 2017`, or as `date_label`."""
    if end is None or end == start or start is None:
        return date_label(start)
    if len(start) == 10 and len(end) == 10 and start[:8] == end[:8]:
        return f"{start}–{end[8:]}"
    return f"{date_label(start)} – {date_label(end)}"


def month_key(iso: str | None) -> str:
    """`2016-12-16` and `2016-12` -> `2016-12`; `2016` -> `2016`; None -> `undated`."""
    if not iso:
        return UNDATED
    return iso[:7]


def month_title(key: str) -> str:
    """A `month_key` as a heading: `December 2016`, `2016 (month unknown)`, `Undated`."""
    if key == UNDATED:
        return "Undated"
    if len(key) == 4:
        return f"{key} (month unknown)"
    return f"{_MONTH_NAMES[int(key[5:7]) - 1]} {key[:4]}"


def plural(n: int, word: str) -> str:
    """`1 article`, `2 articles`."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def relation_label(relation: Relation) -> str:
    """How a dated reference relates to its article's date: `earlier`, `upcoming`, ..."""
    return _RELATION_LABELS[relation]


def outlet_style(outlet: str | None) -> str:
    """A stable colour per outlet name (the same on every run and machine)."""
    if not outlet:
        return "dim"
    return _PALETTE[zlib.crc32(outlet.casefold().encode("utf-8")) % len(_PALETTE)]


def top_and_more(names: Sequence[str], shown: int = OUTLETS_NAMED) -> tuple[list[str], int]:
    """The first `shown` of `names` (already in order, most first) and how many are left."""
    return list(names[:shown]), max(0, len(names) - shown)


def blindspot_label(outlet: str | None, corpus_outlets: int) -> str:
    """A blindspot as a mark and a count: `only Mother Jones, 1 of 214 outlets`."""
    return f"only {outlet or UNKNOWN_OUTLET}, 1 of {corpus_outlets} outlets"


def trim(text: str, limit: int) -> str:
    """`text` cut to `limit` characters at a word boundary, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"
