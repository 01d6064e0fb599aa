"""The top hits of a search, scored exactly as when every match is collected.

Why this module exists: Whoosh's `TopCollector` keeps the best N in a heap and, as the N-th
score rises, swaps the matcher for a cheaper one that can only find better documents
(`Matcher.replace(minquality)`) and skips blocks that cannot reach it. Both are unsafe for
briefing's queries: a union of fields under an intersection drops a field that alone cannot
reach the N-th score but adds to a document's score, so a better hit is lost. And the swaps
reorder the sums, so scores differ in the last bits from a search that collects every match
(what a grouped search, or a page deep enough, gives). `ExactTopCollector` keeps the heap (a
page costs a heap push per match, not a list of every match) and makes the swaps a search
collecting everything makes, with a minimum score of zero: the same hits, the same scores.

Since every match passes through the collector anyway, it also notes each one's document
number (`docnums`): the total and the per-outlet counts are taken from those
(`matches.Segments.count_docs`) instead of finding the matches a second time.
`RecordingCollector` does the same around the collector of a search sorted by date.
"""

from __future__ import annotations

from typing import Any

from whoosh.collectors import TopCollector, WrappingCollector

__all__ = ["ExactTopCollector", "RecordingCollector"]


class ExactTopCollector(TopCollector):  # type: ignore[misc]
    """The top `limit` matches by score (ties: index order), with every match scored."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit, usequality=False)
        self.docnums: list[int] = []  # every match, as it was collected

    def _collect(self, global_docnum: int, score: float) -> Any:
        self.docnums.append(global_docnum)
        out = super()._collect(global_docnum, score)
        self.minscore = 0  # never a lossy matcher swap (see the module docstring)
        return out


class RecordingCollector(WrappingCollector):  # type: ignore[misc]
    """Another collector, noting the document number of every match it is given."""

    def __init__(self, child: Any) -> None:
        super().__init__(child)
        self.docnums: list[int] = []

    def collect(self, sub_docnum: int) -> Any:
        self.docnums.append(self.offset + sub_docnum)
        return self.child.collect(sub_docnum)
