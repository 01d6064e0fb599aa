"""Which year a month and day ("LIMA, November 20") belong to, as far as the evidence goes.

Why this module exists: a wire dateline gives a month and a day, never the year, and the year is
where timelines go wrong. The rules here are deliberately strict, because a wrong year is worse
than none:

- A year the text *mentions* is a bound, never the year: a past mention ("rose in 1986", "since
  2013") says the article is not earlier, a future one ("talks in June 2016") that it is not later.
  History ("the 75th anniversary of D-Day on June 6, 1944") is only ever a bound.
- The year is *pinned* by the text only by decisive evidence: a past full date in the few days
  before, next to the dateline (the same day a year on or back is an anniversary or a term, not
  the news), outside a history sentence; a dated photo caption near it; or a window
  of years the bounds leave (at most five years wide) in which one year alone fits the day and
  its weekday ("said on Sunday").
- Otherwise the text leaves a set of candidate years (the bounds, filtered by the weekday), and
  only the rest of the corpus can choose among them (`corpus_year`): the years other articles of
  the corpus pinned by their own evidence, when one candidate holds nearly all of them.

Everything returns the evidence it used, in words a user can check.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from briefing.ingest.context import CORPUS_MARK, decode
from briefing.ingest.mentions import WEEKDAYS, safe_date

MONTH_NAMES = (
    "January February March April May June July August September October November December".split()
)
# The widest window of years that bounds may leave for a weekday to decide between: the same
# day falls on the same weekday again after 5, 6 or 11 years, so in five years at most once.
WINDOW = 5
# How far from the month and day a full date may be and still say which year it is.
NEAR_DAYS = 3
CAPTION_DAYS = 45
# Corpus context: the share of the corpus's pinned years (among the candidates) the chosen year
# must hold, and how many articles at least must have pinned it.
CORPUS_SHARE = 0.9
CORPUS_MIN = 2

_HISTORY = re.compile(
    r"\b(anniversar\w*|years? ago|years? after|years? since|decades?|centur\w+|commemorat\w*|"
    r"memorial|remember\w*|marks?|marked|marking|history|historic|recalled|recalls|since|"
    r"founded|born|died|in memory)\b",
    re.I,
)


# A full date after these is a deadline or a period's end, not the day of the news.
_DEADLINE = re.compile(
    r"(?i)\b(by|until|till|before|through|thru|effective|from|to|ended|ending|ends|end|due|"
    r"expires?|matur\w+|after|since|payable|record|period)\s*$"
)


class YearMention(Protocol):
    """What this module reads of a date mention (see `dates.DateMention`)."""

    @property
    def kind(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def sentence(self) -> str: ...
    @property
    def tense(self) -> str: ...
    @property
    def month(self) -> int | None: ...
    @property
    def day(self) -> int | None: ...
    @property
    def month2(self) -> int | None: ...
    @property
    def year(self) -> int | None: ...
    @property
    def caption(self) -> bool: ...
    @property
    def paragraph(self) -> int: ...


@dataclass(frozen=True, slots=True)
class YearGuess:
    year: int
    confidence: float
    evidence: tuple[str, ...]
    from_corpus: bool = False


@dataclass(frozen=True, slots=True)
class YearEvidence:
    """What the text of one article says about the year of a month and day."""

    pinned: YearGuess | None
    candidates: tuple[int, ...]  # the years still possible (empty: no year evidence at all)
    lower: int | None
    upper: int | None
    notes: tuple[str, ...]  # the bounds and weekday, in words

    def day_seen(self, month: int, day: int) -> str:
        return f"{day} {MONTH_NAMES[month - 1]}, year unknown"


_safe = safe_date


def is_history(sentence: str) -> bool:
    """A sentence that reports history (anniversaries, 'since', 'years ago'): its dates are
    bounds at most, never the publication date."""
    return bool(_HISTORY.search(sentence))


def _time_phrase(mm: YearMention) -> bool:
    """A year that names a time ("in 1988", "by March 1988"), not a label ("the 1988
    budget", "1986 results"), which may be spoken of in the future long after it."""
    if mm.month is not None:
        return True
    return bool(
        re.match(r"(?i)(in|by|until|till|before|during|from|early|late|mid|end of)\b", mm.text)
    )


def _bounds(
    month: int, day: int, mentions: Sequence[YearMention], this_year: int
) -> tuple[int | None, str, int, str]:
    lower: int | None = None
    lower_why = ""
    upper: int | None = None
    upper_why = ""
    for mm in mentions:
        y = mm.year
        if y is None or mm.caption:
            continue
        since = "since" in mm.text.lower() or re.search(rf"\bsince\s+{y}\b", mm.sentence)
        if since or mm.tense == "past":
            low = y
            if since and mm.month is None:
                low = y + 1  # "the first visit since 2013": not 2013 itself
            elif mm.month is not None:
                # a past date later in its year than our day: our day is in a later year
                end_month = mm.month2 or mm.month
                end_day = mm.day or 28
                if (end_month, end_day) > (month, day):
                    low = y + 1
            if lower is None or low > lower:
                lower, lower_why = low, f"'{mm.text}' is in the past"
        elif mm.tense == "future" and _time_phrase(mm):
            high = y
            if mm.month is not None and (mm.month, mm.day or 1) < (month, day):
                high = y - 1  # talks "in June 2016" ahead of a December day: an earlier year
            if upper is None or high < upper:
                upper, upper_why = high, f"'{mm.text}' is ahead"
    if upper is None or upper > this_year:
        return lower, lower_why, this_year, "no article is from the future"
    return lower, lower_why, upper, upper_why


def _pin_by_full_date(
    month: int, day: int, mentions: Sequence[YearMention], *, full_dates: bool = True
) -> tuple[int, str] | None:
    """A full date on or near the same day (not history), or a dated caption near it."""
    found: list[tuple[int, str]] = []
    for mm in mentions:
        if mm.year is None or mm.month is None or mm.day is None:
            continue
        full = _safe(mm.year, mm.month, mm.day)
        target = _safe(mm.year, month, day)
        if full is None or target is None:
            continue
        gap = (target - full).days  # > 0: the full date is before our day
        if mm.caption and abs(gap) <= CAPTION_DAYS:
            found.append((mm.year, f"dated caption '{mm.text}'"))
        elif (
            full_dates
            and not mm.caption
            and 1 <= gap <= NEAR_DAYS
            and mm.tense == "past"
            and mm.paragraph <= 0  # next to the dateline, not a term deep in the text
            and not is_history(mm.sentence)
            and not _DEADLINE.search(mm.sentence.split(mm.text, 1)[0][-24:])
        ):
            found.append((mm.year, f"full date '{mm.text}' in the days just before"))
    years = {y for y, _ in found}
    if len(years) == 1:
        return found[0]
    return None


def text_year(
    month: int,
    day: int,
    *,
    mentions: Sequence[YearMention],
    weekday: int | None = None,
    weekday_text: str = "",
    soft_weekdays: Sequence[tuple[int, str]] = (),
    days: int = 1,
    today: dt.date | None = None,
    full_dates: bool = True,
) -> YearEvidence:
    """What the article's own text says about the year of `month`/`day` (see module docs).

    `weekday` is a weekday the text gives for that very day ("said on Sunday" next to the
    dateline); `soft_weekdays` are weekdays named nearby that may be that day ("on Friday"),
    used only inside a window the bounds leave. `days` > 1 for a span ("December 15-16").
    `full_dates=False` when the month and day are themselves a mention in running text, which a
    full date on the same days only repeats ("July 1" after "July 1, 1982" is 1982's July 1,
    history, not the news); dated captions still count.
    """
    this_year = (today or dt.date.today()).year
    lower, upper, notes = _window(month, day, mentions, this_year)

    def fits(y: int, wd: int) -> bool:
        first = _safe(y, month, day)
        if first is None:
            return False
        return any((first + dt.timedelta(days=i)).weekday() == wd for i in range(days))

    pin = _pin_by_full_date(month, day, mentions, full_dates=full_dates)
    if pin is not None and (lower is None or pin[0] >= lower) and pin[0] <= upper:
        year, why = pin
        evidence = [f"year {year}: {why}", *notes]
        if weekday is not None and not fits(year, weekday):
            evidence.append(f"but '{weekday_text}' does not fit {year}")
            return YearEvidence(None, (), lower, upper, tuple(evidence))
        return YearEvidence(YearGuess(year, 0.85, tuple(evidence)), (year,), lower, upper, ())

    start = lower if lower is not None else 1900
    years = [y for y in range(start, upper + 1) if _safe(y, month, day)]
    if weekday is not None:
        years = [y for y in years if fits(y, weekday)]
        if lower is not None:
            notes.append(f"'{weekday_text}' fits {_list(years)}")
    if lower is not None and upper - lower < WINDOW:
        # a window narrow enough for a weekday to decide: the reporting weekday, else one
        # named nearby
        tries = [(weekday, weekday_text, 0.9)] if weekday is not None else []
        tries += [(wd, text, 0.8) for wd, text in soft_weekdays] if weekday is None else []
        for wd, wd_text, conf in tries:
            fit = [y for y in years if fits(y, wd)]
            if len(fit) == 1:
                y = fit[0]
                why = f"the only year from {lower} to {upper} that fits '{wd_text}'"
                return YearEvidence(
                    YearGuess(y, conf, (f"year {y}: {why}", *notes)), (y,), lower, upper, ()
                )
    if lower is None and weekday is None:
        return YearEvidence(None, (), None, upper, tuple(notes))
    return YearEvidence(None, tuple(years), lower, upper, tuple(notes))


def _window(
    month: int, day: int, mentions: Sequence[YearMention], this_year: int
) -> tuple[int | None, int, list[str]]:
    """The years the bounds leave, and the bounds in words."""
    lower, lower_why, upper, upper_why = _bounds(month, day, mentions, this_year)
    notes: list[str] = []
    if lower is not None and lower > upper:
        # The bounds contradict each other (a tense misread): trust neither.
        notes.append(f"bounds disagree ({lower_why}; {upper_why}): ignored")
        lower, upper = None, this_year
    if lower is not None:
        notes.append(f"not before {lower}: {lower_why}")
    if upper < this_year:
        notes.append(f"not after {upper}: {upper_why}")
    return lower, upper, notes


def _list(years: Sequence[int]) -> str:
    if not years:
        return "no year"
    if len(years) > 6:
        return ", ".join(map(str, years[:3])) + ", ... " + str(years[-1])
    return ", ".join(map(str, years))


# The calendar test: news is published far less at weekends, so the datelines of a corpus from
# one year fall on working days in that year, and a fifth or more of them on a weekend in the
# years around it (each year shifts the weekdays by one or two).
CALENDAR_MIN_DATELINES = 20
CALENDAR_MIN_MENTIONING = 10
CALENDAR_MAX_WEEKEND = 0.10


@lru_cache(maxsize=16)
def calendar_year(year_counts: tuple[tuple[int, int], ...]) -> tuple[int, str] | None:
    """The one year the corpus's year-less datelines fit as working days, with the evidence."""
    cy = decode(year_counts)
    total = sum(n for _, n in cy.seen)
    mentioning = sorted(y for y, n in cy.latest for _ in range(n))
    if total < CALENDAR_MIN_DATELINES or len(mentioning) < CALENDAR_MIN_MENTIONING:
        return None
    # The era: news mentions its own time, so a corpus is published in the few years around the
    # median latest year its articles mention. Five years at most (`WINDOW`): no two years in
    # five in a row share a calendar; five or more apart they may (1987 and 1992 from March on).
    median = mentioning[len(mentioning) // 2]
    low, high = median - 1, median - 1 + WINDOW - 1
    shares: list[tuple[float, int]] = []
    for y in range(low, high + 1):
        weekend = counted = 0
        for (m, d), n in cy.seen:
            day = _safe(y, m, d)
            if day is None:
                continue
            counted += n
            weekend += n * (day.weekday() >= 5)
        if counted:
            shares.append((weekend / counted, y))
    if len(shares) < 2:
        return None
    shares.sort()
    (best, year), (second, _) = shares[0], shares[1]
    if best > CALENDAR_MAX_WEEKEND or best > 0.5 * second:
        return None
    others = ", ".join(f"{pct:.0%} in {y}" for pct, y in sorted(shares[1:4], key=lambda t: t[1]))
    why = (
        f"{CORPUS_MARK} the {total} datelines without a year in this corpus fall on a weekend "
        f"{best:.0%} of the time in {year}, {others} (the years from {low} to {high}; the "
        f"median latest year its articles mention is {median})"
    )
    return year, why


def corpus_year(
    candidates: Sequence[int],
    year_counts: Sequence[tuple[int, int]],
    seen: tuple[int, int] | None = None,
) -> YearGuess | None:
    """The year the rest of the corpus gives an article whose text leaves `candidates` (empty:
    any year), or None when the corpus does not pin one. The decision the corpus-wide second
    pass makes, as a pure function of the corpus's evidence (`context_key` per article).

    Two kinds of evidence, which must not disagree: the years other articles pinned by their own
    evidence (taken when one year holds at least `CORPUS_SHARE` of those among the candidates,
    from at least `CORPUS_MIN` articles), and the calendar test (`calendar_year`). The
    confidence stays below 0.9: a corpus can mix years an article's text cannot rule out.

    `seen` is the article's own month and day: one that falls on a weekend in the calendar
    test's year is more likely from another year of a mixed corpus, so it gets no year."""
    counts = tuple(year_counts)
    allowed = set(candidates)
    cy = decode(counts)
    by_votes = _by_votes(allowed, cy.pinned)
    by_calendar = calendar_year(counts)
    if by_calendar is not None:
        year, why = by_calendar
        if allowed and year not in allowed:
            return None
        if by_votes is not None and by_votes.year != year:
            return None
        if seen is not None:
            own = _safe(year, *seen)
            if own is not None and own.weekday() >= 5:
                return None
        left = min(len(allowed) - 1, 5) if allowed else 5
        return YearGuess(year, round(0.85 - 0.01 * left, 2), (why,), from_corpus=True)
    return by_votes


def weekend_note(year_counts: Sequence[tuple[int, int]], seen: tuple[int, int]) -> str | None:
    """Why the calendar test's year was not given to a day (it falls on a weekend then)."""
    found = calendar_year(tuple(year_counts))
    if found is None:
        return None
    own = _safe(found[0], *seen)
    if own is None or own.weekday() < 5:
        return None
    return (
        f"the corpus's year, {found[0]}, would put {own.day} {MONTH_NAMES[own.month - 1]} on a "
        f"{WEEKDAYS[own.weekday()]}, when its datelines hardly fall: the year is left open"
    )


def _by_votes(allowed: set[int], pinned: Sequence[tuple[int, int]]) -> YearGuess | None:
    votes = {y: n for y, n in pinned if n > 0 and (not allowed or y in allowed)}
    total = sum(votes.values())
    if not total:
        return None
    year, n = max(votes.items(), key=lambda t: (t[1], t[0]))
    share = n / (total + 2)  # pseudo-votes for years the corpus has not seen: few votes, less sure
    if n < CORPUS_MIN or n / total < CORPUS_SHARE:
        return None
    # the fewer years the text itself left, the less rests on the corpus
    left = min(len(allowed) - 1, 5) if allowed else 5
    confidence = round(min(0.85, 0.45 + 0.4 * share) - 0.02 * left, 2)
    everywhere = sum(c for _, c in pinned)
    scope = "among the years the text allows" if allowed else "of those dated"
    why = f"{CORPUS_MARK} {n} of {total} article(s) {scope} date from {year}" + (
        f" ({everywhere} dated in all)" if everywhere != total else ""
    )
    return YearGuess(year, confidence, (why,), from_corpus=True)
