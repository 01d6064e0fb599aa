"""One article as the few plain values its briefing needs: a row of JSON numbers and strings.

Why this module exists: a briefing of fifty thousand articles is counts, rankings and a
timeline over all of them, yet it reads only a sliver of each article (outlet, date, headline,
language, the names, the quotes long enough to rank, the dated references). Decoding fifty
thousand whole `Article` objects for that took most of `briefing summary`. A `Row` holds that
sliver, with what the ranking derives from each article alone worked out once (a quote's
grouping key, as a digest, and its own score, a date's sort key as a day number); the bulky
text (a quote's words, a reference's sentence) stays in the index and is read for the few
shown. So rows are small enough to be kept beside the index (`briefing.summary.store`),
updated only for the articles that changed, and the briefing is built from them
(`briefing.summary.fast`) reading whole only the articles whose text it shows. Rows are lists,
not objects, so a stored table is compact JSON and nothing in it is ever executable.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, Final

from briefing.models import Article, Mention
from briefing.summary.rank import MIN_QUOTE_WORDS, norm, quote_key, quote_score

__all__ = ["NO_DAY", "ROW_VERSION", "Row", "key_digest", "quote_text", "row_of", "sentence"]

ROW_VERSION: Final = 2  # bump when a row's shape or what goes into it changes
NO_DAY: Final = dt.date.max.toordinal()  # the day number an undated article sorts at

# The positions in a row (a list, so a stored table carries no key names)
ID, OUTLET, ISO, PRECISION, DAY, HEADLINE, DERIVED, LANG, PEOPLE, PLACES, QUOTES, REFS = range(12)

Row = list[Any]
"""[id, outlet | None, published ISO | None, precision ("unknown" unless known), first possible
day as an ordinal | None, headline, headline derived, lang | None, people, places, quotes,
dated references]. A name is [name, count, [aliases]]; a quote (those long enough to rank)
[speaker | None, digest of its grouping key, score with one reporter, its position in the
article's quotes]; a dated reference (known dates only) [ISO, end ISO | None, precision, text,
relation, its position in the article's dated references, first day as an ordinal, grouping
text]. A quote's words and a reference's sentence are not kept: they are read from the
article for the few shown."""


def key_digest(key: str) -> str:
    """A quote's grouping key as 20 hex digits (80 bits: two different quotes of a corpus
    share one with a chance of about 1e-14 at a million quotes)."""
    return hashlib.blake2b(key.encode("utf-8"), digest_size=10).hexdigest()


def quote_text(a: Article, position: int) -> str:
    """The words of `a`'s quote at `position`, on one line (as ranked)."""
    return " ".join(a.quotes[position].text.split())


def sentence(a: Article, position: int) -> str:
    """The sentence of `a`'s dated reference at `position`, on one line."""
    return " ".join(a.dated_references[position].sentence.split())


def _names(mentions: tuple[Mention, ...]) -> list[Any]:
    return [[m.name, m.count, list(m.aliases)] for m in mentions]


def row_of(a: Article) -> Row:
    """The row of `a`: everything `build_from_rows` reads of it."""
    d = a.published.date
    quotes = []
    for j, q in enumerate(a.quotes):
        text = " ".join(q.text.split())
        if len(text.split()) < MIN_QUOTE_WORDS:
            continue
        quotes.append([q.speaker, key_digest(quote_key(text)), quote_score(text, 1), j])
    refs = []
    for j, ref in enumerate(a.dated_references):
        if not ref.date.known or ref.date.start is None:
            continue
        refs.append(
            [
                ref.date.iso,
                ref.end.iso if ref.end else None,
                ref.date.precision,
                ref.text,
                ref.relation,
                j,
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
