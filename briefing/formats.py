"""The file formats briefing reads, by name ending: one table for discovery and for messages.

Why this module exists: which files are articles (`*.txt`, JSON Lines, web pages, MHTML) is
decided by their name's ending, and the messages that say what was looked for ("no articles
found (looked for ...)", the app's empty screen, the CLI's help) must name the same list. It
sits in the bottom layer, importing nothing, so that the CLI can name the formats without
loading the article reader.
"""

from __future__ import annotations

from typing import Final, Literal

__all__ = ["FORMATS_READ", "SUFFIXES", "SourceKind"]

SourceKind = Literal["text", "jsonl", "html", "mhtml"]

# File name endings briefing reads, matched case-insensitively, longest first.
SUFFIXES: Final[tuple[tuple[str, SourceKind], ...]] = (
    (".jsonl.gz", "jsonl"),
    (".ndjson.gz", "jsonl"),
    (".jsonl", "jsonl"),
    (".ndjson", "jsonl"),
    (".txt", "text"),
    (".text", "text"),
    (".html.gz", "html"),
    (".htm.gz", "html"),
    (".xhtml.gz", "html"),
    (".xhtml", "html"),
    (".html", "html"),
    (".htm", "html"),
    (".mhtml", "mhtml"),
    (".mht", "mhtml"),
)


def _formats_read() -> str:
    """SUFFIXES for people: '*.txt, ..., *.html(.gz), ...', text formats first."""
    order: tuple[SourceKind, ...] = ("text", "jsonl", "html", "mhtml")
    ranked = sorted(SUFFIXES, key=lambda sk: (order.index(sk[1]), len(sk[0])))
    names = [s for s, _ in ranked if s[-3:] != ".gz"]
    gzipped = {s[:-3] for s, _ in SUFFIXES if s[-3:] == ".gz"}
    return ", ".join(f"*{s}" + ("(.gz)" if s in gzipped else "") for s in names)


# The formats read, named in messages ("no articles found (looked for ...)"): from SUFFIXES.
FORMATS_READ: Final = _formats_read()
