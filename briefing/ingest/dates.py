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

Date phrases are found by `mentions`, years weighed by `years`; this module decides.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence

from briefing.ingest.mentions import (
    WEEKDAYS,
    YEAR_RE,
    DateMention,
    Weekday,
    days_of,
    month_number,
    safe_date,
    sentences,
)
from briefing.ingest.years import YearGuess, corpus_year, is_history, text_year, weekend_note
from briefing.models import DatedReference, FuzzyDate, PublishedDate, Relation

__all__ = [
    "dated_references",
    "implausible_publication",
    "infer_published",
    "parse_record_date",
    "relation",
    "resolve",
    "sentences",  # compare reads sentences from here
    "url_date",
]


# a plain ISO day ('2016-09-20'): most records' dates
_ISO_DAY = re.compile(r"([12]\d{3})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])")


def parse_record_date(value: str) -> FuzzyDate | None:
    """A date string from a record, at the precision it states ('2016-09', '26-FEB-1987 ...')."""
    value = value.strip()
    if not value:
        return None
    if re.fullmatch(YEAR_RE, value):
        return FuzzyDate.year(int(value))
    if m := re.fullmatch(rf"({YEAR_RE})-([01]\d)", value):
        return FuzzyDate.month(int(m.group(1)), int(m.group(2)))
    if m := _ISO_DAY.fullmatch(value):  # what dateutil reads it as, without importing it
        day = safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if day is not None:
            return FuzzyDate.day(day)
    from dateutil import parser as dparser

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


EARLIEST_NEWS_YEAR = 1700
"""A publication year before this is a placeholder or a typing slip, never a news article's
date ('0001-11-30' in a scraped record): the date is then left to the text's own evidence."""


def implausible_publication(date: FuzzyDate) -> str | None:
    """Why `date` cannot be when an article was published (before the first newspapers, or
    after today), or None when it can."""
    if date.start is None or date.end is None:
        return None
    if date.end.year < EARLIEST_NEWS_YEAR:
        return f"before {EARLIEST_NEWS_YEAR}, not a news date"
    if date.start > dt.date.today() + dt.timedelta(days=1):
        return "after today"
    return None


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
        day = safe_date(y, mo, d)
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
        why_not = implausible_publication(parsed) if parsed is not None else None
        if parsed is not None and why_not is None:
            evidence.insert(0, f"record field: date '{record_date}'")
            return PublishedDate(parsed, 0.95, tuple(evidence))
        if why_not is not None:
            evidence.append(f"record date '{record_date}' set aside: {why_not}")
        else:
            evidence.append(f"record date '{record_date}' could not be read as a date")
    from_url = url_date(url)
    if from_url is not None:
        date, text = from_url
        evidence.insert(0, f"url: the address carries the date '{text}'")
        return PublishedDate(date, 0.9 if date.precision == "day" else 0.85, tuple(evidence))

    early = {-1, 0, 1}
    reporting = [w for w in weekdays if w.reporting and w.paragraph in early]
    month = month_number(dateline_month)
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
        d = safe_date(year, month, day)
        if d:
            return PublishedDate(FuzzyDate.day(d), 0.95, (where, *evidence))
    hard = reporting[0] if reporting else None
    ev = text_year(
        month,
        day,
        mentions=mentions,
        weekday=hard.weekday if hard else None,
        weekday_text=hard.text if hard else "",
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
        d = safe_date(guess.year, month, day)
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
        first = safe_date(2000, mm.month, mm.day)
        last = safe_date(2000, mm.month2 or mm.month, mm.day2 or mm.day)
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
        days = days_of(mm.month, mm.day, mm.day2, mm.month2, ev.pinned.year)
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


def _choose_year(
    candidates: list[tuple[int, dt.date, dt.date]], pub: FuzzyDate, tense: str, rel: str | None
) -> int:
    """The year whose stretch of days (`lo` to `hi`: a day, or the part of a month a mention
    names) sits best with the publication and the tense: a past mention's stretch begins by
    the publication, a future one's ends after it; "last May" is wholly before it and "next
    May" wholly after."""
    assert pub.start is not None and pub.end is not None
    start, end = pub.start, pub.end

    def cost(item: tuple[int, dt.date, dt.date]) -> float:
        _, lo, hi = item
        if hi < start:
            gap = (start - hi).days
        elif lo > end:
            gap = (lo - end).days
        else:
            gap = 0
        if tense == "future" and hi < start - dt.timedelta(days=3):
            gap += 400
        if tense == "past" and lo > end + dt.timedelta(days=3):
            gap += 400
        if (rel == "last" and hi >= start) or (rel == "next" and lo <= end):
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
    days = days_of(mm.month, mm.day, mm.day2, mm.month2, year)
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
    options = []
    for y in (base - 1, base, base + 1):
        stretch = _stretch(mm, y, month)
        if stretch:
            options.append((y, *stretch))
    tense = mm.tense
    if mm.rel == "last":
        tense = "past"
    elif mm.rel == "next":
        tense = "future"
    return base if mm.rel == "this" else _choose_year(options, pub, tense, mm.rel)


def _stretch(mm: DateMention, year: int, month: int) -> tuple[dt.date, dt.date] | None:
    """The days a mention without a year names in `year`: its day, or its month ("early
    June": the 1st to the 10th; "mid-June": the 11th to the 20th; "late June": the 21st on)."""
    if mm.day is not None:
        d = safe_date(year, month, min(mm.day, 28))
        return (d, d) if d else None
    last = calendar.monthrange(year, month)[1]
    words = mm.text.lower()
    lo, hi = 1, last
    if "early" in words:
        hi = 10
    elif "mid" in words:
        lo, hi = 11, 20
    elif "late" in words:
        lo = 21
    return dt.date(year, month, lo), dt.date(year, month, hi)


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
