"""Phrases found through the word-pair fields, and word patterns kept to a bounded size.

Why this module exists: Whoosh answers `"white house"` by reading the positions of both words
in every article that holds both, then comparing them: at 50,000 articles that is slower than
grep. The schema also indexes two consecutive terms of each text field as one term when both
are frequent words (the pair fields, see `analysis.pair_analyzer` and `frequent`), so the
articles holding a two-word phrase of common words are one posting list. A longer phrase is
the articles holding all its indexed pairs (candidates), each checked for its words in a row;
when every consecutive pair is indexed, a candidate whose inner words occur once each holds
the phrase (the weights say so, `_single_inner`), and only the others are checked, by the
positions read in the same pass as the postings the scoring reads next (`PostingSource`).
A word that no indexed pair covers (it is not a frequent one) adds its own articles to the
candidates, so a phrase with no indexed pair at all is the articles holding all its words,
checked the same way, with no walk through Whoosh's span matchers one document per call.
Scores do not change: a phrase still scores what Whoosh gives it, the sum of its words' scores
in the field (a `Phrase` is an intersection of its words' matchers, filtered by positions);
here the filter is the pair postings instead of the positions.

`fast(q, reader)` rewrites a parsed query for the search: phrases of the text fields become
`PairPhrase`, every OR is Whoosh's tree of unions (`DefaultOr`: for small segments Whoosh
would otherwise pick a preloaded union whose scores differ from the tree's, so a page would
depend on whether anything asked for the counts), and a wildcard that expands to more than
`MAX_EXPANSIONS` words is kept to its most frequent ones (under the cap, it is left as it
is); given the searcher's columns, a date range is answered from them (`ranges`). The plain
query stays what the highlighter and the speller read.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from itertools import islice
from typing import Any, Final, Protocol

from whoosh import matching
from whoosh.query import And, MultiTerm, Or, Phrase, Term
from whoosh.query.compound import DefaultOr
from whoosh.util import make_binary_tree

from briefing.index.analysis import PAIR_SEPARATOR, indexed_pair
from briefing.index.ranges import ColumnRange, Columns
from briefing.index.schema import PAIR_FIELDS
from briefing.index.scoring import ConstantMatcher, DeferredIntersection
from briefing.index.whoosh_internals import (
    positions_decoder,
    term_postings,
    term_values,
)

__all__ = ["MAX_EXPANSIONS", "Expansion", "PairPhrase", "fast"]

# A wildcard matching more words than this searches the most frequent this many (`kuril*` is
# a handful; `a*` is tens of thousands, each a posting list to merge).
MAX_EXPANSIONS: Final = 512
_SCAN_LIMIT: Final = 100_000  # words of a pattern looked at, at most, to rank them


class PostingSource(Protocol):
    """Where a phrase reads its words' postings in one segment (`matches._Segment`, which keeps
    them for the scoring that follows, or `_Uncached`)."""

    def postings(self, field: str, btext: bytes, *, positions: bool = False) -> tuple[Any, Any]:
        """The ids (ascending) and weights of a term's whole posting list (`positions`: its
        positions are likely wanted next)."""

    def positions(self, field: str, btext: bytes, docs: Sequence[int]) -> dict[int, bytes]:
        """A term's encoded values (positions) in each of `docs` (ascending) that holds it."""


Sources = Callable[[Any], PostingSource | None]  # a segment's reader -> its source, if known


class _Uncached:
    """A segment's postings read straight from its reader, nothing kept."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader

    def postings(self, field: str, btext: bytes, *, positions: bool = False) -> tuple[Any, Any]:
        return term_postings(self._reader, field, btext)

    def positions(self, field: str, btext: bytes, docs: Sequence[int]) -> dict[int, bytes]:
        return term_values(self._reader, field, btext, docs)


class PairPhrase(Phrase):  # type: ignore[misc]
    """A `Phrase` of a stemmed text field, matched through that field's word pairs (and the
    postings of the words no pair covers).

    Same documents and scores as `Phrase` with slop 1 (its words, in a row). `sources` gives a
    segment's `PostingSource` (None, or no source: read from the reader, nothing kept)."""

    def __init__(
        self, fieldname: str, words: list[str], boost: float = 1.0, sources: Sources | None = None
    ) -> None:
        super().__init__(fieldname, words, boost=boost)
        self.sources = sources

    def pairs(self) -> list[str]:
        """Its pairs of consecutive words that the pair field holds (both words frequent)."""
        return [
            a + PAIR_SEPARATOR + b
            for a, b in zip(self.words, self.words[1:], strict=False)
            if indexed_pair(a, b)
        ]

    def _source(self, reader: Any) -> PostingSource:
        found = self.sources(reader) if self.sources is not None else None
        return found if found is not None else _Uncached(reader)

    def _candidates(self, reader: Any) -> array[int] | None:
        """Ids (local to `reader`'s segment) of the documents holding every indexed pair and
        every word no indexed pair covers, with the words in a row; None if a word or pair
        is not in the segment at all."""
        pairs_field = PAIR_FIELDS[self.fieldname]
        field = reader.schema[self.fieldname]
        words = [field.to_bytes(w) for w in self.words]
        if any((self.fieldname, w) not in reader for w in words):
            return None  # a word the segment does not hold (its pair may not be indexed)
        source = self._source(reader)
        pair_lists: list[array[int]] = []
        covered: set[int] = set()
        for i, (a, b) in enumerate(zip(self.words, self.words[1:], strict=False)):
            if not indexed_pair(a, b):
                continue
            pair = a + PAIR_SEPARATOR + b
            if (pairs_field, pair) not in reader:
                return None
            # kept with the words' postings (a two-word phrase is its pair's list: read at
            # every search otherwise)
            pair_ids = source.postings(pairs_field, reader.schema[pairs_field].to_bytes(pair))[0]
            pair_lists.append(pair_ids)
            covered.update((i, i + 1))
        every_pair = len(pair_lists) == len(words) - 1
        if len(words) == 2 and every_pair:
            return pair_lists[0]  # the phrase is its pair
        lists: list[Sequence[int]] = list(pair_lists)
        for i, word in enumerate(words):
            if i not in covered:  # a rare word, or one between rare ones: no pair stands for it
                lists.append(source.postings(self.fieldname, word)[0])
        lists.sort(key=len)
        found = set(lists[0])
        for ids in lists[1:]:
            found.intersection_update(ids)
        left = sorted(found)
        sure: list[int] = []
        if every_pair and field.format.field_boost == 1.0:
            sure, left = _single_inner(source, self.fieldname, words, left)
        return array("I", sorted(sure + _in_a_row(source, field, self.fieldname, words, left)))

    def docs(self, searcher: Any) -> Iterator[int]:
        reader = searcher.reader()
        ids = self._candidates(reader)
        if ids is None:
            return iter(())
        if reader.has_deletions():
            return (i for i in ids if not reader.is_deleted(i))
        return iter(ids)

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        reader = searcher.reader()
        field = searcher.schema[self.fieldname]
        words = [field.to_bytes(w) for w in self.words]
        if any((self.fieldname, w) not in reader for w in words):
            return matching.NullMatcher()
        ids = self._candidates(reader)
        if not ids:
            return matching.NullMatcher()
        # The tree `Phrase` builds (SpanNear2: an order-keeping binary tree of its words),
        # so the sums, and the scores, come out the same to the last bit.
        ms = [Term(self.fieldname, w).matcher(searcher, context) for w in words]
        # The pairs' documents only filter: a score of exactly 0, so the intersection scores
        # what the words score.
        m = DeferredIntersection(
            make_binary_tree(DeferredIntersection, ms), ConstantMatcher(ids, 0.0)
        )
        if self.boost != 1.0:
            m = matching.WrappingMatcher(m, boost=self.boost)
        return m


def _single_inner(
    source: PostingSource, fieldname: str, words: list[bytes], docs: list[int]
) -> tuple[list[int], list[int]]:
    """Of `docs`, which hold every consecutive pair of a phrase of three words or more: those
    where each inner word (neither the first nor the last) occurs once, which hold the phrase,
    and the others, to check by positions.

    Why that holds: a pair "a b" held means `a` at some p and `b` at p + 1. If `b` occurs
    once, at q, every pair with `b` is anchored there: "a b" puts `a` at q - 1, "b c" puts `c`
    at q + 1; the next inner word, once as well, anchors the next pair, and so on: the words
    stand in a row. A word's weight in a text field is its number of positions (times the
    field's boost, 1: `textfields.ScriptText`), so "once" is read from the weights, no
    positions decoded."""
    sure = docs
    for word in words[1:-1]:
        # the candidates left are checked by positions, of every word: read them at once
        ids, weights = source.postings(fieldname, word, positions=True)
        kept: list[int] = []
        k = 0
        for d in sure:
            k = bisect_left(ids, d, k)
            if k < len(ids) and ids[k] == d and weights[k] == 1.0:
                kept.append(d)
        sure = kept
        if not sure:
            return [], docs
    once = set(sure)
    return sure, [d for d in docs if d not in once]


def _in_a_row(
    source: PostingSource, field: Any, fieldname: str, words: list[bytes], docs: list[int]
) -> list[int]:
    """Those of `docs` (ascending) whose words stand in a row somewhere, by their positions."""
    if not docs:
        return []
    decode = positions_decoder(field.format)
    values: dict[bytes, dict[int, bytes]] = {}
    for word in words:
        if word not in values:
            values[word] = source.positions(fieldname, word, docs)
    first, rest = values[words[0]], [(-k, values[w]) for k, w in enumerate(words) if k]
    out: list[int] = []
    for d in docs:
        encoded = first.get(d)
        if encoded is None:
            continue
        starts = set(decode(encoded))  # where the phrase would start
        for shift, of_word in rest:
            encoded = of_word.get(d)
            if encoded is None:
                break
            starts.intersection_update(map(shift.__add__, decode(encoded)))
            if not starts:
                break
        else:
            out.append(d)
    return out


class Expansion(MultiTerm):  # type: ignore[misc]
    """A pattern (`Prefix`, `Wildcard`) kept to a fixed list of its words."""

    def __init__(self, original: Any, btexts: list[bytes]) -> None:
        self.fieldname = original.fieldname
        self.text = original.text
        self.boost = original.boost
        self.constantscore = getattr(original, "constantscore", False)
        self.startchar = getattr(original, "startchar", None)
        self.endchar = getattr(original, "endchar", None)
        self._words = btexts

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Expansion)
            and self.fieldname == other.fieldname
            and self._words == other._words
            and self.boost == other.boost
        )

    def __hash__(self) -> int:
        return hash((self.fieldname, tuple(self._words), self.boost))

    def _btexts(self, ixreader: Any) -> Iterator[bytes]:
        return (w for w in self._words if (self.fieldname, w) in ixreader)


def fast(
    q: Any, reader: Any, columns: Columns | None = None, sources: Sources | None = None
) -> Any:
    """`q` with its text-field phrases as `PairPhrase` (reading their postings from `sources`,
    given), its wide patterns capped and, given `columns`, its numeric ranges answered from
    them (`ranges.ColumnRange`)."""

    def swap(node: Any) -> Any:
        if type(node) is And:
            return DeferredAnd([swap(c) for c in node.subqueries], boost=node.boost)
        if type(node) is Or:  # before `apply`, which would drop minmatch and scale
            return DefaultOr(
                [swap(c) for c in node.subqueries],
                boost=node.boost,
                minmatch=node.minmatch,
                scale=node.scale,
            )
        if (
            type(node) is Phrase
            and node.fieldname in PAIR_FIELDS
            and node.slop == 1
            and len(node.words) >= 2
            and PAIR_FIELDS[node.fieldname] in reader.schema
        ):
            return PairPhrase(node.fieldname, node.words, boost=node.boost, sources=sources)
        if columns is not None and ColumnRange.applies(node, reader.schema):
            return ColumnRange(node, columns)
        if isinstance(node, MultiTerm):
            return _capped(node, reader) if _is_pattern(node) else node
        return node.apply(swap) if not node.is_leaf() else node

    return swap(q)


class DeferredAnd(And):  # type: ignore[misc]
    """Whoosh's AND, its tree of intersections made of `DeferredIntersection`s (the same
    tree, the same scores; no posting block read to make it)."""

    def _matcher(self, subs: Any, searcher: Any, context: Any) -> Any:
        r = searcher.reader()
        return self._tree_matcher(
            subs, DeferredIntersection, searcher, context, lambda q: 0 - q.estimate_size(r)
        )


def _is_pattern(node: Any) -> bool:
    from whoosh.query import FuzzyTerm, Prefix, Wildcard

    return isinstance(node, Prefix | Wildcard | FuzzyTerm)


def _capped(node: Any, reader: Any) -> Any:
    words = [t for _, t in islice(node.expanded_terms(reader), _SCAN_LIMIT)]
    if len(words) <= MAX_EXPANSIONS:
        return node
    field = node.fieldname
    ranked = sorted(words, key=lambda w: (-int(reader.doc_frequency(field, w)), w))
    return Expansion(node, sorted(ranked[:MAX_EXPANSIONS]))
