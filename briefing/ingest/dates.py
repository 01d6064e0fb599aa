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
from briefing.ingest.years import infer_year
from briefing.models import DatedReference, FuzzyDate, PublishedDate, Relation

__all__ = [
    "dated_references",
    "infer_published",
    "parse_record_date",
    "relation",
    "resolve",
    "sentences",  # compare reads sentences from here
]


def parse_record_date(value: str) -> FuzzyDate | None:
    """A date string from a record, at the precision it states ('2016-09', '26-FEB-1987 ...')."""
    from dateutil import parser as dparser

    value = value.strip()
    if not value:
        return None
    if re.fullmatch(YEAR_RE, value):
        return FuzzyDate.year(int(value))
    if m := re.fullmatch(rf"({YEAR_RE})-([01]\d)", value):
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
    month = month_number(dateline_month)
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
        d = safe_date(year, month, day)
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
        d = safe_date(guess.year, month, day)
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
            last = days_of(mm.month, mm.day, mm.day2, mm.month2, mm.year)
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
        days = days_of(mm.month, mm.day, mm.day2, mm.month2, guess.year)
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
    probe_day = mm.day or 15
    options = []
    for y in (base - 1, base, base + 1):
        d = safe_date(y, month, min(probe_day, 28))
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
