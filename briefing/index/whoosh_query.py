"""From a prepared query (see `briefing.query`) to a Whoosh query, and back to its terms.

Why this module exists: `briefing.query` checks the user's query and knows nothing of Whoosh;
this is the adapter. It parses the prepared text, swaps each date placeholder for a range over
the date columns, lists the leaves a match must contain (for highlighting) or may contain (for
spelling), and counts matches per outlet. It also bounds the work a query may ask for: the
words a wildcard, prefix or term range expands to are counted against the index, and a query
that would expand past `MAX_EXPANSION` words is refused with a one-line `QueryError`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from itertools import islice
from typing import Any, Final

from whoosh.qparser import MultifieldParser, MultifieldPlugin, QueryParser
from whoosh.query import And, AndNot, MultiTerm, Not, NumericRange, Prefix, Term, Wildcard
from whoosh.sorting import Count, FieldFacet

from briefing.index.patterns import PatternWords, is_stemmed, word_pattern
from briefing.index.schema import day_number
from briefing.query import NAMES, TEXT_FIELDS, PreparedQuery, QueryError, highlight_group, prepare

__all__ = [
    "FIELD_BOOSTS",
    "MAX_EXPANSION",
    "check_expansion",
    "counts",
    "highlight_terms",
    "leaves",
    "outlet_facet",
    "parse",
    "parser",
]

FIELD_BOOSTS: Final = {"headline": 2.5, "lede": 1.5}
_PLACEHOLDER_RE: Final = re.compile(r"__date(\d+)__")
_MIN_DAY: Final = 10101  # 0001-01-01
_MAX_DAY: Final = 99991231
_MAX_SPAN: Final = dt.timedelta(days=366)  # the longest an article's date can span (a year)
MAX_EXPANSION: Final = 2000  # index words all wildcards of one query may stand for together


def parser(schema: Any, words: PatternWords | None = None) -> Any:
    """The parser of the prepared text: words without a field search `query.TEXT_FIELDS`.

    Given the index's vocabulary (`words`), a wildcard of a stemmed field is a
    `patterns.WordPattern` (the stems of the words it matches); without it, Whoosh's own
    pattern of the analysed text."""
    if words is None:
        return MultifieldParser(list(TEXT_FIELDS), schema, fieldboosts=FIELD_BOOSTS)
    found = _WordPatternParser(None, schema, words=words)  # as `MultifieldParser` builds one
    found.add_plugin(MultifieldPlugin(list(TEXT_FIELDS), fieldboosts=FIELD_BOOSTS))
    return found


class _WordPatternParser(QueryParser):  # type: ignore[misc]
    """Whoosh's parser, with the wildcards of stemmed fields matched against words."""

    def __init__(self, *args: Any, words: PatternWords, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pattern_words = words

    def term_query(
        self,
        fieldname: str,
        text: str,
        termclass: Any,
        boost: float = 1.0,
        tokenize: bool = True,
        removestops: bool = True,
    ) -> Any:
        if (
            termclass in (Wildcard, Prefix)
            and self.schema
            and fieldname in self.schema
            and is_stemmed(self.schema[fieldname])
        ):
            glob = text + "*" if termclass is Prefix else text  # a Prefix's text lost its `*`
            return word_pattern(fieldname, glob, self._pattern_words, boost)
        return super().term_query(fieldname, text, termclass, boost, tokenize, removestops)


def parse(query_parser: Any, query: str) -> tuple[PreparedQuery, Any, Any]:
    """(the prepared query, the parsed query with its placeholders, the query to run)."""
    prepared = prepare(query, lambda i: f"id:__date{i}__")
    try:
        parsed = query_parser.parse(prepared.text)
    except Exception as exc:  # Whoosh is lenient; this is a last resort
        raise QueryError(f"cannot understand the query {prepared.original!r}: {exc}") from None
    return prepared, parsed, parsed.accept(lambda node: _date_query(node, prepared))


def _date_query(node: Any, prepared: PreparedQuery) -> Any:
    """Swap a date placeholder for "the article's days overlap the asked days"."""
    if isinstance(node, Term) and node.fieldname == "id":
        m = _PLACEHOLDER_RE.fullmatch(str(node.text))
        if m and int(m.group(1)) < len(prepared.dates):
            asked = prepared.dates[int(m.group(1))]
            low = day_number(asked.start) if asked.start else _MIN_DAY
            high = day_number(asked.end) if asked.end else _MAX_DAY
            # Overlap is start <= high and end >= low. An article's days span at most a year
            # (precision day, month or year), so also start >= low - 1 year and end <= high +
            # 1 year: the same matches, but each range now reads the postings of the articles
            # near the asked days, not of every article before (or after) them.
            return And(
                [
                    NumericRange("date_start", _shift(asked.start, -_MAX_SPAN, _MIN_DAY), high),
                    NumericRange("date_end", low, _shift(asked.end, _MAX_SPAN, _MAX_DAY)),
                ]
            )
    return node


def _shift(day: dt.date | None, by: dt.timedelta, default: int) -> int:
    if day is None:
        return default
    try:
        return day_number(day + by)
    except OverflowError:
        return default


def check_expansion(q: Any, reader: Any) -> None:
    """Refuse a query whose wildcards, prefixes and term ranges expand to more than
    `MAX_EXPANSION` index words (counting stops there, so the check itself stays cheap)."""
    left = MAX_EXPANSION
    for leaf in leaves(q, negated=True):
        if not isinstance(leaf, MultiTerm):
            continue
        left -= sum(1 for _ in islice(leaf.expanded_terms(reader), left + 1))
        if left < 0:
            shown = getattr(leaf, "text", None) or str(leaf)
            raise QueryError(
                f"{shown!r} stands for more than {MAX_EXPANSION:,} words of the index: "
                "narrow it (more letters before a wildcard, a shorter range)"
            )


def leaves(q: Any, negated: bool = False) -> Iterator[Any]:
    """Leaf queries; with `negated=False` only those a match must contain (not under NOT)."""
    if isinstance(q, Not):
        if negated:
            yield from leaves(q.query, negated)
        return
    if isinstance(q, AndNot):
        yield from leaves(q.a, negated)
        if negated:
            yield from leaves(q.b, negated)
        return
    if q.is_leaf():
        yield q
        return
    for child in q.children():
        yield from leaves(child, negated)


def highlight_terms(q: Any, reader: Any) -> dict[str, frozenset[str]]:
    """The index terms to highlight, per highlight group (`query.highlight_group`: each text
    field, and the names asked for). Wildcards are expanded against the index; words under
    NOT are left out."""
    found: dict[str, set[str]] = {f: set() for f in (*TEXT_FIELDS, NAMES)}
    for leaf in leaves(q):
        field = getattr(leaf, "fieldname", None)
        group = highlight_group(field)
        if group is None:
            continue
        schema_field = reader.schema[field]
        for _, text in leaf.existing_terms(reader, expand=True):
            found[group].add(schema_field.from_bytes(text))
    return {k: frozenset(v) for k, v in found.items()}


def outlet_facet() -> dict[str, Any]:
    return {"outlet": FieldFacet("outlet_name", maptype=Count)}


def counts(results: Any) -> tuple[tuple[str, int], ...]:
    """Matches per outlet, most first."""
    groups = results.groups("outlet")
    pairs = [(str(k), int(v)) for k, v in groups.items() if k]
    return tuple(sorted(pairs, key=lambda p: (-p[1], p[0].lower())))
