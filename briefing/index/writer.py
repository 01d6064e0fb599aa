"""The writing side of the index, as the build uses it: one update's writer, and a worker's.

Why this module exists: the build (`briefing.build`) decides what to read and parses it; the
index only stores. `IndexWriter` is what an open index hands the build for one update: what is
stored per source file (record hashes, context years), deletions, finished articles, the
segments worker processes wrote, then commit (or cancel) with the vocabulary and the source
hashes. `SegmentBuilder` is the same for a worker process: finished articles into a segment of
its own. Neither parses anything.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from whoosh import index as whoosh_index

from briefing.index.files import SourceHashes, add_words, write_meta
from briefing.index.schema import document, words_of
from briefing.index.whoosh_internals import (
    commit_with_segments,
    finish_unlocked,
    unlocked_writer,
)
from briefing.models import Article

__all__ = ["INDEX_NAME", "IndexWriter", "Segment", "SegmentBuilder"]

INDEX_NAME: Final = "briefing"
WORKER_MB: Final = 128  # per worker process of a parallel build


@dataclass(frozen=True, slots=True)
class Segment:
    """A segment a worker process wrote, to be committed by the update's `IndexWriter`.
    Opaque outside the index (it crosses the worker pipe pickled)."""

    handle: Any


class IndexWriter:
    """One update's writes. Get it from `CorpusIndex.writer()`; end with `finish` or `cancel`."""

    def __init__(self, writer: Any, directory: Path, on_commit: Callable[[], None]) -> None:
        self._writer = writer
        self.directory = directory
        self._on_commit = on_commit
        self._records: _StoredRecords | None = None
        self._segments: list[Any] = []
        self._deleted_keys: set[str] = set()
        self._deleted_ids: set[str] = set()
        self._ended = False
        self.words: set[str] = set()

    # What is stored ---------------------------------------------------------------------

    def records_of(self, key: str) -> dict[str, str]:
        """The records indexed from source file `key`: article id -> record hash."""
        if self._records is None:
            self._records = _StoredRecords(self._writer.reader())
        return self._records.of(key)

    def context_years(self) -> Counter[int]:
        """The context years (`ingest.context_year`) of the stored articles that stay."""
        self._close_records()
        with self._writer.reader() as reader:
            return _stored_years(reader, self._deleted_keys, self._deleted_ids)

    # Changes ----------------------------------------------------------------------------

    def delete_source(self, key: str) -> None:
        self._writer.delete_by_term("source_key", key)
        self._deleted_keys.add(key)

    def delete_id(self, article_id: str) -> None:
        self._writer.delete_by_term("id", article_id)
        self._deleted_ids.add(article_id)

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
            add_words(self.directory, self.words)
            if changed:
                commit_with_segments(self._writer, self._segments)
            else:
                self._writer.cancel()
        except BaseException:
            self._writer.cancel()
            raise
        write_meta(self.directory, hashes)
        self._on_commit()

    def cancel(self) -> None:
        """Drop this update's changes (nothing if it already ended)."""
        self._close_records()
        if not self._ended:
            self._ended = True
            self._writer.cancel()

    def _close_records(self) -> None:
        if self._records is not None:
            self._records.close()
            self._records = None


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

    One reader for a whole update; the columns are only opened if a file has records."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._empty = reader.doc_count() == 0  # an empty index has no columns at all
        self._columns: tuple[Any, Any] | None = None

    def of(self, key: str) -> dict[str, str]:
        reader = self._reader
        if self._empty or ("source_key", key) not in reader:
            return {}
        if self._columns is None:
            self._columns = (
                reader.column_reader("id", translate=True),
                reader.column_reader("record_hash", translate=True),
            )
        ids, hashes = self._columns
        docnums = reader.postings("source_key", key).all_ids()
        return {ids[d]: hashes[d] for d in docnums}

    def close(self) -> None:
        self._reader.close()


def _stored_years(reader: Any, deleted_keys: set[str], deleted_ids: set[str]) -> Counter[int]:
    years: Counter[int] = Counter()
    if reader.doc_count() == 0:
        return years
    keys = reader.column_reader("source_key", translate=True)
    ids = reader.column_reader("id", translate=True)
    column = reader.column_reader("context_year", translate=True)
    for docnum in reader.all_doc_ids():
        year = column[docnum]
        if year and keys[docnum] not in deleted_keys and ids[docnum] not in deleted_ids:
            years[year] += 1
    return years
