"""The top hits of a search, the ones Whoosh's collectors pick, and every match for the counts.

Why this module exists: Whoosh's `TopCollector` scores every match through the matcher tree,
one document per Python call per node, and its shortcuts are unsafe for briefing's queries:
swapping the matcher for one that can only find better documents (`Matcher.replace
(minquality)`) drops a field that alone cannot reach the N-th score but adds to a document's
score under an intersection, and skipping blocks by quality loses the exact total. Here each
segment's matcher tree (the one Whoosh builds) is scored at once from whole posting lists
(`scoring.SegmentScorer`, the same floats), and the best `want` are kept in `TopCollector`'s
order: score, then the lower document number. Sorted by date, the matches are found as sets,
unscored, and the newest picked from the `date_start` column, in `SortingCollector`'s order
(value, then document number, both descending). Either way every match is known, per segment,
so the total and the outlet counts come from the same sets (`matches.Segments.tally`).
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import Any

from briefing.index.matches import Segments
from briefing.index.scoring import SegmentScorer

__all__ = ["DATE_FIELD", "Ranked", "by_date", "by_score"]

DATE_FIELD = "date_start"  # the search sorted by date: newest first by the first possible day


@dataclass(frozen=True)
class Ranked:
    """A search's page-to-be and its matches."""

    hits: list[tuple[int, float]]  # (top-level document number, score), best first
    matched: list[set[int] | frozenset[int]]  # each segment's matching documents (local numbers)


def by_score(searcher: Any, q: Any, want: int, segments: Segments) -> Ranked:
    """The `want` best-scoring matches of `q` (ties: the lower document number first)."""
    context = searcher.context()
    pool: list[tuple[float, int]] = []
    matched: list[set[int] | frozenset[int]] = []
    for (sub, offset), segment in zip(searcher.leaf_searchers(), segments.segments, strict=True):
        scores = SegmentScorer(segment).scores(q.matcher(sub, context))
        matched.append(set(scores))
        if len(scores) > want:
            floor = heapq.nlargest(want, scores.values())[-1] if want else float("inf")
            pool.extend((s, -(offset + d)) for d, s in scores.items() if s >= floor)
        else:
            pool.extend((s, -(offset + d)) for d, s in scores.items())
    best = heapq.nlargest(want, pool)
    return Ranked([(-negated, score) for score, negated in best], matched)


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
