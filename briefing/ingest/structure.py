"""Recover an article's parts (headline, lede, dateline, body, tags) from scraped text.

Why this module exists: a saved page is a flat run of lines in which the article sits among
navigation, photo captions, subscription prompts, related-headline lists and comment widgets.
This module classifies each block with the general rules in `Rules` (never per-file knowledge)
and returns the pieces, plus what it set aside (captions, page stamps) because the date logic
still wants to read them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefing.ingest.rules import Rules

_TERMINAL = ".!?:;…"
_WORD = re.compile(r"[^\W\d_][\w’'\-]*")
_CAPWORD = re.compile(r"^[A-Z0-9\"“‘'(]")
_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "nor",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "by",
        "with",
        "from",
        "as",
        "vs",
        "via",
        "into",
        "over",
        "upon",
        "per",
        "than",
        "is",
        "are",
        "was",
        "were",
        "be",
        "it",
        "its",
    ]
)


@dataclass(frozen=True, slots=True)
class Dateline:
    place: str | None
    month: str | None
    day: int | None
    year: int | None
    outlet: str | None
    text: str  # the matched dateline, as written


@dataclass(slots=True)
class Structure:
    """The recovered parts of one article. Mutable while being built, read-only after."""

    headline: str | None = None
    headline_derived: bool = False
    lede: str | None = None
    dateline: Dateline | None = None
    body: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    page_stamps: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)  # header blocks, for outlet signatures


def split_blocks(text: str) -> list[str]:
    """Split text into blocks: paragraphs, headings, lines of furniture.

    Scraped pages put one block per line; wire copy wraps paragraphs at a fixed width and marks
    new paragraphs by indentation. Chunks between blank lines that look wrapped are re-joined.
    """
    blocks: list[str] = []
    for chunk in re.split(r"\n\s*\n", text):
        lines = [ln for ln in chunk.split("\n") if ln.strip()]
        if not lines:
            continue
        if _looks_wrapped(lines):
            current: list[str] = []
            for ln in lines:
                if current and (ln.startswith(("  ", "\t")) or _ends_short(current[-1], lines)):
                    blocks.append(" ".join(current))
                    current = []
                current.append(ln.strip())
            if current:
                blocks.append(" ".join(current))
        else:
            blocks.extend(ln.strip() for ln in lines)
    return [re.sub(r"\s{2,}", " ", b) for b in blocks if b]


def _looks_wrapped(lines: list[str]) -> bool:
    if len(lines) < 3:
        return False
    longest = max(len(ln.rstrip()) for ln in lines)
    if longest > 110:
        return False
    if sum(len(ln.strip()) for ln in lines[:-1]) < 35 * (len(lines) - 1):
        return False  # short lines are a list of furniture, not wrapped prose
    continuations = sum(1 for ln in lines[1:] if ln.strip()[:1].islower())
    return continuations >= 0.3 * (len(lines) - 1)


def _ends_short(line: str, lines: list[str]) -> bool:
    width = max(len(ln.rstrip()) for ln in lines)
    s = line.rstrip()
    return s.endswith((".", "!", "?", '"', "”")) and len(s) < 0.6 * width


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def is_title_like(block: str) -> bool:
    """A headline or heading: a few capitalised words, not a sentence ending in a full stop."""
    s = block.strip()
    n = len(words(s))
    if n < 3 or n > 30 or len(s) > 220:
        return False
    if s.endswith((".", ":", ",", ";")) and not s.endswith(("..", "…")):
        return False
    return bool(_CAPWORD.match(s))


def is_title_case(block: str) -> bool:
    """Headline Style Capitalisation: most words of four letters or more are capitalised."""
    ws = [w for w in words(block) if w.lower() not in _SMALL_WORDS]
    long_words = [w for w in ws if len(w) >= 4]
    if len(long_words) < 3:
        return False
    caps = sum(1 for w in long_words if w[0].isupper())
    return caps >= 0.8 * len(long_words)


def is_prose(block: str) -> bool:
    """A paragraph of running text: enough words and a sentence ending."""
    s = block.rstrip()
    return len(words(s)) >= 12 and s[-1:] in ".!?\"”’')]…"


def is_tag_line(block: str) -> bool:
    """A trailing list of topics: 'Vladimir Putin, Shinzo Abe, Japan, Russia, Kuril Islands'."""
    parts = [p.strip() for p in block.split(",")]
    if len(parts) < 3 or block.rstrip().endswith((".", "!", "?")):
        return False
    for p in parts:
        ws = p.split()
        if not 1 <= len(ws) <= 4 or not all(w[:1].isupper() or w[:1].isdigit() for w in ws):
            return False
    return True


def _script_mismatch(block: str) -> bool:
    """A short line mostly in another script (a Cyrillic widget caption in an English page)."""
    if block.isascii() or len(block) >= 200:
        return False
    letters = [c for c in block if c.isalpha()]
    if not letters:
        return False
    latin = sum(1 for c in letters if c < "\u0250")
    return latin < 0.5 * len(letters) and len(block) < 200


def _match_any(patterns: tuple[re.Pattern[str], ...], text: str) -> re.Match[str] | None:
    for p in patterns:
        m = p.search(text)
        if m:
            return m
    return None


def match_dateline(block: str, rules: Rules) -> tuple[Dateline, str] | None:
    """The dateline at the start of a block, and the block without it."""
    for p in rules.datelines:
        m = p.match(block)
        if not m:
            continue
        g = m.groupdict()
        place = (g.get("place") or "").strip(" ,.-")
        if not place or len(place) < 2:
            continue
        day = g.get("day")
        year = g.get("year")
        dl = Dateline(
            place=_title(place),
            month=g.get("month"),
            day=int(day) if day else None,
            year=int(year) if year else None,
            outlet=(g.get("outlet") or None),
            text=m.group(0).strip(),
        )
        return dl, block[m.end() :].strip()
    return None


def _title(place: str) -> str:
    """'NEW YORK' -> 'New York'; leaves mixed-case names alone."""
    if place.isupper():
        return " ".join(w.capitalize() if len(w) > 1 else w for w in place.split())
    return place


def parse_structure(text: str, rules: Rules, *, has_headline: bool = False) -> Structure:
    """Classify the blocks of one article's text.

    `has_headline` is set when the headline is known from elsewhere (a JSON record's title);
    then no header block is taken as headline and the text is treated as body from the start.
    """
    out = Structure()
    kept = _strip_closing_furniture(_sort_blocks(text, rules, out), out)
    start = _find_dateline(kept, rules, out)
    if has_headline:
        header: list[str] = []
        body = kept
    elif start is not None:
        header, body = kept[:start], kept[start:]
    else:
        # No dateline: the header is what comes before the first paragraph of prose.
        first_prose = next((i for i, b in enumerate(kept) if is_prose(b)), len(kept))
        header, body = kept[:first_prose], kept[first_prose:]
    out.header = header
    _headline_and_lede(header, out)
    out.body = [b for b in body if b and not _is_related_link(b)]
    if out.headline is None:
        source = out.lede or next((b for b in out.body if is_prose(b)), None)
        if source:
            out.headline = derive_headline(source)
            out.headline_derived = True
    return out


_TRAILER = "\x00TRAILER"


def _sort_blocks(text: str, rules: Rules, out: Structure) -> list[str]:
    """Page stamps and captions into `out`, boilerplate dropped, a trailer marked; the rest kept."""
    kept: list[str] = []
    # a line in another script is a widget caption only on a page in Latin script
    letters = [c for c in text[:5000] if c.isalpha()]
    latin_page = sum(1 for c in letters if c < "\u0250") >= 0.5 * len(letters)
    for block in split_blocks(text):
        if _match_any(rules.page_stamps, block):
            out.page_stamps.append(block)
            continue
        if _match_any(rules.trailers, block):
            kept.append(_TRAILER)
            continue
        if _match_any(rules.captions, block):
            out.captions.append(block)
            continue
        if _match_any(rules.boilerplate_lines, block) or (latin_page and _script_mismatch(block)):
            continue
        kept.append(block)
    return kept


def _strip_closing_furniture(kept: list[str], out: Structure) -> list[str]:
    """Drop what follows the article: after a trailer, a closing tag line (kept as tags), and a
    closing list of related stories."""
    # Everything after a trailer marker is furniture, but a tag line there becomes tags.
    if _TRAILER in kept:
        cut = kept.index(_TRAILER)
        tail = [b for b in kept[cut:] if b != _TRAILER]
        kept = kept[:cut]
        for b in tail:
            if is_tag_line(b):
                out.tags = [p.strip() for p in b.split(",")]
    # A tag line closing the article (without a trailer marker).
    if kept and is_tag_line(kept[-1]) and not out.tags:
        out.tags = [p.strip() for p in kept.pop().split(",")]
    # A closing run of three or more headline-like lines is a related-stories list.
    run = 0
    while run < len(kept) and is_title_like(kept[-1 - run]) and not is_prose(kept[-1 - run]):
        run += 1
    if run >= 3:
        kept = kept[: len(kept) - run]
    return kept


def _find_dateline(kept: list[str], rules: Rules, out: Structure) -> int | None:
    """The block the dateline opens (cut off it, into `out`): it separates the header
    (headline, standfirst) from the body. None if the first blocks hold none."""
    for i, block in enumerate(kept):
        found = match_dateline(block, rules)
        if found:
            out.dateline, rest = found
            kept[i] = rest
            return i
        if i > 25:
            break
    return None


def _headline_and_lede(header: list[str], out: Structure) -> None:
    headline_at = next((i for i, b in enumerate(header) if is_title_like(b)), None)
    if headline_at is not None:
        out.headline = header[headline_at]
        lede_blocks = header[headline_at + 1 :]
    else:
        lede_blocks = [b for b in header if len(words(b)) >= 8]
    lede_blocks = [b for b in lede_blocks if len(words(b)) >= 5]
    if lede_blocks:
        out.lede = " ".join(lede_blocks)


def _is_related_link(block: str) -> bool:
    """A headline of another story dropped into the body ('Japan Prepares to Discuss ...')."""
    return (
        is_title_like(block)
        and is_title_case(block)
        and len(words(block)) >= 6
        and not block.rstrip().endswith(("?", "!"))
    )


_CLAUSE_BREAK = re.compile(
    r",|;|\s[—–-]\s|\s(?:during|as|after|while|when|including|amid|because|which|who|where)\s"
)


def derive_headline(text: str, max_words: int = 16) -> str:
    """A headline from a lead sentence: its first clause, cut at a word boundary."""
    first = re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", text.strip(), maxsplit=1)[0].rstrip(" .")
    ws = first.split()
    if len(ws) <= max_words:
        return first
    cut = len(ws)
    for m in _CLAUSE_BREAK.finditer(first):
        n = len(first[: m.start()].split())
        if 8 <= n <= max_words:
            cut = n
            break
    if cut > max_words:
        return " ".join(ws[:max_words]).rstrip(",;:") + "…"
    return " ".join(ws[:cut]).rstrip(",;:") + "…"
