"""Publication dates and dated references, inferred from evidence and never invented.

Why this module exists: datelines carry a month and a day but no year ("LIMA, November 20"),
pages carry stamps that are not the publication date, and some articles carry no date at all. A
timeline is only as good as its dates, so every date here comes with the evidence that gave it
and a confidence, and a date that cannot be pinned to a day is kept at the precision the evidence
supports (a month, a year, or unknown).

The method, in order:
1. A date a record states outright (a JSON field) wins; then a date in the URL's path.
2. A dateline with month and day takes its year from `years.text_year`: mentioned years are only
   bounds, history never counts, and the year is claimed only on decisive evidence (a full date
   on the same days, a dated caption, a weekday that fits one year in a narrow window). If the
   text cannot decide, the corpus may (`years.corpus_year`); if it cannot either, nothing is
   claimed and the evidence keeps the day seen ("8 April, year unknown").
3. Without a dateline date, the latest *current* event the article reports (a month and day
   written without a year, not in the future, not history) anchors it when the text pins its
   year; a reporting weekday ("said Thursday") or the event's own weekday gives the day, else
   only the month or the year is claimed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from briefing.ingest.years import YearGuess, corpus_year, is_history, text_year, weekend_note
from briefing.models import DatedReference, FuzzyDate, PublishedDate, Relation

_MONTH_NAMES = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTH_NAMES.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTH_NAMES["sept"] = 9
_RU_MONTHS = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"
_MONTH_NAMES.update({name: i + 1 for i, name in enumerate(_RU_MONTHS.split())})
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


_URL_DAY = re.compile(
    r"/(?P<y>(?:19|20)\d{2})[/-](?P<m>[01]?\d)[/-](?P<d>[0-3]?\d)(?:/|[-_.]|$)"
    r"|[/_-](?P<y2>(?:19|20)\d{2})(?P<m2>[01]\d)(?P<d2>[0-3]\d)(?:[/_.-]|$)"
)
_URL_MONTH = re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>[01]?\d)/")


def url_date(url: str | None) -> tuple[FuzzyDate, str] | None:
    """A date in a URL's path (`/2016/09/20/`, `/2016-09-20-`, `_20160920`; `/2016/09/`)."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url.split("?", 1)[0].split("#", 1)[0], flags=re.I)
    today = dt.date.today()
    m = _URL_DAY.search(path)
    if m:
        y = int(m.group("y") or m.group("y2"))
        mo = int(m.group("m") or m.group("m2"))
        d = int(m.group("d") or m.group("d2"))
        day = _safe_date(y, mo, d)
        if day is not None and day <= today:
            return FuzzyDate.day(day), m.group(0).strip("/_-.")
    m = _URL_MONTH.search(path)
    if m and 1 <= int(m.group("m")) <= 12 and int(m.group("y")) <= today.year:
        return FuzzyDate.month(int(m.group("y")), int(m.group("m"))), m.group(0).strip("/")
    return None


def _day_seen(month: int, day: int) -> str:
    return f"{day} {calendar.month_name[month]}, year unknown"


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
    url: str | None = None,
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
    from_url = url_date(url)
    if from_url is not None:
        date, text = from_url
        evidence.insert(0, f"url: the address carries the date '{text}'")
        return PublishedDate(date, 0.9 if date.precision == "day" else 0.85, tuple(evidence))

    early = {-1, 0, 1}
    reporting = [w for w in weekdays if w.reporting and w.paragraph in early]
    month = _month(dateline_month)
    if month is not None and dateline_day is not None:
        return _from_dateline(
            month,
            dateline_day,
            dateline_year,
            dateline_text or "",
            mentions,
            weekdays,
            reporting,
            context_years,
            evidence,
        )
    return _from_events(mentions, weekdays, reporting, evidence)


def _from_dateline(
    month: int,
    day: int,
    year: int | None,
    text: str,
    mentions: Sequence[DateMention],
    weekdays: Sequence[Weekday],
    reporting: Sequence[Weekday],
    context_years: Sequence[tuple[int, int]],
    evidence: list[str],
) -> PublishedDate:
    where = f"dateline: '{text}'"
    if year:
        d = _safe_date(year, month, day)
        if d:
            return PublishedDate(FuzzyDate.day(d), 0.95, (where, *evidence))
    hard = reporting[0] if reporting else None
    soft = [(w.weekday, w.text) for w in weekdays if not w.reporting and w.paragraph in (-1, 0, 1)]
    ev = text_year(
        month,
        day,
        mentions=mentions,
        weekday=hard.weekday if hard else None,
        weekday_text=hard.text if hard else "",
        soft_weekdays=list(dict.fromkeys(soft)),
    )
    guess = ev.pinned
    if guess is None and context_years:
        guess = corpus_year(ev.candidates, context_years, seen=(month, day))
        if guess is not None:
            guess = YearGuess(
                guess.year, guess.confidence, (*guess.evidence, *ev.notes), from_corpus=True
            )
    seen = f"--{month:02d}-{day:02d}"
    notes = list(ev.notes)
    if guess is None and context_years:
        note = weekend_note(context_years, (month, day))
        if note:
            notes.append(note)
    if guess is not None:
        d = _safe_date(guess.year, month, day)
        if d is not None:
            return PublishedDate(
                FuzzyDate.day(d), guess.confidence, (where, *guess.evidence, *evidence), seen
            )
    return PublishedDate(
        FuzzyDate(),
        0.0,
        (
            f"{where} gives {_day_seen(month, day)}: the text does not settle the year",
            *notes,
            *evidence,
        ),
        seen,
    )


def _from_events(
    mentions: Sequence[DateMention],
    weekdays: Sequence[Weekday],
    reporting: Sequence[Weekday],
    evidence: list[str],
) -> PublishedDate:
    """No dated dateline: the latest current event the text reports, when its year is pinned.

    Only a month and day written without a year counts as current news (a date with its year
    is usually history: "June 6, 1944"), never one in a history sentence or in the future."""
    anchors: list[tuple[dt.date, DateMention, str, YearGuess]] = []
    for mm in mentions:
        if (
            mm.month is None
            or mm.day is None
            or mm.year is not None
            or mm.caption
            or mm.tense == "future"
            or is_history(mm.sentence)
        ):
            continue
        first = _safe_date(2000, mm.month, mm.day)
        last = _safe_date(2000, mm.month2 or mm.month, mm.day2 or mm.day)
        span = (last - first).days + 1 if first and last and last >= first else 1
        near = [
            (w.weekday, w.text) for w in weekdays if w.paragraph in (mm.paragraph, mm.paragraph + 1)
        ]
        ev = text_year(
            mm.month,
            mm.day,
            mentions=mentions,
            soft_weekdays=list(dict.fromkeys(near)),
            days=span,
            full_dates=False,
        )
        if ev.pinned is None:
            continue
        days = _days(mm.month, mm.day, mm.day2, mm.month2, ev.pinned.year)
        if days:
            why = f"'{mm.text}' ({'; '.join(ev.pinned.evidence)})"
            anchors.append((days[-1], mm, why, ev.pinned))
    if not anchors:
        evidence.insert(0, "no dateline date and no current dated event in the text to anchor on")
        return PublishedDate(FuzzyDate(), 0.0, tuple(evidence))
    latest, mm, why, _ = max(anchors, key=lambda t: t[0])
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
    named = [
        w
        for w in weekdays
        if w.weekday == latest.weekday() and w.paragraph in (mm.paragraph, mm.paragraph + 1)
    ]
    if named:
        return PublishedDate(
            FuzzyDate.day(latest),
            0.6,
            (
                f"latest event the article reports: {day_word} {latest.isoformat()}, from {why}; "
                f"the text names its weekday ('{named[0].text}'); no later date in the text",
                *evidence,
            ),
        )
    return PublishedDate(
        FuzzyDate.year(latest.year),
        0.6,
        (
            f"latest event the article reports: {latest.isoformat()}, from {why}; the article is "
            "not earlier, but nothing says how much later: only the year is claimed",
            *evidence,
        ),
    )


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
        if pub.precision != "day" or pub.start is None:
            return None  # "next week" of a month-precise article is no date at all
        if mm.kind == "rel_day":
            day = pub.start + dt.timedelta(days=1 if mm.rel == "tomorrow" else -1)
            return FuzzyDate.day(day), None
        shift = {"next": 7, "coming": 7, "last": -7, "previous": -7}.get(mm.rel or "", 0)
        monday = pub.start - dt.timedelta(days=pub.start.weekday()) + dt.timedelta(days=shift)
        return FuzzyDate.day(monday), FuzzyDate.day(monday + dt.timedelta(days=6))
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
        probe_day = mm.day or 15
        options = []
        for y in (base - 1, base, base + 1):
            d = _safe_date(y, mm.month, min(probe_day, 28))
            if d:
                options.append((y, d))
        tense = mm.tense
        if mm.rel == "last":
            tense = "past"
        elif mm.rel == "next":
            tense = "future"
        year = base if mm.rel == "this" else _choose_year(options, pub, tense)
    if mm.day is None:
        end = None
        if mm.month2:
            end = FuzzyDate.month(year + (mm.month2 < mm.month), mm.month2)
        return FuzzyDate.month(year, mm.month), end
    days = _days(mm.month, mm.day, mm.day2, mm.month2, year)
    if not days:
        return None
    return FuzzyDate.day(days[0]), (FuzzyDate.day(days[-1]) if len(days) > 1 else None)


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
