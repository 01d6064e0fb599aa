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

import sys
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable
from itertools import chain, repeat
from operator import add, sub
from typing import Any, Protocol

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import (
    AdditiveBiMatcher,
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

from briefing.index.whoosh_internals import (
    filter_of,
    inverse_start,
    list_postings,
    read_postings,
)

__all__ = [
    "END",
    "LENGTH_OF",
    "ConstantMatcher",
    "DeferredIntersection",
    "SegmentScorer",
    "Steps",
    "kind_of",
    "narrowed",
]

Scores = dict[int, float]
# An upper bound of a score per document, as steps: (ends, values), the ends ascending (an end
# may repeat: the later step is empty) and the last `END`; values[k] bounds every document
# after ends[k - 1] up to ends[k].
Steps = tuple[list[int], list[float]]
END = sys.maxsize
# An intersection matching at most 1 / SPARSE of a segment's documents is bounded per match
# (more, and the steps cost about what scoring them would).
SPARSE = 32
# A posting list this many times longer than the documents wanted of it: they are looked up.
LOOKED_UP = 16
LENGTH_OF = [byte_to_length(b) for b in range(256)]  # a length byte's field length


class Segment(Protocol):
    """What is known of the segment the matchers read (`matches._Segment`)."""

    reader: Any  # its reader
    live: frozenset[int]  # its documents not deleted

    def lengths(self, field: str) -> bytes | None:
        """Each document's length byte of `field` (Whoosh's encoding), None if unknown."""

    def postings(self, field: str, btext: bytes) -> tuple[Any, Any]:
        """The ids and weights of a term's whole posting list (deleted documents too)."""

    def heads(self, field: str, btext: bytes) -> list[tuple[int, float, int]] | None:
        """Its blocks' (last id, greatest weight, least length): `block_heads`."""


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


class DeferredIntersection(IntersectionMatcher):  # type: ignore[misc]
    """Whoosh's intersection, but it finds its first match when it is first read or moved,
    not when it is made. Whoosh's moves both sides to their first common document at once,
    which reads (inflates and unpickles whole) the first posting block of every term below
    it; a tree scored from whole posting lists (`SegmentScorer`, `dense`) never reads it.
    Every method of a matcher that reads or moves it finds the first match before it runs, so
    anything walking the tree the way Whoosh does sees what it would see."""

    def __init__(self, a: Any, b: Any) -> None:
        AdditiveBiMatcher.__init__(self, a, b)
        self._pending = True

    def _ready(self) -> None:
        if self._pending:
            self._pending = False
            self._find_first()


# Methods of a matcher that only look at the tree's shape (or its terms), or are the
# intersection's own steps once its first match is found: not made to find it first.
_SHAPE_ONLY = frozenset(
    {"children", "depth", "term", "term_matchers", "supports", "_find_first", "_find_next"}
)


def _found_first(name: str) -> Callable[..., Any]:
    inherited = getattr(IntersectionMatcher, name)

    def method(self: DeferredIntersection, *args: Any, **kwargs: Any) -> Any:
        self._ready()
        return inherited(self, *args, **kwargs)

    method.__name__ = name
    method.__doc__ = inherited.__doc__
    return method


for _name in dir(IntersectionMatcher):
    if (
        not _name.startswith("__")
        and _name not in _SHAPE_ONLY
        and callable(getattr(IntersectionMatcher, _name))
    ):
        setattr(DeferredIntersection, _name, _found_first(_name))
del _name

# A node's kind as the scorers dispatch on it.
_KIND: dict[type, type] = {DeferredIntersection: IntersectionMatcher}


def kind_of(m: Any) -> type:
    """The matcher class `m` is scored as (a deferred intersection is an intersection)."""
    kind = type(m)
    return _KIND.get(kind, kind)


class SegmentScorer:
    """The matches of matcher trees of one segment, with their scores (one instance per search:
    it keeps the postings it read, and reading consumes the matchers)."""

    def __init__(self, segment: Segment) -> None:
        self._segment = segment
        self._lengths = segment.lengths
        self._postings: dict[int, tuple[Any, Collection[int], Any]] = {}
        self._sets: dict[int, tuple[Any, set[int] | frozenset[int]]] = {}
        self._iterated: dict[int, tuple[Any, Scores]] = {}
        # whether a bound (`bound`) was made tighter than its blocks' by a side's few matches
        self.refined = False

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
        kind = _KIND.get(type(m), type(m))
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
            return (live - child).intersection(every)  # in C, not one Python step a doc
        return {d for d in every if d not in child and not missing(d)}

    # Their scores ---------------------------------------------------------------------------

    def scores(self, m: Any, only: set[int] | frozenset[int] | None = None) -> Scores:
        """The score of each document `m` matches (of those in `only`, if given), as `m.score()`
        gives it on that document."""
        kind = _KIND.get(type(m), type(m))
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

    # Upper bounds of the scores --------------------------------------------------------------

    def bound(self, m: Any) -> Steps | None:
        """An upper bound of `m.score()` on every document, in steps over the document ids,
        from the blocks' headers of its terms' postings (each block's greatest weight and
        least field length, as Whoosh's `block_quality`) and the tree's sums and boosts;
        None if a node's is not known here. Up to rounding: use it with a margin."""
        kind = _KIND.get(type(m), type(m))
        if kind is NullMatcherClass:
            return [END], [0.0]
        if kind is UnionMatcher or kind is IntersectionMatcher or kind is AndMaybeMatcher:
            a = self.bound(m.a)
            b = None if a is None else self.bound(m.b)
            if a is None or b is None:
                return None
            if kind is UnionMatcher:  # each side counts only where it matches
                a, b = self._sparse(m.a, a), self._sparse(m.b, b)
            return _plus(a, b)
        if kind is AndNotMatcher:
            return self.bound(m.a)
        if kind is WrappingMatcher or kind is FilterMatcher:
            child = self.bound(m.child)
            boost = m.boost
            if child is None or not boost >= 0:
                return None
            return child[0], [v * boost for v in child[1]]
        if kind is ConstantMatcher:
            return [END], [m.constant]
        if kind is ConstantScoreWrapperMatcher or kind is InverseMatcher:
            return [END], [m.score()]  # what `scores` gives each of their matches
        if kind is not W3LeafMatcher or m.term() is None:
            return None
        scorer = m.scorer
        quality: Callable[[float, int], float]
        if type(scorer) is WeightScorer:
            quality = _weight_only
        elif type(scorer) is BM25FScorer and scorer.idf > 0:
            quality = scorer._score  # grows with the weight, falls with the length
        else:
            return None
        heads = self._segment.heads(*m.term())
        if heads is None:
            return None
        ends = [last for last, _, _ in heads] + [END]
        return ends, [quality(weight, length) for _, weight, length in heads] + [0.0]

    def _sparse(self, m: Any, steps: Steps) -> Steps:
        """`steps` of a side of a union, or if `m` is an intersection (or one wrapped, or
        less some documents) that matches few of the segment's documents (its matches are
        often far fewer than its terms' postings, whose blocks its steps come from), the same
        bound on each of its matches and 0 between them: the union adds it only there."""
        inner = m
        while type(inner) is WrappingMatcher or type(inner) is FilterMatcher:
            inner = inner.child
        kind = _KIND.get(type(inner), type(inner))
        if kind is not IntersectionMatcher and kind is not AndNotMatcher:
            return steps
        docs = self.docs(m)
        if len(docs) * SPARSE > self._segment.reader.doc_count_all():
            return steps
        self.refined = True
        ends, values = steps
        order = sorted(docs)
        # each match d: a step to d - 1 at 0 (empty when d - 1 was a match), then d's own;
        # every loop in C (map, zip), not one Python step per match
        bounds = map(values.__getitem__, map(bisect_left, repeat(ends), order))
        out_ends = list(chain.from_iterable(zip(map(sub, order, repeat(1)), order, strict=True)))
        out_values = list(chain.from_iterable(zip(repeat(0.0), bounds)))
        out_ends.append(END)
        out_values.append(0.0)
        return out_ends, out_values

    # Leaves ---------------------------------------------------------------------------------

    def postings(self, m: Any) -> tuple[Collection[int], Any]:
        """The ids and weights of leaf `m`'s whole posting list (as its scores read them)."""
        return self._read(m)

    def lengths(self, field: str) -> bytes | None:
        """Each document's length byte of `field` (`Segment.lengths`)."""
        return self._lengths(field)

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
        if only is not None and len(only) * LOOKED_UP < len(ids):
            return dict.fromkeys(_found(ids, only), m.constant)
        return dict.fromkeys(ids if only is None else (d for d in ids if d in only), m.constant)

    def _weights(self, m: Any, only: set[int] | frozenset[int] | None) -> Scores:
        ids, weights = self._read(m)
        if only is not None and len(only) * LOOKED_UP < len(ids):  # a few wanted: looked up
            return dict(_looked_up(ids, weights, only))
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
            k1 * ((1 - big_b) + big_b * fl / avgfl) for fl in LENGTH_OF[1:]
        ]
        # one comprehension per case, not a loop (a third less time on a long list); a
        # document with no length goes to Whoosh's own scorer (which gets None for it)
        ids, weights = self._read(m)
        pairs: Iterable[tuple[int, float]] = zip(ids, weights, strict=True)
        if only is not None and len(only) * LOOKED_UP < len(ids):  # a few wanted: looked up
            pairs, only = _looked_up(ids, weights, only), None
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


def narrowed(m: Any) -> bool:
    """Whether a side of a union in tree `m` is an intersection (or one less some documents,
    or wrapped): the only place `SegmentScorer.bound` can be tighter than its blocks' bounds
    (without one, a bound reaches nearly every match and is not worth making)."""
    stack = [m]
    while stack:
        node = stack.pop()
        kind = _KIND.get(type(node), type(node))
        if kind is UnionMatcher:
            for side in (node.a, node.b):
                while type(side) is WrappingMatcher or type(side) is FilterMatcher:
                    side = side.child
                side_kind = _KIND.get(type(side), type(side))
                if side_kind is IntersectionMatcher or side_kind is AndNotMatcher:
                    return True
            stack += (node.a, node.b)
        elif kind in (IntersectionMatcher, AndMaybeMatcher, AndNotMatcher):
            stack += (node.a, node.b)
        elif kind is WrappingMatcher or kind is FilterMatcher:
            stack.append(node.child)
    return False


def _weight_only(weight: float, _: int) -> float:
    """A `WeightScorer`'s bound of a block: its greatest weight."""
    return weight


def _where(ids: Any, only: set[int] | frozenset[int]) -> list[int]:
    """Where each of `only` that `ids` (ascending) holds is in it."""
    out: list[int] = []
    n = len(ids)
    k = 0
    for d in sorted(only):
        k = bisect_left(ids, d, k)
        if k == n:
            break
        if ids[k] == d:
            out.append(k)
    return out


def _found(ids: Any, only: set[int] | frozenset[int]) -> list[int]:
    """Those of `only` that `ids` (ascending) holds."""
    return [ids[k] for k in _where(ids, only)]


def _looked_up(ids: Any, weights: Any, only: set[int] | frozenset[int]) -> list[tuple[int, float]]:
    """The (id, weight) of each of `only` in a posting list (`ids` ascending)."""
    return [(ids[k], weights[k]) for k in _where(ids, only)]


def _plus(a: Steps, b: Steps) -> Steps:
    """The steps of the sum of two bounds (the value of a step is found by its end: the first
    end at or after an id; every loop in C)."""
    (ea, va), (eb, vb) = a, b
    ends = sorted(set(ea).union(eb))
    at_a = map(va.__getitem__, map(bisect_left, repeat(ea), ends))
    at_b = map(vb.__getitem__, map(bisect_left, repeat(eb), ends))
    return ends, list(map(add, at_a, at_b))


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
