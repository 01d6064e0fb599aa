"""A new segment's postings grouped by term as documents are added, and written term by term.

Why this module exists: Whoosh's segment writer hands every posting (a field, a term, a
document, a weight, a value) to its posting pool as a tuple of its own, sorts all of them
(spilling sorted runs to disk and merging them back), then writes them one Python call per
posting. A build of 5,000 articles makes 3 million postings in 560,000 terms (most of them word
pairs in a document or two), so that per-posting work was over half of Whoosh's indexing time.
`TermPool` keeps each term's postings together as they come (documents arrive in order, so a
term's list is already sorted), sorts only the terms, and `write_terms` writes each term's
blocks from its whole list: the same bytes as Whoosh's `W3PostingsWriter` and `W3FieldWriter`
(`tests/test_whoosh_postings.py` compares the segment files byte for byte).

Like `whoosh_internals`, this reads private parts of whoosh-reloaded `CHECKED_WHOOSH_VERSION`:
`SegmentWriter.add_document`'s own steps (`_check_state`, `_doc_boost`, `_field_boost`,
`_check_fields`, `docnum`, `perdocwriter`, `_added`), the field writer's `_postfile`,
`_tindex` and `_fieldid` (`WRITER_PRIVATE_NAMES`), the term table's `dbfile`, `buckets`,
`index` and `lastkey` (`OrderedHashWriter.add`), the codec's `_blocklimit`, `_compression`
and `_inlinelimit`, and the block layout of `W3PostingsWriter._write_block` and
`W3TermInfo.to_bytes`. Measured on 4,827 articles: Whoosh's writing 33-39 s of CPU before,
21-24 s after (docs/performance.md, ninth round).
"""

from __future__ import annotations

import contextlib
import heapq
import struct
import zlib
from array import array
from collections.abc import Iterable, Iterator
from itertools import accumulate, groupby
from operator import itemgetter, sub
from pickle import dumps
from typing import Any, Final

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, W3PerDocReader, _lenfield
from whoosh.filedb.filetables import OrderedHashWriter, md5_hash
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

__all__ = ["WRITER_PRIVATE_NAMES", "TermPool", "TermSegmentWriter", "write_terms"]

WRITER_PRIVATE_NAMES: Final = (
    "_check_state",
    "_doc_boost",
    "_field_boost",
    "_check_fields",
    "_postfile",
    "_tindex",
    "_fieldid",
)
_POSTING: Final = struct.Struct("=ddd")  # a posting in the pool: document, weight, value's size
_TERM_BYTES: Final = 150  # what a new term is taken to cost in memory, besides its text
_RUN_TERMS: Final = 4096  # terms per block of a spilled run
_MAX_RUNS: Final = 32  # runs kept apart; past this they are merged into one
# A run block's eight parts, their sizes in bytes first: the field names (UTF-8, one per line),
# then per term its field's number, the sizes of its text, postings and values; then the
# texts, the postings and the values, each run together.
_HEAD: Final = struct.Struct("<8Q")
_TERMINFO: Final = struct.Struct("!BfIBBfII")  # `W3TermInfo._struct`
_ROW_LENGTHS: Final = struct.Struct("!ii")  # a term table row's key and value sizes
_WRITE_TERMS: Final = 2048  # terms' posting blocks and rows written at a time

# One term's postings: its field, its text, and its documents, weights and values in order.
TermPostings = tuple[str, bytes, list[int], list[float], list[Any]]


class TermPool:
    """Postings grouped per field and term while documents are added; sorted runs spilled to
    the writer's scratch storage past `limitmb`.

    A term's postings are two byte strings: its documents, weights and value lengths as
    doubles, and its values run together. So the pool holds no Python object per posting (a
    build's millions of them made the cyclic garbage collector walk them all, again and
    again), and a run is written and read back one term at a time, not one posting.

    Stands in for Whoosh's `PostingPool` (`add`, `iter_postings`, `cleanup` work as there, for
    Whoosh's own commit and merges); `add_terms` and `terms` are the fast path."""

    def __init__(self, tempstore: Any, limitmb: int) -> None:
        self._tempstore = tempstore
        self._limit = limitmb * 1024 * 1024
        self._size = 0
        self._fixed: dict[str, dict[bytes, bytearray]] = {}
        self._values: dict[str, dict[bytes, bytearray]] = {}
        self._runs: list[str] = []
        self.fieldnames: set[str] = set()

    def _field(self, fieldname: str) -> tuple[dict[bytes, bytearray], dict[bytes, bytearray]]:
        fixed = self._fixed.get(fieldname)
        if fixed is None:
            fixed = self._fixed[fieldname] = {}
            self._values[fieldname] = {}
            self.fieldnames.add(fieldname)
        return fixed, self._values[fieldname]

    def add_terms(
        self, fieldname: str, docnum: int, items: Iterable[Any], boost: float, scorable: bool
    ) -> int:
        """A document's postings of one field (`FieldType.index`'s tuples), weights times
        `boost`; returns the field's length (the sum of frequencies) if `scorable`, else 0."""
        fixed, values = self._field(fieldname)
        pack = _POSTING.pack
        length = 0
        size = 0
        for text, freq, weight, value in items:
            found = fixed.get(text)
            if found is None:
                found = fixed[text] = bytearray()
                size += _TERM_BYTES + len(text)
            if value:
                n = len(value)
                found += pack(docnum, weight * boost, n)
                kept = values.get(text)
                if kept is None:
                    kept = values[text] = bytearray()
                kept += value
                size += n
            else:
                found += pack(docnum, weight * boost, 0)
            length += freq
            size += _POSTING.size
        self._size += size
        if self._size > self._limit:
            self._save()
        return length if scorable else 0

    def add(self, item: tuple[str, bytes, int, float, Any]) -> None:
        """One posting, as Whoosh's pool takes it (merges of other segments)."""
        fieldname, text, docnum, weight, value = item
        self.add_terms(fieldname, docnum, [(text, 1, weight, value)], 1.0, False)

    def terms(self) -> Iterator[TermPostings]:
        """Every term's postings, by field name and then term (as Whoosh sorts them); a term
        spilled to several runs has its postings joined in run order, which is document
        order."""
        current = _memory_terms(self._fixed, self._values)
        self._fixed, self._values = {}, {}
        if self._runs:
            current = _merged([*(self._read_run(path) for path in self._runs), current])
        for fieldname, text, fixed, values in current:
            yield (fieldname, text, *_decoded(fixed, values))

    def iter_postings(self) -> Iterator[tuple[str, bytes, int, float, Any]]:
        """Every posting as one tuple, in Whoosh's order (for Whoosh's own flush)."""
        for fieldname, text, docs, weights, values in self.terms():
            for docnum, weight, value in zip(docs, weights, values, strict=True):
                yield fieldname, text, docnum, weight, value

    def cleanup(self) -> None:
        for path in self._runs:
            self._remove_run(path)
        self._runs = []

    # Runs -------------------------------------------------------------------------------

    def _save(self) -> None:
        self._runs.append(self._write_run(_memory_terms(self._fixed, self._values)))
        self._fixed, self._values = {}, {}
        self._size = 0
        if len(self._runs) >= _MAX_RUNS:  # one file open per run at the flush: join them
            runs, self._runs = self._runs, []
            self._runs.append(self._write_run(_merged([self._read_run(p) for p in runs])))
            for path in runs:
                self._remove_run(path)

    def _write_run(self, terms: Iterable[_RawTerm]) -> str:
        from whoosh.util import random_name

        path = f"{random_name()}.run"
        f = self._tempstore.create_file(path).raw_file()
        try:
            block: list[_RawTerm] = []
            for term in terms:
                block.append(term)
                if len(block) >= _RUN_TERMS:
                    _write_run_block(f, block)
                    block = []
            if block:
                _write_run_block(f, block)
        finally:
            f.close()
        return path

    def _read_run(self, path: str) -> Iterator[_RawTerm]:
        f = self._tempstore.open_file(path).raw_file()
        try:
            while True:
                head = f.read(_HEAD.size)
                if len(head) < _HEAD.size:
                    return
                yield from _read_run_block([f.read(n) for n in _HEAD.unpack(head)])
        finally:
            f.close()

    def _remove_run(self, path: str) -> None:
        with contextlib.suppress(OSError):
            self._tempstore.delete_file(path)


_RawTerm = tuple[str, bytes, bytes | bytearray, bytes | bytearray]  # field, text, postings, values


def _memory_terms(
    fixed: dict[str, dict[bytes, bytearray]], values: dict[str, dict[bytes, bytearray]]
) -> Iterator[_RawTerm]:
    for fieldname in sorted(fixed):
        terms, kept = fixed[fieldname], values[fieldname]
        empty = bytearray()
        for text in sorted(terms):
            yield fieldname, text, terms[text], kept.get(text, empty)


def _decoded(
    fixed: bytes | bytearray, values: bytes | bytearray
) -> tuple[list[int], list[float], list[bytes]]:
    if len(fixed) == _POSTING.size:  # one document (most terms): no arrays to slice
        doc, weight, size = _POSTING.unpack(fixed)
        return [int(doc)], [weight], [bytes(values[: int(size)]) if values else b""]
    numbers = array("d", fixed)
    docs = list(map(int, numbers[0::3]))
    weights = numbers[1::3].tolist()
    if not values:
        return docs, weights, [b""] * len(docs)
    sizes = list(map(int, numbers[2::3]))
    data = bytes(values)
    ends = list(accumulate(sizes))
    return docs, weights, [data[e - n : e] for e, n in zip(ends, sizes, strict=True)]


def _merged(sources: list[Iterator[_RawTerm]]) -> Iterator[_RawTerm]:
    """The terms of sorted runs merged; a term in several runs joined in run order."""
    streams = [_keyed(source, n) for n, source in enumerate(sources)]
    merged = heapq.merge(*streams, key=itemgetter(0))
    for _key, group in groupby(merged, key=lambda item: item[0][:2]):
        parts = [item[1] for item in group]
        first = parts[0]
        if len(parts) == 1:
            yield first
        else:
            fixed = b"".join(part[2] for part in parts)
            yield first[0], first[1], fixed, b"".join(part[3] for part in parts)


def _keyed(source: Iterator[_RawTerm], n: int) -> Iterator[tuple[tuple[str, bytes, int], _RawTerm]]:
    for term in source:
        yield (term[0], term[1], n), term


def _write_run_block(f: Any, block: list[_RawTerm]) -> None:
    names: dict[str, int] = {}
    fields, sizes, fixed_sizes, value_sizes = array("I"), array("q"), array("q"), array("q")
    for fieldname, text, fixed, values in block:
        fields.append(names.setdefault(fieldname, len(names)))
        sizes.append(len(text))
        fixed_sizes.append(len(fixed))
        value_sizes.append(len(values))
    parts = [
        "\n".join(names).encode("utf-8"),
        fields.tobytes(),
        sizes.tobytes(),
        fixed_sizes.tobytes(),
        value_sizes.tobytes(),
        b"".join(term[1] for term in block),
        b"".join(term[2] for term in block),
        b"".join(term[3] for term in block),
    ]
    f.write(_HEAD.pack(*(len(p) for p in parts)))
    for part in parts:
        f.write(part)


def _read_run_block(parts: list[bytes]) -> Iterator[_RawTerm]:
    names = parts[0].decode("utf-8").split("\n")
    fields, sizes, fixed_sizes, value_sizes = (
        array(code, part) for code, part in zip("Iqqq", parts[1:5], strict=True)
    )
    texts, fixed, values = parts[5], parts[6], parts[7]
    t = p = v = 0
    for i, field in enumerate(fields):
        n, m, k = sizes[i], fixed_sizes[i], value_sizes[i]
        yield names[field], texts[t : t + n], fixed[p : p + m], values[v : v + k]
        t, p, v = t + n, p + m, v + k


class TermSegmentWriter(SegmentWriter):  # type: ignore[misc]
    """Whoosh's segment writer with a `TermPool`: `add_document` is Whoosh's, step for step,
    except that each field's postings go to the pool in one call (`TermPool.add_terms`)."""

    def add_document(self, **fields: Any) -> None:
        pool = self.pool
        if not isinstance(pool, TermPool):
            super().add_document(**fields)
            return
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        docboost = self._doc_boost(fields)
        fieldnames = sorted([name for name in fields if not name.startswith("_")])
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    boost = self._field_boost(fields, fieldname, docboost)
                    length = pool.add_terms(
                        fieldname, docnum, field.index(value), boost, field.scorable
                    )
                if field.separate_spelling() or field.vector:
                    raise TypeError(f"{fieldname}: spelling and vector fields are not written")
                customval = fields.get(f"_stored_{fieldname}", value)
                perdocwriter.add_field(
                    fieldname, field, customval if field.stored else None, length
                )
                column = field.column_type
                if column and customval is not None:
                    perdocwriter.add_column_value(
                        fieldname, column, field.to_column_value(customval)
                    )
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1


def write_terms(writer: Any, terms: Iterable[TermPostings]) -> None:
    """A flush's postings, `TermPool.terms`, into `writer`'s field writer: what Whoosh's
    `FieldWriter.add_postings` writes from the same postings one at a time. The posting
    blocks and the term table's rows (`OrderedHashWriter.add`: a row, its key's hash in a
    bucket, its place in the index) are written a batch of terms at a time."""
    fieldwriter = writer.fieldwriter
    codec = writer.codec
    blocklimit, compression = codec._blocklimit, codec._compression
    if codec._inlinelimit > 1:
        raise TypeError("a codec that inlines postings")
    postfile, tindex = fieldwriter._postfile, fieldwriter._tindex
    if type(tindex) is not OrderedHashWriter or tindex.hashfn is not md5_hash:
        raise TypeError(f"a term table other than Whoosh 3's: {tindex!r}")
    reader = writer.per_document_reader() if codec.length_stats else None
    table = tindex.dbfile
    buckets = tindex.buckets
    try:
        for fieldname, group in groupby(terms, key=itemgetter(0)):
            fieldobj = writer.schema[fieldname]
            fieldwriter.start_field(fieldname, fieldobj)
            prefix = pack_ushort(fieldwriter._fieldid)
            fixed = fieldobj.format.fixed_value_size()
            lengths = _lengths(reader, fieldname) if fieldobj.scorable else None
            post_at, row_at = postfile.tell(), table.tell()
            posts: list[bytes] = []
            rows: list[bytes] = []
            places: list[int] = []
            key = b""
            # A term in one document without positions (most of a segment's terms: rare words
            # and word pairs) has the same blocks as every other such term of that document
            # with its weight; only its place in the posting file differs (the info's tail).
            single: dict[tuple[int, float], tuple[bytes, bytes]] = {}
            for _, text, docs, weights, values in group:
                if len(docs) == 1 and not values[0]:
                    one = (docs[0], weights[0])
                    known = single.get(one)
                    if known is None:
                        data, info = _term_bytes(
                            0, docs, weights, values, lengths, fixed, blocklimit, compression
                        )
                        known = single[one] = data, info[:-_PLACE_SIZE]
                    data = known[0]
                    info = known[1] + pack_long(post_at) + pack_int(len(data))
                else:
                    data, info = _term_bytes(
                        post_at, docs, weights, values, lengths, fixed, blocklimit, compression
                    )
                posts.append(data)
                post_at += len(data)
                key = prefix + text
                row = _ROW_LENGTHS.pack(len(key), len(info)) + key + info
                rows.append(row)
                h = md5_hash(key)
                buckets[h & 255].append((h, row_at))
                places.append(row_at)
                row_at += len(row)
                if len(posts) >= _WRITE_TERMS:
                    postfile.write(b"".join(posts))
                    table.write(b"".join(rows))
                    posts, rows = [], []
            postfile.write(b"".join(posts))
            table.write(b"".join(rows))
            _extend(tindex.index, places)
            if places:
                tindex.lastkey = key
            fieldwriter.finish_field()
    finally:
        if reader is not None:
            reader.close()


_PLACE_SIZE: Final = len(pack_long(0)) + len(pack_int(0))  # a term info's offset and size


def _extend(index: Any, places: list[int]) -> None:
    """`GrowableArray.extend`: at once when the places fit its type, else one at a time
    (its `append` then widens the type as Whoosh's does)."""
    current = index.array
    if isinstance(current, array):
        try:
            more = array(current.typecode, places)
        except OverflowError:
            pass
        else:
            current.extend(more)
            return
    index.extend(places)


def _compress(data: bytes, level: int) -> bytes:
    """`zlib.compress(data, level)`, remembered: a block of a rare term is often the same
    bytes as another's (a word pair found in one document: that document's number alone),
    and each call of zlib costs tens of microseconds (setting up its state), most of a
    small term's writing."""
    if len(data) > _COMPRESSED_SIZE:  # a longer block (positions, many documents) is unique
        return zlib.compress(data, level)
    key = (data, level)
    found = _COMPRESSED.get(key)
    if found is None:
        if len(_COMPRESSED) >= _COMPRESSED_LIMIT:
            _COMPRESSED.clear()
        found = _COMPRESSED[key] = zlib.compress(data, level)
    return found


_COMPRESSED: dict[tuple[bytes, int], bytes] = {}
_COMPRESSED_LIMIT: Final = 100_000  # blocks remembered; the memory starts again past this
_COMPRESSED_SIZE: Final = 96  # bytes of the longest block remembered


def _lengths(reader: Any, fieldname: str) -> list[int] | None:
    """Each document's length of `fieldname` as the flush reads it (`doc_field_length`: the
    length byte decoded, 0 for none), or None if the segment keeps none."""
    if not isinstance(reader, W3PerDocReader):
        return None
    column = reader._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None:
        return None
    return [byte_to_length(b) if b else 0 for b in column]


def _term_bytes(
    start: int,
    docs: list[int],
    weights: list[float],
    values: list[Any],
    lengths: list[int] | None,
    fixed: int | None,
    blocklimit: int,
    compression: int,
) -> tuple[bytes, bytes]:
    """One term's posting blocks and its term info, byte for byte as `W3PostingsWriter` and
    `W3TermInfo.to_bytes` write them."""
    out = [WHOOSH3_HEADER_MAGIC]
    total_weight: float = 0
    df = 0
    term_min: int | None = None
    term_max = 0
    term_weight: float = 0
    n = len(docs)
    for i in range(0, n, blocklimit):
        j = min(i + blocklimit, n)
        ids = docs[i:j]
        raw = weights[i:j]
        floats = array("f", raw)
        top = max(raw)
        if not top > 0:
            top = 0
        if lengths is None:
            low: int | None = None
            high = 0
        else:
            present = [x for x in (lengths[d] for d in ids) if x]
            low = min(present) if present else None
            high = max(present) if present else 0
        k = len(floats)
        if floats.count(1.0) == k:
            mini_weights: Any = None
        elif floats.count(floats[0]) == k:
            mini_weights = floats[0]
        else:
            mini_weights = tuple(floats)
        kept = [v for v in values[i:j] if v]
        if fixed is None or fixed < 0:
            mini_values: Any = tuple(kept)
        elif fixed == 0:
            mini_values = None
        else:
            mini_values = b"".join(kept)
        deltas = (ids[0], *map(sub, ids[1:], ids[:-1]))
        data = dumps((deltas, mini_weights, mini_values), 2)
        if compression:
            data = _compress(data, compression)
        info = dumps((k, ids[-1], top, compression, length_to_byte(low), length_to_byte(high)), 2)
        size = len(info) + len(data)
        out.append(pack_int(-size if j == n else size))
        out.append(info)
        out.append(data)
        # `W3TermInfo.add_block`
        total_weight += sum(floats)
        df += k
        term_min = low if term_min is None else min(term_min, low)  # type: ignore[type-var]
        term_max = max(term_max, high)
        term_weight = max(term_weight, top)
    body = b"".join(out)
    info_bytes = _TERMINFO.pack(
        False,
        total_weight,
        df,
        0 if term_min is None else length_to_byte(term_min),
        length_to_byte(term_max),
        term_weight,
        docs[0],
        docs[-1],
    )
    return body, info_bytes + pack_long(start) + pack_int(len(body))
