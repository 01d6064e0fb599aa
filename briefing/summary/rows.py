"""One article as the few plain values its briefing needs: a row of JSON numbers and strings.

Why this module exists: a briefing of fifty thousand articles is counts, rankings and a
timeline over all of them, yet it reads only a sliver of each article (outlet, date, headline,
language, the names, the quotes long enough to rank, the dated references). Decoding fifty
thousand whole `Article` objects for that took most of `briefing summary`. A `Row` holds that
sliver, with what the ranking derives from each article alone worked out once (a quote's
grouping key and its own score, a date's sort key as a day number), so rows can be kept beside
the index (`briefing.summary.store`), updated only for the articles that changed, and the
briefing built from them (`briefing.summary.fast`) without reading any article whole. Rows are
lists, not objects, so a stored table is compact JSON and nothing in it is ever executable.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from briefing.models import Article, Mention
from briefing.summary.rank import MIN_QUOTE_WORDS, norm, quote_key, quote_score

__all__ = ["NO_DAY", "ROW_VERSION", "Row", "row_of"]

ROW_VERSION: Final = 1  # bump when a row's shape or what goes into it changes
NO_DAY: Final = dt.date.max.toordinal()  # the day number an undated article sorts at

# The positions in a row (a list, so a stored table carries no key names)
ID, OUTLET, ISO, PRECISION, DAY, HEADLINE, DERIVED, LANG, PEOPLE, PLACES, QUOTES, REFS = range(12)

Row = list[Any]
"""[id, outlet | None, published ISO | None, precision ("unknown" unless known), first possible
day as an ordinal | None, headline, headline derived, lang | None, people, places, quotes,
dated references]. A name is [name, count, [aliases]]; a quote [speaker | None, its words on
one line, grouping key, score with one reporter]; a dated reference (known dates only) [ISO,
end ISO | None, precision, text, relation, sentence on one line, first day as an ordinal,
grouping text]."""


def _names(mentions: tuple[Mention, ...]) -> list[Any]:
    return [[m.name, m.count, list(m.aliases)] for m in mentions]


def row_of(a: Article) -> Row:
    """The row of `a`: everything `build_from_rows` reads of it."""
    d = a.published.date
    quotes = []
    for q in a.quotes:
        text = " ".join(q.text.split())
        if len(text.split()) < MIN_QUOTE_WORDS:
            continue
        quotes.append([q.speaker, text, quote_key(text), quote_score(text, 1)])
    refs = []
    for ref in a.dated_references:
        if not ref.date.known or ref.date.start is None:
            continue
        refs.append(
            [
                ref.date.iso,
                ref.end.iso if ref.end else None,
                ref.date.precision,
                ref.text,
                ref.relation,
                " ".join(ref.sentence.split()),
                ref.date.start.toordinal(),
                norm(ref.text),
            ]
        )
    return [
        a.id,
        a.outlet,
        d.iso,
        d.precision if d.known else "unknown",
        d.start.toordinal() if d.start is not None else None,
        a.headline,
        a.headline_derived,
        a.lang,
        _names(a.people),
        _names(a.places),
        quotes,
        refs,
    ]
