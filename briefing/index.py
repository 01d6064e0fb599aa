"""The search index over a corpus: full-text search, facets, dates, snippets, and article storage.

Why this module exists: `briefing search`, `summary` and `export` must answer in milliseconds over
tens of thousands of articles without re-reading the corpus. This module keeps a Whoosh index
per corpus folder, updates it incrementally (only added, changed or removed files are read
again, and of a changed file only the records whose content hash changed are parsed again),
stores every `Article` as JSON so the rest of briefing can read the corpus back from the index,
and answers queries in briefing's query language (see `briefing.query`) with plain frozen
records: `SearchResult`, `SearchHit`, `Snippet`, `UpdateReport`.

The interface (the only one the CLI and the app may use; everything Whoosh-specific stays in
here, so a bigger engine can replace Whoosh later without touching them):

- `CorpusIndex.open(corpus, index_dir=None, rebuild=False)`: open, creating or rebuilding;
- `index.update(rules=None, progress=None, procs=None) -> UpdateReport`: bring it in line with
  the folder; large builds use one worker process per core (`procs`);
- `index.search(query, limit=20, sort="relevance", offset=0) -> SearchResult`: hits with
  highlighted snippets for the requested page only, the total and per-outlet counts over all
  matches, and a "did you mean";
- `index.get(id)`, `index.all_articles()`, `index.count()`, `index.outlets()`;
- `index.close()` (or `with CorpusIndex.open(...) as index:`): one searcher is kept open
  between calls and reopened only after a commit, so a session's searches pay for opening it
  once; calls are serialised by a lock, so an app may call from a worker thread;
- `update(corpus, ...)`, `default_index_dir`, `resolve_index_dir`.

Index layout, per corpus folder: a Whoosh index named `briefing`; `briefing-index.json` (schema
version, and the size, mtime and SHA-256 of every source file indexed, including those that
yielded no article, so they are not re-read on every update); `briefing-words.txt` (the
spelling vocabulary, see `_words_of`). A schema version mismatch, or an index Whoosh cannot
open, is rebuilt from scratch.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import pickle
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from platformdirs import user_cache_dir
from whoosh import index as whoosh_index
from whoosh.analysis import (
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.highlight import (
    BasicFragmentScorer,
    ContextFragmenter,
    Formatter,
    WholeFragmenter,
    highlight,
)
from whoosh.lang.porter import stem
from whoosh.qparser import MultifieldParser
from whoosh.query import And, AndNot, Every, Not, NumericRange, Term
from whoosh.sorting import Count, FieldFacet
from whoosh.spelling import ListCorrector
from whoosh.support.charset import accent_map

from briefing.errors import BriefingError
from briefing.models import Article, InputWarning, Precision, RawDocument
from briefing.query import PreparedQuery, QueryError, prepare

if TYPE_CHECKING:
    from briefing.ingest import CorpusContext, Rules, SourceFile

    ParseFn = Callable[
        [SourceFile, Rules, CorpusContext | None, frozenset[str] | None],
        tuple[list[Article], list[InputWarning]],
    ]
    DiscoverFn = Callable[
        ..., tuple[list[SourceFile], list[InputWarning]]
    ]  # (corpus, max_file_bytes=)

__all__ = [
    "ENV_INDEX_DIR",
    "SCHEMA_VERSION",
    "SORTS",
    "CorpusIndex",
    "QueryError",
    "SearchHit",
    "SearchResult",
    "Snippet",
    "UpdateReport",
    "default_index_dir",
    "resolve_index_dir",
    "update",
]

# Bump whenever the schema or what goes into a field changes: old indexes are then rebuilt.
SCHEMA_VERSION: Final = 4  # 2: per-record hashes, relative dates ("this week"); 3: both;
# 4: dates re-read by issue 11's rules, `context_year` holds `ingest.context_year`'s keys
ENV_INDEX_DIR: Final = "BRIEFING_INDEX_DIR"
INDEX_NAME: Final = "briefing"
META_FILE: Final = "briefing-index.json"
WORDS_FILE: Final = "briefing-words.txt"
SORTS: Final = ("relevance", "date")

DEFAULT_FIELDS: Final = ("headline", "lede", "body")
FIELD_BOOSTS: Final = {"headline": 2.5, "lede": 1.5}
# Unstemmed name fields: their own lexicons hold real words, so they spell-check themselves.
ENTITY_FIELDS: Final = ("people", "places", "organisations", "dateline", "outlet")
_MIN_DAY: Final = 10101  # 0001-01-01
_MAX_DAY: Final = 99991231
_PLACEHOLDER_RE: Final = re.compile(r"__date(\d+)__")
_WORD_RE: Final = re.compile(r"\w+(?:\.?\w+)*")
_SPACE_RE: Final = re.compile(r"\s+")
_INFLECTIONS: Final = ("s", "es", "ed", "d", "ing", "er", "ers", "ly")
_WRITER_MB: Final = 256
_WORKER_MB: Final = 128  # per worker process of a parallel build
# New text (characters) from which an update parses in worker processes: below it, starting
# them (about a second each, importing briefing) costs more than it saves.
_PARALLEL_MIN_BYTES: Final = 3_000_000
_CHUNK_RECORDS: Final = 100  # records per spilled chunk of a parallel build
_SNIPPET_CHARS: Final = 220
# Highlighting re-tokenises text; a paragraph longer than this is only looked at this far.
_HIGHLIGHT_CHARLIMIT: Final = 20_000


# --------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True, slots=True)
class Snippet:
    """Plain text with the character spans (start, end) of the words the query matched."""

    text: str
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class SearchHit:
    article_id: str
    headline: str
    outlet: str | None
    published: str | None  # ISO at its precision: 2016-12-16, 2016-12, 2016
    precision: Precision
    score: float  # relevance (0.0 when sorted by date)
    snippet: Snippet
    headline_snippet: Snippet | None  # the headline with spans, when the headline matched
    path: str


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: str
    total: int  # all matches, not only the hits on this page
    hits: tuple[SearchHit, ...]
    outlet_counts: tuple[tuple[str, int], ...]  # over all matches, most first
    suggestion: str | None  # the whole query with misspelt words corrected
    sort: str


@dataclass(frozen=True, slots=True)
class UpdateReport:
    """What an update did, counted in source files (one file may hold many articles)."""

    added: int
    updated: int
    removed: int
    unchanged: int
    skipped: tuple[InputWarning, ...]
    seconds: float
    articles: int = 0  # articles in the index afterwards
    rebuilt: bool = False  # the index was rebuilt from scratch (new or changed schema)


# --------------------------------------------------------------------------------------------
# Where the index lives


def default_index_dir(corpus: Path) -> Path:
    """`<user cache>/briefing/indexes/<folder name>-<sha1 of the absolute path, 12 hex>`."""
    resolved = corpus.expanduser().resolve()
    digest = hashlib.sha1(str(resolved).encode("utf-8")).hexdigest()[:12]
    name = resolved.name or "corpus"
    return Path(user_cache_dir("briefing")) / "indexes" / f"{name}-{digest}"


def resolve_index_dir(corpus: Path, index_dir: Path | None = None) -> Path:
    """An explicit `index_dir`, else `$BRIEFING_INDEX_DIR` (used as is), else the default."""
    if index_dir is not None:
        return index_dir
    env = os.environ.get(ENV_INDEX_DIR)
    if env:
        return Path(env).expanduser()
    return default_index_dir(corpus)


# --------------------------------------------------------------------------------------------
# Schema


def _plain_analyzer() -> Any:
    """Lower-cased, accent-folded words; no stop words, no stemming (names, places, outlets)."""
    return RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)


def _stem_analyzer() -> Any:
    """As `_plain_analyzer`, then English stop words out and Porter stems (so kurils ~ kuril)."""
    return (
        RegexTokenizer()
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter()
        | StemFilter(cachesize=100_000)
    )


def _schema() -> Any:
    stemmed = _stem_analyzer()
    plain = _plain_analyzer()
    return Schema(
        # Identity and the source file, for get(), deletes by file and change detection.
        id=ID(stored=True, unique=True, sortable=True),
        source_key=ID(stored=True, sortable=True),
        # SHA-256 of the article's own record (a JSON line, or the whole text file): when one
        # line of a big JSON Lines file changes, only that record is parsed and indexed again.
        # Per-file size, mtime and hash live in the meta file (`briefing-index.json`).
        record_hash=ID(sortable=True),
        # What this article lends to the corpus context (`ingest.context_year`), 0 if none:
        # the second pass counts it from this column instead of decoding every stored article.
        context_year=NUMERIC(int, bits=32, sortable=True, default=0),
        # Text, stemmed (kurils ~ kuril), with positions for phrases. Not stored: hits and their
        # highlights read the text from the article JSON below, so it is kept once, not twice.
        headline=TEXT(analyzer=stemmed),
        lede=TEXT(analyzer=stemmed),
        body=TEXT(analyzer=stemmed),
        # Names as lower-case words without stemming, so person:abe finds "Shinzo Abe" and
        # place:kuril* finds "Kuril Islands"; positions kept for person:"shinzo abe".
        outlet=TEXT(analyzer=plain),
        people=TEXT(analyzer=plain),
        places=TEXT(analyzer=plain),
        organisations=TEXT(analyzer=plain),
        dateline=TEXT(analyzer=plain),
        # The exact outlet name as a column, for facet counts over all matches.
        outlet_name=ID(sortable=True),
        # Fuzzy publication date as first and last possible day, yyyymmdd; 0 (unknown) sorts last
        # newest-first. Unknown dates are not indexed, so no date filter can match them.
        date_start=NUMERIC(int, bits=32, sortable=True, default=0),
        date_end=NUMERIC(int, bits=32, sortable=True, default=0),
        # The whole article, so summary/export never re-read the corpus.
        article=STORED(),
    )


def _day(value: dt.date) -> int:
    return value.year * 10000 + value.month * 100 + value.day


def _fold(text: str) -> str:
    return text.lower().translate(accent_map)


def _names(mentions: Iterable[Any]) -> str:
    out: list[str] = []
    for m in mentions:
        out.append(m.name)
        out.extend(m.aliases)
    return "\n".join(out)


def _document(article: Article, key: str) -> dict[str, Any]:
    from briefing.ingest import context_year

    lede = article.lede or ""
    body = article.text
    doc: dict[str, Any] = {
        "id": article.id,
        "source_key": key,
        "record_hash": article.content_hash,
        "context_year": context_year(article) or 0,
        "headline": article.headline,
        "lede": lede,
        "body": body,
        "outlet": article.outlet or "",
        "people": _names(article.people),
        "places": _names(article.places),
        "organisations": _names(article.organisations),
        "dateline": article.dateline or "",
        "article": json.dumps(article.to_json(), ensure_ascii=False, separators=(",", ":")),
    }
    if article.outlet:
        doc["outlet_name"] = article.outlet
    date = article.published.date
    if date.known and date.start is not None and date.end is not None:
        doc["date_start"] = _day(date.start)
        doc["date_end"] = _day(date.end)
    return {k: v for k, v in doc.items() if v != ""}


def _words_of(article: Article) -> set[str]:
    """The distinct unstemmed words of an article, for the spelling vocabulary.

    "Did you mean" needs real words ("peace"), not the stems the text fields hold ("peac"). An
    unstemmed field in the index (or Whoosh's `spelling=True`, which adds one per stemmed field)
    would add a posting per distinct word per article: measured, that is over a third of the
    whole indexing time. Instead briefing keeps one sorted word list beside the index, merged at
    each update: a set union per article, a few MB for a large corpus, read in milliseconds.
    It only grows; words of removed articles stay until the next rebuild, which is harmless
    because every candidate is also checked against the live index (see `_stem_frequency`).
    """
    text = f"{article.headline}\n{article.lede or ''}\n{article.text}".lower()
    return {
        w if w.isascii() else w.translate(accent_map)
        for w in set(_WORD_RE.findall(text))
        if w.isalpha()
    }


def _article(stored: dict[str, Any]) -> Article:
    return Article.from_json(json.loads(stored["article"]))


# --------------------------------------------------------------------------------------------
# Snippets


class _SpanFormatter(Formatter):  # type: ignore[misc]
    """Turns Whoosh's highlight fragments into a `Snippet`: plain text plus match offsets.

    No markup and no sentinel characters: the fragments already carry the character offsets of
    every matched token, so article text is never interpreted, only sliced.
    """

    between = " … "

    def format(self, fragments: list[Any], replace: bool = False) -> Snippet:
        pieces: list[tuple[str, bool]] = []
        for i, frag in enumerate(fragments):
            text: str = frag.text
            start, end = frag.startchar, frag.endchar
            if not _WORD_RE.search(text, 0, start):
                start = 0  # only spaces or punctuation before: show them, no ellipsis
            if not _WORD_RE.search(text, end):
                end = len(text)
            if i:
                pieces.append((self.between, False))
            elif start > 0:
                pieces.append(("… ", False))
            at = start
            for token in sorted(frag.matches, key=lambda t: (t.startchar, -t.endchar)):
                if token.startchar is None or token.startchar < at:
                    continue
                pieces.append((text[at : token.startchar], False))
                pieces.append((text[token.startchar : token.endchar], True))
                at = token.endchar
            pieces.append((text[at:end], False))
            if i == len(fragments) - 1 and end < len(text):
                pieces.append((" …", False))
        return _join(pieces)


def _join(pieces: Iterable[tuple[str, bool]]) -> Snippet:
    """Concatenate text pieces, collapsing whitespace, and record the spans of matched ones."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    for raw, matched in pieces:
        text = _SPACE_RE.sub(" ", raw)
        if (length == 0 or out[-1].endswith(" ")) and text.startswith(" "):
            text = text[1:]
        if not text:
            continue
        if matched:
            spans.append((length, length + len(text)))
        out.append(text)
        length += len(text)
    return Snippet("".join(out).rstrip(), tuple(spans))


_FORMATTER: Final = _SpanFormatter()
_SCORER: Final = BasicFragmentScorer()


@lru_cache(maxsize=256)
def _probes(terms: frozenset[str]) -> tuple[str, ...]:
    """Substrings one of which the lower-cased, accent-folded text must contain for any of
    `terms` (index terms: Porter stems or plain words) to match in it. A Porter stem may
    differ from its word in its last two letters only (`happi`, `relat`, `abl`), so the stem
    less those is always found in the word."""
    out = {
        t[:-2] if len(t) > 3 else (t[:-1] if t.endswith("i") and len(t) > 1 else t) for t in terms
    }
    return tuple(sorted(out))


def _could_match(text: str, terms: frozenset[str]) -> bool:
    """False when no word of `text` can be one of `terms`: skip re-tokenising it."""
    folded = text.lower()
    if not folded.isascii():
        folded = folded.translate(accent_map)
    return any(p in folded for p in _probes(terms))


def _highlight(text: str, terms: frozenset[str], analyzer: Any, fragmenter: Any) -> Snippet | None:
    if not terms or not text or not _could_match(text, terms):
        return None
    snippet: Snippet = highlight(
        text, terms, analyzer, fragmenter, _FORMATTER, top=2, scorer=_SCORER
    )
    return snippet if snippet.spans else None


def _lead_in(text: str) -> Snippet:
    """The start of a text, cut at a word boundary, for hits with nothing to highlight."""
    flat = _SPACE_RE.sub(" ", text).strip()
    if len(flat) <= _SNIPPET_CHARS:
        return Snippet(flat)
    cut = flat.rfind(" ", 0, _SNIPPET_CHARS)
    return Snippet(flat[: cut if cut > 0 else _SNIPPET_CHARS] + " …")


# --------------------------------------------------------------------------------------------
# The index


class CorpusIndex:
    """The index of one corpus folder. Open with `CorpusIndex.open`; cheap to keep around."""

    def __init__(self, ix: Any, corpus: Path, directory: Path, rebuilt: bool = False) -> None:
        self._ix = ix
        self.corpus = corpus
        self.directory = directory
        self._rebuilt = rebuilt
        self._parser = MultifieldParser(list(DEFAULT_FIELDS), ix.schema, fieldboosts=FIELD_BOOSTS)
        self._stem = _stem_analyzer()
        self._plain = _plain_analyzer()
        self._words: list[str] = []
        self._words_stamp: tuple[int, int] | None = None
        # One searcher, kept open and refreshed when the index changed (opening one reads every
        # segment's term index); the lock lets an app call from a worker thread.
        self._searcher: Any = None
        self._lock = threading.RLock()

    # Opening ------------------------------------------------------------------------------

    @classmethod
    def open(
        cls, corpus: Path, index_dir: Path | None = None, *, rebuild: bool = False
    ) -> CorpusIndex:
        """Open (creating or rebuilding as needed) the index of `corpus`.

        The index lives in `index_dir`, else `$BRIEFING_INDEX_DIR`, else `default_index_dir`.
        Raises `BriefingError` if the directory cannot be created.
        """
        directory = resolve_index_dir(corpus, index_dir)
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BriefingError(
                f"{directory}: cannot create the index folder: {exc.strerror or exc}"
            ) from exc
        meta = _read_meta(directory)
        if not rebuild and meta.get("schema_version") == SCHEMA_VERSION:
            try:
                ix = whoosh_index.open_dir(str(directory), indexname=INDEX_NAME)
                return cls(ix, corpus, directory)
            except Exception:  # missing, damaged, or written by another Whoosh: rebuild
                pass
        return cls(_create(directory), corpus, directory, rebuilt=True)

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

    def __enter__(self) -> CorpusIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Reading ------------------------------------------------------------------------------

    def count(self) -> int:
        """How many articles the index holds."""
        return int(self._ix.doc_count())

    def get(self, article_id: str) -> Article | None:
        with self._lock:
            stored = self._current().document(id=article_id)
        return _article(stored) if stored else None

    def all_articles(self, *, slim: bool = False) -> list[Article]:
        """Every indexed article, read back from the index (not the corpus), sorted by id.

        `slim` leaves out the bulky text (body, lede, quotes) and keeps the rest (headline,
        dates, people, places, dated references): what a timeline needs, at a fraction of the
        memory on a large corpus. `get` gives an article whole.
        """
        with self._lock:
            if slim:
                out = [
                    replace(_article(fields), body=(), lede=None, quotes=())
                    for fields in self._current().all_stored_fields()
                ]
            else:
                out = [_article(fields) for fields in self._current().all_stored_fields()]
        return sorted(out, key=lambda a: a.id)

    def outlets(self) -> tuple[tuple[str, int], ...]:
        """Article counts per outlet over the whole index, most first."""
        with self._lock:
            results = self._current().search(Every(), limit=1, groupedby=_outlet_facet())
            return _counts(results)

    # Searching ----------------------------------------------------------------------------

    def search(
        self, query: str, limit: int = 20, sort: str = "relevance", offset: int = 0
    ) -> SearchResult:
        """Run `query` (see `briefing.query`); return hits `offset` .. `offset + limit`.

        `sort` is "relevance" (best first) or "date" (newest first, unknown dates last).
        `outlet_counts` and `total` cover all matches. An empty or malformed query raises
        `QueryError` with a one-line message.
        """
        if sort not in SORTS:
            raise QueryError(f"unknown sort {sort!r}: use one of {', '.join(SORTS)}")
        if limit < 0 or offset < 0:
            raise QueryError("limit and offset must not be negative")
        prepared = prepare(query, lambda i: f"id:__date{i}__")
        with self._lock:
            s = self._current()
            parsed = self._parse(prepared)
            q = parsed.accept(lambda node: _date_query(node, prepared))
            by_date = sort == "date"
            results = s.search(
                q,
                limit=max(offset + limit, 1),
                sortedby=FieldFacet("date_start") if by_date else None,
                reverse=by_date,
                groupedby=_outlet_facet(),
            )
            terms = _highlight_terms(q, s.reader())
            hits = tuple(
                self._hit(hit, terms, by_date) for hit in results[offset : offset + limit] if limit
            )
            return SearchResult(
                query=query,
                total=len(results),
                hits=hits,
                outlet_counts=_counts(results),
                suggestion=self._suggest(parsed, prepared, s.reader()),
                sort=sort,
            )

    def _parse(self, prepared: PreparedQuery) -> Any:
        try:
            return self._parser.parse(prepared.text)
        except Exception as exc:  # Whoosh is lenient; this is a last resort
            raise QueryError(f"cannot understand the query {prepared.original!r}: {exc}") from None

    def _hit(self, hit: Any, terms: dict[str, frozenset[str]], by_date: bool) -> SearchHit:
        article = _article(hit.fields())
        return SearchHit(
            article_id=article.id,
            headline=article.headline,
            outlet=article.outlet,
            published=article.published.iso,
            precision=article.published.precision,
            score=0.0 if by_date else float(hit.score or 0.0),
            snippet=self._snippet(article, terms),
            headline_snippet=self._headline_snippet(article, terms),
            path=article.path,
        )

    def _snippet(self, article: Article, terms: dict[str, frozenset[str]]) -> Snippet:
        """Body first (its own words, then the names asked for), then lede, then headline.

        The body is highlighted paragraph by paragraph, stopping at the first that matches:
        re-tokenising whole articles for every hit on a page is what makes highlighting slow."""
        context = ContextFragmenter(maxchars=_SNIPPET_CHARS, surround=60)
        context.charlimit = _HIGHLIGHT_CHARLIMIT
        lede = article.lede or ""
        names = terms["names"]
        for words, analyzer in ((terms["body"], self._stem), (names, self._plain)):
            if words:
                for paragraph in article.body:
                    snippet = _highlight(paragraph, words, analyzer, context)
                    if snippet is not None:
                        return snippet
        for text, words, analyzer in (
            (lede, terms["lede"], self._stem),
            (lede, names, self._plain),
            (article.headline, terms["headline"], self._stem),
        ):
            snippet = _highlight(text, words, analyzer, context)
            if snippet is not None:
                return snippet
        return _lead_in(lede or article.text or article.headline)

    def _headline_snippet(
        self, article: Article, terms: dict[str, frozenset[str]]
    ) -> Snippet | None:
        whole = WholeFragmenter()
        return _highlight(article.headline, terms["headline"], self._stem, whole) or _highlight(
            article.headline, terms["names"], self._plain, whole
        )

    def _suggest(self, parsed: Any, prepared: PreparedQuery, reader: Any) -> str | None:
        """The query with each word the index has never seen replaced by its nearest real word.

        Words are checked unstemmed, against the vocabulary for headline/lede/body (`kurils` is
        fine when `kuril` is known: stemming finds it) and against their own lexicon for names
        (`person:abee`). Words inside phrases are not checked.
        """
        fixes: dict[tuple[int, int], str] = {}
        seen: set[tuple[int, int]] = set()
        for leaf in _leaves(parsed, negated=True):
            field = getattr(leaf, "fieldname", "")
            if not isinstance(leaf, Term) or leaf.startchar is None:
                continue
            if field not in DEFAULT_FIELDS and field not in ENTITY_FIELDS:
                continue
            span = prepared.to_original(leaf.startchar, leaf.endchar)
            if span in seen:
                continue
            seen.add(span)
            words = [w for w in _WORD_RE.findall(_fold(prepared.original[slice(*span)]))]
            words = [w for w in words if len(w) > 1]
            if len(words) != 1 or len(words[0]) < 3 or not words[0].isalpha():
                continue
            word = words[0]
            if field in ENTITY_FIELDS:
                better = None if (field, word) in reader else _nearest_term(reader, field, word)
            else:
                better = self._nearest_word(reader, word)
            if better:
                fixes[span] = better
        if not fixes:
            return None
        text = prepared.original
        for (start, end), word in sorted(fixes.items(), reverse=True):
            text = text[:start] + word + text[end:]
        return text

    def _vocabulary(self) -> list[str]:
        """The sorted spelling vocabulary (see `_words_of`), re-read only when it changed."""
        path = self.directory / WORDS_FILE
        try:
            st = path.stat()
            stamp = (st.st_mtime_ns, st.st_size)
            if stamp != self._words_stamp:
                self._words = path.read_text(encoding="utf-8").split()
                self._words_stamp = stamp
        except OSError:
            return []
        return self._words

    def _known(self, reader: Any, word: str) -> bool:
        vocabulary = self._vocabulary()
        i = bisect_left(vocabulary, word)
        return i < len(vocabulary) and vocabulary[i] == word and _stem_frequency(reader, word) > 0

    def _nearest_word(self, reader: Any, word: str) -> str | None:
        """A correction for a headline/lede/body word, or None if it is known or nothing is near.

        No suggestion for an inflection of a known word (`kurils` when `kuril` is indexed):
        stemming already finds it. Candidates are real words from the vocabulary at edit distance
        1 (then 2, for words over four letters) that the live index still holds, most frequent
        first; the first letter is taken as right, which keeps the automaton walk fast."""
        if self._known(reader, word):
            return None
        root = stem(word)
        for candidate in _inflections(word):
            if stem(candidate) == root and self._known(reader, candidate):
                return None
        vocabulary = self._vocabulary()
        if not vocabulary:
            return None
        corrector = ListCorrector(vocabulary)
        for distance in (1, 2) if len(word) > 4 else (1,):
            found = corrector.suggest(word, limit=50, maxdist=distance, prefix=1)
            ranked = [(_stem_frequency(reader, w), str(w)) for w in found if w != word]
            live = [(f, w) for f, w in ranked if f > 0]
            if live:
                return min(live, key=lambda fw: (-fw[0], fw[1]))[1]
        return None

    # Writing ------------------------------------------------------------------------------

    def add_articles(
        self, articles: Iterable[Article], *, source_key: str | None = None, source_hash: str = ""
    ) -> int:
        """Index articles directly (replacing any with the same id); returns how many.

        For callers that already hold `Article`s (tests, imports); `update` is the corpus path.
        `source_key` defaults to each article's `path`; `source_hash` is no longer used (file
        hashes live in the meta file) and is kept so callers need not change.
        """
        n = 0
        words: set[str] = set()
        writer = self._writer()
        try:
            for a in articles:
                writer.update_document(**_document(a, source_key or a.path))
                words |= _words_of(a)
                n += 1
            _add_words(self.directory, words)
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        return n

    def update(
        self,
        rules: Rules | None = None,
        progress: Callable[[int, int], None] | None = None,
        *,
        parse: ParseFn | None = None,
        discover: DiscoverFn | None = None,
        procs: int | None = None,
    ) -> UpdateReport:
        """Bring the index in line with the corpus folder, reading only what changed.

        A file is unchanged when its size and mtime, or else its SHA-256, match what was indexed.
        Removed files lose all their articles. A changed file is read again, but only its
        records whose own content hash changed are parsed and indexed again (one line edited in
        a JSON Lines file of 40,000 records re-parses one record; the file is still read and
        hashed). Articles that `needs_context` says could be dated better are parsed a second
        time with `context_from` over the whole corpus (stored and new).

        Large builds (over `_PARALLEL_MIN_BYTES` of new text) are parsed and indexed by `procs`
        worker processes (default: one per core), each writing a segment of its own from a
        contiguous share of the records; the documents, and their order, are the same whatever
        the number of processes. `progress(done, total)` counts files for small updates and
        articles for parallel builds.

        `parse`/`discover` default to `briefing.ingest.parse_source`/`discover`; a custom
        `parse` is called per file (whole files are re-parsed, in this process). Raises
        `BriefingError` if another process holds the index's write lock; `CorpusError` if the
        corpus folder is missing.
        """
        import briefing.ingest as ingest

        started = time.perf_counter()
        discover = discover or ingest.discover
        if rules is None:
            rules = ingest.load_rules(self.corpus)
        sources, warnings = discover(self.corpus, max_file_bytes=rules.max_file_bytes)
        writer = self._writer()
        run = _Run(self, writer, rules, warnings, progress)
        try:
            meta = _read_meta(self.directory)
            known: dict[str, list[str]] = dict(meta.get("sources") or {})
            empty: dict[str, list[str]] = dict(meta.get("empty_sources") or {})
            todo: list[tuple[SourceFile, str, str]] = []
            added = updated = unchanged = 0
            for src in sources:
                stat = f"{src.size}:{src.mtime_ns}"
                before = known.get(src.key) or empty.get(src.key) or ("", "")
                if before[1] == stat:
                    unchanged += 1
                    continue
                try:
                    digest = src.fingerprint()
                except OSError as exc:
                    warnings.append(InputWarning(src.key, f"cannot read: {exc.strerror or exc}"))
                    continue
                if before[0] == digest:  # touched, not changed: remember the new mtime
                    unchanged += 1
                    (empty if src.key in empty else known)[src.key] = [digest, stat]
                    continue
                todo.append((src, digest, stat))
                if src.key in known or src.key in empty:
                    updated += 1
                else:
                    added += 1
            present = {src.key for src in sources}
            removed = {k for k in (*known, *empty) if k not in present}
            for key in removed:
                known.pop(key, None)
                empty.pop(key, None)
                run.delete_source(key)

            if parse is not None:
                counts = run.parse_files(todo, parse)
            else:
                counts = run.read_records(todo, procs or os.cpu_count() or 1)
            for src, digest, stat in todo:
                known.pop(src.key, None)
                empty.pop(src.key, None)
                (known if counts.get(src.key) else empty)[src.key] = [digest, stat]
            run.second_pass(parse)
            # The vocabulary is written first: if the commit fails it merely holds extra words.
            _add_words(self.directory, run.words)
            if added or updated or removed or self._rebuilt:
                run.commit()
            else:
                run.cancel()  # nothing changed: keep the generation (and caches keyed on it)
        except BaseException:
            run.cancel()
            raise
        _write_meta(self.directory, empty, known)
        self._refresh()
        rebuilt, self._rebuilt = self._rebuilt, False
        return UpdateReport(
            added=added,
            updated=updated,
            removed=len(removed),
            unchanged=unchanged,
            skipped=tuple(warnings),
            seconds=time.perf_counter() - started,
            articles=self.count(),
            rebuilt=rebuilt,
        )

    def _writer(self) -> Any:
        try:
            # Never optimize(): commits merge small segments, which keeps updates cheap.
            # Separate files, not one compound file per segment: Whoosh copies a compound
            # segment's term file into memory every time a searcher opens.
            return self._ix.writer(limitmb=_WRITER_MB, compound=False)
        except whoosh_index.LockError:
            raise BriefingError(
                "index is being updated by another briefing process: "
                f"{self.directory} (wait for it to finish, then try again)"
            ) from None


class _Run:
    """One update's writing: deletions, parsing (here or in workers), the second pass, commit."""

    def __init__(
        self,
        index: CorpusIndex,
        writer: Any,
        rules: Rules,
        warnings: list[InputWarning],
        progress: Callable[[int, int], None] | None,
    ) -> None:
        self.index = index
        self.writer = writer
        self.rules = rules
        self.warnings = warnings
        self.progress = progress
        self.words: set[str] = set()
        self.years: Counter[int] = Counter()  # context years of the articles parsed this run
        self.deleted_keys: set[str] = set()
        self.deleted_ids: set[str] = set()
        # Articles waiting for corpus context: raw records, or (file, ids) for a custom parser.
        self.waiting_raw: list[tuple[RawDocument, str]] = []
        self.waiting_files: list[tuple[SourceFile, list[Article]]] = []
        self.segments: list[Any] = []
        self.workers: _Workers | None = None

    # Deleting ---------------------------------------------------------------------------

    def delete_source(self, key: str) -> None:
        self.writer.delete_by_term("source_key", key)
        self.deleted_keys.add(key)

    def delete_id(self, article_id: str) -> None:
        self.writer.delete_by_term("id", article_id)
        self.deleted_ids.add(article_id)

    # Adding -----------------------------------------------------------------------------

    def add(self, article: Article, key: str) -> None:
        self.writer.add_document(**_document(article, key))
        self.words |= _words_of(article)

    def first_pass(self, article: Article, key: str) -> bool:
        """Index `article` unless it waits for corpus context (then False)."""
        from briefing.ingest import context_year, needs_context

        year = context_year(article)
        if year is not None:
            self.years[year] += 1
        if needs_context(article):
            return False
        self.add(article, key)
        return True

    def parse_files(
        self, todo: list[tuple[SourceFile, str, str]], parse: ParseFn
    ) -> dict[str, int]:
        """A custom parser: whole files, re-parsed in this process."""
        counts: dict[str, int] = {}
        if self.progress and todo:
            self.progress(0, len(todo))
        for i, (src, _, _) in enumerate(todo):
            self.delete_source(src.key)
            found, warned = parse(src, self.rules, None, None)
            self.warnings.extend(warned)
            counts[src.key] = len(found)
            waiting = [a for a in found if not self.first_pass(a, src.key)]
            if waiting:
                self.waiting_files.append((src, waiting))
            if self.progress:
                self.progress(i + 1, len(todo))
        return counts

    def parse_here(self, raw: RawDocument, key: str) -> bool:
        """Parse and index one record in this process; False if it could not be read."""
        from briefing.ingest import parse_record

        parsed = parse_record(raw, self.rules)
        if isinstance(parsed, InputWarning):
            self.warnings.append(parsed)
            return False
        if not self.first_pass(parsed, key):
            self.waiting_raw.append((raw, key))
        return True

    def read_records(self, todo: list[tuple[SourceFile, str, str]], procs: int) -> dict[str, int]:
        """The built-in reader: records whose content hash is unchanged are kept as indexed;
        the others are parsed here, or by worker processes once there is enough new text."""
        from briefing.ingest import read_source

        counts: dict[str, int] = {}
        buffered: list[tuple[RawDocument, str]] = []
        size = 0
        if self.progress and todo:
            self.progress(0, len(todo))
        stored = _Stored(self.writer)
        for i, (src, _, _) in enumerate(todo):
            previous = stored.records_of(src.key)
            n = 0
            for item in read_source(src, self.rules):
                if isinstance(item, InputWarning):
                    self.warnings.append(item)
                    continue
                n += 1
                before = previous.pop(item.id, None)
                if before == item.content_hash:
                    continue  # this record is indexed as it is
                if before is not None:
                    self.delete_id(item.id)
                if self.workers is not None:
                    self.workers.put(item, src.key)
                    continue
                if procs <= 1:
                    counts[src.key] = counts.get(src.key, 0) - (not self.parse_here(item, src.key))
                    continue
                buffered.append((item, src.key))
                size += len(item.text)
                if procs > 1 and size >= _PARALLEL_MIN_BYTES:
                    self.workers = _Workers(self.index.directory, self.rules, procs)
                    for raw, key in buffered:
                        self.workers.put(raw, key)
                    buffered = []
            for article_id in previous:  # records no longer in the file
                self.delete_id(article_id)
            counts[src.key] = counts.get(src.key, 0) + n
            if self.progress and self.workers is None:
                self.progress(i + 1, len(todo))
        for raw, key in buffered:  # a small update: parse here
            if not self.parse_here(raw, key):
                counts[key] -= 1
        if self.workers is not None:
            result = self.workers.run(self.progress)
            self.warnings.extend(result.warnings)
            self.words |= result.words
            self.years.update(result.years)
            for key, failed in result.failed.items():
                counts[key] -= failed
            self.waiting_raw.extend(result.waiting)
            self.segments = result.segments
        stored.close()
        return counts

    # The second pass ----------------------------------------------------------------------

    def second_pass(self, parse: ParseFn | None) -> None:
        """Re-date the waiting articles with what the whole corpus says (see `CorpusContext`)."""
        from briefing.ingest import CorpusContext, parse_record

        if not self.waiting_raw and not self.waiting_files:
            return
        with self.writer.reader() as reader:
            years = _stored_years(reader, self.deleted_keys, self.deleted_ids)
        years.update(self.years)
        context = CorpusContext(tuple(sorted(years.items())))
        for raw, key in self.waiting_raw:
            parsed = parse_record(raw, self.rules, context)
            if isinstance(parsed, Article):  # its warnings repeat the first pass's: dropped
                self.add(parsed, key)
        if parse is not None:
            for src, waiting in self.waiting_files:
                only = frozenset(a.id for a in waiting)
                better = {a.id: a for a in parse(src, self.rules, context, only)[0]}
                for a in waiting:
                    self.add(better.get(a.id, a), src.key)

    # Finishing ----------------------------------------------------------------------------

    def commit(self) -> None:
        """Commit, adding the workers' segments (after the existing ones, before this
        writer's own: the order the documents were read in)."""
        writer = self.writer
        if not self.segments:
            writer.commit()
            return
        # What `SegmentWriter.commit` does, plus the segments the workers wrote, as Whoosh's
        # own `MpWriter(multisegment=True)` does with its sub-writers' segments.
        final = writer._merge_segments(None, False, True)
        final.extend(self.segments)
        if writer._added:
            final.append(writer._finalize_segment())
        else:
            writer._close_segment()
        writer._commit_toc(final)
        writer._finish()

    def cancel(self) -> None:
        if self.workers is not None:
            self.workers.stop()
        self.writer.cancel()


def update(
    corpus: Path,
    rules: Rules | None = None,
    progress: Callable[[int, int], None] | None = None,
    *,
    index_dir: Path | None = None,
) -> UpdateReport:
    """Open the index of `corpus` and update it (see `CorpusIndex.update`)."""
    return CorpusIndex.open(corpus, index_dir).update(rules, progress)


# --------------------------------------------------------------------------------------------
# Helpers


def _read_meta(directory: Path) -> dict[str, Any]:
    try:
        data = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_meta(
    directory: Path,
    empty_sources: dict[str, list[str]],
    sources: dict[str, list[str]] | None = None,
) -> None:
    """The schema version, and [sha256, "size:mtime_ns"] of every source file indexed: those
    with articles (`sources`) and those that yielded none (`empty_sources`, not re-read while
    unchanged). Written after each commit; if it is lost or stale, changed-looking files are
    read again and their unchanged records recognised by their content hashes."""
    data = {
        "schema_version": SCHEMA_VERSION,
        "empty_sources": empty_sources,
        "sources": sources or {},
    }
    tmp = directory / f".{META_FILE}.tmp"
    tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, directory / META_FILE)


def _create(directory: Path) -> Any:
    """A fresh, empty index (replacing any older one in `directory`), under the write lock."""
    storage = FileStorage(str(directory))
    lock = storage.lock(f"{INDEX_NAME}_WRITELOCK")
    if not lock.acquire(False):
        raise BriefingError(
            f"index is being updated by another briefing process: {directory} "
            "(wait for it to finish, then try again)"
        )
    try:
        ix = whoosh_index.create_in(str(directory), _schema(), indexname=INDEX_NAME)
        (directory / WORDS_FILE).unlink(missing_ok=True)
        _write_meta(directory, {})
    finally:
        lock.release()
    return ix


def _add_words(directory: Path, words: set[str]) -> None:
    """Merge `words` into the sorted vocabulary file (atomically; only if something is new)."""
    if not words:
        return
    path = directory / WORDS_FILE
    try:
        known = set(path.read_text(encoding="utf-8").split())
    except FileNotFoundError:
        known = set()
    if words <= known:
        return
    tmp = directory / f".{WORDS_FILE}.tmp"
    tmp.write_text("\n".join(sorted(known | words)), encoding="utf-8")
    os.replace(tmp, path)


class _Stored:
    """The records the index holds per source file (id -> record hash), looked up per file.

    One reader for a whole update; the columns are only opened if a file has records."""

    def __init__(self, writer: Any) -> None:
        self._reader = writer.reader()
        self._empty = self._reader.doc_count() == 0  # an empty index has no columns at all
        self._columns: tuple[Any, Any] | None = None

    def records_of(self, key: str) -> dict[str, str]:
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
    """The context years (`ingest.context_year`) of the indexed articles that stay."""
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


# --------------------------------------------------------------------------------------------
# Parallel builds


@dataclass
class _WorkerResult:
    warnings: list[InputWarning] = field(default_factory=list)
    words: set[str] = field(default_factory=set)
    years: Counter[int] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)  # records that could not be read
    waiting: list[tuple[RawDocument, str]] = field(default_factory=list)
    segments: list[Any] = field(default_factory=list)


class _Workers:
    """Worker processes that parse records and index them, each into a segment of its own.

    Records are spilled to temporary files in chunks while the corpus is read; then each
    worker takes a contiguous run of chunks (split by text size, so both cores finish
    together) and the segments are committed in worker order. Together with the main writer's
    segment (articles of the second pass) the documents end up in the order one process would
    have written them."""

    def __init__(self, directory: Path, rules: Rules, procs: int) -> None:
        self.directory = directory
        self.rules = rules
        self.procs = procs
        self.tmp = Path(tempfile.mkdtemp(prefix="briefing-build-"))
        self.chunks: list[tuple[str, int, int]] = []  # (file, records, characters)
        self.pending: list[tuple[RawDocument, str]] = []
        self.pending_chars = 0
        self.processes: list[tuple[subprocess.Popen[bytes], int]] = []

    def put(self, raw: RawDocument, key: str) -> None:
        self.pending.append((raw, key))
        self.pending_chars += len(raw.text)
        if len(self.pending) >= _CHUNK_RECORDS:
            self._spill()

    def _spill(self) -> None:
        if not self.pending:
            return
        name = str(self.tmp / f"{len(self.chunks):07d}.pickle")
        with open(name, "wb") as fh:
            pickle.dump(self.pending, fh, protocol=pickle.HIGHEST_PROTOCOL)
        self.chunks.append((name, len(self.pending), self.pending_chars))
        self.pending, self.pending_chars = [], 0

    def _shares(self) -> list[list[str]]:
        total = sum(chars for _, _, chars in self.chunks) or 1
        shares: list[list[str]] = [[] for _ in range(self.procs)]
        done = 0
        for name, _, chars in self.chunks:
            k = min(self.procs - 1, done * self.procs // total)
            shares[k].append(name)
            done += chars
        return [s for s in shares if s]

    def run(self, progress: Callable[[int, int], None] | None) -> _WorkerResult:
        self._spill()
        total = sum(n for _, n, _ in self.chunks)
        if progress:
            progress(0, total)
        results: queue.Queue[tuple[Any, ...]] = queue.Queue()
        shares = self._shares()
        for k, files in enumerate(shares):
            self._start(k, files, results)
        out = _WorkerResult()
        # Per worker, in the order it sent them: joined in worker order, so warnings and the
        # articles of the second pass come in reading order whichever worker reported first.
        warned: dict[int, list[InputWarning]] = {k: [] for k in range(len(shares))}
        waits: dict[int, list[tuple[RawDocument, str]]] = {k: [] for k in range(len(shares))}
        segments: dict[int, Any] = {}
        finished: set[int] = set()
        done = 0
        while len(finished) < len(shares):
            message = results.get()
            kind, k = message[0], message[1]
            if kind == "error":
                raise BriefingError(f"indexing worker {k} failed:\n{message[2]}")
            if kind == "eof":
                if k not in finished:
                    raise BriefingError(f"indexing worker {k} stopped: {self._why(k)}")
                continue
            if kind == "done":
                finished.add(k)
                if message[2] is not None:
                    segments[k] = message[2]
                continue
            count, warnings, words, years, failed, waiting = message[2:]
            warned[k].extend(warnings)
            out.words |= words
            out.years.update(years)
            out.failed.update(failed)
            waits[k].extend(waiting)
            done += count
            if progress:
                progress(done, total)
        for process, _ in self.processes:
            process.wait()
        self.stop()
        out.segments = [segments[k] for k in sorted(segments)]
        out.warnings = [w for k in sorted(warned) for w in warned[k]]
        out.waiting = [item for k in sorted(waits) for item in waits[k]]
        return out

    def _start(self, k: int, files: list[str], results: queue.Queue[tuple[Any, ...]]) -> None:
        """A worker is `python -m briefing.index` (not multiprocessing: no fork of a process
        that may hold threads, and no re-import of the caller's main module): the job goes in
        on stdin, pickled messages come back on stdout, read by a thread into `results`."""
        errors = (self.tmp / f"worker-{k}.stderr").open("wb")
        process = subprocess.Popen(
            [sys.executable, "-m", "briefing.index"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
        )
        errors.close()
        assert process.stdin is not None and process.stdout is not None
        pickle.dump((str(self.directory), self.rules, k, files), process.stdin)
        process.stdin.close()
        stream = process.stdout

        def pump() -> None:
            with contextlib.suppress(EOFError, OSError, pickle.UnpicklingError):
                while True:
                    results.put(pickle.load(stream))
            results.put(("eof", k))

        threading.Thread(target=pump, daemon=True).start()
        self.processes.append((process, k))

    def _why(self, k: int) -> str:
        process = self.processes[k][0]
        code = process.wait()
        try:
            tail = (self.tmp / f"worker-{k}.stderr").read_text(errors="replace").strip()
        except OSError:
            tail = ""
        return f"exit code {code}" + (f": {tail[-2000:]}" if tail else "")

    def stop(self) -> None:
        for process, _ in self.processes:
            if process.poll() is None:
                process.kill()
            process.wait()
            if process.stdout is not None:
                process.stdout.close()
        self.processes = []
        shutil.rmtree(self.tmp, ignore_errors=True)


def _index_share(directory: str, rules: Rules, k: int, files: list[str], results: Any) -> None:
    """A worker process: parse and index the records in `files` into a new segment."""
    from whoosh.writing import SegmentWriter

    from briefing.ingest import context_year, needs_context, parse_record

    writer = None
    try:
        ix = whoosh_index.open_dir(directory, indexname=INDEX_NAME)
        writer = SegmentWriter(ix, _lk=False, limitmb=_WORKER_MB, compound=False)
        for name in files:
            with open(name, "rb") as fh:
                items: list[tuple[RawDocument, str]] = pickle.load(fh)
            os.unlink(name)
            warnings: list[InputWarning] = []
            words: set[str] = set()
            years: Counter[int] = Counter()
            failed: Counter[str] = Counter()
            waiting: list[tuple[RawDocument, str]] = []
            for raw, key in items:
                parsed = parse_record(raw, rules)
                if isinstance(parsed, InputWarning):
                    warnings.append(parsed)
                    failed[key] += 1
                    continue
                year = context_year(parsed)
                if year is not None:
                    years[year] += 1
                if needs_context(parsed):
                    waiting.append((raw, key))
                    continue
                writer.add_document(**_document(parsed, key))
                words |= _words_of(parsed)
            results.put(("chunk", k, len(items), warnings, words, years, failed, waiting))
        segment = writer._finalize_segment() if writer._added else None
        if segment is None:
            writer.cancel()
        writer = None
        results.put(("done", k, segment))
    except BaseException:
        if writer is not None:
            with contextlib.suppress(Exception):
                writer.cancel()
        results.put(("error", k, traceback.format_exc()))


def _outlet_facet() -> dict[str, Any]:
    return {"outlet": FieldFacet("outlet_name", maptype=Count)}


def _counts(results: Any) -> tuple[tuple[str, int], ...]:
    groups = results.groups("outlet")
    pairs = [(str(k), int(v)) for k, v in groups.items() if k]
    return tuple(sorted(pairs, key=lambda p: (-p[1], p[0].lower())))


def _date_query(node: Any, prepared: PreparedQuery) -> Any:
    """Swap a date placeholder for "the article's days overlap the asked days"."""
    if isinstance(node, Term) and node.fieldname == "id":
        m = _PLACEHOLDER_RE.fullmatch(str(node.text))
        if m and int(m.group(1)) < len(prepared.dates):
            asked = prepared.dates[int(m.group(1))]
            low = _day(asked.start) if asked.start else _MIN_DAY
            high = _day(asked.end) if asked.end else _MAX_DAY
            # Overlap is start <= high and end >= low. An article's days span at most a year
            # (precision day, month or year), so also start >= low - 1 year and end <= high +
            # 1 year: the same matches, but each range now reads the postings of the articles
            # near the asked days, not of every article before (or after) them.
            return And(
                [
                    NumericRange("date_start", _shift(asked.start, -_MAX_SPAN, _MIN_DAY), high),
                    NumericRange("date_end", low, _shift(asked.end, _MAX_SPAN, _MAX_DAY)),
                ]
            )
    return node


_MAX_SPAN: Final = dt.timedelta(days=366)  # the longest an article's date can span (a year)


def _shift(day: dt.date | None, by: dt.timedelta, default: int) -> int:
    if day is None:
        return default
    try:
        return _day(day + by)
    except OverflowError:
        return default


def _leaves(q: Any, negated: bool = False) -> Iterator[Any]:
    """Leaf queries; with `negated=False` only those a match must contain (not under NOT)."""
    if isinstance(q, Not):
        if negated:
            yield from _leaves(q.query, negated)
        return
    if isinstance(q, AndNot):
        yield from _leaves(q.a, negated)
        if negated:
            yield from _leaves(q.b, negated)
        return
    if q.is_leaf():
        yield q
        return
    for child in q.children():
        yield from _leaves(child, negated)


def _highlight_terms(q: Any, reader: Any) -> dict[str, frozenset[str]]:
    """The words to highlight: per text field, and all names asked for (person:, place:, org:,
    dateline:; not outlet:, which says where an article is from, not what it says).

    Wildcards are expanded against the index; words under NOT are left out."""
    found: dict[str, set[str]] = {f: set() for f in (*DEFAULT_FIELDS, "names")}
    for leaf in _leaves(q):
        field = getattr(leaf, "fieldname", None)
        if field not in DEFAULT_FIELDS and (field not in ENTITY_FIELDS or field == "outlet"):
            continue
        bucket = found[field if field in DEFAULT_FIELDS else "names"]
        schema_field = reader.schema[field]
        for _, text in leaf.existing_terms(reader, expand=True):
            bucket.add(schema_field.from_bytes(text))
    return {k: frozenset(v) for k, v in found.items()}


def _stem_frequency(reader: Any, word: str) -> int:
    """How many live articles hold `word`'s stem in headline, lede or body (0: none)."""
    root = stem(word)
    return max(int(reader.doc_frequency(f, root)) for f in DEFAULT_FIELDS)


def _inflections(word: str) -> set[str]:
    """Words `word` may be an inflection of, or inflect to (kurils: kuril; stopped: stop)."""
    out: set[str] = set()
    for suffix in _INFLECTIONS:
        out.add(word + suffix)
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            out.update((base, base + "e"))
            if len(base) > 3 and base[-1] == base[-2]:
                out.add(base[:-1])
    if word.endswith("ies"):
        out.add(word[:-3] + "y")
    out.discard(word)
    return out


def _nearest_term(reader: Any, field: str, word: str) -> str | None:
    """The most frequent term of an unstemmed field at the smallest edit distance (1, then 2
    for words over four letters), sharing the first letter."""
    for distance in (1, 2) if len(word) > 4 else (1,):
        found = [str(w) for w in reader.terms_within(field, word, distance, prefix=1) if w != word]
        if found:
            return min(found, key=lambda w: (-int(reader.doc_frequency(field, w)), w))
    return None


def _worker_main() -> None:
    """`python -m briefing.index`: one worker of a parallel build (see `_Workers._start`)."""
    channel = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything printed goes to stderr, not into the message stream

    class Results:
        def put(self, message: tuple[Any, ...]) -> None:
            pickle.dump(message, channel, protocol=pickle.HIGHEST_PROTOCOL)
            channel.flush()

    directory, rules, k, files = pickle.load(sys.stdin.buffer)
    _index_share(directory, rules, k, files, Results())
    channel.close()


if __name__ == "__main__":
    _worker_main()
