"""Every match of a matcher tree scored in arrays, one per node over the segment's documents.

Why this module exists: a word being typed completes to eight words, each searched in three
fields, so the first keystroke of a prefix scores tens of thousands of postings through a tree
of some fifty nodes. `scoring.SegmentScorer.scores` does that a dictionary per node, a Python
step per posting and per merge; here each node is an array of the segment's length (a score
per document, +0.0 where it does not match) and a mask of its matches, and each node combines
its children's arrays as its `score()` combines theirs. The floats are the same: a term's
BM25F is the same expression in the same order on the same doubles (NumPy rounds each
operation as Python does), a union adds its sides where both match and `x + 0.0 == x` where
one does, an intersection adds its sides, a wrapper multiplies by its boost. A node not known
here is scored by `SegmentScorer.scores` and its dictionary laid into arrays.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import NDArray
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

from briefing.index.scoring import LENGTH_OF, ConstantMatcher, Scores, SegmentScorer, kind_of
from briefing.index.whoosh_internals import filter_of

__all__ = ["Dense", "top"]

Floats = NDArray[np.float64]
Mask = NDArray[np.bool_]
# (a score per document, +0.0 where it does not match; which documents match)
Node = tuple[Floats, Mask]

_LENGTHS = np.array(LENGTH_OF, dtype=np.float64)


class Dense:
    """The scores of matcher trees of one segment as arrays (one instance per search, beside
    the segment's `SegmentScorer`, whose kept postings it reads)."""

    def __init__(self, scorer: SegmentScorer, size: int) -> None:
        self._scorer = scorer
        self._size = size
        self._lengths: dict[str, NDArray[np.uint8] | None] = {}
        self._sets: dict[int, tuple[Any, Mask]] = {}
        self.laid = 0  # nodes scored by the dictionaries (not known here), for the tests

    def scores(self, m: Any) -> Node:
        """Each document's `m.score()` where `m` matches (+0.0 elsewhere), and where it does."""
        kind = kind_of(m)
        if kind is NullMatcherClass:
            return self._zeros(), np.zeros(self._size, dtype=np.bool_)
        if kind is UnionMatcher:
            (sa, ma), (sb, mb) = self.scores(m.a), self.scores(m.b)
            sa += sb  # where only one side matches, the other adds +0.0: the same float
            ma |= mb
            return sa, ma
        if kind is IntersectionMatcher:
            (sa, ma), (sb, mb) = self.scores(m.a), self.scores(m.b)
            ma &= mb
            sa += sb
            sa[~ma] = 0.0
            return sa, ma
        if kind is AndNotMatcher:
            sa, ma = self.scores(m.a)
            ma &= ~self._mask(self._scorer.docs(m.b))
            sa[~ma] = 0.0
            return sa, ma
        if kind is AndMaybeMatcher:
            (sa, ma), (sb, _) = self.scores(m.a), self.scores(m.b)
            sb[~ma] = 0.0
            sa += sb
            return sa, ma
        if kind is WrappingMatcher or kind is FilterMatcher:
            boost = m.boost
            if not (math.isfinite(boost) and boost >= 0):
                return self._laid(m)
            sc, mc = self.scores(m.child)
            if kind is FilterMatcher:
                ids, exclude = filter_of(m)
                kept = self._kept(ids)
                if exclude:
                    mc &= ~kept
                else:
                    mc &= kept
                sc[~mc] = 0.0
            if boost != 1.0:
                sc *= boost
            return sc, mc
        if kind is ConstantScoreWrapperMatcher or kind is InverseMatcher:
            docs = self._scorer.docs(m.child if kind is ConstantScoreWrapperMatcher else m)
            mask = self._mask(docs)
            return self._where(mask, m.score()), mask
        leaf = self._leaf(m)
        if leaf is not None:
            return leaf
        return self._laid(m)

    # Leaves ---------------------------------------------------------------------------------

    def _leaf(self, m: Any) -> Node | None:
        kind = type(m)
        if kind is ConstantMatcher:
            ids = self._ids(m)
            if not (math.isfinite(m.constant) and m.constant >= 0):
                return None
            out, mask = self._zeros(), np.zeros(self._size, dtype=np.bool_)
            out[ids] = m.constant
            mask[ids] = True
            return out, mask
        if kind is W3LeafMatcher:
            scorer = m.scorer
        elif kind is ListMatcher:
            scorer = m._scorer
            if scorer is None:
                return self._weighted(m)
        else:
            return None
        if type(scorer) is WeightScorer:
            return self._weighted(m)
        if type(scorer) is not BM25FScorer or m.term() is None or not scorer.idf > 0:
            return None
        lengths = self._field_lengths(m.term()[0])
        if lengths is None:
            return None
        # scoring.bm25: idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl))),
        # each operation on the same doubles in the same order as `SegmentScorer._bm25`
        idf, avgfl, big_b, k1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
        k1_plus_1 = k1 + 1
        norm = k1 * ((1 - big_b) + big_b * _LENGTHS / avgfl)
        ids, tf = self._postings(m)
        byte = lengths[ids]
        out, mask = self._zeros(), np.zeros(self._size, dtype=np.bool_)
        out[ids] = idf * ((tf * k1_plus_1) / (tf + norm[byte]))
        mask[ids] = True
        unknown = np.flatnonzero(byte == 0)
        for k in unknown.tolist():  # no length: Whoosh's own scorer (it gets None for it)
            d = int(ids[k])
            out[d] = scorer._score(float(tf[k]), scorer.dfl(d))
        if not bool((out[ids] > 0).all()):
            return None  # a score of 0 or less (or NaN): left to the dictionaries
        return out, mask

    def _weighted(self, m: Any) -> Node | None:
        ids, weights = self._postings(m)
        if not bool((weights >= 0).all()):
            return None
        out, mask = self._zeros(), np.zeros(self._size, dtype=np.bool_)
        out[ids] = weights
        mask[ids] = True
        return out, mask

    def _postings(self, m: Any) -> tuple[NDArray[np.intp], Floats]:
        ids, weights = self._scorer.postings(m)
        return _as_ids(ids), _as_floats(weights)

    def _ids(self, m: Any) -> NDArray[np.intp]:
        return _as_ids(self._scorer.postings(m)[0])

    def _field_lengths(self, field: str) -> NDArray[np.uint8] | None:
        if field not in self._lengths:
            raw = self._scorer.lengths(field)
            self._lengths[field] = None if raw is None else np.frombuffer(raw, dtype=np.uint8)
        return self._lengths[field]

    # Anything else --------------------------------------------------------------------------

    def _laid(self, m: Any) -> Node:
        """`SegmentScorer.scores` of a node not known here, laid into arrays."""
        self.laid += 1
        return self._laid_out(self._scorer.scores(m))

    def _laid_out(self, scores: Scores) -> Node:
        out, mask = self._zeros(), np.zeros(self._size, dtype=np.bool_)
        if scores:
            ids = np.fromiter(scores.keys(), dtype=np.intp, count=len(scores))
            out[ids] = np.fromiter(scores.values(), dtype=np.float64, count=len(scores))
            mask[ids] = True
        return out, mask

    def _mask(self, docs: Any) -> Mask:
        mask = np.zeros(self._size, dtype=np.bool_)
        if docs:
            mask[np.fromiter(docs, dtype=np.intp, count=len(docs))] = True
        return mask

    def _kept(self, ids: Any) -> Mask:
        """A filter's ids as a mask (kept per search: each leaf has its deletions' filter)."""
        known = self._sets.get(id(ids))
        if known is None:
            known = self._sets[id(ids)] = (ids, self._mask(ids))
        return known[1]

    def _zeros(self) -> Floats:
        return np.zeros(self._size, dtype=np.float64)

    def _where(self, mask: Mask, value: float) -> Floats:
        out = self._zeros()
        out[mask] = value
        return out


def top(node: Node, want: int) -> tuple[Mask, list[tuple[float, int]]]:
    """(the mask of every match; the (score, document) of those scoring at least the
    `want`-th best score, every match if there are at most `want`)."""
    scores, mask = node
    docs = np.flatnonzero(mask)
    if not len(docs):
        return mask, []
    values = scores[docs]
    if want and len(docs) > want:
        floor = np.partition(values, len(values) - want)[len(values) - want]
        best = docs[values >= floor]
    else:
        best = docs
    return mask, list(zip(scores[best].tolist(), best.tolist(), strict=True))


def _as_ids(ids: Any) -> NDArray[np.intp]:
    if isinstance(ids, np.ndarray):
        return ids.astype(np.intp, copy=False)
    try:
        view = memoryview(ids)
    except TypeError:
        return np.fromiter(ids, dtype=np.intp, count=len(ids))
    if view.format in ("I", "L", "i", "l", "q", "Q", "H", "h", "B", "b"):
        return np.frombuffer(view, dtype=np.dtype(view.format)).astype(np.intp)
    return np.fromiter(ids, dtype=np.intp, count=len(ids))


def _as_floats(weights: Any) -> Floats:
    try:
        view = memoryview(weights)
    except TypeError:
        return np.fromiter(weights, dtype=np.float64, count=len(weights))
    if view.format in ("f", "d"):
        return np.frombuffer(view, dtype=np.dtype(view.format)).astype(np.float64)
    return np.fromiter(weights, dtype=np.float64, count=len(weights))
