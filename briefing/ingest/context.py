"""What the rest of a corpus says about one article: the years its confident dates fall in.

Why this module exists: a dateline such as "TOKYO, December 6" gives a month and day but no
year. The corpus-wide second pass (`load_corpus`, and `briefing.build` for an index) dates such
articles from the years of the others; this module is that shared vocabulary: which articles
lend a year, which need one, and the counts the parser reads. It imports nothing of the parser,
so the parser, the loader, the build and the index's schema can all use it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from briefing.models import Article

__all__ = ["CorpusContext", "context_from", "context_year", "needs_context"]


@dataclass(frozen=True, slots=True)
class CorpusContext:
    """What the rest of the corpus says, for articles whose own text is not enough.

    `year_counts` counts the publication years of confidently dated articles; an article whose
    dateline gives a month and day but no year takes its year from here when the weekday fits.
    """

    year_counts: tuple[tuple[int, int], ...] = ()


def context_year(article: Article) -> int | None:
    """The publication year `article` lends to `CorpusContext`, or None (not confidently dated)."""
    return article.published.confident_year


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
