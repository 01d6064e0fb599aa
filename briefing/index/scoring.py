"""Every match of a query scored from whole posting lists, to the same bits as Whoosh's matchers.

Why this module exists: a page sorted by relevance needs the best twenty of all matches, so
every match is scored. Whoosh scores through its matcher tree one document per Python call per
node (`next`, `id`, `score` through every union, intersection and wrapper): at 50,000
articles that is most of a search's time. Here the very tree Whoosh builds for the query in a
segment is read bottom up instead: a term's postings a block at a time, their BM25F scores from
the block's weights and the segment's field lengths, and each node combines its children the
way its own `score()` does (a union adds where both sides match, an intersection adds, a
wrapper multiplies by its boost), in the same tree order, so every score is the same float.
An intersection is taken on document sets first, so only documents that match are scored. A
node this module does not know is iterated as Whoosh would iterate it, so the result never
depends on what is known here, only the speed does.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any, Protocol

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import (
    AndMaybeMatcher,
    AndNotMatcher,
    ConstantScoreWrapperMatcher,
    FilterMatcher,
    IntersectionMatcher,
    InverseMatcher,
    ListMatcher,
    NullMatcherClass,
    UnionMatcher,
    WrappingMatcher,
)
from whoosh.scoring import BM25FScorer, WeightScorer
from whoosh.util.numeric import byte_to_length

from briefing.index.whoosh_internals import filter_of, inverse_start, list_postings, read_postings

__all__ = ["ConstantMatcher", "SegmentScorer"]

Scores = dict[int, float]
_LENGTH_OF = [byte_to_length(b) for b in range(256)]


class Segment(Protocol):
    """What is known of the segment the matchers read (`matches._Segment`)."""

    reader: Any  # its reader
    live: frozenset[int]  # its documents not deleted

    def lengths(self, field: str) -> bytes | None:
        """Each document's length byte of `field` (Whoosh's encoding), None if unknown."""

    def postings(self, field: str, btext: bytes) -> tuple[Any, Any]:
        """The ids and weights of a term's whole posting list (deleted documents too)."""


class ConstantMatcher(ListMatcher):  # type: ignore[misc]
    """Document ids (ascending) that all score `constant`: a filter (0.0, so an intersection
    with it scores what its other side scores) or a constant-score range."""

    def __init__(self, ids: Any, constant: float) -> None:
        super().__init__(ids)
        self.constant = constant

    def weight(self) -> float:
        return self.constant

    def score(self) -> float:
        return self.constant

    def supports_block_quality(self) -> bool:
        return False


class SegmentScorer:
    """The matches of matcher trees of one segment, with their scores (one instance per search:
    it keeps the postings it read, and reading consumes the matchers)."""

    def __init__(self, segment: Segment) -> None:
        self._segment = segment
        self._lengths = segment.lengths
        self._postings: dict[int, tuple[Any, Collection[int], Any]] = {}
        self._sets: dict[int, tuple[Any, set[int] | frozenset[int]]] = {}
        self._iterated: dict[int, tuple[Any, Scores]] = {}

    # What matches ---------------------------------------------------------------------------

    def docs(self, m: Any) -> set[int] | frozenset[int]:
        """The documents `m` matches from where it stands (a set; do not change it)."""
        known = self._sets.get(id(m))
        if known is not None:
            return known[1]
        out = self._docs(m)
        self._sets[id(m)] = (m, out)
        return out

    def _docs(self, m: Any) -> set[int] | frozenset[int]:
        kind = type(m)
        if kind is NullMatcherClass:
            return frozenset()
        if kind is UnionMatcher:
            # a nested union (Whoosh makes an OR of n terms a binary tree) in one pass: a set
            # per leaf, not one per node, each a copy of the ones below it
            return set().union(*(self.docs(c) for c in _union_members(m)))
        if kind is IntersectionMatcher:
            a, b = self.docs(m.a), self.docs(m.b)
            return a & b if len(a) <= len(b) else b & a
        if kind is AndNotMatcher:
            return self.docs(m.a) - self.docs(m.b)
        if kind is AndMaybeMatcher:
            return self.docs(m.a)
        if kind is WrappingMatcher or kind is ConstantScoreWrapperMatcher:
            return self.docs(m.child)
        if kind is FilterMatcher:
            ids, exclude = filter_of(m)
            child = self.docs(m.child)
            kept: set[int] | frozenset[int] = child - ids if exclude else child & ids
            return kept
        if kind is InverseMatcher:
            return self._inverse(m)
        if self._leaf(m) is not None:
            return set(self._read(m)[0])
        return set(self._iterate(m))

    def _inverse(self, m: Any) -> set[int] | frozenset[int]:
        """The documents from where `m` stands to its limit, less its child's and the ones
        it calls missing (for `Not`, the segment's deleted documents)."""
        start, child = inverse_start(m), self.docs(m.child)
        every = range(start, m.limit)
        missing = m.missing
        if missing == self._segment.reader.is_deleted:
            live = self._segment.live
            if start == 0 and m.limit >= self._segment.reader.doc_count_all():
                return live - child
            return {d for d in every if d in live and d not in child}
        return {d for d in every if d not in child and not missing(d)}

    # Their scores ---------------------------------------------------------------------------

    def scores(self, m: Any, only: set[int] | frozenset[int] | None = None) -> Scores:
        """The score of each document `m` matches (of those in `only`, if given), as `m.score()`
        gives it on that document."""
        kind = type(m)
        if kind is NullMatcherClass:
            return {}
        if kind is UnionMatcher:
            a, b = self.scores(m.a, only), self.scores(m.b, only)
            if len(a) < len(b):
                a, b = b, a
            # a + b == b + a exactly: only the tree's grouping matters. `a` is a new dict but
            # for one `_iterate` keeps (then it is copied)
            out = dict(a) if self._kept(a) else a
            for d, s in b.items():
                out[d] = out[d] + s if d in out else s
            return out
        if kind is IntersectionMatcher:
            keep = self.docs(m)
            if only is not None:
                keep = keep & only
            a, b = self.scores(m.a, keep), self.scores(m.b, keep)
            return {d: a[d] + b[d] for d in keep}
        if kind is AndNotMatcher:
            excluded = self.docs(m.b)
            return {d: s for d, s in self.scores(m.a, only).items() if d not in excluded}
        if kind is AndMaybeMatcher:
            a = self.scores(m.a, only)
            b = self.scores(m.b, self.docs(m.a) if only is None else self.docs(m.a) & only)
            return {d: s + b[d] if d in b else s for d, s in a.items()}
        if kind is WrappingMatcher or kind is FilterMatcher:
            child = self.scores(m.child, only)
            if kind is FilterMatcher:
                ids, exclude = filter_of(m)
                child = {d: s for d, s in child.items() if (d in ids) != exclude}
            boost = m.boost
            return child if boost == 1.0 else {d: s * boost for d, s in child.items()}
        if kind is ConstantScoreWrapperMatcher or kind is InverseMatcher:
            docs = self.docs(m.child) if kind is ConstantScoreWrapperMatcher else self.docs(m)
            return dict.fromkeys(docs if only is None else docs & only, m.score())
        leaf = self._leaf(m)
        if leaf is not None:
            return leaf(m, only)
        found = self._iterate(m)
        return found if only is None else {d: s for d, s in found.items() if d in only}

    # Leaves ---------------------------------------------------------------------------------

    def _leaf(self, m: Any) -> Callable[[Any, set[int] | frozenset[int] | None], Scores] | None:
        """How to score a term's postings at once, or None: `m` is not a leaf known here."""
        kind = type(m)
        if kind is ConstantMatcher:
            return self._constant
        if kind is W3LeafMatcher:
            scorer = m.scorer
        elif kind is ListMatcher:
            scorer = m._scorer
            if scorer is None:
                return self._weights  # ListMatcher.score() is its weight()
        else:
            return None
        if type(scorer) is WeightScorer:
            return self._weights
        known = type(scorer) is BM25FScorer and m.term() is not None
        return self._bm25 if known and self._lengths(m.term()[0]) is not None else None

    def _read(self, m: Any) -> tuple[Collection[int], Any]:
        known = self._postings.get(id(m))
        if known is None:
            if type(m) is W3LeafMatcher and m.term() is not None:
                # the whole list, not from where `m` stands: a matcher tree only moves a
                # leaf past documents that the tree cannot match (an intersection's first
                # move, a NOT's), so the nodes above give the same matches
                ids, weights = self._segment.postings(*m.term())
            elif type(m) is W3LeafMatcher:
                ids, weights = read_postings(m)
            else:
                ids, weights = list_postings(m)
            known = self._postings[id(m)] = (m, ids, weights)
        return known[1], known[2]

    def _constant(self, m: Any, only: set[int] | frozenset[int] | None) -> Scores:
        ids = self._read(m)[0]
        return dict.fromkeys(ids if only is None else (d for d in ids if d in only), m.constant)

    def _weights(self, m: Any, only: set[int] | frozenset[int] | None) -> Scores:
        ids, weights = self._read(m)
        pairs = zip(ids, weights, strict=True)
        if only is None:
            return dict(pairs)
        return {d: w for d, w in pairs if d in only}

    def _bm25(self, m: Any, only: set[int] | frozenset[int] | None) -> Scores:
        # scoring.bm25: idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl))),
        # the length part computed once per length byte, every operation in the same order
        scorer = m.scorer if type(m) is W3LeafMatcher else m._scorer
        lengths = self._lengths(m.term()[0])
        assert lengths is not None
        idf, avgfl, big_b, k1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
        k1_plus_1 = k1 + 1
        norm: list[float | None] = [None] + [
            k1 * ((1 - big_b) + big_b * fl / avgfl) for fl in _LENGTH_OF[1:]
        ]
        # one comprehension per case, not a loop (a third less time on a long list); a
        # document with no length goes to Whoosh's own scorer (which gets None for it)
        ids, weights = self._read(m)
        pairs = zip(ids, weights, strict=True)
        if only is None:
            return {
                d: idf * ((tf * k1_plus_1) / (tf + n))
                if (n := norm[lengths[d]]) is not None
                else scorer._score(tf, scorer.dfl(d))
                for d, tf in pairs
            }
        return {
            d: idf * ((tf * k1_plus_1) / (tf + n))
            if (n := norm[lengths[d]]) is not None
            else scorer._score(tf, scorer.dfl(d))
            for d, tf in pairs
            if d in only
        }

    # Anything else --------------------------------------------------------------------------

    def _kept(self, scores: Scores) -> bool:
        """Whether `scores` is one that `_iterate` keeps (so must not be changed)."""
        return any(kept is scores for _, kept in self._iterated.values())

    def _iterate(self, m: Any) -> Scores:
        """Whoosh's own walk: each match and `m.score()` on it."""
        known = self._iterated.get(id(m))
        if known is not None:
            return known[1]
        out: Scores = {}
        while m.is_active():
            out[m.id()] = m.score()
            m.next()
        self._iterated[id(m)] = (m, out)
        return out


def _union_members(m: Any) -> list[Any]:
    """The matchers a tree of nested `UnionMatcher`s joins (any other node is a member)."""
    out: list[Any] = []
    stack = [m]
    while stack:
        node = stack.pop()
        if type(node) is UnionMatcher:
            stack += (node.b, node.a)
        else:
            out.append(node)
    return out
