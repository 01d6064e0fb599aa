"""Date filters and the date sort answered from a sorted copy of each segment's date column.

Why this module exists: `date:2016` is two `NumericRange`s (over `date_start` and `date_end`,
see `whoosh_query`), and Whoosh answers a `NumericRange` with the union of the trie terms that
cover it, walking their postings one document per Python call: slower than grep on a wide
range. Each segment's date columns are read once per searcher (a few bytes per article) and
sorted; a range is then two bisections and a slice (`SortedColumn.between`), and the newest
matches of a search sorted by date are picked from the same column. `ColumnRange` stands in
for a `NumericRange` in the query that runs, with the same documents, the same constant score
and the same size estimate (so Whoosh builds the same matcher tree around it).
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from typing import Any

from whoosh import matching
from whoosh.query import NumericRange, Query

from briefing.index.scoring import ConstantMatcher
from briefing.index.whoosh_internals import numeric_column

__all__ = ["ColumnRange", "Columns", "SortedColumn", "sorted_column"]


class SortedColumn:
    """One segment's values of a numeric column (as stored), and its documents by value."""

    def __init__(self, values: array[int], deleted: Callable[[int], bool] | None) -> None:
        self.values = values
        order = sorted(range(len(values)), key=values.__getitem__)
        self._order = array("I", order)
        self._sorted = array(values.typecode, (values[d] for d in order))
        self._deleted = deleted

    def count(self, low: int, high: int) -> int:
        """How many documents, deleted ones too, have a value in [low, high]: what the terms
        of a `NumericRange` over them add up to (`estimate_size`), one term per document."""
        return bisect_right(self._sorted, high) - bisect_left(self._sorted, low)

    def between(self, low: int, high: int) -> array[int]:
        """The live documents whose value is in [low, high], in document order."""
        i, j = bisect_left(self._sorted, low), bisect_right(self._sorted, high)
        ids = sorted(self._order[i:j])
        if self._deleted is not None:
            deleted = self._deleted
            ids = [d for d in ids if not deleted(d)]
        return array("I", ids)


def sorted_column(reader: Any, fieldname: str) -> SortedColumn | None:
    """`fieldname`'s column of one segment, sorted; None if it cannot be read whole."""
    if fieldname not in reader.schema or not reader.has_column(fieldname):
        return None
    values = numeric_column(
        reader.column_reader(fieldname, translate=False), reader.doc_count_all()
    )
    if values is None:
        return None
    return SortedColumn(values, reader.is_deleted if reader.has_deletions() else None)


# A segment's sorted column of a field, or None (then the range is Whoosh's own)
Columns = Callable[[Any, str], SortedColumn | None]


class ColumnRange(Query):  # type: ignore[misc]
    """A constant-score `NumericRange` over a sortable numeric field, matched from its column."""

    def __init__(self, original: NumericRange, columns: Columns) -> None:
        self.original = original
        self.fieldname = original.fieldname
        self.boost = original.boost
        self._columns = columns

    @staticmethod
    def applies(q: Any, schema: Any) -> bool:
        """Whether `q` can be a `ColumnRange`: a constant-score `NumericRange` with both ends
        given, inclusive, that leaves out the column's default (documents without the field
        have the default in the column but no term in the index)."""
        if type(q) is not NumericRange or not q.constantscore or not q.boost:
            return False
        if q.startexcl or q.endexcl or q.start is None or q.end is None:
            return False
        if q.fieldname not in schema:
            return False
        field = schema[q.fieldname]
        if not getattr(field, "sortable_typecode", None):
            return False
        if field.column_type is None or type(q.start) is not int or type(q.end) is not int:
            return False
        default = field.default
        return bool(q.start > default or q.end < default)

    def __repr__(self) -> str:
        return f"ColumnRange({self.original!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ColumnRange) and self.original == other.original

    def __hash__(self) -> int:
        return hash(("ColumnRange", self.original))

    def field(self) -> str:
        return str(self.fieldname)

    def estimate_size(self, ixreader: Any) -> int:
        bounds = self._bounds(ixreader)
        if bounds is None:
            return int(self.original.estimate_size(ixreader))
        column, low, high = bounds
        return column.count(low, high)

    def estimate_min_size(self, ixreader: Any) -> int:
        return int(self.original.estimate_min_size(ixreader))

    def _bounds(self, reader: Any) -> tuple[SortedColumn, int, int] | None:
        column = self._columns(reader, self.fieldname)
        if column is None:
            return None
        field = reader.schema[self.fieldname]
        low = field.to_column_value(field.prepare_number(self.original.start))
        high = field.to_column_value(field.prepare_number(self.original.end))
        return column, low, high

    def _ids(self, reader: Any) -> array[int] | None:
        bounds = self._bounds(reader)
        return None if bounds is None else bounds[0].between(bounds[1], bounds[2])

    def docs(self, searcher: Any) -> Iterator[int]:
        ids = self._ids(searcher.reader())
        return self.original.docs(searcher) if ids is None else iter(ids)

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        if context is not None and context.needs_current:
            return self.original.matcher(searcher, context)  # Whoosh scores the trie terms then
        ids = self._ids(searcher.reader())
        if ids is None:
            return self.original.matcher(searcher, context)
        if not ids:
            return matching.NullMatcher()
        # what ConstantScoreQuery gives: every match scores the boost
        return ConstantMatcher(ids, self.boost)
