"""Date phrases in an article's text ("November 20", "June 2016", "next week") and weekdays.

Why this module exists: before anything is dated, the text's own date phrases must be found,
with their tense ("will meet in December" is ahead, "since 2013" is a bound) and the weekdays
it names ("said on Sunday"); `years` and `dates` reason over what is found here. Nothing here
decides a date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from briefing.ingest.word_patterns import lowered, starts_with

__all__ = [
    "WEEKDAYS",
    "YEAR_RE",
    "DateMention",
    "Weekday",
    "days_of",
    "find_mentions",
    "find_weekdays",
    "month_number",
    "safe_date",
    "sentences",
]

_MONTH_NAMES = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTH_NAMES.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTH_NAMES["sept"] = 9
_RU_MONTHS = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"
_MONTH_NAMES.update({name: i + 1 for i, name in enumerate(_RU_MONTHS.split())})
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_MFULL = "January|February|March|April|May|June|July|August|September|October|November|December"
_MABBR = r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?"
_M = rf"(?:{_MFULL}|{_MABBR})"
YEAR_RE = r"(?:1[6-9]|20)\d{2}"
_DASH = r"\s*(?:-|–|—|to|through|and|until|till)\s*"
_WD = "|".join(WEEKDAYS)

# Patterns in priority order; earlier ones claim their characters first.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(rf"\b(?P<y>{YEAR_RE})-(?P<mn>[01]\d)-(?P<d>[0-3]\d)\b")),
    (
        "md_range_y",
        re.compile(
            rf"\b(?P<m>{_M})\s+(?P<d>\d{{1,2}}){_DASH}(?:(?P<m2>{_M})\s+)?(?P<d2>\d{{1,2}}),?\s+(?P<y>{YEAR_RE})\b"
        ),
    ),
    (
        "mdy",
        re.compile(rf"\b(?P<m>{_M})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>{YEAR_RE})\b"),
    ),
    (
        "dmy",
        re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{_M}),?\s+(?P<y>{YEAR_RE})\b"),
    ),
    (
        "md_range",
        re.compile(
            rf"\b(?P<m>{_M})\s+(?P<d>\d{{1,2}}){_DASH}(?:(?P<m2>{_M})\s+)?(?P<d2>\d{{1,2}})\b(?![\d,.]\d)"
        ),
    ),
    ("md", re.compile(rf"\b(?P<m>{_M})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?![\d,.:]\d)")),
    ("dm", re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{_MFULL})\b")),
    (
        "my_range",
        re.compile(rf"\b(?P<m>{_MFULL}){_DASH}(?P<m2>{_MFULL}),?\s+(?P<y>{YEAR_RE})\b"),
    ),
    ("my", re.compile(rf"\b(?P<m>{_MFULL})(?:\s+of)?,?\s+(?P<y>{YEAR_RE})\b")),
    (
        "m_range",
        re.compile(
            rf"\b(?P<pre>in|from|between|during)?\s*(?P<m>{_MFULL})\s*(?:-|–|and|to|through)\s*"
            rf"(?P<m2>{_MFULL})\b(?P<rel>\s+(?:this|next|last) year)?"
        ),
    ),
    (
        "m",
        re.compile(
            r"(?:\b(?P<pre>in|last|next|this|since|by|until|early|late|from|during|before|after"
            rf"|of)\s+|\bmid-)(?P<m>{_MFULL})\b(?!\s+\d)"
        ),
    ),
    (
        "y",
        re.compile(
            r"\b(?P<pre>in|since|of|from|by|until|till|before|after|during|the|early|late|mid|"
            r"year|summer|spring|autumn|fall|winter|end of)[\s-]+"
            rf"(?P<y>{YEAR_RE})\b"
            r"(?!\s*(?:%|percent|per cent|people|tons|tonnes|km|kilomet|meters|metres|years|"
            r"dollars|euros|rubles|roubles|yen))"
        ),
    ),
    ("rel_year", re.compile(r"\b(?P<rel>next|last|this|previous|coming)\s+year\b")),
    # "this week", "next week": a Monday-to-Sunday span, only against a day-precise date
    ("rel_week", re.compile(r"\b(?P<rel>next|last|this|previous|coming)\s+week\b")),
    ("rel_day", re.compile(r"\b(?P<rel>yesterday|tomorrow)\b", re.I)),
]

# What each pattern cannot match without, found once per sentence so a sentence without a
# month name (most of those "may" lets through) skips the ten month patterns. Every month
# pattern is case-sensitive and its month starts with one of these stems; every year is
# YEAR_RE's digits; "next year" and "this week" are case-sensitive too.
_MONTH_STEM = re.compile("Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")
_YEAR_DIGITS = re.compile(YEAR_RE)
_NEEDS: dict[str, str] = {
    **{kind: "month" for kind, _ in _PATTERNS if kind not in ("iso", "y") and "rel" not in kind},
    "iso": "year",
    "y": "year",
    "rel_year": "year word",
    "rel_week": "week word",
}

_RELATIVE = ("next", "last", "this", "previous", "coming")
_MAYBE_DATE = re.compile(
    # (guarded by the characters its words and years start with: see `word_patterns`)
    starts_with(
        w[0]
        for w in (*f"{_MFULL}|{_MABBR}".split("|"), *_RELATIVE, "yesterday", "tomorrow", "1", "2")
    )
    + rf"\b(?:{_M}|{YEAR_RE}|(?:{'|'.join(_RELATIVE)}) (?:year|week)|yesterday|tomorrow)\b",
    re.I,
)
# the same, lowercased, for a text lowered (`word_patterns.lowered`; its escapes are \b, \d
# and \., which lowering keeps)
_MAYBE_DATE_LOWER = re.compile(_MAYBE_DATE.pattern.lower())
_FUTURE = re.compile(
    r"\b(will|would|shall|to be held|is to|are to|scheduled|expected|planned|plans?|planning|"
    r"upcoming|forthcoming|next|ahead|due|promised to|intends?|going to|set to|coming|invited)\b"
    r"|'ll\b",
    re.I,
)
_PAST = re.compile(
    r"\b(was|were|had|did|held|took place|visited|signed|ago|earlier|last|since|previous|former|"
    r"recalled|happened|met)\b",
    re.I,
)
# the two without re.I, for a window lowered (their words are in lower case; escapes \b only)
_FUTURE_LOWER = re.compile(_FUTURE.pattern)
_PAST_LOWER = re.compile(_PAST.pattern)
_ED_WORD = re.compile(r"\b\w{3,}ed\b")
_REPORTING_WEEKDAY = re.compile(
    rf"\b(?:said|says|told|tells|stated|announced|reported|published|wrote|declared|added|"
    rf"noted|stressed|confirmed|explained|warned|released|issued)\b(?:\s+(?!that\b)[\w’']+){{0,2}}?"
    rf"\s+(?:on\s+|late\s+|early\s+)?(?P<w>{_WD})\b"
)
_ANY_WEEKDAY = re.compile(rf"\b(?P<w>{_WD})\b")
# (`(?=\s)` first: every break starts at a space, and a set first lets `re` jump between them
# instead of trying the lookbehinds at every character)
_SENTENCE_SPLIT = re.compile(
    r"(?=\s)(?:(?<=[.!?])|(?<=[.!?][\"”’)]))(?<!\b[A-Z][a-z]\.)(?<!\b[A-Z]\.)(?<!\bMrs\.)\s+(?=[A-Z\"“‘(\[])"
)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date phrase found in the text, before it is resolved to a calendar date."""

    kind: str
    text: str
    paragraph: int
    sentence: str
    tense: str  # "past" | "future" | "unknown"
    month: int | None = None
    day: int | None = None
    month2: int | None = None
    day2: int | None = None
    year: int | None = None
    rel: str | None = None  # "next" | "last" | "this" ... for relative phrases
    caption: bool = False


@dataclass(frozen=True, slots=True)
class Weekday:
    weekday: int  # 0 = Monday
    paragraph: int
    reporting: bool
    text: str


def month_number(token: str | None) -> int | None:
    if not token:
        return None
    return _MONTH_NAMES.get(token.rstrip(".").lower())


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_SPLIT.split(text) if s.strip()]


def sentence_spans(text: str) -> list[tuple[int, str]]:
    """`sentences(text)`, each with where it starts in `text`."""
    out: list[tuple[int, str]] = []
    at = 0
    for m in _SENTENCE_SPLIT.finditer(text):
        piece = text[at : m.start()]
        if piece.strip():
            out.append((at, piece))
        at = m.end()
    piece = text[at:]
    if piece.strip():
        out.append((at, piece))
    return out


def _tense(sentence: str, start: int, end: int) -> str:
    window = sentence[max(0, start - 120) : min(len(sentence), end + 60)]
    low = lowered(window)
    future, past = (_FUTURE, _PAST) if low is None else (_FUTURE_LOWER, _PAST_LOWER)
    if future.search(window if low is None else low):
        return "future"
    if past.search(window if low is None else low) or _ED_WORD.search(window):
        return "past"
    return "unknown"


def find_mentions(
    paragraphs: Sequence[tuple[int, str]], *, caption: bool = False
) -> list[DateMention]:
    """Every date phrase in the given (index, paragraph) pairs."""
    out: list[DateMention] = []
    for idx, para in paragraphs:
        # One scan of the paragraph: a sentence may hold a date iff a hit starts in it (no
        # hit crosses a sentence break, and a sentence's edges are spaces either way).
        low = lowered(para)
        if low is not None:
            hits = [m.start() for m in _MAYBE_DATE_LOWER.finditer(low)]
        else:
            hits = [m.start() for m in _MAYBE_DATE.finditer(para)]
        if not hits:
            continue
        for at, sent in sentence_spans(para):
            if not any(at <= h < at + len(sent) for h in hits):
                continue
            taken: list[tuple[int, int]] = []
            present = {
                "month": _MONTH_STEM.search(sent) is not None,
                "year": _YEAR_DIGITS.search(sent) is not None,
                "year word": "year" in sent,
                "week word": "week" in sent,
            }
            for kind, pat in _PATTERNS:
                need = _NEEDS.get(kind)
                if need is not None and not present[need]:
                    continue
                for m in pat.finditer(sent):
                    s, e = m.span()
                    if any(s < te and e > ts for ts, te in taken):
                        continue
                    mention = _mention(kind, m, idx, sent, caption)
                    if mention is not None:
                        taken.append((s, e))
                        out.append(mention)
    return out


def _mention(kind: str, m: re.Match[str], idx: int, sent: str, caption: bool) -> DateMention | None:
    g = m.groupdict()
    month = int(g["mn"]) if g.get("mn") else month_number(g.get("m"))
    month2 = month_number(g.get("m2"))
    day = int(g["d"]) if g.get("d") else None
    day2 = int(g["d2"]) if g.get("d2") else None
    year = int(g["y"]) if g.get("y") else None
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and not 1 <= day <= 31:
        return None
    if day2 is not None and (
        not 1 <= day2 <= 31 or (month2 in (None, month) and day2 <= (day or 0))
    ):
        return None
    if kind == "m_range" and not (g.get("pre") or g.get("rel")):
        # "July and August" alone is too weak; with "in"/"this year" it is a reference.
        return None
    rel = g.get("rel")
    if kind == "m":
        pre = g.get("pre")
        rel = pre if pre in ("last", "next", "this") else None
    if rel:
        rel = rel.strip().split()[0].lower()
    text = m.group(0).strip()
    if kind == "y":
        # name what the year belongs to: "the 1956 declaration", "declaration of 1956"
        pre = (g.get("pre") or "").lower()
        if pre == "the":
            noun = re.match(r"\s+([a-z][a-z-]{2,})", sent[m.end() :])
            if noun:
                text += noun.group(0)
        elif pre == "of":
            noun = re.search(r"([a-z][a-z-]{2,})\s+$", sent[: m.start()])
            if noun:
                text = noun.group(1) + " " + text
    return DateMention(
        kind=kind,
        text=text,
        paragraph=idx,
        sentence=sent.strip(),
        tense=_tense(sent, m.start(), m.end()),
        month=month,
        day=day,
        month2=month2,
        day2=day2,
        year=year,
        rel=rel,
        caption=caption,
    )


def find_weekdays(paragraphs: Sequence[tuple[int, str]]) -> list[Weekday]:
    out: list[Weekday] = []
    for idx, para in paragraphs:
        if "day" not in para:
            continue  # every weekday's name ends in it (both patterns are case-sensitive)
        reporting_spans = []
        for m in _REPORTING_WEEKDAY.finditer(para):
            out.append(Weekday(WEEKDAYS.index(m.group("w")), idx, True, m.group(0)))
            reporting_spans.append(m.span("w"))
        for m in _ANY_WEEKDAY.finditer(para):
            if m.span("w") not in reporting_spans:
                out.append(Weekday(WEEKDAYS.index(m.group("w")), idx, False, m.group(0)))
    return out


def safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def days_of(month: int, day: int, day2: int | None, month2: int | None, y: int) -> list[dt.date]:
    """The calendar days a (possibly ranged) month-day mention covers in year `y`."""
    first = safe_date(y, month, day)
    if first is None:
        return []
    if day2 is None:
        return [first]
    last = safe_date(y, month2 or month, day2)
    if last is None or last < first or (last - first).days > 31:
        return [first]
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
