"""The top hits of a search, the ones Whoosh's collectors pick, and every match for the counts.

Why this module exists: Whoosh's `TopCollector` scores every match through the matcher tree,
one document per Python call per node, and its shortcuts are unsafe for briefing's queries:
swapping the matcher for one that can only find better documents (`Matcher.replace
(minquality)`) drops a field that alone cannot reach the N-th score but adds to a document's
score under an intersection, and skipping blocks by quality loses the exact total. Here each
segment's matcher tree (the one Whoosh builds) is scored at once from whole posting lists
(`scoring.SegmentScorer`, the same floats; a node at a time as arrays, `dense.Dense`, where no
bound is used), and the best `want` are kept in `TopCollector`'s order: score, then the lower
document number. When a tree's bound is worth it (`_bounded`: a
phrase of frequent words in several fields has thousands of matches, but few in the headline,
where the best are), only the matches whose upper bound reaches the `want`-th best score are
scored. Sorted by date, the matches are found as sets, unscored, and the newest picked from
the `date_start` column, in `SortingCollector`'s order (value, then document number, both
descending). Either way every match is known, per segment, so the total and the outlet
counts come from the same sets (`matches.Segments.tally`).
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, compress, repeat
from operator import itemgetter, lt
from typing import Any

from briefing.index.dense import Dense, top
from briefing.index.matches import Matched, Segments
from briefing.index.scoring import Scores, SegmentScorer, Steps, narrowed

__all__ = ["DATE_FIELD", "Ranked", "by_date", "by_score"]

DATE_FIELD = "date_start"  # the search sorted by date: newest first by the first possible day
# Matches a search must have, per hit wanted, before bounds are used to score fewer of them.
PRUNE_FROM = 100
# Relative (and absolute) slack of a bound: the bounds and the scores are sums of the same
# formula in different orders, so they may differ in their last bits, never by this much.
MARGIN = 1e-9
# Scored in steps while the matches left to score are at most this share of all: else all are.
WHOLE = 0.5


@dataclass(frozen=True)
class Ranked:
    """A search's page-to-be and its matches."""

    hits: list[tuple[int, float]]  # (top-level document number, score), best first
    matched: Sequence[Matched]  # each segment's matching documents (local numbers)


def by_score(
    searcher: Any, q: Any, want: int, segments: Segments, *, arrays: bool = True
) -> Ranked:
    """The `want` best-scoring matches of `q` (ties: the lower document number first).
    `arrays=False`: every match scored a dictionary per node (`SegmentScorer.scores`), the
    reference `dense.Dense` is held to."""
    context = searcher.context()
    pool: list[tuple[float, int]] = []
    trees = [
        (SegmentScorer(segment), q.matcher(sub, context), offset)
        for (sub, offset), segment in zip(searcher.leaf_searchers(), segments.segments, strict=True)
    ]
    bounded = None
    matched: list[set[int] | frozenset[int]]
    if want and any(narrowed(m) for _, m, _ in trees):
        # every match (the documents `scores` gives): the total and the outlet counts
        matched = [scorer.docs(m) for scorer, m, _ in trees]
        bounded = _bounded(trees, matched, want)
    if bounded is None and arrays:
        masks: list[Matched] = []
        for (scorer, m, offset), segment in zip(trees, segments.segments, strict=True):
            mask, best = top(Dense(scorer, segment.reader.doc_count_all()).scores(m), want)
            masks.append(mask)
            pool.extend((s, -(offset + d)) for s, d in best)
        best_all = heapq.nlargest(want, pool)
        return Ranked([(-negated, score) for score, negated in best_all], masks)
    if bounded is None:
        found = [scorer.scores(m) for scorer, m, _ in trees]
        matched = [set(scores) for scores in found]
    else:
        found = bounded
    for (_, _, offset), scores in zip(trees, found, strict=True):
        if len(scores) > want:
            floor = heapq.nlargest(want, scores.values())[-1] if want else float("inf")
            pool.extend((s, -(offset + d)) for d, s in scores.items() if s >= floor)
        else:
            pool.extend((s, -(offset + d)) for d, s in scores.items())
    best = heapq.nlargest(want, pool)
    return Ranked([(-negated, score) for score, negated in best], matched)


def _bounded(
    trees: list[tuple[SegmentScorer, Any, int]],
    matched: list[set[int] | frozenset[int]],
    want: int,
) -> list[Scores] | None:
    """The scores of at least the `want` best matches (`matched`, per segment) of all
    segments (and of every match scoring as much as the `want`-th); or None: score them all.

    With many matches and a bound known for every segment's tree (`SegmentScorer.bound`),
    the matches are scored a few bound steps at a time, the highest bounds first (over all
    segments): enough for `want`, then, growing, those whose bound still reaches the
    `want`-th best score found (less a margin for rounding); the others cannot reach it. If
    after the first round more than `WHOLE` of the matches might still, bounds do not pay."""
    total = sum(map(len, matched))
    if not want or total <= PRUNE_FROM * want:
        return None
    steps: list[Steps] = []
    for scorer, m, _ in trees:
        bound = scorer.bound(m)
        if bound is None:
            return None
        steps.append(bound)
    if not any(scorer.refined for scorer, _, _ in trees):
        return None  # a sum of its terms' blocks' bounds: in practice it reaches nearly all
    # every step holding a match: (bound, segment, where its matches start and stop in the
    # segment's sorted matches), each loop in C
    orders = [sorted(docs) for docs in matched]
    held: list[tuple[float, int, int, int]] = []
    for k, ((ends, values), order) in enumerate(zip(steps, orders, strict=True)):
        stops = list(map(bisect_right, repeat(order), ends))
        starts = [0, *stops[:-1]]
        nonempty = map(lt, starts, stops)
        held += compress(zip(values, repeat(k), starts, stops), nonempty)
    held.sort(key=itemgetter(0), reverse=True)
    lowered = [-step[0] for step in held]  # ascending, for bisect
    sizes = list(accumulate((stop - start for _, _, start, stop in held), initial=0))
    found: list[Scores] = [{} for _ in trees]
    batch, i, reach, scored = want, 0, -math.inf, 0
    while i < len(held):
        upto = bisect_right(lowered, -reach)  # the steps whose bound reaches the floor
        if upto <= i:
            break
        if scored and sizes[upto] - sizes[i] + scored > total * WHOLE:
            return None
        take: list[set[int]] = [set() for _ in trees]
        goal = sizes[i] + batch
        while i < upto and sizes[i] < goal:
            _, k, start, stop = held[i]
            take[k].update(orders[k][start:stop])
            i += 1
        for (scorer, m, _), scores, wanted in zip(trees, found, take, strict=True):
            if wanted:
                scores.update(scorer.scores(m, wanted))
        scored = sizes[i]
        if scored >= want:
            floor = heapq.nlargest(want, chain.from_iterable(s.values() for s in found))[-1]
            reach = floor - (abs(floor) * MARGIN + MARGIN)
        batch *= 4
    return found


def by_date(searcher: Any, q: Any, want: int, segments: Segments) -> Ranked:
    """The `want` newest matches of `q` by `DATE_FIELD` (unknown dates, 0, last; ties: the
    higher document number first, as Whoosh's sort by a column in reverse gives them)."""
    context = searcher.context()
    pool: list[tuple[int, int]] = []
    matched: list[set[int] | frozenset[int]] = []
    for (sub, offset), segment in zip(searcher.leaf_searchers(), segments.segments, strict=True):
        docs = SegmentScorer(segment).docs(q.matcher(sub, context))
        matched.append(docs)
        values = segment.values(DATE_FIELD)
        if values is None:
            column = sub.reader().column_reader(DATE_FIELD, translate=False)
            pool.extend(heapq.nlargest(want, ((column[d], offset + d) for d in docs)))
        else:
            pool.extend(heapq.nlargest(want, ((values[d], offset + d) for d in docs)))
    best = heapq.nlargest(want, pool)
    return Ranked([(docnum, 0.0) for _, docnum in best], matched)
