"""The article among the page's leftovers: trim what an extractor kept around the article text.

Why this module exists: trafilatura keeps the article, but on many pages also what sits around
it: share buttons ("Email", "Print", "Tweet"), section menus, "Related stories" and "Most
popular" lists of links, subscribe prompts, reader comments after the article. Left in, they
go through briefing's reading as if the outlet had written them (names, places, dates of other
stories). This module keeps the article's run of prose and drops that debris, by the shape of
the lines alone (no site is known here):

- a line is *prose* when it reads as a sentence (enough words, and a sentence's end or many
  words) and is not the text of one of the page's links;
- the article is the run of prose lines with the most words, where a run ends at a stretch of
  debris between two prose lines (several short lines, or lines that are links);
- other runs are kept when they are long enough to be the article's own sections (a long
  article broken by a photo gallery or an advertisement), never when they follow a heading
  of links ("Related stories") or are mostly links;
- short lines inside the article's run (sub-headings) are kept, link lines are dropped.
- after the article, the page's footer (a long line that is no sentence: an address, a legal
  line) following its share buttons (short lines, no sentences) is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

_WORDS: Final = re.compile(r"\w+", re.UNICODE)
_SENTENCE_END: Final = re.compile(r"[.!?…:;][\"'»”’)\]]*\s*$")
_BULLET: Final = re.compile(r"^\s*[-•*·–—]\s+")
_LIST_ITEM: Final = re.compile(r"^\s*(?:[-•*·–—]|\d{1,2}[.)])\s+")

PROSE_WORDS: Final = 8  # a line ending as a sentence with this many words is prose
LONG_LINE_WORDS: Final = 20  # a line this long is prose whatever its end
BREAK_LINES: Final = 3  # this many non-prose lines in a row end a run of prose
BREAK_LINKS: Final = 2  # ... or this many lines that are links
SECTION_SHARE: Final = 0.35  # another stretch is kept with this share of the main one's words
LINK_LINE_WORDS: Final = 30  # longer lines are never taken for a link's text
LINK_SHARE: Final = 0.6  # a link's text this share of a line's length: the line is a link
MENU_WORDS: Final = 3  # a line of at most this many words and no sentence: a menu entry
TAIL_WORDS: Final = 6  # shorter lines after the article's last sentence are not the article
PROMO_WORDS: Final = 30  # a line after the article asking the reader to write, follow or subscribe
_PROMO: Final = re.compile(
    r"(?i)[\w.+-]+@[\w-]+\.[\w.]+|\bmay be reached at\b"
    r"|\b(?:subscribe to|sign up for) (?:our|the|[\w.]+[’']s) (?:\w+ )?newsletters?\b"
)
COMMENTS_BEFORE: Final = 60  # prose words before a comments heading for it to end the article
LEAD_WORDS: Final = 8  # ... and lines before the article's first sentence: a byline, a date, a menu


# The heading of a page's reader comments: the article has ended ("12 Comments", "Leave a
# reply", "Submitted comments are subject to moderation", "Комментарии").
_COMMENTS: Final = re.compile(
    r"^\W*(?:\d+\s+)?(?:reader\s+|user\s+)?comments?\b(?!\s+(?:on|about|from|by)\b)"
    r"|^\W*(?:leave|post|add|write|submit)\s+(?:a|your|new)\s+(?:comment|reply)"
    r"|^\W*(?:submitted\s+)?comments\s+(?:are|will\s+be)\s+(?:subject\s+to\s+)?moderat"
    r"|^\W*(?:join|start)\s+the\s+(?:conversation|discussion)\W*$"
    r"|^\W*(?:\d+\s+)?комментари|^\W*(?:оставить|добавить|написать)\s+комментари",
    re.IGNORECASE,
)
COMMENTS_LINE_WORDS: Final = 12  # a longer line is prose that mentions comments


def _before_comments(lines: list[str]) -> list[str]:
    """The lines before the heading of the reader comments, when the article came first."""
    prose = 0
    for i, line in enumerate(lines):
        words = len(_WORDS.findall(line))
        if prose >= COMMENTS_BEFORE and words <= COMMENTS_LINE_WORDS and _COMMENTS.search(line):
            return lines[:i]
        prose += words
    return lines


@dataclass(frozen=True, slots=True)
class _Line:
    text: str
    words: int
    prose: bool
    link: bool


def _classify(line: str, anchors: frozenset[str] | set[str]) -> _Line:
    bare = _BULLET.sub("", line).strip()
    words = len(_WORDS.findall(bare))
    link = bool(bare) and _is_link(_squash(bare), words, anchors)
    sentence = words >= PROSE_WORDS and bool(_SENTENCE_END.search(bare))
    prose = not link and (sentence or words >= LONG_LINE_WORDS)
    return _Line(line, words, prose, link)


def _is_link(line: str, words: int, anchors: frozenset[str] | set[str]) -> bool:
    """Whether the line is a link's text, maybe with a time or a count beside it ('- Story
    title | 09:34', '17:26 Story title'): a link text covering most of its words."""
    if line in anchors:
        return True
    if words > LINK_LINE_WORDS:
        return False
    return any(
        len(a) >= LINK_SHARE * len(line) and a in line for a in anchors if len(a) <= len(line)
    )


def _squash(text: str) -> str:
    return " ".join(text.lower().split())


def anchor_texts(texts: list[str]) -> set[str]:
    """The page's link texts as `trim` compares them (lower case, spaces squashed); links of a
    single word are left out (an article's own inline links are rarely whole lines)."""
    return {s for t in texts if len((s := _squash(t)).split()) >= 2}


def _segments(lines: list[_Line]) -> list[tuple[int, int]]:
    """(first, last) indices of the stretches between lists of links (`BREAK_LINKS` link
    lines among `BREAK_LINES` lines in a row); the links themselves belong to none."""
    link_at = [ln.link for ln in lines]
    in_list = [False] * len(lines)
    for i in range(len(lines)):
        window = link_at[i : i + BREAK_LINES]
        if link_at[i] and sum(window) >= BREAK_LINKS:
            for j in range(i, i + len(window)):
                in_list[j] = in_list[j] or link_at[j] or any(link_at[j + 1 : i + BREAK_LINES])
    segments: list[tuple[int, int]] = []
    start = -1
    for i, listed in enumerate([*in_list, True]):
        if not listed and start < 0:
            start = i
        elif listed and start >= 0:
            segments.append((start, i - 1))
            start = -1
    return segments


def _prose_words(lines: list[_Line], seg: tuple[int, int]) -> int:
    return sum(ln.words for ln in lines[seg[0] : seg[1] + 1] if ln.prose)


def _edges_trimmed(lines: list[_Line], seg: tuple[int, int], *, before_list: bool) -> range:
    """The segment without its leading menu entries (lines of a few words, no sentence, before
    its first prose line), and without the headings at its end when a list of links follows
    ("Related stories", "Most popular")."""
    a, b = seg
    while a <= b and not lines[a].prose and lines[a].words <= LEAD_WORDS:
        a += 1
    if before_list:
        while b >= a and not lines[b].prose and lines[b].words <= MENU_WORDS:
            b -= 1
    return range(a, b + 1)


def trim(text: str, anchors: frozenset[str] | set[str]) -> str:
    """The article's lines of an extraction (one paragraph a line), debris around it dropped.
    Text with no prose is returned as it is (a short item: nothing to judge by)."""
    kept = _before_comments([ln for ln in text.split("\n") if ln.strip()])
    lines = [_classify(ln, anchors) for ln in kept]
    segments = [s for s in _segments(lines) if _prose_words(lines, s)]
    if not segments:
        return text
    main = max(segments, key=lambda s: _prose_words(lines, s))
    floor = SECTION_SHARE * _prose_words(lines, main)
    out: list[str] = []
    for seg in segments:
        if seg != main and _prose_words(lines, seg) < floor:
            continue
        before_list = seg[1] + 1 < len(lines)
        out.extend(
            lines[i].text
            for i in _edges_trimmed(lines, seg, before_list=before_list)
            if not lines[i].link
        )
    return "\n".join(_tail_trimmed(out, anchors))


def _tail_trimmed(out: list[str], anchors: frozenset[str] | set[str]) -> list[str]:
    """The article without the short lines after its last sentence ("Share Tools", a weather
    box, "Looking for... Jobs", a reporter's e-mail address); a list's items (bulleted,
    numbered) stay."""
    end = len(out)
    if end > BREAK_LINES + 1 and _footer(out[end - BREAK_LINES - 1 :], anchors):
        end -= 1
    while end > 0:
        ln = _classify(out[end - 1], anchors)
        if end > 1 and ln.words <= PROMO_WORDS and _PROMO.search(ln.text):
            end -= 1  # "Have a tip? ... may be reached at a@b.com", "Subscribe to our newsletters"
            continue
        if ln.prose or ln.words > TAIL_WORDS or _LIST_ITEM.match(ln.text):
            break
        if _SENTENCE_END.search(ln.text) and not ln.text.rstrip().endswith(":"):
            break
        end -= 1
    return out[:end] if end else out


def _footer(tail: list[str], anchors: frozenset[str] | set[str]) -> bool:
    """Whether the last of `tail` is the page's footer (an address, a legal line: long, but no
    sentence) after a stretch of short lines that are no sentences either (share buttons,
    "Back"): `BREAK_LINES` of them end the article as they end a run of prose."""
    last = _classify(tail[-1], anchors)
    if _SENTENCE_END.search(last.text) or last.words < LONG_LINE_WORDS:
        return False
    between = [_classify(t, anchors) for t in tail[:-1]]
    return all(
        not ln.prose and ln.words <= MENU_WORDS and not _SENTENCE_END.search(ln.text)
        for ln in between
    )
