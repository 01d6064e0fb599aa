"""Phrases found through the word-pair fields, and word patterns kept to a bounded size.

Why this module exists: Whoosh answers `"white house"` by reading the positions of both words
in every article that holds both, then comparing them: at 50,000 articles that is slower than
grep. The schema also indexes two consecutive terms of each text field as one term when both
are frequent words (the pair fields, see `analysis.pair_analyzer` and `frequent`), so the
articles holding a two-word phrase of common words are one posting list. A longer phrase is
the articles holding all its indexed pairs (candidates), each checked for its words in a row.
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
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any, Final

from whoosh import matching
from whoosh.matching.binary import IntersectionMatcher
from whoosh.query import MultiTerm, Or, Phrase, Term
from whoosh.query.compound import DefaultOr
from whoosh.util import make_binary_tree

from briefing.index.analysis import PAIR_SEPARATOR, indexed_pair
from briefing.index.ranges import ColumnRange, Columns
from briefing.index.schema import PAIR_FIELDS
from briefing.index.scoring import ConstantMatcher
from briefing.index.whoosh_internals import positions_of, posting_ids

__all__ = ["MAX_EXPANSIONS", "Expansion", "PairPhrase", "fast"]

# A wildcard matching more words than this searches the most frequent this many (`kuril*` is
# a handful; `a*` is tens of thousands, each a posting list to merge).
MAX_EXPANSIONS: Final = 512
_SCAN_LIMIT: Final = 100_000  # words of a pattern looked at, at most, to rank them


class PairPhrase(Phrase):  # type: ignore[misc]
    """A `Phrase` of a stemmed text field, matched through that field's word pairs (and the
    postings of the words no pair covers).

    Same documents and scores as `Phrase` with slop 1 (its words, in a row)."""

    def pairs(self) -> list[str]:
        """Its pairs of consecutive words that the pair field holds (both words frequent)."""
        return [
            a + PAIR_SEPARATOR + b
            for a, b in zip(self.words, self.words[1:], strict=False)
            if indexed_pair(a, b)
        ]

    def _candidates(self, reader: Any) -> array[int] | None:
        """Ids (local to `reader`'s segment) of the documents holding every indexed pair and
        every word no indexed pair covers, with the words in a row; None if a word or pair
        is not in the segment at all."""
        pairs_field = PAIR_FIELDS[self.fieldname]
        if any((self.fieldname, w) not in reader for w in self.words):
            return None  # a word the segment does not hold (its pair may not be indexed)
        lists: list[array[int]] = []
        covered: set[int] = set()
        for i, (a, b) in enumerate(zip(self.words, self.words[1:], strict=False)):
            if not indexed_pair(a, b):
                continue
            pair = a + PAIR_SEPARATOR + b
            if (pairs_field, pair) not in reader:
                return None
            lists.append(posting_ids(reader, pairs_field, pair))
            covered.update((i, i + 1))
        if len(self.words) == 2 and len(lists) == 1:
            return lists[0]  # the phrase is its pair
        for i, word in enumerate(self.words):
            if i not in covered:  # a rare word: a short list, and no pair stands for it
                lists.append(posting_ids(reader, self.fieldname, word))
        lists.sort(key=len)
        found = set(lists[0])
        for ids in lists[1:]:
            found.intersection_update(ids)
        return array("I", sorted(self._in_a_row(reader, found)))

    def _in_a_row(self, reader: Any, candidates: Iterable[int]) -> Iterator[int]:
        """The candidates whose words stand in a row somewhere (a candidate holds every pair,
        but for three words or more the pairs may be in different places). Each word's
        positions are read for the candidates left, the rarest word first."""
        field = reader.schema[self.fieldname]
        words = [field.to_bytes(w) for w in self.words]
        left = sorted(candidates)
        found: dict[int, dict[int, list[int]]] = {}
        for k in sorted(
            range(len(words)), key=lambda k: reader.doc_frequency(self.fieldname, words[k])
        ):
            if not left:
                return
            found[k] = positions_of(reader, self.fieldname, words[k], left)
            left = [d for d in left if d in found[k]]
        for doc in left:
            positions = [set(found[k][doc]) for k in range(len(words))]
            first = positions[0]
            if any(all(p + i in ps for i, ps in enumerate(positions)) for p in first):
                yield doc

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
        m = IntersectionMatcher(
            make_binary_tree(IntersectionMatcher, ms), ConstantMatcher(ids, 0.0)
        )
        if self.boost != 1.0:
            m = matching.WrappingMatcher(m, boost=self.boost)
        return m


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


def fast(q: Any, reader: Any, columns: Columns | None = None) -> Any:
    """`q` with its text-field phrases as `PairPhrase`, its wide patterns capped and, given
    `columns`, its numeric ranges answered from them (`ranges.ColumnRange`)."""

    def swap(node: Any) -> Any:
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
            return PairPhrase(node.fieldname, node.words, boost=node.boost)
        if columns is not None and ColumnRange.applies(node, reader.schema):
            return ColumnRange(node, columns)
        if isinstance(node, MultiTerm):
            return _capped(node, reader) if _is_pattern(node) else node
        return node.apply(swap) if not node.is_leaf() else node

    return swap(q)


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
