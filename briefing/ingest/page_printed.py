"""The date a page prints beside its headline, for pages whose markup states none.

Why this module exists: many pages (blogs, press releases, older sites) carry no publication
date for machines (no JSON-LD, no `article:published_time`, nothing htmldate reads in the
markup), but print it for readers next to the headline: "January 22, 2014" under the `<h1>`,
"Datum: 03.11.2021", "23 mai 2019", "01.11.2023 11:35". A date searched for anywhere in a page
is often another story's or a copyright year (htmldate's search of the whole text was right on
only about two pages in three here); the date printed next to the headline is the article's.
This module reads the text just after the page's first `<h1>` (then just before it) for one
full date (day, month and year), in numbers or with a month's name in the languages below.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Final

AFTER_CHARS: Final = 400  # how much text after the headline is read
BEFORE_CHARS: Final = 160  # ... and before it
_EARLIEST: Final = dt.date(1990, 1, 1)

_MONTH_NAMES: Final[tuple[tuple[str, ...], ...]] = (
    ("january", "jan", "januar", "jänner", "janvier", "enero", "gennaio", "janeiro", "januari",
     "января", "январь", "stycznia"),
    ("february", "feb", "februar", "février", "fevrier", "febrero", "febbraio", "fevereiro",
     "februari", "февраля", "февраль", "lutego"),
    ("march", "mar", "märz", "maerz", "mars", "marzo", "março", "marco", "maart", "марта",
     "март", "marca"),
    ("april", "apr", "avril", "abril", "aprile", "апреля", "апрель", "kwietnia"),
    ("may", "mai", "mayo", "maggio", "maio", "mei", "мая", "май", "maja"),
    ("june", "jun", "juni", "juin", "junio", "giugno", "junho", "июня", "июнь", "czerwca"),
    ("july", "jul", "juli", "juillet", "julio", "luglio", "julho", "июля", "июль", "lipca"),
    ("august", "aug", "août", "aout", "agosto", "augustus", "августа", "август", "sierpnia"),
    ("september", "sep", "sept", "septembre", "septiembre", "settembre", "setembro",
     "сентября", "сентябрь", "września"),
    ("october", "oct", "oktober", "octobre", "octubre", "ottobre", "outubro", "октября",
     "октябрь", "października"),
    ("november", "nov", "novembre", "noviembre", "novembro", "ноября", "ноябрь", "listopada"),
    ("december", "dec", "dezember", "décembre", "decembre", "diciembre", "dicembre",
     "dezembro", "декабря", "декабрь", "grudnia"),
)  # fmt: skip
_MONTHS: Final = {name: i for i, names in enumerate(_MONTH_NAMES, 1) for name in names}
_MONTH_RE: Final = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
_YEAR: Final = r"((?:19|20)\d{2})"

_PATTERNS: Final = (
    # 2014-01-22, 2014/01/22, 2014.01.22
    ("ymd", re.compile(rf"(?<!\d){_YEAR}[-/.](\d{{1,2}})[-/.](\d{{1,2}})(?!\d)")),
    # 22.01.2014 (day first, always), 22/01/2014 and 01/22/2014 (only when unambiguous)
    ("dmy.", re.compile(rf"(?<![\d.])(\d{{1,2}})\.(\d{{1,2}})\.{_YEAR}(?!\d)")),
    ("dmy/", re.compile(rf"(?<![\d/])(\d{{1,2}})/(\d{{1,2}})/{_YEAR}(?!\d)")),
    # 22 January 2014, 22. Januar 2014, 22 de enero de 2014, 22 января 2014 г.
    (
        "d month y",
        re.compile(
            rf"(?<!\d)(\d{{1,2}})(?:\.|er|º)?\s+(?:de\s+)?({_MONTH_RE})\.?,?\s+(?:de\s+)?{_YEAR}",
            re.IGNORECASE,
        ),
    ),
    # January 22, 2014; Jan. 22 2014
    (
        "month d y",
        re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}", re.IGNORECASE),
    ),
    # 2014年1月22日
    ("cjk", re.compile(rf"{_YEAR}\s*年\s*(\d{{1,2}})\s*月\s*(\d{{1,2}})\s*日")),
)


def _date(kind: str, groups: tuple[str, ...]) -> dt.date | None:
    try:
        if kind in ("ymd", "cjk"):
            y, m, d = int(groups[0]), int(groups[1]), int(groups[2])
        elif kind == "dmy.":
            d, m, y = int(groups[0]), int(groups[1]), int(groups[2])
        elif kind == "dmy/":
            a, b, y = int(groups[0]), int(groups[1]), int(groups[2])
            if a > 12 >= b:
                d, m = a, b
            elif b > 12 >= a:
                d, m = b, a
            else:
                return None  # 03/04/2014: April the 3rd or March the 4th
        elif kind == "d month y":
            d, m, y = int(groups[0]), _MONTHS[groups[1].lower()], int(groups[2])
        else:
            m, d, y = _MONTHS[groups[0].lower()], int(groups[1]), int(groups[2])
        return dt.date(y, m, d)
    except (ValueError, KeyError):
        return None


def first_date(text: str, today: dt.date | None = None) -> tuple[dt.date, str] | None:
    """The first full date written in `text` (the earliest-placed), with how it was written."""
    limit = (today or dt.date.today()) + dt.timedelta(days=2)
    best: tuple[int, dt.date, str] | None = None
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            d = _date(kind, m.groups())
            if d is None or not _EARLIEST <= d <= limit:
                continue
            if best is None or m.start() < best[0]:
                best = (m.start(), d, m.group(0))
            break
    return (best[1], best[2].strip()) if best else None


_TEXT_AFTER: Final = "following::text()[not(ancestor::script or ancestor::style)]"
_TEXT_BEFORE: Final = "preceding::text()[not(ancestor::script or ancestor::style)]"


def _window(nodes: list[Any], limit: int) -> str:
    out: list[str] = []
    size = 0
    for node in nodes:
        piece = " ".join(str(node).split())
        if not piece:
            continue
        out.append(piece)
        size += len(piece) + 1
        if size >= limit:
            break
    return " ".join(out)[:limit]


def printed_date(tree: Any) -> tuple[dt.date, str] | None:
    """The date printed beside the page's first `<h1>`: (the date, where and how it was
    written), or None when the page has no `<h1>` or no full date next to it."""
    h1 = next(tree.iterfind(".//h1"), None)
    if h1 is None:
        return None
    try:
        after = _window(h1.xpath(_TEXT_AFTER + "[position() <= 80]"), AFTER_CHARS)
        found = first_date(after)
        if found:
            return found[0], f"after the headline: '{found[1]}'"
        nodes = h1.xpath(_TEXT_BEFORE + "[position() <= 30]")
        before = _window(list(reversed(nodes)), BEFORE_CHARS)
        found = first_date(before)
    except Exception:  # odd markup: no date, never a crash
        return None
    return (found[0], f"before the headline: '{found[1]}'") if found else None
