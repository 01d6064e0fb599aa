"""`CorpusIndex`: the index of one corpus folder, as the rest of briefing sees it.

Why this module exists: it is the facade over the index package. It opens (creating or
rebuilding) a corpus's Whoosh index, keeps one searcher open between calls and reopens it only
after a commit, answers searches with plain records, reads articles back, and hands the build
an `IndexWriter` for an update. Calls are serialised by a lock, so an app may call from a worker
thread. It never parses: bringing an index in line with its corpus is `briefing.build`'s job.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, Final

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.query import Every
from whoosh.sorting import FieldFacet

import briefing.index.ranking as ranking
import briefing.index.whoosh_query as whoosh_query
from briefing.errors import BriefingError, IndexUnavailable
from briefing.index.files import (
    CACHE_FOLDER,
    WORDS_FILE,
    SourceHashes,
    Vocabulary,
    add_words,
    read_meta,
    read_sources,
    write_meta,
)
from briefing.index.integrity import (
    LOCK_NAME,
    check,
    clean_leftovers,
    engine_errors,
    index_files,
    lock_in_the_way,
)
from briefing.index.location import resolve_index_dir
from briefing.index.matches import Segments
from briefing.index.pairs import fast
from briefing.index.patterns import PatternWords
from briefing.index.records import SearchHit, SearchResult
from briefing.index.schema import SCHEMA_VERSION, article_of, document, schema, words_of
from briefing.index.snippets import Highlighter
from briefing.index.spelling import Speller
from briefing.index.whoosh_internals import unlocked_writer
from briefing.index.writer import INDEX_NAME, IndexWriter
from briefing.models import Article
from briefing.query import MAX_QUERY_CHARS, QueryError

__all__ = ["SORTS", "CorpusIndex"]

SORTS: Final = ("relevance", "date")
DECODED_KEPT: Final = 200  # hit rows kept decoded (a few pages of hits)
_WRITER_MB: Final = 256


class CorpusIndex:
    """The index of one corpus folder. Open with `CorpusIndex.open`; cheap to keep around."""

    def __init__(
        self,
        ix: Any,
        corpus: Path,
        directory: Path,
        rebuilt: bool = False,
        damage: str | None = None,
    ) -> None:
        self._ix = ix
        self.corpus = corpus
        self.directory = directory
        self.rebuilt = rebuilt  # new or rebuilt, and not yet committed by an update
        self.damage = damage  # why the index found on opening was rebuilt (None: it was whole)
        self.cleaned = 0  # leftovers of killed builds removed on opening
        vocabulary = Vocabulary(directory)
        # wildcards of the text fields match the corpus's words, then stand for their stems
        self._parser = whoosh_query.parser(ix.schema, PatternWords(vocabulary.words))
        self._highlighter = Highlighter()
        self._speller = Speller(vocabulary)
        # One searcher, kept open and refreshed when the index changed (opening one reads every
        # segment's term index); the lock lets an app call from a worker thread.
        self._searcher: Any = None
        self._segments: Segments | None = None  # the searcher's match sets and outlet sets
        # the hit rows decoded last, of this searcher: typing a word shows the same ones again
        self._decoded: OrderedDict[int, Article] = OrderedDict()
        self._decoded_for: Any = None
        self._lock = threading.RLock()

    # Opening ------------------------------------------------------------------------------

    @classmethod
    def open(
        cls, corpus: Path, index_dir: Path | None = None, *, rebuild: bool = False
    ) -> CorpusIndex:
        """Open (creating or rebuilding as needed) the index of `corpus`.

        The index lives in `index_dir`, else `$BRIEFING_INDEX_DIR`, else `default_index_dir`.
        A damaged index (see `integrity.check`) is rebuilt, saying why in `damage`; leftovers
        of killed builds are removed (`cleaned`) when no build is running. Raises
        `BriefingError` if the directory cannot be created, `IndexUnavailable` if a new index
        is needed but the folder cannot be written.
        """
        directory = resolve_index_dir(corpus, index_dir)
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BriefingError(
                f"{directory}: cannot create the index folder: {exc.strerror or exc}"
            ) from exc
        lock_in_the_way(directory, remove=rebuild)
        meta = read_meta(directory)
        damage = None
        if not rebuild and meta.get("schema_version") == SCHEMA_VERSION:
            searcher = None
            try:
                ix = whoosh_index.open_dir(str(directory), indexname=INDEX_NAME)
                searcher = ix.searcher()
                damage = check(searcher, directory, meta.get("files"))
            except Exception as exc:  # missing, damaged, or written by another Whoosh
                damage = f"{type(exc).__name__}: {exc}"[:200]
            if damage is None:
                opened = cls._opened(ix, corpus, directory)
                opened._searcher = searcher  # the one the check opened, kept
                return opened
            if searcher is not None:
                with contextlib.suppress(Exception):
                    searcher.close()
        return cls._opened(_create(directory), corpus, directory, rebuilt=True, damage=damage)

    def twin(self) -> CorpusIndex:
        """A second handle on this index as it was last committed, with files of its own: for
        a forked process, which must not read through its parent's open files (a file's
        offset is shared across a fork, so two processes reading one would read each other's
        places). No check, no cleaning: the parent opened and checked it."""
        ix = whoosh_index.open_dir(str(self.directory), indexname=INDEX_NAME)
        return CorpusIndex(ix, self.corpus, self.directory)

    @classmethod
    def _opened(cls, ix: Any, corpus: Path, directory: Path, **kwargs: Any) -> CorpusIndex:
        index = cls(ix, corpus, directory, **kwargs)
        index.cleaned = clean_leftovers(directory)
        return index

    # The searcher ---------------------------------------------------------------------------

    def _current(self) -> Any:
        """The open searcher, refreshed if a commit (ours or another process's) changed the
        index. Call with `self._lock` held."""
        s = self._searcher
        if s is not None and not s.up_to_date():
            # Not `Searcher.refresh()`: Whoosh 2.7's refresh keeps the old segments' readers
            # beside the new ones (`FileIndex._reader(reuse=...)`), so deleted articles
            # would still be found. A new searcher costs a few ms, only after a commit.
            s.close()
            s = None
        if s is None:
            s = self._searcher = self._ix.searcher()
        return s

    def _counter(self, s: Any) -> Segments:
        """The open searcher's per-segment sets (made on its first search, from those of the
        searcher before it for the segments both hold)."""
        if self._segments is None or self._segments.searcher is not s:
            self._segments = Segments(s, self._segments)
        return self._segments

    def _refresh(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._current()

    def close(self) -> None:
        """Close the open searcher (files stay open until then). The index stays usable."""
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
                self._segments = None
                self._decoded.clear()
                self._decoded_for = None

    def __enter__(self) -> CorpusIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Reading ------------------------------------------------------------------------------

    def count(self) -> int:
        """How many articles the index holds."""
        with engine_errors(self.directory):
            return int(self._ix.doc_count())

    def get(self, article_id: str) -> Article | None:
        with self._lock, engine_errors(self.directory):
            stored = self._current().document(id=article_id)
            return article_of(stored) if stored else None

    def all_articles(self, *, slim: bool = False) -> list[Article]:
        """Every indexed article, read back from the index (not the corpus), sorted by id.

        `slim` leaves out the bulky text (body, lede, quotes) and keeps the rest (headline,
        dates, people, places, dated references): what a timeline needs, at a fraction of the
        memory on a large corpus. `get` gives an article whole.
        """
        with self._lock, engine_errors(self.directory):
            stored = self._current().all_stored_fields()
            if slim:
                out = [replace(article_of(f), body=(), lede=None, quotes=()) for f in stored]
            else:
                out = [article_of(f) for f in stored]
        return sorted(out, key=lambda a: a.id)

    def each_article(self, *, slim: bool = False) -> Iterator[Article]:
        """Every indexed article, one at a time, in index order (none is kept): for a pass over
        a large corpus that must not hold it all (`slim` as in `all_articles`). The index is
        locked until the iteration ends."""
        with self._lock, engine_errors(self.directory):
            for f in self._current().all_stored_fields():
                a = article_of(f)
                yield replace(a, body=(), lede=None, quotes=()) if slim else a

    def article_hashes(self) -> dict[str, str]:
        """Every article's id and content hash, from the index's columns (no article is
        decoded): what an event update diffs against."""
        with self._lock:
            reader = self._current().reader()
            ids = reader.column_reader("id")
            hashes = reader.column_reader("record_hash")
            return {str(ids[d]): str(hashes[d]) for d in reader.all_doc_ids()}

    def articles_by_id(self, ids: Iterable[str]) -> list[Article]:
        """The articles with these ids, whole, in the order given (unknown ids left out)."""
        found = (self.get(i) for i in ids)
        return [a for a in found if a is not None]

    def stored_documents(self) -> list[dict[str, Any]]:
        """Every article's document exactly as given to Whoosh, in index order: for the
        benchmark's bare-Whoosh reference."""
        with self._lock:
            stored = list(self._current().all_stored_fields())
        return [document(article_of(f), f["source_key"]) for f in stored]

    def outlets(self) -> tuple[tuple[str, int], ...]:
        """Article counts per outlet over the whole index, most first."""
        with self._lock, engine_errors(self.directory):
            return self._counter(self._current()).count(Every())[1]

    # Searching ----------------------------------------------------------------------------

    def search(
        self,
        query: str,
        limit: int = 20,
        sort: str = "relevance",
        offset: int = 0,
        *,
        partial: bool = False,
        plain: bool = False,
    ) -> SearchResult:
        """Run `query` (see `briefing.query`); return hits `offset` .. `offset + limit`.

        `sort` is "relevance" (best first) or "date" (newest first, unknown dates last).
        `outlet_counts` and `total` cover all matches. An empty or malformed query raises
        `QueryError` with a one-line message. `partial`: the query is being typed, so its last
        word also matches the words it begins (`impeachm` finds "impeachment"); no spelling
        suggestion is made for a word not finished yet.

        Only the hits shown are scored and highlighted: the total and the outlet counts come
        from unscored match sets (`matches`), phrases from the word-pair fields (`pairs`).
        `plain=True` answers the same query the way Whoosh does on its own (phrases through
        positions, counts through a scored, grouped search): the reference the tests hold
        the fast path to.
        """
        if sort not in SORTS:
            raise QueryError(f"unknown sort {sort!r}: use one of {', '.join(SORTS)}")
        if limit < 0 or offset < 0:
            raise QueryError("limit and offset must not be negative")
        with self._lock, engine_errors(self.directory):
            s = self._current()
            typed = (
                _completed(query, lambda w: self._speller.completions(s.reader(), w))
                if partial and len(query) <= MAX_QUERY_CHARS  # a longer one is refused below
                else query
            )
            completing = typed != query
            prepared, parsed, q = whoosh_query.parse(self._parser, typed)
            whoosh_query.check_expansion(q, s.reader())
            by_date = sort == "date"
            sortedby = FieldFacet("date_start") if by_date else None
            want = max(offset + limit, 1)
            if plain:
                results = s.search(
                    q,
                    limit=want,
                    sortedby=sortedby,
                    reverse=by_date,
                    groupedby=whoosh_query.outlet_facet(),
                )
                total, outlet_counts = len(results), whoosh_query.counts(results)
                results = [(hit.docnum, hit.score) for hit in results]
            else:
                segments = self._counter(s)
                runnable = fast(q, s.reader(), segments.column, segments.source)
                rank = ranking.by_date if by_date else ranking.by_score
                ranked = rank(s, runnable, want, segments)
                results = ranked.hits
                total, outlet_counts = segments.tally(ranked.matched)
            terms = whoosh_query.highlight_terms(q, s.reader())
            page = results[offset : offset + limit] if limit else []
            return SearchResult(
                query=query,
                total=total,
                hits=tuple(self._hit(s, docnum, score, terms, by_date) for docnum, score in page),
                outlet_counts=outlet_counts,
                suggestion=None
                if completing
                else self._speller.suggest(parsed, prepared, s.reader()),
                sort=sort,
            )

    def _hit(
        self, s: Any, docnum: int, score: float, terms: dict[str, frozenset[str]], by_date: bool
    ) -> SearchHit:
        article = self._decode(s, docnum)
        return SearchHit(
            article_id=article.id,
            headline=article.headline,
            outlet=article.outlet,
            published=article.published.iso,
            precision=article.published.precision,
            score=0.0 if by_date else float(score or 0.0),
            snippet=self._highlighter.snippet(article, terms),
            headline_snippet=self._highlighter.headline(article, terms),
            path=article.path,
        )

    def _decode(self, s: Any, docnum: int) -> Article:
        """`_shown` of a document of searcher `s`, kept for the last `DECODED_KEPT` asked for."""
        if self._decoded_for is not s:
            self._decoded.clear()
            self._decoded_for = s
        article = self._decoded.get(docnum)
        if article is None:
            article = self._decoded[docnum] = _shown(s.stored_fields(docnum))
            if len(self._decoded) > DECODED_KEPT:
                self._decoded.popitem(last=False)
        else:
            self._decoded.move_to_end(docnum)
        return article

    # Writing ------------------------------------------------------------------------------

    def follows_links(self) -> bool:
        """Whether the last update followed symbolic links out of the corpus folder."""
        return read_sources(self.directory).follow_links

    def source_hashes(self) -> SourceHashes:
        """The source files indexed, with their hashes (what the build diffs a corpus against)."""
        return read_sources(self.directory)

    def writer(self, *, replace: bool = False) -> IndexWriter:
        """The writer for one update (see `briefing.build`). `replace`: every article is read
        again, and its commit replaces all the index held (which stays searchable until
        then). Raises `IndexUnavailable` if another process holds the index's write lock or
        the folder cannot be written."""
        writer = self._whoosh_writer()
        return IndexWriter(writer, self.directory, self._committed, replace=replace)

    def record_sources(self, hashes: SourceHashes) -> None:
        """Record new source hashes without a commit (files touched, not changed); a folder
        that cannot be written only costs re-hashing those files next time."""
        with contextlib.suppress(OSError):
            write_meta(self.directory, hashes, index_files(self.directory))

    def _committed(self) -> None:
        self.rebuilt = False
        self._refresh()

    def add_articles(self, articles: Iterable[Article], *, source_key: str | None = None) -> int:
        """Index articles directly (replacing any with the same id); returns how many.

        For callers that already hold `Article`s (tests, imports); `briefing.build.update` is
        the corpus path. `source_key` defaults to each article's `path`.
        """
        n = 0
        words: set[str] = set()
        writer = self._whoosh_writer()
        try:
            for a in articles:
                writer.update_document(**document(a, source_key or a.path))
                words |= words_of(a)
                n += 1
            add_words(self.directory, words)
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        return n

    def _whoosh_writer(self) -> Any:
        """A writer holding the write lock. The lock is taken here, not by Whoosh: a writer
        that fails to start (a full disk) would keep Whoosh's lock until the process ends."""
        lock = self._ix.storage.lock(LOCK_NAME)
        try:
            acquired = lock.acquire(False)
        except OSError as exc:
            raise _unwritable(self.directory, exc) from None
        if not acquired:
            raise _busy(self.directory)
        try:
            # Never optimize(): commits merge small segments, which keeps updates cheap.
            # Separate files, not one compound file per segment: Whoosh copies a compound
            # segment's term file into memory every time a searcher opens.
            writer = unlocked_writer(self._ix, _WRITER_MB)
        except BaseException as exc:
            lock.release()
            if isinstance(exc, OSError):
                raise _unwritable(self.directory, exc) from None
            raise
        writer.writelock = lock  # released by the writer's commit or cancel
        return writer


# What a hit row does not show (and the snippet does not read): left out when it is decoded.
_NOT_SHOWN: Final = {
    "people": (),
    "places": (),
    "organisations": (),
    "quotes": (),
    "dated_references": (),
    "tags": (),
}


def _shown(stored: dict[str, Any]) -> Article:
    """The article of a hit, with what its row and snippet read (text, headline, outlet,
    date, path), not its names, quotes and dated references."""
    return Article.from_json({**json.loads(stored["article"]), **_NOT_SHOWN})


def _create(directory: Path) -> Any:
    """A fresh, empty index (replacing any older one in `directory`), under the write lock."""
    storage = FileStorage(str(directory))
    lock = storage.lock(LOCK_NAME)
    try:
        acquired = lock.acquire(False)
    except OSError as exc:
        raise _unwritable(directory, exc) from None
    if not acquired:
        raise _busy(directory)
    try:
        ix = whoosh_index.create_in(str(directory), schema(), indexname=INDEX_NAME)
        (directory / WORDS_FILE).unlink(missing_ok=True)
        # what was kept beside the old index (events, briefing rows, overview) described it:
        # a rebuild with other rules keeps the same record hashes, so it must not be reused
        shutil.rmtree(directory / CACHE_FOLDER, ignore_errors=True)
        write_meta(directory, files=index_files(directory))
    finally:
        lock.release()
    return ix


def _busy(directory: Path) -> IndexUnavailable:
    return IndexUnavailable(
        f"index is being updated by another briefing process: {directory} "
        "(wait for it to finish, then try again)"
    )


def _unwritable(directory: Path, exc: OSError) -> IndexUnavailable:
    return IndexUnavailable(f"{directory}: cannot write the index: {exc.strerror or exc}")


_LAST_WORD: Final = re.compile(r"(?:^|(?<=[\s(]))([^\W\d_][\w'’-]{2,})$")
_OPERATORS: Final = frozenset({"and", "or", "not", "to"})


def _completed(query: str, completions: Callable[[str], list[str]]) -> str:
    """`query` with its last word, as it is being typed, also matching the words it begins:
    `trump impeachm` -> `trump (impeachm OR impeachment OR impeached)`. A field value, a
    phrase, an operator or a word followed by a space is left as typed."""
    if query.count('"') % 2:
        return query  # inside a phrase
    m = _LAST_WORD.search(query)
    if m is None or m.group(1).lower() in _OPERATORS:
        return query
    word = m.group(1)
    more = [w for w in completions(word) if w != word.lower()]
    if not more:
        return query
    return query[: m.start(1)] + "(" + " OR ".join([word, *more]) + ")"
