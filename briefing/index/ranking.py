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
"""

from __future__ import annotations

from typing import Any

from whoosh.collectors import TopCollector

__all__ = ["ExactTopCollector"]


class ExactTopCollector(TopCollector):  # type: ignore[misc]
    """The top `limit` matches by score (ties: index order), with every match scored."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit, usequality=False)

    def _collect(self, global_docnum: int, score: float) -> Any:
        out = super()._collect(global_docnum, score)
        self.minscore = 0  # never a lossy matcher swap (see the module docstring)
        return out
