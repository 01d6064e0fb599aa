"""Publication dates and dated references, inferred from evidence and never invented.

Why this module exists: datelines carry a month and a day but no year ("LIMA, November 20"),
pages carry stamps that are not the publication date, and some articles carry no date at all. A
timeline is only as good as its dates, so every date here comes with the evidence that gave it
and a confidence, and a date that cannot be pinned to a day is kept at the precision the evidence
supports (a month, a year, or unknown).

The method, in order:
1. A date a record states outright (a JSON field) wins.
2. A dateline with month and day takes its year from the text: years mentioned (with tense: a
   past "since 2013" is a lower bound, "June 2016" ahead supports 2016), full dates in captions,
   and weekdays ("said on Sunday" only fits some years). If the text cannot decide, the corpus
   can: the years of the other, confidently dated articles, filtered by the weekday.
3. Without a dateline date, the latest event the article reports (a dated mention not in the
   future tense) anchors it; a reporting weekday ("said Thursday") moves it to that weekday, and
   then only the month is claimed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from briefing.models import DatedReference, FuzzyDate, PublishedDate, Relation

_MONTH_NAMES = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTH_NAMES.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTH_NAMES["sept"] = 9
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_MFULL = "January|February|March|April|May|June|July|August|September|October|November|December"
_MABBR = r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?"
_M = rf"(?:{_MFULL}|{_MABBR})"
_YEAR = r"(?:1[6-9]|20)\d{2}"
_DASH = r"\s*(?:-|–|—|to|through|and|until|till)\s*"
_WD = "|".join(WEEKDAYS)

# Patterns in priority order; earlier ones claim their characters first.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(rf"\b(?P<y>{_YEAR})-(?P<mn>[01]\d)-(?P<d>[0-3]\d)\b")),
    (
        "md_range_y",
        re.compile(
            rf"\b(?P<m>{_M})\s+(?P<d>\d{{1,2}}){_DASH}(?:(?P<m2>{_M})\s+)?(?P<d2>\d{{1,2}}),?\s+(?P<y>{_YEAR})\b"
        ),
    ),
    (
        "mdy",
        re.compile(rf"\b(?P<m>{_M})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>{_YEAR})\b"),
    ),
    (
        "dmy",
        re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{_M}),?\s+(?P<y>{_YEAR})\b"),
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
        re.compile(rf"\b(?P<m>{_MFULL}){_DASH}(?P<m2>{_MFULL}),?\s+(?P<y>{_YEAR})\b"),
    ),
    ("my", re.compile(rf"\b(?P<m>{_MFULL})(?:\s+of)?,?\s+(?P<y>{_YEAR})\b")),
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
            rf"(?P<y>{_YEAR})\b"
            r"(?!\s*(?:%|percent|per cent|people|tons|tonnes|km|kilomet|meters|metres|years|"
            r"dollars|euros|rubles|roubles|yen))"
        ),
    ),
    ("rel_year", re.compile(r"\b(?P<rel>next|last|this|previous|coming)\s+year\b")),
    # "this week", "next week": a Monday-to-Sunday span, only against a day-precise date
    ("rel_week", re.compile(r"\b(?P<rel>next|last|this|previous|coming)\s+week\b")),
    ("rel_day", re.compile(r"\b(?P<rel>yesterday|tomorrow)\b", re.I)),
]

_MAYBE_DATE = re.compile(
    rf"\b(?:{_M}|{_YEAR}|(?:next|last|this|previous|coming) (?:year|week)|yesterday|tomorrow)\b",
    re.I,
)
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
_REPORTING_WEEKDAY = re.compile(
    rf"\b(?:said|says|told|tells|stated|announced|reported|published|wrote|declared|added|"
    rf"noted|stressed|confirmed|explained|warned|released|issued)\b(?:\s+(?!that\b)[\w’']+){{0,2}}?"
    rf"\s+(?:on\s+|late\s+|early\s+)?(?P<w>{_WD})\b"
)
_ANY_WEEKDAY = re.compile(rf"\b(?P<w>{_WD})\b")
_SENTENCE_SPLIT = re.compile(
    r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))(?<!\b[A-Z][a-z]\.)(?<!\b[A-Z]\.)(?<!\bMrs\.)\s+(?=[A-Z\"“‘(\[])"
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


def _month(token: str | None) -> int | None:
    if not token:
        return None
    return _MONTH_NAMES.get(token.rstrip(".").lower())


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_SPLIT.split(text) if s.strip()]


def _tense(sentence: str, start: int, end: int) -> str:
    window = sentence[max(0, start - 120) : min(len(sentence), end + 60)]
    if _FUTURE.search(window):
        return "future"
    if _PAST.search(window) or re.search(r"\b\w{3,}ed\b", window):
        return "past"
    return "unknown"


def find_mentions(
    paragraphs: Sequence[tuple[int, str]], *, caption: bool = False
) -> list[DateMention]:
    """Every date phrase in the given (index, paragraph) pairs."""
    out: list[DateMention] = []
    for idx, para in paragraphs:
        if not _MAYBE_DATE.search(para):
            continue
        for sent in sentences(para):
            if not _MAYBE_DATE.search(sent):
                continue
            taken: list[tuple[int, int]] = []
            for kind, pat in _PATTERNS:
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
    month = int(g["mn"]) if g.get("mn") else _month(g.get("m"))
    month2 = _month(g.get("m2"))
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
        reporting_spans = []
        for m in _REPORTING_WEEKDAY.finditer(para):
            out.append(Weekday(WEEKDAYS.index(m.group("w")), idx, True, m.group(0)))
            reporting_spans.append(m.span("w"))
        for m in _ANY_WEEKDAY.finditer(para):
            if m.span("w") not in reporting_spans:
                out.append(Weekday(WEEKDAYS.index(m.group("w")), idx, False, m.group(0)))
    return out


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _days(month: int, day: int, day2: int | None, month2: int | None, y: int) -> list[dt.date]:
    """The calendar days a (possibly ranged) month-day mention covers in year `y`."""
    first = _safe_date(y, month, day)
    if first is None:
        return []
    if day2 is None:
        return [first]
    last = _safe_date(y, month2 or month, day2)
    if last is None or last < first or (last - first).days > 31:
        return [first]
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


@dataclass(frozen=True, slots=True)
class YearGuess:
    year: int
    confidence: float
    evidence: tuple[str, ...]


def infer_year(
    month: int,
    day: int,
    *,
    day2: int | None = None,
    month2: int | None = None,
    mentions: Sequence[DateMention],
    weekdays: Sequence[Weekday],
    hard_weekday: Weekday | None = None,
    near_paragraphs: Iterable[int] = (),
    context_years: Sequence[tuple[int, int]] = (),
) -> YearGuess | None:
    """The year a month-day (or a short span of days) most likely falls in, from the evidence.

    Returns None when the evidence does not single out one year.
    """
    ev = _YearEvidence()
    for mm in mentions:
        if mm.year is not None:
            ev.mention(mm, mm.year, month, day)
    text_support = Counter(ev.support)
    total_context = sum(n for _, n in context_years) or 1
    for y, n in context_years:
        ev.note(y, 2.0 * n / total_context, f"{n} other article(s) in this corpus date from {y}")

    near = set(near_paragraphs)
    scored: list[tuple[float, int]] = []
    for y in sorted(ev.candidates):
        if y < ev.lower:
            continue
        days = _days(month, day, day2, month2, y)
        if not days:
            continue
        score, reasons = _weekday_fit(float(ev.support[y]), y, days, hard_weekday, weekdays, near)
        ev.why[y] = list(ev.why.get(y, [])) + reasons
        scored.append((score, y))
    if not scored:
        return None
    scored.sort(key=lambda t: (-t[0], -t[1]))
    best, year = scored[0]
    runner = scored[1][0] if len(scored) > 1 else 0.0
    if best < 2 or best - runner < 1:
        return None
    confidence = min(0.95, 0.45 + 0.08 * best + 0.05 * (best - runner))
    if text_support[year] < 1:
        confidence = min(confidence, 0.65)  # the year came from other articles, not this one
    evidence = [f"year {year}: " + "; ".join(dict.fromkeys(ev.why[year]))]
    if ev.lower_why:
        evidence.append(f"not before {ev.lower}: {ev.lower_why}")
    return YearGuess(year, round(confidence, 2), tuple(evidence))


class _YearEvidence:
    """Points and reasons per candidate year, and the earliest year the text allows."""

    def __init__(self) -> None:
        self.support: Counter[int] = Counter()
        self.why: dict[int, list[str]] = {}
        self.lower = 0
        self.lower_why = ""
        self.candidates: set[int] = set()

    def note(self, y: int, points: float, reason: str) -> None:
        self.support[y] += points  # type: ignore[assignment]
        self.why.setdefault(y, []).append(reason)
        self.candidates.add(y)

    def not_before(self, y: int, reason: str) -> None:
        if y > self.lower:
            self.lower, self.lower_why = y, reason

    def mention(self, mm: DateMention, y: int, month: int, day: int) -> None:
        """What one dated mention (with year `y`) says about the year of `month`-`day`."""
        if mm.day is not None and mm.month is not None:
            full = _safe_date(y, mm.month, mm.day)
            target = _safe_date(y, month, day)
            if full and target and abs((full - target).days) <= 45:
                self.note(y, 4, f"full date '{mm.text}' nearby")
            else:
                self.note(y, 1, f"full date '{mm.text}'")
        elif mm.kind in ("my", "my_range"):
            self.note(y, 2, f"'{mm.text}' ({'ahead' if mm.tense == 'future' else 'mentioned'})")
            if mm.tense == "future":
                self.note(y - 1, 0.5, f"'{mm.text}' ahead")
            elif mm.tense == "past":
                self.not_before(y, f"'{mm.text}' is in the past")
        elif "since" in mm.text.lower():  # a bare year
            self.not_before(y + 1, f"'{mm.text}'")
            self.candidates.update((y + 1, y + 2))
        elif mm.tense == "future":
            self.note(y, 1, f"'{mm.text}' ahead")
            self.note(y - 1, 1, f"'{mm.text}' ahead")
        else:
            self.not_before(y, f"'{mm.text}' is in the past")
            self.candidates.update((y, y + 1))


def _weekday_fit(
    score: float,
    y: int,
    days: list[dt.date],
    hard_weekday: Weekday | None,
    weekdays: Sequence[Weekday],
    near: set[int],
) -> tuple[float, list[str]]:
    """`score` plus points (and the reasons) for how well year `y`'s weekdays of `days` fit the
    weekdays named: the dateline's own (`hard_weekday`, +3 or -3) and those in nearby
    paragraphs (+1 each)."""
    reasons: list[str] = []
    day_names = {d.weekday() for d in days}
    if hard_weekday is not None:
        if hard_weekday.weekday in day_names:
            score += 3
            reasons.append(
                f"{days[0]:%B} {days[0].day}, {y} was a {WEEKDAYS[days[0].weekday()]}, "
                f"matching '{hard_weekday.text}'"
            )
        else:
            score -= 3
    seen: set[int] = set()
    for w in weekdays:
        if w.reporting or w.paragraph not in near or w.weekday in seen:
            continue
        seen.add(w.weekday)
        if w.weekday in day_names:
            score += 1
            match = next(d for d in days if d.weekday() == w.weekday)
            reasons.append(f"{match:%B} {match.day}, {y} was a {WEEKDAYS[w.weekday]} ('{w.text}')")
    return score, reasons


def parse_record_date(value: str) -> FuzzyDate | None:
    """A date string from a record, at the precision it states ('2016-09', '26-FEB-1987 ...')."""
    from dateutil import parser as dparser

    value = value.strip()
    if not value:
        return None
    if re.fullmatch(_YEAR, value):
        return FuzzyDate.year(int(value))
    if m := re.fullmatch(rf"({_YEAR})-([01]\d)", value):
        return FuzzyDate.month(int(m.group(1)), int(m.group(2)))
    try:
        a = dparser.parse(value, default=dt.datetime(1900, 1, 1), fuzzy=False)
        b = dparser.parse(value, default=dt.datetime(1904, 2, 2), fuzzy=False)
    except (ValueError, OverflowError):
        return None
    if a.year != b.year:
        return None
    if a.month != b.month:
        return FuzzyDate.year(a.year)
    if a.day != b.day:
        return FuzzyDate.month(a.year, a.month)
    return FuzzyDate.day(a.date())


def infer_published(
    *,
    record_date: str | None,
    dateline_text: str | None,
    dateline_month: str | None,
    dateline_day: int | None,
    dateline_year: int | None,
    mentions: Sequence[DateMention],
    weekdays: Sequence[Weekday],
    page_stamps: Sequence[str],
    context_years: Sequence[tuple[int, int]] = (),
) -> PublishedDate:
    """Decide the publication date and say why (see the module docstring for the method)."""
    evidence: list[str] = [
        f"ignored page stamp '{s}': a clock time and date printed by the page, not the article"
        for s in page_stamps
    ]
    if record_date:
        parsed = parse_record_date(record_date)
        if parsed is not None:
            evidence.insert(0, f"record field: date '{record_date}'")
            return PublishedDate(parsed, 0.95, tuple(evidence))
        evidence.append(f"record date '{record_date}' could not be read as a date")

    early = {-1, 0, 1}
    reporting = [w for w in weekdays if w.reporting and w.paragraph in early]
    month = _month(dateline_month)
    if month is not None and dateline_day is not None:
        return _dateline_date(
            f"dateline: '{dateline_text}'",
            month,
            dateline_day,
            dateline_year,
            mentions,
            weekdays,
            reporting[0] if reporting else None,
            context_years,
            evidence,
        )

    # No dated dateline: anchor on the latest event the article reports.
    anchors = _anchors(mentions, weekdays, context_years)
    if not anchors:
        evidence.insert(0, "no dateline date and no dated event in the text to anchor on")
        return PublishedDate(FuzzyDate(), 0.0, tuple(evidence))
    latest, _, why = max(anchors, key=lambda t: t[0])
    day_word = WEEKDAYS[latest.weekday()]
    if reporting:
        w = reporting[0]
        if w.weekday == latest.weekday():
            return PublishedDate(
                FuzzyDate.day(latest),
                0.75,
                (
                    f"latest reported event {day_word} {latest.isoformat()} from {why}",
                    f"the news is dated by '{w.text}', the same weekday",
                    *evidence,
                ),
            )
        ahead = (w.weekday - latest.weekday()) % 7 or 7
        probable = latest + dt.timedelta(days=ahead)
        return PublishedDate(
            FuzzyDate.month(probable.year, probable.month),
            0.6,
            (
                f"after the latest reported event, {day_word} {latest.isoformat()}, from {why}",
                f"'{w.text}': probably {WEEKDAYS[w.weekday]} {probable.isoformat()}, the first "
                f"{WEEKDAYS[w.weekday]} after it; only the month is certain",
                *evidence,
            ),
        )
    return PublishedDate(
        FuzzyDate.day(latest),
        0.55,
        (
            f"latest event the article reports: {day_word} {latest.isoformat()}, from {why}; "
            "no later date in the text",
            *evidence,
        ),
    )


def _dateline_date(
    where: str,
    month: int,
    day: int,
    year: int | None,
    mentions: Sequence[DateMention],
    weekdays: Sequence[Weekday],
    hard: Weekday | None,
    context_years: Sequence[tuple[int, int]],
    evidence: list[str],
) -> PublishedDate:
    """The publication date from a dateline's month and day: its own year, else the year the
    text (and the corpus) settle, else unknown with the reason."""
    if year:
        d = _safe_date(year, month, day)
        if d:
            return PublishedDate(FuzzyDate.day(d), 0.95, (where, *evidence))
    guess = infer_year(
        month,
        day,
        mentions=[m for m in mentions if not m.caption or m.year],
        weekdays=weekdays,
        hard_weekday=hard,
        near_paragraphs=(0, -1),
        context_years=context_years,
    )
    if guess is not None:
        d = _safe_date(guess.year, month, day)
        if d is not None:
            return PublishedDate(
                FuzzyDate.day(d), guess.confidence, (where, *guess.evidence, *evidence)
            )
    evidence.insert(
        0,
        f"{where} gives {calendar.month_name[month]} {day} but the text does not settle the year",
    )
    return PublishedDate(FuzzyDate(), 0.0, tuple(evidence))


def _anchors(
    mentions: Sequence[DateMention],
    weekdays: Sequence[Weekday],
    context_years: Sequence[tuple[int, int]],
) -> list[tuple[dt.date, DateMention, str]]:
    """The last day of every past or present event the text dates (a year of its own, or one
    `infer_year` settles), with how it was read."""
    anchors: list[tuple[dt.date, DateMention, str]] = []
    for mm in mentions:
        if mm.month is None or mm.day is None or mm.tense == "future":
            continue
        if mm.year is not None:
            last = _days(mm.month, mm.day, mm.day2, mm.month2, mm.year)
            if last:
                anchors.append((last[-1], mm, f"'{mm.text}'"))
            continue
        guess = infer_year(
            mm.month,
            mm.day,
            day2=mm.day2,
            month2=mm.month2,
            mentions=mentions,
            weekdays=weekdays,
            near_paragraphs=(mm.paragraph, mm.paragraph + 1),
            context_years=context_years,
        )
        if guess is None:
            continue
        days = _days(mm.month, mm.day, mm.day2, mm.month2, guess.year)
        if days:
            anchors.append((days[-1], mm, f"'{mm.text}' ({'; '.join(guess.evidence)})"))
    return anchors


def _choose_year(candidates: list[tuple[int, dt.date]], pub: FuzzyDate, tense: str) -> int:
    assert pub.start is not None and pub.end is not None
    start, end = pub.start, pub.end

    def cost(item: tuple[int, dt.date]) -> float:
        _, d = item
        gap = 0 if start <= d <= end else min(abs((d - start).days), abs((d - end).days))
        if tense == "future" and d < start - dt.timedelta(days=3):
            gap += 400
        if tense == "past" and d > end + dt.timedelta(days=3):
            gap += 400
        return gap

    return min(candidates, key=cost)[0]


def resolve(mm: DateMention, pub: FuzzyDate) -> tuple[FuzzyDate, FuzzyDate | None] | None:
    """A mention as calendar dates, its missing year taken from the publication date."""
    base = pub.start.year if pub.start else None
    if mm.kind == "rel_year":
        if base is None:
            return None
        shift = {"next": 1, "coming": 1, "last": -1, "previous": -1}.get(mm.rel or "", 0)
        return FuzzyDate.year(base + shift), None
    if mm.kind in ("rel_week", "rel_day"):
        return _resolve_relative(mm, pub)
    if mm.kind == "y":
        assert mm.year is not None
        return FuzzyDate.year(mm.year), None
    if mm.kind in ("my", "my_range"):
        assert mm.year is not None and mm.month is not None
        end = FuzzyDate.month(mm.year, mm.month2) if mm.month2 else None
        return FuzzyDate.month(mm.year, mm.month), end
    if mm.month is None:
        return None
    year = mm.year
    if year is None:
        if base is None:
            return None
        year = _missing_year(mm, mm.month, base, pub)
    if mm.day is None:
        end = None
        if mm.month2:
            end = FuzzyDate.month(year + (mm.month2 < mm.month), mm.month2)
        return FuzzyDate.month(year, mm.month), end
    days = _days(mm.month, mm.day, mm.day2, mm.month2, year)
    if not days:
        return None
    return FuzzyDate.day(days[0]), (FuzzyDate.day(days[-1]) if len(days) > 1 else None)


def _resolve_relative(mm: DateMention, pub: FuzzyDate) -> tuple[FuzzyDate, FuzzyDate | None] | None:
    """ "yesterday", "tomorrow", "next week": days counted from a day-precise publication."""
    if pub.precision != "day" or pub.start is None:
        return None  # "next week" of a month-precise article is no date at all
    if mm.kind == "rel_day":
        day = pub.start + dt.timedelta(days=1 if mm.rel == "tomorrow" else -1)
        return FuzzyDate.day(day), None
    shift = {"next": 7, "coming": 7, "last": -7, "previous": -7}.get(mm.rel or "", 0)
    monday = pub.start - dt.timedelta(days=pub.start.weekday()) + dt.timedelta(days=shift)
    return FuzzyDate.day(monday), FuzzyDate.day(monday + dt.timedelta(days=6))


def _missing_year(mm: DateMention, month: int, base: int, pub: FuzzyDate) -> int:
    """The year of a month(-day) mention without one: the publication year or one beside it,
    by the mention's tense ("last March", "next June", "this May")."""
    probe_day = mm.day or 15
    options = []
    for y in (base - 1, base, base + 1):
        d = _safe_date(y, month, min(probe_day, 28))
        if d:
            options.append((y, d))
    tense = mm.tense
    if mm.rel == "last":
        tense = "past"
    elif mm.rel == "next":
        tense = "future"
    return base if mm.rel == "this" else _choose_year(options, pub, tense)


def relation(date: FuzzyDate, end: FuzzyDate | None, pub: FuzzyDate, tense: str) -> Relation:
    last = (end or date).end
    if date.start is None or last is None or pub.start is None or pub.end is None:
        return {"past": "past", "future": "ahead"}.get(tense, "unknown")  # type: ignore[return-value]
    if last < pub.start:
        return "past"
    if date.start > pub.end:
        return "ahead"
    if pub.precision != "day" or date.precision != "day":
        return {"past": "past", "future": "ahead"}.get(tense, "same")  # type: ignore[return-value]
    return "same"


def dated_references(mentions: Sequence[DateMention], pub: FuzzyDate) -> list[DatedReference]:
    """The article's date mentions, resolved against its publication date."""
    out: list[DatedReference] = []
    seen: set[tuple[str, int, str]] = set()
    for mm in mentions:
        if mm.caption:
            continue
        resolved = resolve(mm, pub)
        if resolved is None:
            date, end = FuzzyDate(), None
        else:
            date, end = resolved
        key = (mm.text, mm.paragraph, mm.sentence)
        if key in seen:
            continue
        seen.add(key)
        out.append(
            DatedReference(
                text=mm.text,
                date=date,
                end=end,
                relation=relation(date, end, pub, mm.tense),
                sentence=mm.sentence,
                paragraph=mm.paragraph,
            )
        )
    return out
