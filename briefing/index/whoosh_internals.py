"""The private parts of Whoosh's segment writer that briefing's parallel build relies on.

Why this module exists: a parallel build has worker processes write segments of their own and
then commits them, in order, with the main writer's, the way Whoosh's own
`MpWriter(multisegment=True)` does with its sub-writers. Whoosh has no public interface for
that, so this module calls `SegmentWriter` internals: `_lk=False` (a writer that does not take
the index's write lock, which the main process holds), `_added`, `_close_segment`,
`_assemble_segment`, `_merge_segments`, `_commit_toc` and `_finish`. They were checked against
whoosh-reloaded `CHECKED_WHOOSH_VERSION`; `tests/test_whoosh_internals.py` fails when the
installed version differs, so an upgrade is re-checked here before it ships.

The writer's posting pool and flush are `whoosh_postings`' (`TermSegmentWriter`, `TermPool`,
`write_terms`): postings grouped by term as they come, written a term at a time, the same
segment files as Whoosh's (its module docstring names the private parts it reads).

The search reads whole posting lists as document sets (for totals, outlet counts and phrase
candidates) and scores them a block at a time (`scoring`); Whoosh only offers them one id per
Python call, so `posting_ids` and `read_postings` read a `W3LeafMatcher`'s blocks (`_ids`,
`_i`, `_read_ids`, `_weights`, `_read_weights`, `_next_block`; `term_values` and
`term_postings_values` also `_values`, `_read_values`), `list_postings` a
`ListMatcher`'s lists (`_ids`, `_i`, `_weights`, `_all_weights`), `filter_of` a
`FilterMatcher`'s set (`_ids`, `_exclude`), `inverse_start` an `InverseMatcher`'s `_id`.
Field lengths and numeric columns are read whole
(`field_lengths`, `numeric_column`) from a segment's per-document reader (`_perdoc`,
`_cached_reader`, `whoosh3._lenfield`) and a numeric column reader's bytes (`_dbfile`,
`_basepos`, `_count`, `_typecode`, `_default`). `pairs.Expansion` defines `MultiTerm._btexts`,
the one method a Whoosh multi-term query is made of. Nothing else in briefing but
`whoosh_postings` touches a private Whoosh name.
"""

from __future__ import annotations

import struct
import sys
import zlib
from array import array
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from itertools import accumulate
from operator import add
from pickle import loads
from typing import Any, Final, cast

from whoosh.codec import default_codec
from whoosh.codec.whoosh3 import (
    LENGTHS_COLUMN,
    W3Codec,
    W3LeafMatcher,
    W3PerDocReader,
    W3Segment,
    _lenfield,
)
from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.formats import Positions
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import SegmentReader

from briefing.index.whoosh_postings import TermPool, TermSegmentWriter, write_terms

__all__ = [
    "CHECKED_WHOOSH_VERSION",
    "PRIVATE_MATCHER_NAMES",
    "PRIVATE_NAMES",
    "SEGMENT_ATTRIBUTES",
    "block_heads",
    "bytes_column",
    "commit_with_segments",
    "field_lengths",
    "filter_of",
    "finish_unlocked",
    "inverse_start",
    "list_postings",
    "live_docs",
    "numeric_column",
    "positions_decoder",
    "posting_ids",
    "read_postings",
    "segment_from_state",
    "segment_state",
    "term_postings",
    "term_postings_values",
    "term_values",
    "unlocked_writer",
]

CHECKED_WHOOSH_VERSION: Final = "2.7.5"  # the whoosh-reloaded release these calls were read in
PRIVATE_NAMES: Final = (
    "_added",
    "_close_segment",
    "_assemble_segment",
    "_merge_segments",
    "_commit_toc",
    "_finish",
)
# A `W3Segment`'s attributes, all sent across the worker pipe (see `segment_state`).
SEGMENT_ATTRIBUTES: Final = (
    "indexname",
    "segid",
    "compound",
    "_codec",
    "_doccount",
    "_deleted",
    "_fieldlengths",
)
# Read by `posting_ids` (and `block_heads`) on a `W3LeafMatcher` (attributes `_ids`, `_i`,
# `_data`, `_byteids`, `_maxid`, `_maxweight`, `_minlength`; methods the others).
PRIVATE_MATCHER_NAMES: Final = (
    "_ids",
    "_i",
    "_data",
    "_byteids",
    "_read_data",
    "_read_ids",
    "_next_block",
    "_weights",
    "_read_weights",
    "_values",
    "_read_values",
    "_postfile",
    "_dataoffset",
    "_nextoffset",
    "_compression",
    "_blocklength",
    "_maxid",  # and the two below: read by `block_heads`
    "_maxweight",
    "_minlength",
)
# Read by `list_postings` on a `ListMatcher`, by `filter_of` on a `FilterMatcher`.
PRIVATE_LIST_NAMES: Final = ("_ids", "_i", "_weights", "_all_weights", "_scorer")
PRIVATE_FILTER_NAMES: Final = ("_ids", "_exclude")
PRIVATE_INVERSE_NAMES: Final = ("_id",)
# Read by `field_lengths` and `numeric_column`: a segment reader's `_perdoc` (a
# `W3PerDocReader`, its `_cached_reader`), and a `NumericColumn.Reader`'s attributes.
PRIVATE_COLUMN_NAMES: Final = ("_dbfile", "_basepos", "_count", "_typecode", "_default")
# Read by `bytes_column`: a `VarBytesColumn.Reader`'s file, where its data begins, and each
# document's offset and length in it.
PRIVATE_BYTES_COLUMN_NAMES: Final = ("_dbfile", "_basepos", "_offsets", "_lengths")


def unlocked_writer(ix: Any, limitmb: int) -> Any:
    """A segment writer that does not take the write lock: a worker of the process that holds
    it (its segment is committed by that process with `commit_with_segments`), or the main
    writer, given the lock it holds as `writelock` (see `CorpusIndex._whoosh_writer`)."""
    writer = TermSegmentWriter(ix, _lk=False, limitmb=limitmb, compound=False)
    writer.pool = TermPool(writer._tempstorage, limitmb)
    return writer


def _finalize(writer: Any) -> Any:
    """`SegmentWriter._finalize_segment`, its postings written by `write_terms`."""
    writer.perdocwriter.close()
    write_terms(writer, writer.pool.terms())
    writer.fieldwriter.close()
    writer._close_segment()
    writer._assemble_segment()
    return writer.get_segment()


def finish_unlocked(writer: Any) -> Any | None:
    """Flush and close an `unlocked_writer`'s segment; None (and closed) if it is empty."""
    if not writer._added:
        # Not `cancel()`: its `_finish` empties the scratch folder (`<index>.tmp`) that every
        # writer of the index shares, deleting the sorted runs of the workers still running.
        # The empty segment's files are removed by the commit (they are in no generation).
        writer._close_segment()
        writer.is_closed = True
        return None
    return _finalize(writer)


def commit_with_segments(writer: Any, segments: list[Any], *, replace: bool = False) -> None:
    """What `SegmentWriter.commit` does, plus `segments` (written by workers): after the
    existing segments, before this writer's own, which is the order the documents were read
    in. `replace`: the existing segments are left out (Whoosh's `CLEAR` merge type), so the
    new generation holds only what this writer and the workers wrote; the old segments stay
    readable by open searchers until they close."""
    final = [] if replace else writer._merge_segments(None, False, True)
    final.extend(segments)
    if writer._added:
        final.append(_finalize(writer))
    else:
        writer._close_segment()
    writer._commit_toc(final)
    writer._finish()


def segment_state(segment: Any) -> dict[str, Any]:
    """What a worker's new segment is, as JSON values: a `W3Segment` of the default codec
    names its files by index name and segment id, and holds its document count, deleted
    documents and total field lengths (`_doccount`, `_deleted`, `_fieldlengths`, `_codec`:
    `SEGMENT_ATTRIBUTES`, all of them). Whoosh's TOC stores the same."""
    codec = segment.codec()
    if type(segment) is not W3Segment or type(codec) is not W3Codec:
        raise TypeError(f"not a segment of the default codec: {segment!r}")
    if set(vars(segment)) != set(SEGMENT_ATTRIBUTES):
        raise TypeError(f"a segment of other attributes: {sorted(vars(segment))}")
    default = default_codec()
    if vars(codec) != vars(default):
        raise TypeError(f"a segment of a codec other than the default: {vars(codec)}")
    deleted = segment._deleted
    return {
        "indexname": segment.indexname,
        "segid": segment.segid,
        "doccount": segment.doc_count_all(),
        "deleted": None if deleted is None else sorted(deleted),
        "compound": bool(segment.compound),
        "fieldlengths": {str(k): int(v) for k, v in segment._fieldlengths.items()},
    }


def segment_from_state(state: Any) -> Any:
    """The `W3Segment` of a `segment_state`; `ValueError` if `state` is not one."""
    if not isinstance(state, dict) or set(state) != {
        "indexname",
        "segid",
        "doccount",
        "deleted",
        "compound",
        "fieldlengths",
    }:
        raise ValueError("not a segment's state")
    indexname, segid, doccount = state["indexname"], state["segid"], state["doccount"]
    deleted, compound, lengths = state["deleted"], state["compound"], state["fieldlengths"]
    if not (
        type(indexname) is str
        and type(segid) is str
        and segid.isalnum()
        and type(doccount) is int
        and doccount >= 0
        and type(compound) is bool
        and (deleted is None or (type(deleted) is list and all(type(d) is int for d in deleted)))
        and type(lengths) is dict
        and all(type(k) is str and type(v) is int for k, v in lengths.items())
    ):
        raise ValueError("not a segment's state")
    segment = W3Segment(
        default_codec(),
        indexname,
        doccount=doccount,
        segid=segid,
        deleted=None if deleted is None else set(deleted),
    )
    segment.compound = compound
    segment._fieldlengths = defaultdict(int, lengths)  # as the segment writer sets it
    return segment


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
        out.extend(_block_ids(m)[m._i :])
        m._next_block()
    return out


def _block_ids(m: Any) -> Sequence[int]:
    """The ids of the block a `W3LeafMatcher` stands in. What `_read_ids` gives, but the
    deltas summed by `itertools.accumulate`, not Whoosh's generator (a Python step per id)."""
    known: Sequence[int] | None = m._ids
    if known is None and m._byteids:
        m._read_ids()
        known = m._ids
    if known is None:
        if m._data is None:
            m._read_data()
        m._ids = known = array("I", accumulate(m._data[0]))
    return known


def read_postings(m: Any) -> tuple[array[int], array[float]]:
    """The ids and weights of a `W3LeafMatcher`'s postings from where it stands to the end,
    read a block at a time (the matcher is used up). A block not read yet is decoded by
    `_ids_weights` (its values, positions, left unread) when its format's values vary in
    size, else as Whoosh decodes it."""
    ids: array[int] = array("I")
    weights: array[float] = array("f")
    fixed = m.format.fixed_value_size()
    partial = not m._byteids and (fixed is None or fixed < 0)
    while m.is_active():
        i = m._i
        found = _ids_weights(m) if partial and m._data is None and m._ids is None else None
        if found is not None:
            block_ids, block_weights = found
            summed = array("I", accumulate(block_ids))  # the deltas, as `_block_ids` sums them
            ids.extend(summed[i:] if i else summed)
            n = m._blocklength - i
            if block_weights is None:
                weights.extend([1.0] * n)
            elif isinstance(block_weights, float):
                weights.extend([block_weights] * n)
            else:
                weights.extend(block_weights[i:])
        else:
            block = _block_ids(m)
            if m._weights is None:
                m._read_weights()
            ids.extend(block[i:])
            weights.extend(m._weights[i:])
        m._next_block()
    return ids, weights


# Where a block's values begin in its pickle (protocol 2): a variable-size value is `bytes`,
# pickled as a call of `_codecs.encode`, whose name is written once, at the first value. No
# opcode the ids and weights are written with (`K`, `M`, `J`, `G`, `N`, `(`, `t`, `q`, `r`)
# is among its bytes, so it cannot begin inside them.
_VALUES_START: Final = b"c_codecs\nencode\n"
_INFLATE_STEP: Final = 1600  # bytes of a block's pickle inflated at a time (ids and weights
# take ~1.5 kB of a full block of 128 postings; its positions most of the rest)
_MARK, _TUPLE2_STOP = b"("[0], b"\x86."


def _ids_weights(m: Any) -> tuple[Sequence[int], Any] | None:
    """The block `m` stands in as it was written: its ids' deltas and its weights (None: all
    1.0; a float: all that), unpickled without its values: the pickle is inflated up to where
    they begin and closed there. None if that place is not found or what is read is not a
    block's ids and weights of its length (then the caller reads it as Whoosh does)."""
    raw = m._postfile.get(m._dataoffset, m._nextoffset - m._dataoffset)
    if m._compression:
        inflate = zlib.decompressobj()
        data = inflate.decompress(raw, _INFLATE_STEP)
        k = data.find(_VALUES_START)
        while k < 0 and inflate.unconsumed_tail:
            data += inflate.decompress(inflate.unconsumed_tail, _INFLATE_STEP)
            k = data.find(_VALUES_START)
    else:
        data = raw
        k = data.find(_VALUES_START)
    n = m._blocklength
    if n > 3:  # a longer tuple begins with a mark
        k -= 1
        if k < 0 or data[k] != _MARK:
            return None
    if k <= 0:
        return None
    try:
        found = loads(data[:k] + _TUPLE2_STOP)
    except Exception:  # not a block's ids and weights: read it whole
        return None
    if type(found) is not tuple or len(found) != 2:
        return None
    deltas, weights = found
    if type(deltas) is not tuple or len(deltas) != n:
        return None
    if weights is None or type(weights) is float:
        return deltas, weights
    if type(weights) is not tuple or len(weights) != n:
        return None
    return deltas, weights


def block_heads(reader: Any, fieldname: str, btext: bytes) -> list[tuple[int, float, int]] | None:
    """(last id, greatest weight, least field length) of each block of a term's whole posting
    list in one segment (deleted documents among them), read from the blocks' headers alone
    (what Whoosh's `block_quality` reads); None if the list is not a Whoosh 3 segment's."""
    m = reader.postings(fieldname, btext)
    while isinstance(m, FilterMatcher):
        m = m.child
    if not isinstance(m, W3LeafMatcher):
        return None
    out: list[tuple[int, float, int]] = []
    while m.is_active():
        out.append((m._maxid, m._maxweight, m._minlength))
        m._next_block()
    return out


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


def live_docs(reader: Any) -> frozenset[int]:
    """A segment's documents not deleted: `all_doc_ids()` (a Python call per document to ask
    whether it is deleted) as one set difference, for a segment's reader."""
    if type(reader) is SegmentReader:
        return frozenset(range(reader.doc_count_all())).difference(reader.deleted_docs_set)
    return frozenset(reader.all_doc_ids())


def bytes_column(column: Any) -> list[bytes] | None:
    """Every document's raw value of a `VarBytesColumn` reader, from one read of its data
    (its `__getitem__` seeks and reads the file once per document), or None for another
    kind of column reader."""
    if type(column) is not VarBytesColumn.Reader:
        return None
    offsets, lengths = column._offsets, column._lengths
    end = max(map(add, offsets, lengths), default=0)
    data = column._dbfile.get(column._basepos, end) if end else b""
    return [data[o : o + n] for o, n in zip(offsets, lengths, strict=True)]


def term_postings(reader: Any, fieldname: str, btext: bytes) -> tuple[Any, Any]:
    """The ids and weights of one term's whole posting list in one segment's `reader`
    (deleted documents among them), read a block at a time."""
    m = reader.postings(fieldname, btext)
    while isinstance(m, FilterMatcher):  # the deletions filter: ids are checked by the caller
        m = m.child
    return read_postings(m) if isinstance(m, W3LeafMatcher) else list_postings(m)


def term_values(reader: Any, fieldname: str, btext: bytes, docs: Sequence[int]) -> dict[int, bytes]:
    """The encoded value (for a text field: its positions) of one term in each of `docs`
    (ascending ids of one segment) that holds it: only the blocks holding one of `docs` are
    decoded (`_read_values`, `_values`); the values are left encoded."""
    m = reader.postings(fieldname, btext)
    while isinstance(m, FilterMatcher):
        m = m.child
    wanted = set(docs)
    out: dict[int, bytes] = {}
    if not isinstance(m, W3LeafMatcher):
        while m.is_active():
            if m.id() in wanted:
                out[m.id()] = m.value()
            m.next()
        return out
    i, n = 0, len(docs)
    while m.is_active() and i < n:
        last = m.block_max_id()
        if docs[i] <= last:
            _block_values(m, wanted, out)
            i = bisect_right(docs, last, i)
        m._next_block()
    return out


def term_postings_values(reader: Any, fieldname: str, btext: bytes) -> tuple[Any, Any, list[bytes]]:
    """`term_postings` and every posting's encoded value (for a text field: its positions), in
    one pass over the term's blocks, each decoded once."""
    m = reader.postings(fieldname, btext)
    while isinstance(m, FilterMatcher):
        m = m.child
    values: list[bytes] = []
    if not isinstance(m, W3LeafMatcher):
        ids, weights = list_postings(m)
        while m.is_active():
            values.append(m.value())
            m.next()
        return ids, weights, values
    out_ids: array[int] = array("I")
    out_weights: array[float] = array("f")
    while m.is_active():
        if m._ids is None:
            m._read_ids()
        if m._weights is None:
            m._read_weights()
        if m._values is None:
            m._read_values()
        start = m._i
        out_ids.extend(m._ids[start:])
        out_weights.extend(m._weights[start:])
        values.extend(m._values[start:])
        m._next_block()
    return out_ids, out_weights, values


def positions_decoder(fmt: Any) -> Callable[[bytes], Iterable[int]]:
    """How to read a term's positions from its encoded value in a field of format `fmt`: for
    `Positions`, what `Positions.decode_positions` does (a 4-byte count, then the pickled gaps,
    the final STOP byte perhaps left off), without its per-position Python loop. The same
    bytes Whoosh unpickles there: a text field's postings, written by the index's writer."""
    if type(fmt) is not Positions:
        return cast(Callable[[bytes], Iterable[int]], fmt.decoder("positions"))

    def decode(value: bytes) -> Iterable[int]:
        if value[-1:] != b".":
            value += b"."
        return accumulate(loads(value[_COUNT_SIZE:]))

    return decode


_COUNT_SIZE: Final = 4  # `Positions.encode`'s count of positions, before the pickled gaps


def _block_values(m: Any, wanted: set[int], out: dict[int, bytes]) -> None:
    """The values of the documents of `wanted` in the block `m` stands in, into `out`."""
    if m._ids is None:
        m._read_ids()
    if m._values is None:
        m._read_values()
    values = m._values
    for k, d in enumerate(m._ids):
        if d in wanted:
            out[d] = values[k]
