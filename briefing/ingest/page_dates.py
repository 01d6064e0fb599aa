"""A web page's publication date: its metadata, htmldate, and the text's own evidence, weighed.

Why this module exists: a page states its date in several places that do not always agree, and
some of its dates are not the publication date at all (the day it was last modified, a copyright
year, the dates of related stories). The text read from the page has evidence of its own (a
dated dateline, reported weekdays). This module decides, by the rule the README states in
"Pages", and records every piece in `date_evidence`:

1. Publication metadata the publisher wrote for machines (JSON-LD `datePublished` of an article,
   `article:published_time` and other publication `<meta>`, `<time itemprop=datePublished>`) is
   the page's date. If several disagree by a day (time zones), the strongest kind wins (in that
   order) and the disagreement is said; if they disagree by more, only what they share (the
   month, the year) is claimed. A UTC time near midnight (before 07:00 or from 17:00) may fall on
   another day where the publisher is; when the page's markup gives a local date one day off
   (htmldate), that local date is taken.
2. Without it, htmldate looking for the *original* date in the page's markup and URL. Not its
   search of the page's whole text: on the development pages it was right on only 65% of them
   (a date from a list of other stories, a copyright year), and it is slow; the article's own
   text is read for dates by briefing instead (rule 4).
3. Modified dates are named as rejected, never used.
4. Against the text: a dated dateline that agrees raises the confidence; one that disagrees is
   said, and the page's metadata wins (a dateline one day off is a time zone; one further off is
   a disagreement at lower confidence). When the page's date is only htmldate's text search, a
   dated dateline wins instead. The text's weaker inferences (latest reported event) never
   override a page date.
5. The date printed beside the headline (`page_printed`, see `with_printed`): the page's date
   when the markup states none, a confirmation when it is the markup's day; when the two
   disagree (by a day or more) nothing tells which is right, and only what both share (the
   month, the year) is claimed ("say less when unsure").
6. A day that rests on htmldate's guess alone is claimed only to its month (`guess_to_month`),
   unless the URL's month or a date written for machines in the page's body agrees.
A time of exactly 20:00-23:00 UTC (no minutes) is a date stored without its time at midnight
east of UTC, converted: the next day is the publisher's (`local_day`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from briefing.ingest.dates import parse_record_date, url_date
from briefing.ingest.page_meta import Claim, PageMeta
from briefing.ingest.structure import Dateline
from briefing.models import FuzzyDate, PublishedDate

_ISO = re.compile(r"^\s*((?:19|20)\d{2})-?([01]\d)-?([0-3]\d)(?:[T ]|$)")
_EPOCH = re.compile(r"^\d{10}(?:\d{3})?$")
_DOTTED = re.compile(r"^\s*([0-3]?\d)\.([01]?\d)\.((?:19|20)\d{2})(?:\D|$)")
_EARLIEST = dt.date(1900, 1, 1)
# The Unix epoch's first instant, in any time zone: what a site's software writes for a date it
# does not have (zero seconds), never a web page's publication day
_EPOCH_DAYS = frozenset({dt.date(1970, 1, 1), dt.date(1969, 12, 31)})

# How much each kind of page evidence is trusted (the `published_confidence` it gives).
STRONG = 0.9  # publication metadata
MARKUP = 0.8  # htmldate, from the page's markup and URL
TEXT_SEARCH = 0.5  # weak page evidence (dates that contradict each other): a dateline wins


@dataclass(frozen=True, slots=True)
class PageDate:
    """What the page says about its publication date, before the text is weighed in."""

    date: FuzzyDate
    confidence: float
    evidence: tuple[str, ...]
    rejected: tuple[str, ...] = ()  # modified dates and other claims that were not used


def claim_date(value: str, today: dt.date | None = None) -> FuzzyDate | None:
    """A metadata date value as a date at the precision it states, or None if unreadable."""
    value = value.strip()
    d: FuzzyDate | None
    if m := _ISO.match(value):
        try:
            d = FuzzyDate.day(dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
        except ValueError:
            return None
    elif m := _DOTTED.match(value):  # 10.12.2022: day first, as everywhere dots are used
        try:
            d = FuzzyDate.day(dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))))
        except ValueError:
            return None
    elif _EPOCH.match(value):
        seconds = int(value[:10])
        d = FuzzyDate.day(dt.datetime.fromtimestamp(seconds, dt.UTC).date())
    else:
        if len(value) > 60 or not re.search(r"\d", value):
            return None
        try:
            d = parse_record_date(value)
        except (ValueError, OverflowError):
            return None
    if d is None or d.start is None:
        return None
    limit = (today or dt.date.today()) + dt.timedelta(days=2)
    if d.start < _EARLIEST or d.start > limit or (d.precision == "day" and d.start in _EPOCH_DAYS):
        return None
    return d


_MONTHS = {
    **{name.lower(): i for i, name in enumerate(calendar.month_name) if name},
    **{name.lower(): i for i, name in enumerate(calendar.month_abbr) if name},
    "sept": 9,
}


def month_number(token: str | None) -> int | None:
    """'December', 'Dec.', 'Sept' -> 12, 12, 9; None when not a month name."""
    return _MONTHS.get(token.strip().rstrip(".").lower()) if token else None


def _describe(claim: Claim) -> str:
    return f"page: {claim.source} {claim.value}"


def _rejected(meta: PageMeta) -> tuple[str, ...]:
    return tuple(
        f"ignored {_describe(c)}: a modified date, not the publication date" for c in meta.modified
    )


def rejected_only(meta: PageMeta) -> PageDate | None:
    """No publication date on the page, but modified dates to name as rejected."""
    return PageDate(FuzzyDate(), 0.0, (), _rejected(meta)) if meta.modified else None


def from_metadata(meta: PageMeta) -> PageDate | None:
    """Rule 1: the page's publication metadata, or None if it states none that can be read."""
    readable = [(c, d) for c in meta.published if (d := claim_date(c.value)) is not None]
    rejected = _rejected(meta)
    if not readable:
        return None
    days = [(c, d) for c, d in readable if d.precision == "day"]
    pool = days or readable
    best_claim, best = pool[0]  # the strongest kind of statement (see `page_meta`)
    assert best.start is not None
    evidence = [_describe(best_claim)]
    confidence = STRONG
    far: list[FuzzyDate] = []
    for c, d in pool[1:]:
        if d.start is None or d.start == best.start or c.value == best_claim.value:
            continue
        gap = abs((d.start - best.start).days)
        if gap == 1:
            evidence.append(f"disagrees by a day (a time zone): {_describe(c)}")
            confidence = min(confidence, 0.75)
        else:
            evidence.append(f"disagrees: {_describe(c)}")
            far.append(d)
    if far:  # the page contradicts itself: claim only what all its statements share
        first = best.start
        starts = [first, *(d.start for d in far if d.start)]
        if len({(x.year, x.month) for x in starts}) == 1:
            best = FuzzyDate.month(first.year, first.month)
            evidence.append("the page's publication dates disagree: only the month is claimed")
        elif len({x.year for x in starts}) == 1:
            best = FuzzyDate.year(first.year)
            evidence.append("the page's publication dates disagree: only the year is claimed")
        else:
            evidence.append("the page's publication dates disagree: no date is claimed")
            return PageDate(FuzzyDate(), 0.0, (), (*evidence, *rejected))
        confidence = 0.5
    return PageDate(best, confidence, tuple(evidence), rejected)


# a time in UTC, or with no offset at all
_LOCAL_MIDNIGHT = re.compile(r"T(?:2[0-3]):00(?::00(?:\.0+)?)?\s*(?:Z|[+-]00:?00)$")
_UTC_TIME = re.compile(r"T(\d\d):\d\d(?::\d\d(?:\.\d+)?)?\s*(Z|[+-]00:?00)?$")


def local_day(page: PageDate, tree: Any, url: str | None) -> PageDate:
    """A UTC timestamp near midnight: the local date the page's markup gives, if one day off."""
    if not page.evidence or page.date.start is None or page.date.precision != "day":
        return page
    m = _UTC_TIME.search(page.evidence[0])
    if m is None:  # a date alone, or a time with the publisher's own offset
        return page
    hour = int(m.group(1))
    if 7 <= hour < 17:
        return page
    if m.group(2) and _LOCAL_MIDNIGHT.search(page.evidence[0]):
        # 23:00:00Z sharp: a date written without a time at midnight east of UTC, converted
        following = page.date.start + dt.timedelta(days=1)
        note = (
            f"{m.group(0)[1:]} sharp is midnight east of UTC (a date stored without its time): "
            f"the publisher's day {following.isoformat()} is taken"
        )
        return PageDate(
            FuzzyDate.day(following), page.confidence, (*page.evidence, note), page.rejected
        )
    found = _htmldate(tree, url, extensive=False)
    d = claim_date(found) if found else None
    if d is None or d.start is None or abs((d.start - page.date.start).days) != 1:
        return page
    note = (
        f"a UTC time near midnight; the page's markup gives the local date {found} (htmldate), "
        "which is taken"
    )
    return PageDate(d, page.confidence, (*page.evidence, note), page.rejected)


def _htmldate(tree: Any, url: str | None, *, extensive: bool) -> str | None:
    import htmldate

    try:
        found = htmldate.find_date(tree, url=url, original_date=True, extensive_search=extensive)
    except Exception:  # htmldate on odd markup: no date, never a crash
        return None
    return found if isinstance(found, str) else None


def from_htmldate(tree: Any, url: str | None, meta: PageMeta) -> PageDate | None:
    """Rules 2-3: htmldate's original date, from markup and URL first, then from the text."""
    rejected = _rejected(meta)
    found = _htmldate(tree, url, extensive=False)
    d = claim_date(found) if found else None
    if d is not None:
        how = "from the page's markup and URL"
        return PageDate(d, MARKUP, (f"page: htmldate {found}, {how}",), rejected)
    return None


_MACHINE_DATES = (
    ".//time[@datetime]/@datetime"
    " | .//abbr[@title][contains(concat(' ', normalize-space(@class), ' '), ' published ')]/@title"
)


def machine_dates(tree: Any) -> list[str]:
    """Dates the page's body writes for machines beside the text a reader sees (`<time
    datetime>`, a microformat `<abbr class="published" title>`), in page order."""
    if tree is None:
        return []
    try:
        return [str(v) for v in tree.xpath(_MACHINE_DATES)][:50]
    except Exception:  # odd markup: none, never a crash
        return []


def guess_to_month(
    page: PageDate | None, url: str | None = None, tree: Any = None
) -> PageDate | None:
    """Rule 6: a day that rests on htmldate's guess alone (nothing printed or stated agrees) is
    claimed only to its month. A URL whose path carries the same year and month (`/2017/09/`,
    htmldate's day not the 1st, which is how htmldate reads such a URL) or the same day is a
    second source: the day is kept, the agreement said. So is a day the page's body writes
    for machines (`machine_dates`): htmldate's wrong days here were all read from text.

    htmldate's day comes from the page's markup by its heuristics (a date near the byline, in
    a class named "date"), not from publication metadata the publisher wrote for machines: on
    the development pages one in six of those days was wrong. Later evidence from the text
    (a dateline, a dated address in the same month) may still give the day (`combine`)."""
    if page is None or page.date.precision != "day" or page.date.start is None:
        return page
    if not page.evidence[0].startswith("page: htmldate") or any(
        e.endswith("agrees") for e in page.evidence
    ):
        return page
    start = page.date.start
    in_url = url_date(url)
    if in_url is not None and in_url[0].start is not None:
        said, written = in_url
        assert said.start is not None
        same_month = (said.start.year, said.start.month) == (start.year, start.month)
        # htmldate reads a month in the URL as its first day: that day is no second source
        if same_month and (said.start == start if said.precision == "day" else start.day != 1):
            note = f"url: the address carries the date '{written}', which agrees"
            return PageDate(page.date, MARKUP, (*page.evidence, note), page.rejected)
    for value in machine_dates(tree):
        d = claim_date(value)
        if d is not None and d.precision == "day" and d.start == start:
            note = f"page: the date written for machines in the markup '{value[:40]}' agrees"
            return PageDate(page.date, MARKUP, (*page.evidence, note), page.rejected)
    return PageDate(
        FuzzyDate.month(start.year, start.month),
        MARKUP,
        (f"{page.evidence[0]}: {GUESS}", *page.evidence[1:]),
        page.rejected,
    )


GUESS = "only the month is claimed (htmldate's guess of the day, uncorroborated)"


PRINTED = 0.7  # the date printed beside the headline, when the markup states none


def with_printed(
    page: PageDate | None, printed: tuple[dt.date, str] | None, meta: PageMeta
) -> PageDate | None:
    """Rule 5: the date the page prints beside its headline for readers (`page_printed`),
    weighed with what its markup states.

    - No day in the markup: the printed date is the page's date (or decides between the
      markup's publication dates when they disagree and it is one of them).
    - The same day: it confirms.
    - Apart by a day (a time zone, or not) or more (an update, or not): the disagreement is
      said and only what both share (the month, the year) is claimed, or nothing; on the
      development pages either side was right about as often.
    """
    if printed is None:
        return page
    day, where = printed
    note = f"page: the date printed {where}"
    rejected = page.rejected if page else _rejected(meta)
    if page is None or page.date.precision != "day" or page.date.start is None:
        for c in meta.published:
            d = claim_date(c.value)
            if d is not None and d.precision == "day" and d.start == day:
                evidence = (_describe(c), f"{note} agrees", *(page.evidence if page else ()))
                return PageDate(d, STRONG, evidence, rejected)
        kept = (*page.evidence, "not used: the page's own dates disagree") if page else ()
        return PageDate(FuzzyDate.day(day), PRINTED, (note, *kept), rejected)
    gap = abs((day - page.date.start).days)
    if gap == 0:
        return PageDate(
            page.date, max(page.confidence, STRONG), (*page.evidence, f"{note} agrees"), rejected
        )
    if gap == 1:
        why = f"disagrees: {page.evidence[0]}: one day apart (a time zone, or not)"
    else:
        why = f"disagrees: {page.evidence[0]}: {gap} days apart (an update, or not)"
    return _shared(page.date.start, day, (note, why, *page.evidence[1:]), rejected)


def _shared(
    a: dt.date, b: dt.date, evidence: tuple[str, ...], rejected: tuple[str, ...]
) -> PageDate:
    """Two days that disagree with nothing to choose between them: only what both share (the
    month, the year) is claimed, or nothing."""
    if (a.year, a.month) == (b.year, b.month):
        return PageDate(FuzzyDate.month(a.year, a.month), 0.5,
                        (*evidence, "only the month is claimed"), rejected)  # fmt: skip
    if a.year == b.year:
        return PageDate(FuzzyDate.year(a.year), 0.5,
                        (*evidence, "only the year is claimed"), rejected)  # fmt: skip
    return PageDate(FuzzyDate(), 0.0, (), (*evidence, "no date is claimed", *rejected))


def _dateline_day(start: dt.date, month: int, day: int, year: int | None) -> dt.date | None:
    """The day a dateline names, its missing year taken from the page's date (the nearer year
    when the page's date is near a new year)."""
    best: dt.date | None = None
    for y in (year,) if year else (start.year, start.year - 1, start.year + 1):
        try:
            candidate = dt.date(y, month, day)
        except ValueError:
            continue
        if best is None or abs((candidate - start).days) < abs((best - start).days):
            best = candidate
    return best


def _against_dateline(
    page: PageDate, text: PublishedDate, said: dt.date, where: str
) -> PublishedDate:
    """The page's day and the day a dateline names, weighed (rule 4)."""
    p, rest = page.date, page.rejected
    assert p.start is not None
    gap = abs((said - p.start).days)
    if gap == 0:
        return PublishedDate(
            p,
            max(0.95, page.confidence),
            (*page.evidence, where, "the page and the dateline agree", *rest),
        )
    if page.confidence <= TEXT_SEARCH:
        note = f"disagrees: {page.evidence[0]}; the dateline is taken over the page's weak date"
        if text.date.precision == "day":
            return PublishedDate(text.date, text.confidence, (*text.evidence, note, *rest))
        return PublishedDate(
            FuzzyDate.day(said), 0.6, (where, f"year {said.year} from the page", note, *rest)
        )
    why = (
        "one day apart: a time zone difference (published near midnight)"
        if gap == 1
        else f"{gap} days apart; the page's publication metadata is taken"
    )
    return PublishedDate(
        p,
        min(page.confidence, 0.85 if gap == 1 else 0.6),
        (*page.evidence, f"disagrees: {where}: {why}", *rest),
    )


def combine(
    page: PageDate | None,
    text: PublishedDate,
    *,
    dateline_text: str | None,
    dateline_month: int | None,
    dateline_day: int | None,
    dateline_year: int | None,
) -> PublishedDate:
    """Rule 4: the page's date weighed with what the article's text says."""
    if page is None:
        return text
    p, rest = page.date, page.rejected
    if p.start is None:
        return PublishedDate(text.date, text.confidence, (*text.evidence, *rest))
    if dateline_month is not None and dateline_day is not None and p.precision == "day":
        said = _dateline_day(p.start, dateline_month, dateline_day, dateline_year)
        if said is not None:
            return _against_dateline(page, text, said, f"dateline: '{dateline_text}'")
    t = text.date
    same_month = t.start is not None and (t.start.year, t.start.month) == (
        p.start.year,
        p.start.month,
    )
    if p.precision == "month" and t.precision == "day" and same_month:
        return PublishedDate(
            t,
            min(text.confidence, 0.7),
            (*text.evidence, f"in the month the page gives: {page.evidence[0]}", *rest),
        )
    evidence = list(page.evidence)
    if t.known and t.start is not None:
        if t.start <= p.start <= (t.end or t.start):
            evidence.append(f"the text agrees: {text.evidence[0]}")
        else:
            evidence.append(f"not used: the text's own estimate, {text.evidence[0]}")
    return PublishedDate(p, page.confidence, (*evidence, *rest))


def weigh_page_date(
    fields: dict[str, str], text: PublishedDate, dateline: Dateline | None
) -> PublishedDate:
    """A web page's date (from its document's fields, see `ingest.html`) weighed with the
    text's own: what `parse` calls for a page."""
    return combine(
        page_date_from_fields(fields),
        text,
        dateline_text=dateline.text if dateline else None,
        dateline_month=month_number(dateline.month) if dateline else None,
        dateline_day=dateline.day if dateline else None,
        dateline_year=dateline.year if dateline else None,
    )


def date_fields(page: PageDate | None) -> dict[str, str]:
    """A page's date as document fields (`RawDocument.fields` holds strings only)."""
    if page is None:
        return {}
    out = {
        "page_date": page.date.iso or "",
        "page_date_confidence": f"{page.confidence:.2f}",
        "page_date_evidence": "\n".join(page.evidence),
    }
    if page.rejected:
        out["page_date_rejected"] = "\n".join(page.rejected)
    return out


def page_date_from_fields(fields: dict[str, str]) -> PageDate | None:
    """Inverse of `date_fields`."""
    rejected = tuple(r for r in fields.get("page_date_rejected", "").split("\n") if r)
    if not fields.get("page_date"):
        return PageDate(FuzzyDate(), 0.0, (), rejected) if rejected else None
    return PageDate(
        FuzzyDate.parse_iso(fields["page_date"]),
        float(fields.get("page_date_confidence") or 0.5),
        tuple(e for e in fields.get("page_date_evidence", "").split("\n") if e),
        rejected,
    )
