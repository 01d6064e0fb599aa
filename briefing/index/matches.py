"""Which documents match a query, unscored, and how many of them each outlet wrote.

Why this module exists: a results page shows twenty hits but counts every match, per outlet.
Counting through Whoosh's scored search (`groupedby`) scores and collects every match one
Python call at a time. Here a query's matches are a set of document numbers per segment, made
from whole posting lists with set algebra (a word: its postings; AND: intersection; OR: union;
NOT: the live documents less the set), and each outlet's documents are a set kept per searcher,
so a count is one set intersection. Only the twenty shown are scored (`CorpusIndex.search`).
What else a search reads whole from a segment is kept here too, made on first use, for as long
as the searcher: its field lengths (for `scoring`), its numeric columns, as stored and sorted
(for `ranges` and the sort by date), and the postings decoded last (for `scoring`, and for
`pairs`, which reads a phrase's words with their positions in the same pass).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray
from whoosh.query import (
    And,
    AndMaybe,
    AndNot,
    Every,
    MultiTerm,
    Not,
    NullQuery,
    NumericRange,
    Or,
    Term,
    WrappingQuery,
)

from briefing.index.ranges import SortedColumn, sorted_column
from briefing.index.whoosh_internals import (
    block_heads,
    bytes_column,
    field_lengths,
    live_docs,
    posting_ids,
    term_postings,
    term_postings_values,
)

__all__ = ["Matched", "Segments", "as_set"]

# A segment's matching documents: a set of document numbers, or a mask over the segment's
# documents (what a search scored in arrays found, `dense`)
Matched = set[int] | frozenset[int] | NDArray[np.bool_]


def as_set(docs: Matched) -> set[int] | frozenset[int]:
    """The documents of `docs` as a set."""
    if isinstance(docs, np.ndarray):
        return set(np.flatnonzero(docs).tolist())
    return docs


_OUTLET_COLUMN: Final = "outlet_name"
# Decoded postings a searcher keeps (8 bytes each: an id and a weight), per segment.
POSTINGS_KEPT: Final = 250_000
# Encoded values (positions) a searcher keeps, per segment, for phrases: ~60 bytes each
# (measured at 52k articles), so at most ~7 MB per segment.
VALUES_KEPT: Final = 120_000
# Terms whose blocks' headers a searcher keeps, per segment (for `scoring`'s bounds).
HEADS_KEPT: Final = 4096


class _Segment:
    """One segment's searcher, its live documents and its documents per outlet."""

    def __init__(
        self, searcher: Any, before: dict[tuple[str, int] | None, _Segment] | None = None
    ) -> None:
        self.searcher = searcher
        self.reader = reader = searcher.reader()
        # A segment's documents never change, only its deletions grow: the same segment (id
        # and document count) in the searcher before a commit lends its sets (one changed file
        # then costs no pass over the outlet column of every untouched segment).
        segment = reader.segment()  # None for an empty index's reader
        self.key: tuple[str, int] | None = (
            (segment.segment_id(), reader.doc_count_all()) if segment is not None else None
        )
        old = (before or {}).get(self.key) if self.key is not None else None
        self.live: frozenset[int]
        self.outlets: dict[str, frozenset[int]]
        if old is not None and reader.doc_count() == len(old.live):
            self.live = old.live
            self.outlets = old.outlets
        elif old is not None:
            self.live = live_docs(reader)
            kept = {k: v & self.live for k, v in old.outlets.items()}
            self.outlets = {k: v for k, v in kept.items() if v}
        else:
            self.live = live_docs(reader)
            self.outlets = _outlets(reader, self.live)
        self._lengths: dict[str, bytes | None] = {}
        self._columns: dict[str, SortedColumn | None] = {}
        self._postings: OrderedDict[tuple[str, bytes], tuple[Any, Any]] = OrderedDict()
        self._cached = 0  # postings held in `_postings`
        self._values: OrderedDict[tuple[str, bytes], tuple[Any, list[bytes]]] = OrderedDict()
        self._values_cached = 0  # postings whose values `_values` holds
        self._heads: dict[tuple[str, bytes], list[tuple[int, float, int]] | None] = {}
        self._codes: tuple[list[str], NDArray[np.intp]] | None = None

    def outlet_codes(self) -> tuple[list[str], NDArray[np.intp]]:
        """The outlets, and each document's outlet as its place among them plus one (0: none,
        or deleted): `outlets` as one array, to count a mask's matches per outlet at once."""
        if self._codes is None:
            names = list(self.outlets)
            codes = np.zeros(self.reader.doc_count_all(), dtype=np.intp)
            for k, name in enumerate(names, 1):
                members = self.outlets[name]
                codes[np.fromiter(members, dtype=np.intp, count=len(members))] = k
            self._codes = (names, codes)
        return self._codes

    def postings(self, field: str, btext: bytes, *, positions: bool = False) -> tuple[Any, Any]:
        """The ids and weights of a term's whole posting list in this segment (deleted
        documents among them), decoded once and kept while they fit `POSTINGS_KEPT`: typing a
        query runs its words again at every key. `positions`: they are wanted next (see
        `positions`), so they are read in the same pass."""
        key = (field, btext)
        if positions and key not in self._values:
            ids, weights, _ = self._with_values(key)
            return ids, weights
        known = self._postings.get(key)
        if known is not None:
            self._postings.move_to_end(key)
            return known
        found = term_postings(self.reader, field, btext)
        self._keep(key, found)
        return found

    def positions(self, field: str, btext: bytes, docs: Sequence[int]) -> dict[int, bytes]:
        """A term's encoded values (positions) in each of `docs` (ascending) that holds it,
        from its whole list read once with its ids and weights (what the scoring of the same
        search reads next) and kept while it fits `VALUES_KEPT`, as the postings are."""
        key = (field, btext)
        known = self._values.get(key)
        if known is not None:
            self._values.move_to_end(key)
            ids, values = known
        else:
            ids, _, values = self._with_values(key)
        out: dict[int, bytes] = {}
        k, n = 0, len(ids)
        for d in docs:
            k = bisect_left(ids, d, k)
            if k < n and ids[k] == d:
                out[d] = values[k]
        return out

    def _with_values(self, key: tuple[str, bytes]) -> tuple[Any, Any, list[bytes]]:
        """A term's ids, weights and values, read in one pass; each kept if it fits."""
        ids, weights, values = term_postings_values(self.reader, *key)
        if key not in self._postings:
            self._keep(key, (ids, weights))
        if len(ids) <= VALUES_KEPT // 4:
            self._values[key] = (ids, values)
            self._values_cached += len(ids)
            while self._values_cached > VALUES_KEPT:
                _, (old, _) = self._values.popitem(last=False)
                self._values_cached -= len(old)
        return ids, weights, values

    def _keep(self, key: tuple[str, bytes], found: tuple[Any, Any]) -> None:
        size = len(found[0])
        if size <= POSTINGS_KEPT // 4:
            self._postings[key] = found
            self._cached += size
            while self._cached > POSTINGS_KEPT:
                _, (ids, _) = self._postings.popitem(last=False)
                self._cached -= len(ids)

    def heads(self, field: str, btext: bytes) -> list[tuple[int, float, int]] | None:
        """A term's blocks' (last id, greatest weight, least length), see `block_heads`, kept
        (one tuple per block of postings: small) for up to `HEADS_KEPT` terms."""
        key = (field, btext)
        if key not in self._heads:
            if len(self._heads) >= HEADS_KEPT:
                self._heads.clear()
            self._heads[key] = block_heads(self.reader, field, btext)
        return self._heads[key]

    def lengths(self, field: str) -> bytes | None:
        """Each document's length byte of `field` (see `whoosh_internals.field_lengths`)."""
        if field not in self._lengths:
            self._lengths[field] = field_lengths(self.reader, field)
        return self._lengths[field]

    def column(self, field: str) -> SortedColumn | None:
        """`field`'s numeric column, sorted (None: not one that can be read whole)."""
        if field not in self._columns:
            self._columns[field] = sorted_column(self.reader, field)
        return self._columns[field]

    def values(self, field: str) -> Any:
        """`field`'s numeric column as stored, one value per document, or None."""
        column = self.column(field)
        return None if column is None else column.values

    def docs(self, q: Any) -> set[int] | frozenset[int]:
        """The live documents of this segment that match `q`."""
        if isinstance(q, And | Or | AndNot | AndMaybe | Not):
            return self._compound(q)
        if isinstance(q, Every) and not q.fieldname:
            return self.live
        if q is NullQuery or isinstance(q, type(NullQuery)):
            return set()
        if isinstance(q, WrappingQuery):
            return self.docs(q.child)
        if isinstance(q, NumericRange):  # the trie terms that cover the range
            return self.docs(q.simplify(self.reader))
        if type(q) is Term:
            return self._term(q.fieldname, q.text)
        if isinstance(q, MultiTerm):
            out: set[int] = set()
            for field, text in q.expanded_terms(self.reader):
                out |= self._term(field, text)
            return out
        # anything else (a phrase of a name field, a span query): Whoosh's own matcher
        return set(q.docs(self.searcher)) & self.live

    def _compound(self, q: Any) -> set[int] | frozenset[int]:
        if isinstance(q, And):
            sets = sorted((self.docs(c) for c in q.subqueries), key=len)
            if not sets:
                return set()
            out = set(sets[0])
            for s in sets[1:]:
                out &= s
            return out
        if isinstance(q, Or) and not q.minmatch:
            out = set()
            for c in q.subqueries:
                out |= self.docs(c)
            return out
        if isinstance(q, AndNot):
            return set(self.docs(q.a)) - self.docs(q.b)
        if isinstance(q, AndMaybe):
            return self.docs(q.a)
        if isinstance(q, Not):
            return self.live - self.docs(q.query)
        # an OR of "at least N of": Whoosh's own matcher
        return set(q.docs(self.searcher)) & self.live

    def _term(self, field: str, text: Any) -> set[int]:
        if field not in self.reader.schema:
            return set()
        btext = self.reader.schema[field].to_bytes(text) if isinstance(text, str) else text
        if (field, btext) not in self.reader:
            return set()
        ids = set(posting_ids(self.reader, field, btext))
        if self.reader.has_deletions():
            ids &= self.live
        return ids


def _outlets(reader: Any, live: frozenset[int]) -> dict[str, frozenset[int]]:
    """Each outlet's live documents in one segment, from its outlet column."""
    by_outlet: dict[str, set[int]] = {}
    if reader.has_column(_OUTLET_COLUMN):
        raw = bytes_column(reader.column_reader(_OUTLET_COLUMN, translate=False))
        if raw is not None:
            # the raw values grouped, each distinct one translated once (as the column
            # reader translates each document's: `from_column_value`, UTF-8 for an ID field)
            by_raw: dict[bytes, list[int]] = {}
            for doc in live:
                value = raw[doc]
                if value:
                    by_raw.setdefault(value, []).append(doc)
            field = reader.schema[_OUTLET_COLUMN]
            for value, docs in by_raw.items():
                by_outlet.setdefault(str(field.from_column_value(value)), set()).update(docs)
            return {k: frozenset(v) for k, v in by_outlet.items()}
        column = reader.column_reader(_OUTLET_COLUMN)
        for doc in live:
            value = column[doc]
            if value:
                by_outlet.setdefault(str(value), set()).add(doc)
    return {k: frozenset(v) for k, v in by_outlet.items()}


class Segments:
    """The segments of one open searcher (made once per searcher: a commit makes a new one;
    `before`, the previous searcher's, lends the sets of the segments both hold)."""

    def __init__(self, searcher: Any, before: Segments | None = None) -> None:
        subs = searcher.subsearchers or [(searcher, 0)]
        self.searcher = searcher
        known = {seg.key: seg for seg in before.segments} if before is not None else None
        self.segments: list[_Segment] = [_Segment(s, known) for s, _ in subs]
        self._offsets = [offset for _, offset in subs]
        self._by_reader = {id(segment.reader): segment for segment in self.segments}

    def column(self, reader: Any, field: str) -> SortedColumn | None:
        """The sorted column of `field` of the segment `reader` reads (see `ranges.Columns`)."""
        segment = self._by_reader.get(id(reader))
        return None if segment is None else segment.column(field)

    def source(self, reader: Any) -> _Segment | None:
        """The segment `reader` reads, for its kept postings (see `pairs.PostingSource`)."""
        return self._by_reader.get(id(reader))

    def count_docs(self, docnums: Iterable[int]) -> tuple[int, tuple[tuple[str, int], ...]]:
        """As `count`, of matches already found: the (top-level) document numbers a search
        collected, every match once."""
        per_segment: list[set[int]] = [set() for _ in self.segments]
        for doc in docnums:
            k = bisect_right(self._offsets, doc) - 1
            per_segment[k].add(doc - self._offsets[k])
        return self.tally(per_segment)

    def count(self, q: Any) -> tuple[int, tuple[tuple[str, int], ...]]:
        """(how many documents match `q`, matches per outlet most first)."""
        return self.tally([segment.docs(q) for segment in self.segments])

    def tally(self, matched: Sequence[Matched]) -> tuple[int, tuple[tuple[str, int], ...]]:
        """(how many documents, per outlet most first) of each segment's matching documents."""
        total = 0
        per_outlet: Counter[str] = Counter()
        for segment, docs in zip(self.segments, matched, strict=True):
            if isinstance(docs, np.ndarray):
                names, codes = segment.outlet_codes()
                counts = np.bincount(codes[docs], minlength=len(names) + 1)
                total += int(np.count_nonzero(docs))
                for name, n in zip(names, counts[1:].tolist(), strict=True):
                    if n:
                        per_outlet[name] += n
                continue
            total += len(docs)
            if not docs:
                continue
            for outlet, members in segment.outlets.items():
                n = len(members & docs)  # CPython walks the smaller of the two
                if n:
                    per_outlet[outlet] += n
        pairs = sorted(per_outlet.items(), key=lambda p: (-p[1], p[0].lower()))
        return total, tuple(pairs)
