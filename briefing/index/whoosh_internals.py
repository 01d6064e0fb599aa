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
candidates); Whoosh only offers them one id per Python call, so `posting_ids` reads a
`W3LeafMatcher`'s blocks: `_ids`, `_i`, `_read_ids`, `_next_block`. `pairs.Expansion` defines
`MultiTerm._btexts`, the one method a Whoosh multi-term query is made of. Nothing else in
briefing touches a private Whoosh name.
"""

from __future__ import annotations

from array import array
from typing import Any, Final

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.writing import SegmentWriter

__all__ = [
    "CHECKED_WHOOSH_VERSION",
    "PRIVATE_MATCHER_NAMES",
    "PRIVATE_NAMES",
    "commit_with_segments",
    "finish_unlocked",
    "posting_ids",
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
PRIVATE_MATCHER_NAMES: Final = ("_ids", "_i", "_read_ids", "_next_block")


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
