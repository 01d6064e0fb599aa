"""Recover an article's parts (headline, lede, dateline, body, tags) from scraped text.

Why this module exists: a saved page is a flat run of lines in which the article sits among
navigation, photo captions, subscription prompts, related-headline lists and comment widgets.
This module classifies each block with the general rules in `Rules` (never per-file knowledge)
and returns the pieces, plus what it set aside (captions, page stamps) because the date logic
still wants to read them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from briefing.ingest.pattern_sets import pattern_set
from briefing.ingest.rules import Rules
from briefing.ingest.translit import ends_with_spelling

_TERMINAL = ".!?:;…。！？"
_WORD = re.compile(r"[^\W\d_][\w’'\-]*")
# Scripts written without spaces between words: a run of their letters is counted as words of
# about two characters, so a Japanese sentence counts as many words, as it reads.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")
_OPENERS = "\"“‘'(«„「『《<["
_SENTENCE_END = ".!?\"”’')]…»。！？」』"
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
    # what cleaning removed, by kind, for the warning when no text is left
    removed: dict[str, int] = field(default_factory=dict)

    def note(self, kind: str) -> None:
        self.removed[kind] = self.removed.get(kind, 0) + 1


_SPACE_RUN = re.compile(r"\s{2,}")


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
            width = max(len(ln.rstrip()) for ln in lines)
            for i, ln in enumerate(lines):
                # a short last line after a finished sentence is a sign-off ("Reuter"), apart
                alone = (
                    i == len(lines) - 1
                    and len(ln.strip()) < 0.3 * width
                    and bool(current)
                    and current[-1].rstrip().endswith(tuple(_SENTENCE_END))
                )
                if current and (
                    ln.startswith(("  ", "\t")) or _ends_short(current[-1], lines) or alone
                ):
                    blocks.append(" ".join(current))
                    current = []
                current.append(ln.strip())
            if current:
                blocks.append(" ".join(current))
        else:
            blocks.extend(ln.strip() for ln in lines)
    return [_SPACE_RUN.sub(" ", b) for b in blocks if b]


def _looks_wrapped(lines: list[str]) -> bool:
    if len(lines) < 3:
        return False
    longest = max(len(ln.rstrip()) for ln in lines)
    if longest > 110:
        return False
    if sum(len(ln.strip()) for ln in lines[:-1]) < 35 * (len(lines) - 1):
        return False  # short lines are a list of furniture, not wrapped prose
    continuations = sum(1 for ln in lines[1:] if ln.strip()[:1].islower())
    if continuations >= 0.3 * (len(lines) - 1):
        return True
    # Fixed-width wire copy whose lines start with capitals or figures ("March 1, 1994. The
    # ..."): most lines fill the width, and many end mid-sentence.
    widths = [len(ln.rstrip()) for ln in lines[:-1]]
    full = sum(1 for w in widths if w >= 0.75 * longest)
    open_ends = sum(1 for ln in lines[:-1] if not ln.rstrip().endswith(tuple(_SENTENCE_END)))
    return full >= 0.7 * len(widths) and open_ends >= 0.5 * len(widths)


def _ends_short(line: str, lines: list[str]) -> bool:
    width = max(len(ln.rstrip()) for ln in lines)
    s = line.rstrip()
    return s.endswith((".", "!", "?", '"', "”")) and len(s) < 0.6 * width


def words(text: str) -> list[str]:
    found = _WORD.findall(text)
    if text.isascii() or not _UNSPACED.search(text):
        return found
    out: list[str] = []
    for w in found:
        if _UNSPACED.match(w):
            out.extend(w[i : i + 2] for i in range(0, len(w), 2))
        else:
            out.append(w)
    return out


def _starts_like_title(s: str) -> bool:
    """Starts with a capital (any script), a digit, a quote, or a letter of a caseless script."""
    first = s.lstrip(_OPENERS)[:1]
    if not first:
        return False
    return first.isdigit() or (first.isalpha() and not first.islower())


def is_title_like(block: str) -> bool:
    """A headline or heading: a few capitalised words, not a sentence ending in a full stop."""
    s = block.strip()
    if len(s) > 220:  # (the cheap tests first: the words are counted last)
        return False
    if s.endswith((".", ":", ",", ";", "。")) and not s.endswith(("..", "…")):
        return False
    n = len(words(s))
    if n < 3 or n > 30:
        return False
    return _starts_like_title(s)


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
    return len(words(s)) >= 12 and s[-1:] in _SENTENCE_END


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


def script_of(char: str) -> str:
    """The script of a letter, coarsely: enough to tell a caption in another alphabet."""
    code = ord(char)
    if code < 0x0250 or 0x1E00 <= code < 0x1F00:
        return "latin"
    if 0x0370 <= code < 0x0400 or 0x1F00 <= code < 0x2000:
        return "greek"
    if 0x0400 <= code < 0x0530:
        return "cyrillic"
    if 0x0590 <= code < 0x0600:
        return "hebrew"
    if 0x0600 <= code < 0x0780:
        return "arabic"
    if 0x3040 <= code < 0x3100 or 0x3400 <= code < 0xA000 or 0xF900 <= code < 0xFB00:
        return "cjk"
    if 0xAC00 <= code < 0xD7B0:
        return "hangul"
    return "other"


def dominant_script(blocks: list[str]) -> str | None:
    """The script most of the letters of a text are written in (None for no letters).

    A tie goes to the script seen first. ASCII letters are counted by bytes.translate and the
    other characters one distinct character at a time (a text has tens of them, not
    thousands); `slow_dominant_script` is the plain definition this equals."""
    text = "".join(blocks)
    ascii_letters = 0
    if (first := _ASCII_LETTER.search(text)) is not None:
        raw = text.encode("utf-8")
        ascii_letters = len(raw) - len(raw.translate(None, _ASCII_LETTER_BYTES))
    counts: dict[str, int] = {}
    seen: dict[str, int] = {}  # script -> where its first letter is
    if first is not None:
        counts["latin"], seen["latin"] = ascii_letters, first.start()
    for c, n in Counter(_NON_ASCII.findall(text)).items():
        if c.isalpha():
            k = script_of(c)
            counts[k] = counts.get(k, 0) + n
            at = text.find(c)
            if at < seen.get(k, at + 1):
                seen[k] = at
    if not counts:
        return None
    ordered = sorted(counts, key=lambda k: seen[k])
    return max(ordered, key=lambda k: counts[k])


def slow_dominant_script(blocks: list[str]) -> str | None:
    """The plain definition of `dominant_script` (kept for its tests): every letter's script
    counted, a tie to the script seen first."""
    counts: dict[str, int] = {}
    for block in blocks:
        for c in block:
            if c.isalpha():
                k = script_of(c)
                counts[k] = counts.get(k, 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else None


_ASCII_LETTER = re.compile("[A-Za-z]")
_ASCII_LETTER_BYTES = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_NON_ASCII = re.compile("[^\x00-\x7f]")


def _foreign_caption(block: str, script: str | None) -> bool:
    """A short line mostly in a script other than the text's own (a Cyrillic widget caption in
    an English page). Judged against the article's dominant script, never a fixed alphabet."""
    if script is None or len(block) >= 200 or (block.isascii() and script == "latin"):
        return False
    # ASCII letters counted by bytes.translate, the other letters one by one
    raw = block.encode("utf-8")
    ascii_letters = len(raw) - len(raw.translate(None, _ASCII_LETTER_BYTES))
    others = [c for c in _NON_ASCII.findall(block) if c.isalpha()]
    letters = ascii_letters + len(others)
    if not letters:
        return False
    same = (ascii_letters if script == "latin" else 0) + sum(
        1 for c in others if script_of(c) == script
    )
    if same >= 0.5 * letters:
        return False
    # a quoted post followed by the article's own sentence about it is text, not a caption
    own = [w for w in words(block) if len(w) > 1 and script_of(w[0]) == script]
    return len(own) < 5


def _is_caption(block: str, rules: Rules) -> bool:
    """A photo caption or credit: a short line, or one that starts with the credit. A long
    paragraph that mentions "AP Photo" in passing is text."""
    m = pattern_set(rules.captions).first(block)
    return m is not None and (len(block) <= 300 or m.start() == 0)


def match_dateline(block: str, rules: Rules) -> tuple[Dateline, str] | None:
    """The dateline at the start of a block, and the block without it."""
    for p in rules.datelines:
        m = p.starts(block)
        if not m:
            continue
        g = m.groupdict()
        place = (g.get("place") or "").strip(" ,.-")
        if not place or len(place) < 2:
            continue
        day = g.get("day")
        year = g.get("year")
        rest = block[m.end() :].strip()
        if not day and rest and not any(c.islower() for c in rest[:200]):
            continue  # "ECONOMIC SPOTLIGHT - CHINA'S DEBT UP": a headline, not a dateline
        if g.get("outlet") and ends_with_spelling(place, g["outlet"]):
            # "Премьер-министр Баварии Маркус Зёдер (Markus Söder) - сторонник ...": a name
            # and its spelling in another script, not a place and an outlet
            continue
        dl = Dateline(
            place=_title(place),
            month=g.get("month"),
            day=int(day) if day else None,
            year=int(year) if year else None,
            outlet=(g.get("outlet") or None),
            text=m.group(0).strip(),
        )
        return dl, rest
    return None


def _title(place: str) -> str:
    """'NEW YORK' -> 'New York'; leaves mixed-case names alone."""
    if place.isupper():
        return " ".join(w.capitalize() if len(w) > 1 else w for w in place.split())
    return place


def parse_structure(
    text: str, rules: Rules, *, has_headline: bool = False, extracted: bool = False
) -> Structure:
    """Classify the blocks of one article's text.

    `has_headline` is set when the headline is known from elsewhere (a JSON record's title);
    then no header block is taken as headline and the text is treated as body from the start.
    `extracted` is set for text an extractor took from a page's article markup (`ingest.html`):
    lists in it are the article's (tour dates, a list of products), so runs of headline-like
    lines are kept, and a trailer line before any prose does not end it; the boilerplate rules
    still apply.
    """
    out = Structure()
    kept = _strip_closing_furniture(_sort_blocks(text, rules, out, extracted), out, extracted)
    start = _find_dateline(kept, rules, out)
    if has_headline:
        header: list[str] = []
        body = kept
    elif start is not None:
        header, body = kept[:start], kept[start:]
    else:
        # No dateline: the header is what comes before the first paragraph of prose.
        first_prose = next((i for i, b in enumerate(kept) if is_prose(b)), None)
        if first_prose is None:
            # No running prose (a table, a list, a short note): the headline, if any, heads
            # it and everything after is the body; nothing is lost to the header.
            title = next((i for i, b in enumerate(kept[:3]) if is_title_like(b)), -1)
            first_prose = title + 1
        header, body = kept[:first_prose], kept[first_prose:]
    out.header = header
    _headline_and_lede(header, out)
    out.body = [b for b in body if b and (extracted or not _is_related_link(b))]
    if out.headline is None:
        source = out.lede or next((b for b in out.body if is_prose(b)), None)
        if source:
            out.headline = derive_headline(source)
            out.headline_derived = True
    return out


_TRAILER = "\x00TRAILER"


def _sort_blocks(text: str, rules: Rules, out: Structure, extracted: bool = False) -> list[str]:
    """Page stamps and captions into `out`, boilerplate dropped, a trailer marked; the rest kept."""
    kept: list[str] = []
    blocks = split_blocks(text)
    script = dominant_script(blocks)
    stamps, trailers = pattern_set(rules.page_stamps), pattern_set(rules.trailers)
    furniture = pattern_set(rules.boilerplate_lines)
    for block in blocks:
        if stamps.any(block) and not is_prose(block):
            # a stamp opening a paragraph of prose (a comment thread's or a live blog's
            # "10 августа 2018 13:53. ...") leaves the paragraph in the text
            out.page_stamps.append(block)
            out.note("page stamps")
            continue
        if trailers.any(block):
            if not extracted or any(is_prose(b) for b in kept):  # extracted: not before prose
                kept.append(_TRAILER)
            continue
        if _is_caption(block, rules):
            out.captions.append(block)
            out.note("captions")
            continue
        if furniture.any(block):
            out.note("page furniture")
            continue
        if _foreign_caption(block, script):
            out.note("captions in another script")
            continue
        kept.append(block)
    return kept


def _strip_closing_furniture(kept: list[str], out: Structure, extracted: bool = False) -> list[str]:
    """Drop what follows the article: after a trailer, a closing tag line (kept as tags), and a
    closing list of related stories."""
    # Everything after a trailer marker is furniture, but a tag line there becomes tags.
    while _TRAILER in kept:
        cut = kept.index(_TRAILER)
        after = cut + 1
        while after < len(kept) and kept[after] != _TRAILER and not is_prose(kept[after]):
            after += 1
        if sum(1 for b in kept[after:] if is_prose(b)) >= 2:
            # furniture in the middle ("Related Stories" and its links), the article goes on
            out.note("related-story lists")
            kept = kept[:cut] + kept[after:]
            continue
        tail = [b for b in kept[cut:] if b != _TRAILER]
        kept = [b for b in kept[:cut] if b != _TRAILER]
        if tail:
            out.removed["lines after a closing marker"] = len(tail)
        for b in tail:
            if is_tag_line(b):
                out.tags = [p.strip() for p in b.split(",")]
        break
    # A tag line closing the article (without a trailer marker).
    if kept and is_tag_line(kept[-1]) and not out.tags:
        out.tags = [p.strip() for p in kept.pop().split(",")]
    # A closing run of three or more headline-like lines is a related-stories list.
    run = 0
    while run < len(kept) and is_title_like(kept[-1 - run]) and not is_prose(kept[-1 - run]):
        run += 1
    if run >= 3 and not extracted and any(is_prose(b) for b in kept[: len(kept) - run]):
        out.removed["related-story headlines"] = run
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
