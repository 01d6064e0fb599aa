"""The private parts of Whoosh's segment writer that briefing's parallel build relies on.

Why this module exists: a parallel build has worker processes write segments of their own and
then commits them, in order, with the main writer's, the way Whoosh's own
`MpWriter(multisegment=True)` does with its sub-writers. Whoosh has no public interface for
that, so this module calls `SegmentWriter` internals: `_lk=False` (a writer that does not take
the index's write lock, which the main process holds), `_added`, `_close_segment`,
`_assemble_segment`, `_merge_segments`, `_commit_toc` and `_finish`. They were checked against
whoosh-reloaded `CHECKED_WHOOSH_VERSION`; `tests/test_whoosh_internals.py` fails when the
installed version differs, so an upgrade is re-checked here before it ships.

Two costs of Whoosh's segment flush are avoided here, with the same segment as the result:
its posting pool writes each posting to a sorted run file with one `pickle.dump` (and reads it
back with one `pickle.load`); `BlockPool` writes a run as `marshal` blocks of postings (a
posting is a tuple of a str, bytes, an int and a float: marshal's own types; the runs are
scratch files of this process in the index's `<index>.tmp` folder, read back only by it). And
the flush asks the per-document reader for each posting's field length, which stats the
length file on every posting of a field that has none (the pair fields, ids); `_flush`
answers 0 for such a field without asking (a field that is not scorable stores no lengths).
That is `SegmentWriter._finalize_segment` with `pool`, `perdocwriter`, `fieldwriter`,
`per_document_reader`, `codec.length_stats`, `newsegment` and `_tempstorage` read, and
`PostingPool._write_run`, `_read_run` and `_open_run` (see `PRIVATE_POOL_NAMES`).

The search reads whole posting lists as document sets (for totals, outlet counts and phrase
candidates); Whoosh only offers them one id per Python call, so `posting_ids` reads a
`W3LeafMatcher`'s blocks: `_ids`, `_i`, `_read_ids`, `_next_block`. `pairs.Expansion` defines
`MultiTerm._btexts`, the one method a Whoosh multi-term query is made of. Nothing else in
briefing touches a private Whoosh name.
"""

from __future__ import annotations

import marshal
import struct
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any, Final

from whoosh.codec import default_codec
from whoosh.codec.whoosh3 import W3Codec, W3LeafMatcher, W3Segment
from whoosh.matching.wrappers import FilterMatcher
from whoosh.writing import PostingPool, SegmentWriter

__all__ = [
    "CHECKED_WHOOSH_VERSION",
    "PRIVATE_MATCHER_NAMES",
    "PRIVATE_NAMES",
    "PRIVATE_POOL_NAMES",
    "SEGMENT_ATTRIBUTES",
    "BlockPool",
    "commit_with_segments",
    "finish_unlocked",
    "posting_ids",
    "segment_from_state",
    "segment_state",
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
# Overridden or called by `BlockPool` on Whoosh's `PostingPool`.
PRIVATE_POOL_NAMES: Final = ("_write_run", "_read_run", "_open_run", "_remove_run")
_BLOCK: Final = 8192  # postings per marshal block of a pool run

# Read by `posting_ids` on a `W3LeafMatcher` (attributes `_ids`, `_i`; methods the others).
PRIVATE_MATCHER_NAMES: Final = ("_ids", "_i", "_read_ids", "_next_block")


class BlockPool(PostingPool):  # type: ignore[misc]
    """Whoosh's posting pool, its sorted runs written as marshal blocks (see above)."""

    def _write_run(self, f: Any, items: Iterable[Any]) -> None:
        block: list[Any] = []
        for item in items:
            block.append(item)
            if len(block) >= _BLOCK:
                _write_block(f, block)
                block = []
        if block:
            _write_block(f, block)
        f.close()

    def _read_run(self, path: str) -> Iterator[Any]:
        f = self._open_run(path)
        try:
            while True:
                head = f.read(_HEAD.size)
                if len(head) < _HEAD.size:
                    return
                (size,) = _HEAD.unpack(head)
                yield from marshal.loads(f.read(size))
        finally:
            f.close()
            self._remove_run(path)


_HEAD: Final = struct.Struct("<Q")  # a block's size in bytes, before it


def _write_block(f: Any, block: list[Any]) -> None:
    """One length-prefixed marshal block (read whole: `marshal.load` on a file reads a few
    bytes per call)."""
    data = marshal.dumps(block)
    f.write(_HEAD.pack(len(data)))
    f.write(data)


def unlocked_writer(ix: Any, limitmb: int) -> Any:
    """A segment writer that does not take the write lock: a worker of the process that holds
    it (its segment is committed by that process with `commit_with_segments`), or the main
    writer, given the lock it holds as `writelock` (see `CorpusIndex._whoosh_writer`)."""
    writer = SegmentWriter(ix, _lk=False, limitmb=limitmb, compound=False)
    writer.pool = BlockPool(writer._tempstorage, writer.newsegment, limitmb=limitmb)
    return writer


class _Lengths:
    """The field lengths a segment flush asks for, once per posting: a field that is not
    scorable has none (0, which the per-document reader answers after a stat of the missing
    file), and a scorable field's lengths are remembered per document while the flush is in
    that field (postings come field by field, each document's many times)."""

    def __init__(self, schema: Any, reader: Any) -> None:
        self._schema = schema
        self._reader = reader
        self._field: str | None = None
        self._scorable = False
        self._known: dict[int, int] = {}

    def doc_field_length(self, docnum: int, fieldname: str) -> int:
        if fieldname != self._field:
            self._field = fieldname
            self._scorable = fieldname in self._schema and self._schema[fieldname].scorable
            self._known = {}
        if not self._scorable:
            return 0
        found = self._known.get(docnum)
        if found is None:
            found = self._known[docnum] = self._reader.doc_field_length(docnum, fieldname)
        return found


def _finalize(writer: Any) -> Any:
    """`SegmentWriter._finalize_segment`, with `_Lengths` for the flush."""
    writer.perdocwriter.close()
    reader = writer.per_document_reader() if writer.codec.length_stats else None
    lengths = None if reader is None else _Lengths(writer.schema, reader)
    writer.fieldwriter.add_postings(writer.schema, lengths, writer.pool.iter_postings())
    writer.fieldwriter.close()
    if reader is not None:
        reader.close()
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


def commit_with_segments(writer: Any, segments: list[Any]) -> None:
    """What `SegmentWriter.commit` does, plus `segments` (written by workers): after the
    existing segments, before this writer's own, which is the order the documents were read
    in."""
    final = writer._merge_segments(None, False, True)
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
        if m._ids is None:
            m._read_ids()
        out.extend(m._ids[m._i :])
        m._next_block()
    return out
