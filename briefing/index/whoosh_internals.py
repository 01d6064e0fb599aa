"""The private parts of Whoosh's segment writer that briefing's parallel build relies on.

Why this module exists: a parallel build has worker processes write segments of their own and
then commits them, in order, with the main writer's, the way Whoosh's own
`MpWriter(multisegment=True)` does with its sub-writers. Whoosh has no public interface for
that, so this module calls `SegmentWriter` internals: `_lk=False` (a writer that does not take
the index's write lock, which the main process holds), `_added`, `_finalize_segment`,
`_close_segment`, `_merge_segments`, `_commit_toc` and `_finish`. They were checked against
whoosh-reloaded `CHECKED_WHOOSH_VERSION`; `tests/test_whoosh_internals.py` fails when the
installed version differs, so an upgrade is re-checked here before it ships.

The search reads whole posting lists as document sets (for totals, outlet counts and phrase
candidates) and scores them a block at a time (`scoring`); Whoosh only offers them one id per
Python call, so `posting_ids` and `read_postings` read a `W3LeafMatcher`'s blocks (`_ids`,
`_i`, `_read_ids`, `_weights`, `_read_weights`, `_next_block`; `positions_of` also
`_values`, `_read_values`), `list_postings` a
`ListMatcher`'s lists (`_ids`, `_i`, `_weights`, `_all_weights`), `filter_of` a
`FilterMatcher`'s set (`_ids`, `_exclude`), `inverse_start` an `InverseMatcher`'s `_id`.
Field lengths and numeric columns are read whole
(`field_lengths`, `numeric_column`) from a segment's per-document reader (`_perdoc`,
`_cached_reader`, `whoosh3._lenfield`) and a numeric column reader's bytes (`_dbfile`,
`_basepos`, `_count`, `_typecode`, `_default`). `pairs.Expansion` defines `MultiTerm._btexts`,
the one method a Whoosh multi-term query is made of. Nothing else in briefing touches a private
Whoosh name.
"""

from __future__ import annotations

import struct
import sys
from array import array
from bisect import bisect_right
from collections.abc import Sequence
from typing import Any, Final

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, W3PerDocReader, _lenfield
from whoosh.columns import NumericColumn
from whoosh.matching.wrappers import FilterMatcher
from whoosh.writing import SegmentWriter

__all__ = [
    "CHECKED_WHOOSH_VERSION",
    "PRIVATE_MATCHER_NAMES",
    "PRIVATE_NAMES",
    "commit_with_segments",
    "field_lengths",
    "filter_of",
    "finish_unlocked",
    "inverse_start",
    "list_postings",
    "numeric_column",
    "positions_of",
    "posting_ids",
    "read_postings",
    "unlocked_writer",
]

CHECKED_WHOOSH_VERSION: Final = "2.7.5"  # the whoosh-reloaded release these calls were read in
PRIVATE_NAMES: Final = (
    "_added",
    "_finalize_segment",
    "_close_segment",
    "_merge_segments",
    "_commit_toc",
    "_finish",
)
# Read by `posting_ids` on a `W3LeafMatcher` (attributes `_ids`, `_i`; methods the others).
PRIVATE_MATCHER_NAMES: Final = (
    "_ids",
    "_i",
    "_read_ids",
    "_next_block",
    "_weights",
    "_read_weights",
    "_values",
    "_read_values",
)
# Read by `list_postings` on a `ListMatcher`, by `filter_of` on a `FilterMatcher`.
PRIVATE_LIST_NAMES: Final = ("_ids", "_i", "_weights", "_all_weights", "_scorer")
PRIVATE_FILTER_NAMES: Final = ("_ids", "_exclude")
PRIVATE_INVERSE_NAMES: Final = ("_id",)
# Read by `field_lengths` and `numeric_column`: a segment reader's `_perdoc` (a
# `W3PerDocReader`, its `_cached_reader`), and a `NumericColumn.Reader`'s attributes.
PRIVATE_COLUMN_NAMES: Final = ("_dbfile", "_basepos", "_count", "_typecode", "_default")


def unlocked_writer(ix: Any, limitmb: int) -> Any:
    """A segment writer that does not take the write lock: a worker of the process that holds
    it (its segment is committed by that process with `commit_with_segments`), or the main
    writer, given the lock it holds as `writelock` (see `CorpusIndex._whoosh_writer`)."""
    return SegmentWriter(ix, _lk=False, limitmb=limitmb, compound=False)


def finish_unlocked(writer: Any) -> Any | None:
    """Flush and close an `unlocked_writer`'s segment; None (and closed) if it is empty."""
    if not writer._added:
        # Not `cancel()`: its `_finish` empties the scratch folder (`<index>.tmp`) that every
        # writer of the index shares, deleting the sorted runs of the workers still running.
        # The empty segment's files are removed by the commit (they are in no generation).
        writer._close_segment()
        writer.is_closed = True
        return None
    return writer._finalize_segment()


def commit_with_segments(writer: Any, segments: list[Any]) -> None:
    """What `SegmentWriter.commit` does, plus `segments` (written by workers): after the
    existing segments, before this writer's own, which is the order the documents were read
    in."""
    if not segments:
        writer.commit()
        return
    final = writer._merge_segments(None, False, True)
    final.extend(segments)
    if writer._added:
        final.append(writer._finalize_segment())
    else:
        writer._close_segment()
    writer._commit_toc(final)
    writer._finish()


def posting_ids(reader: Any, fieldname: str, text: str | bytes) -> array[int]:
    """The document ids of one term's postings in one segment's `reader`, read a block at a
    time. Deleted documents may be among them: the caller filters them (`is_deleted`)."""
    m = reader.postings(fieldname, text)
    while isinstance(m, FilterMatcher):  # the deletions filter: ids are checked by the caller
        m = m.child
    if not isinstance(m, W3LeafMatcher):  # inlined postings: a short list already
        return array("I", m.all_ids())
    out = array("I")
    while m.is_active():
        if m._ids is None:
            m._read_ids()
        out.extend(m._ids[m._i :])
        m._next_block()
    return out


def read_postings(m: Any) -> tuple[array[int], array[float]]:
    """The ids and weights of a `W3LeafMatcher`'s postings from where it stands to the end,
    read a block at a time (the matcher is used up)."""
    ids: array[int] = array("I")
    weights: array[float] = array("f")
    while m.is_active():
        if m._ids is None:
            m._read_ids()
        if m._weights is None:
            m._read_weights()
        i = m._i
        ids.extend(m._ids[i:])
        weights.extend(m._weights[i:])
        m._next_block()
    return ids, weights


def list_postings(m: Any) -> tuple[Sequence[int], Sequence[float]]:
    """The ids and weights (as `ListMatcher.weight` gives them) from where `m` stands."""
    ids = m._ids[m._i :]
    if m._all_weights:
        return ids, [m._all_weights] * len(ids)
    if m._weights:
        return ids, m._weights[m._i :]
    return ids, [1.0] * len(ids)


def inverse_start(m: Any) -> int:
    """The document an `InverseMatcher` stands on (it matches from there to its limit)."""
    return int(m._id)


def filter_of(m: FilterMatcher) -> tuple[Any, bool]:
    """A `FilterMatcher`'s ids and whether they are excluded (else: the only ones kept)."""
    return m._ids, bool(m._exclude)


def field_lengths(reader: Any, fieldname: str) -> bytes | None:
    """One segment's length byte of `fieldname` for each document (Whoosh's encoding: see
    `whoosh.util.numeric.byte_to_length`; 0 for none), or None if the reader is not a Whoosh 3
    segment's."""
    perdoc = getattr(reader, "_perdoc", None)
    if not isinstance(perdoc, W3PerDocReader):
        return None
    column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None:
        return bytes(perdoc.doc_count_all())
    values = numeric_column(column, perdoc.doc_count_all())
    return None if values is None else bytes(values)


def numeric_column(column: Any, doccount: int) -> array[int] | None:
    """Every document's value of a numeric column read whole (`NumericColumn.Reader.load`
    reads it one value per Python call), or None for another kind of column reader."""
    if type(column) is not NumericColumn.Reader:
        return None
    typecode = column._typecode
    if typecode not in "bBhHiI" or array(typecode).itemsize != struct.calcsize("!" + typecode):
        return None
    values: array[int] = array(typecode)
    values.frombytes(column._dbfile.get(column._basepos, column._count * values.itemsize))
    if sys.byteorder == "little" and values.itemsize > 1:
        values.byteswap()  # written big-endian ("!" + typecode)
    if doccount > column._count:
        values.extend([column._default] * (doccount - column._count))
    return values


def positions_of(
    reader: Any, fieldname: str, btext: bytes, docs: Sequence[int]
) -> dict[int, list[int]]:
    """The positions of one term in each of `docs` (ascending ids of one segment) that holds
    it, read a block at a time: only the blocks holding one of `docs` are decoded, and only
    their positions decoded (`_read_values`, `_values`)."""
    m = reader.postings(fieldname, btext)
    while isinstance(m, FilterMatcher):
        m = m.child
    decode = reader.schema[fieldname].format.decoder("positions")
    wanted = set(docs)
    out: dict[int, list[int]] = {}
    if not isinstance(m, W3LeafMatcher):
        while m.is_active():
            if m.id() in wanted:
                out[m.id()] = list(m.value_as("positions"))
            m.next()
        return out
    i, n = 0, len(docs)
    while m.is_active() and i < n:
        last = m.block_max_id()
        if docs[i] <= last:
            if m._ids is None:
                m._read_ids()
            if m._values is None:
                m._read_values()
            values = m._values
            for k, d in enumerate(m._ids):
                if d in wanted:
                    out[d] = list(decode(values[k]))
            i = bisect_right(docs, last, i)
        m._next_block()
    return out
