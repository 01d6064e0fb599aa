"""The writing side of the index, as the build uses it: one update's writer, and a worker's.

Why this module exists: the build (`briefing.build`) decides what to read and parses it; the
index only stores. `IndexWriter` is what an open index hands the build for one update: what is
stored per source file (record hashes, context years), deletions, finished articles, the
segments worker processes wrote, then commit (or cancel) with the vocabulary and the source
hashes. `SegmentBuilder` is the same for a worker process: finished articles into a segment of
its own. Neither parses anything.
"""

from __future__ import annotations

import contextlib
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from whoosh import index as whoosh_index
from whoosh.query import And, Term

from briefing.index.files import CACHE_FOLDER, SourceHashes, add_words, write_meta
from briefing.index.integrity import engine_errors, index_files
from briefing.index.schema import document, words_of
from briefing.index.whoosh_internals import (
    commit_with_segments,
    finish_unlocked,
    segment_from_state,
    segment_state,
    unlocked_writer,
)
from briefing.models import Article

__all__ = ["INDEX_NAME", "IndexWriter", "Segment", "SegmentBuilder"]

INDEX_NAME: Final = "briefing"
WORKER_MB: Final = (
    256  # posting pool per worker process of a parallel build (see `whoosh_internals`)
)


@dataclass(frozen=True, slots=True)
class Segment:
    """A segment a worker process wrote, to be committed by the update's `IndexWriter`.
    Opaque outside the index: it crosses the worker pipe as `to_json`'s JSON values."""

    handle: Any

    def to_json(self) -> dict[str, Any]:
        return segment_state(self.handle)

    @classmethod
    def from_json(cls, data: Any) -> Segment:
        """The segment back from `to_json`; `ValueError` if `data` is not one."""
        return cls(segment_from_state(data))


class IndexWriter:
    """One update's writes. Get it from `CorpusIndex.writer()`; end with `finish` or `cancel`."""

    def __init__(
        self,
        writer: Any,
        directory: Path,
        on_commit: Callable[[], None],
        *,
        replace: bool = False,
    ) -> None:
        self._writer = writer
        self.directory = directory
        self._on_commit = on_commit
        # Every article is read again and the commit keeps only what this update wrote: what
        # is stored counts for nothing (no record is kept, no year is context, nothing needs
        # deleting), and the old articles stay searchable until the commit.
        self.replace = replace
        self._records: _StoredRecords | None = None
        self._searcher: Any = None  # for deletions, opened on the first
        self._segments: list[Any] = []
        self._deleted_keys: set[str] = set()
        self._deleted_records: set[tuple[str, str]] = set()  # (source key, article id)
        self._ended = False
        self.words: set[str] = set()

    # What is stored ---------------------------------------------------------------------

    def records_of(self, key: str) -> dict[str, str]:
        """The records indexed from source file `key`: article id -> record hash."""
        if self.replace:
            return {}
        with engine_errors(self.directory):
            if self._records is None:
                self._records = _StoredRecords(self._writer.reader())
            return self._records.of(key)

    def context_years(self) -> Counter[int]:
        """The context years (`ingest.context_year`) of the stored articles that stay."""
        self._close_records()
        if self.replace:
            return Counter()
        with engine_errors(self.directory), self._writer.reader() as reader:
            return _stored_years(reader, self._deleted_keys, self._deleted_records)

    # Changes ----------------------------------------------------------------------------

    def delete_source(self, key: str) -> None:
        if not self.replace:
            self._writer.delete_by_term("source_key", key)
        self._deleted_keys.add(key)

    def delete_record(self, key: str, article_id: str) -> None:
        """Delete the article `article_id` read from source file `key` (and only that one:
        an article of another file never goes with it)."""
        if self.replace:
            return
        if self._searcher is None:
            self._searcher = self._writer.searcher()
        query = And([Term("source_key", key), Term("id", article_id)])
        self._writer.delete_by_query(query, searcher=self._searcher)
        self._deleted_records.add((key, article_id))

    def add(self, article: Article, key: str) -> None:
        """Store a finished article read from source file `key`."""
        self._writer.add_document(**document(article, key))
        self.words |= words_of(article)

    def add_segments(self, segments: list[Segment], words: set[str]) -> None:
        """Segments worker processes wrote (in reading order), and their vocabulary."""
        self._segments.extend(s.handle for s in segments)
        self.words |= words

    # Ending -----------------------------------------------------------------------------

    def finish(self, hashes: SourceHashes, *, changed: bool) -> None:
        """Commit if anything `changed` (else keep the generation, and caches keyed on it),
        then record the source hashes and let the index's searcher see the commit."""
        self._close_records()
        self._ended = True
        try:
            # The vocabulary is written first: if the commit fails it merely holds extra words.
            add_words(self.directory, self.words, replace=self.replace)
            if self.replace:  # what later layers kept described the old reading
                shutil.rmtree(self.directory / CACHE_FOLDER, ignore_errors=True)
            with engine_errors(self.directory):
                if changed or self.replace:
                    commit_with_segments(self._writer, self._segments, replace=self.replace)
                else:
                    self._writer.cancel()
        except BaseException:
            _quietly_cancel(self._writer)
            raise
        write_meta(self.directory, hashes, index_files(self.directory))
        self._on_commit()

    def cancel(self) -> None:
        """Drop this update's changes (nothing if it already ended)."""
        with contextlib.suppress(Exception):
            self._close_records()
        if not self._ended:
            self._ended = True
            _quietly_cancel(self._writer)

    def _close_records(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        if self._records is not None:
            self._records.close()
            self._records = None


def _quietly_cancel(writer: Any) -> None:
    """Cancel a writer on the way out of a failed update: what went wrong is already being
    reported, and the cancel's own error (its files half gone) would only hide it."""
    with contextlib.suppress(Exception):
        writer.cancel()
    lock = getattr(writer, "writelock", None)  # a cancel that failed half-way keeps it
    if lock is not None and getattr(lock, "fd", None) is not None:
        with contextlib.suppress(Exception):
            lock.release()


class SegmentBuilder:
    """A worker process's writer: finished articles into a new segment of the index in
    `directory`, without the write lock (the main process holds it)."""

    def __init__(self, directory: Path) -> None:
        ix = whoosh_index.open_dir(str(directory), indexname=INDEX_NAME)
        self._writer: Any = unlocked_writer(ix, WORKER_MB)

    def add(self, article: Article, key: str) -> set[str]:
        """Store `article`; returns its words for the vocabulary."""
        self._writer.add_document(**document(article, key))
        return words_of(article)

    def finish(self) -> Segment | None:
        """The segment written, or None if nothing was added."""
        writer, self._writer = self._writer, None
        handle = finish_unlocked(writer)
        return None if handle is None else Segment(handle)

    def cancel(self) -> None:
        if self._writer is not None:
            writer, self._writer = self._writer, None
            writer.cancel()


class _StoredRecords:
    """The records the index holds per source file (id -> record hash), looked up per file.

    One reader for a whole update. Looked up segment by segment: only the segments that hold
    the file's articles have their columns opened (opening a column of a 50,000-article
    segment reads its offsets, a quarter of a one-file update's time)."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._columns: dict[int, tuple[Any, Any]] = {}  # leaf reader's number -> columns

    def of(self, key: str) -> dict[str, str]:
        found: dict[str, str] = {}
        for number, (leaf, _offset) in enumerate(self._reader.leaf_readers()):
            if leaf.doc_count() == 0 or ("source_key", key) not in leaf:
                continue
            docnums = list(leaf.postings("source_key", key).all_ids())
            if not docnums:
                continue
            columns = self._columns.get(number)
            if columns is None:
                columns = self._columns[number] = (
                    leaf.column_reader("id", translate=True),
                    leaf.column_reader("record_hash", translate=True),
                )
            ids, hashes = columns
            for d in docnums:
                found[ids[d]] = hashes[d]
        return found

    def close(self) -> None:
        self._reader.close()


def _stored_years(
    reader: Any, deleted_keys: set[str], deleted_records: set[tuple[str, str]]
) -> Counter[int]:
    years: Counter[int] = Counter()
    if reader.doc_count() == 0:
        return years
    keys = reader.column_reader("source_key", translate=True)
    ids = reader.column_reader("id", translate=True)
    column = reader.column_reader("context_year", translate=True)
    for docnum in reader.all_doc_ids():
        year = column[docnum]
        key = keys[docnum]
        if year and key not in deleted_keys and (key, ids[docnum]) not in deleted_records:
            years[year] += 1
    return years
