"""What the rest of a corpus says about one article: the years other articles pinned, and the
year-less dateline days and mentioned years the calendar test reads (`years.calendar_year`).

Why this module exists: a dateline such as "TOKYO, December 6" gives a month and day but no
year. The corpus-wide second pass (`load_corpus`, and `briefing.build` for an index) dates such
articles from the years of the others; this module is that shared vocabulary: which articles
lend a year, which need one, and the counts the parser reads. It imports nothing of the parser,
so the parser, the loader, the build and the index's schema can all use it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from briefing.models import Article

__all__ = [
    "CORPUS_MARK",
    "CorpusContext",
    "CorpusYears",
    "context_from",
    "context_key",
    "context_year",
    "decode",
    "needs_context",
]

# The mark on the evidence of a year taken from the corpus (such a year lends nothing back).
CORPUS_MARK = "year from the corpus:"


@dataclass(frozen=True, slots=True)
class CorpusContext:
    """What the rest of the corpus says, for articles whose own text is not enough.

    `year_counts` counts the keys of `context_key` over the corpus: the publication years
    articles pinned by their own evidence, and (packed) the year-less dateline days and latest
    mentioned years of the others. `decode` reads them back.
    """

    year_counts: tuple[tuple[int, int], ...] = ()


# What one article lends to the corpus, as one integer (the index keeps one per article): a
# year its own evidence pinned, as is; otherwise the month and day its dateline gave without a
# year and the latest year it mentions, packed above _PACKED.
_PACKED = 100_000_000


def context_key(pinned: int | None, seen: tuple[int, int] | None, latest: int | None) -> int | None:
    if pinned is not None:
        return pinned
    if seen is None and latest is None:
        return None
    md = seen[0] * 100 + seen[1] if seen else 0
    return _PACKED + md * 10_000 + (latest or 0)


@dataclass(frozen=True, slots=True)
class CorpusYears:
    """The corpus's year evidence, decoded from the keys of `context_key`."""

    pinned: tuple[tuple[int, int], ...]  # (year, articles)
    seen: tuple[tuple[tuple[int, int], int], ...]  # ((month, day), articles) without a year
    latest: tuple[tuple[int, int], ...]  # (latest year mentioned, articles)


@lru_cache(maxsize=16)
def decode(year_counts: tuple[tuple[int, int], ...]) -> CorpusYears:
    pinned: dict[int, int] = {}
    seen: dict[tuple[int, int], int] = {}
    latest: dict[int, int] = {}
    for key, n in year_counts:
        if key < _PACKED:
            pinned[key] = pinned.get(key, 0) + n
            latest[key] = latest.get(key, 0) + n
            continue
        md, year = divmod(key - _PACKED, 10_000)
        if md:
            seen[divmod(md, 100)] = seen.get(divmod(md, 100), 0) + n
        if year:
            latest[year] = latest.get(year, 0) + n
    return CorpusYears(
        tuple(sorted(pinned.items())), tuple(sorted(seen.items())), tuple(sorted(latest.items()))
    )


_YEAR_IN_TEXT = re.compile(r"\b(1[6-9]\d{2}|20\d{2})\b")


def context_year(article: Article) -> int | None:
    """What `article` lends to `CorpusContext`, as one integer (`context_key`), or None.

    A year the article's own evidence pinned (a record or URL date, a dated dateline, decisive
    text) counts as that year; a year it took from the corpus lends nothing back, so wrong years
    cannot vote for each other, not even across index updates. Otherwise it lends the month and
    day its dateline gave without a year and the latest year its text mentions, which the
    corpus's calendar test reads (`years.calendar_year`)."""
    d = article.published
    from_corpus = any(e.startswith(CORPUS_MARK) for e in d.evidence)
    own = d.date.start is not None and d.precision != "unknown" and d.confidence >= 0.5
    if own and not from_corpus and d.date.start is not None:
        return d.date.start.year
    seen = None
    if d.seen and len(d.seen) == 7 and d.seen.startswith("--"):
        seen = (int(d.seen[2:4]), int(d.seen[5:7]))
    years = [
        int(y)
        for r in article.dated_references
        if r.date.start is not None
        for y in _YEAR_IN_TEXT.findall(r.text)
    ]
    return context_key(None, seen, max(years) if years else None)


def context_from(articles: Iterable[Article]) -> CorpusContext:
    years: Counter[int] = Counter()
    for a in articles:
        year = context_year(a)
        if year is not None:
            years[year] += 1
    return CorpusContext(tuple(sorted(years.items())))


def needs_context(article: Article) -> bool:
    """True when the article's date could improve with corpus context (see `CorpusContext`)."""
    return article.published.precision in ("unknown", "year") and any(
        e.startswith("dateline:") for e in article.published.evidence
    )
