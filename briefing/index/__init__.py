"""The search index over a corpus: full-text search, facets, dates, snippets, article storage.

Why this package exists: `briefing search`, `summary` and the app must answer in milliseconds
over tens of thousands of articles without re-reading the corpus. The index keeps a Whoosh
index per corpus folder, stores every `Article` as JSON so the rest of briefing can read the
corpus back from it, and answers queries in briefing's query language (`briefing.query`) with
plain frozen records. It only stores and searches: reading and parsing the corpus, and deciding
what changed, is `briefing.build`, which writes through the `IndexWriter` the index gives it.
Whoosh is imported nowhere else in briefing.

Modules, one concern each:

- `records`: `SearchResult`, `SearchHit`, `Snippet`, `UpdateReport`;
- `location`: where an index lives (`default_index_dir`, `resolve_index_dir`);
- `analysis`: the analyzers, `stem` and `fold` (for layers that must match words as the index
  does);
- `schema`: the fields, and an article to a document and back;
- `whoosh_query`: a prepared query to a Whoosh query (dates), its terms, outlet counts;
- `pairs`: phrases through the word-pair fields, wide wildcards capped;
- `matches`: unscored match sets per segment, for totals and per-outlet counts;
- `ranking`: the page's hits, scored exactly as a search collecting every match scores them;
- `snippets`: highlighted snippets; `spelling`: "did you mean";
- `files`: the meta file (source hashes) and the spelling vocabulary beside the index;
- `writer`: `IndexWriter` (one update) and `SegmentBuilder` (a worker process's segment);
- `whoosh_internals`: the private Whoosh writer calls a parallel build needs, pinned;
- `corpus_index`: `CorpusIndex`, the facade (open, search, get, all_articles, outlets, writer).

Index layout, per corpus folder: a Whoosh index named `briefing`; `briefing-index.json`
(schema version, and the size, mtime and SHA-256 of every source file indexed, including those
that yielded no article); `briefing-words.txt` (the spelling vocabulary). A schema version
mismatch, or an index Whoosh cannot open, is rebuilt from scratch.
"""

from __future__ import annotations

from briefing.index.corpus_index import SORTS, CorpusIndex
from briefing.index.files import META_FILE, WORDS_FILE, SourceHashes
from briefing.index.integrity import make_build_folder
from briefing.index.location import ENV_INDEX_DIR, default_index_dir, resolve_index_dir
from briefing.index.records import SearchHit, SearchResult, Snippet, UpdateReport
from briefing.index.schema import SCHEMA_VERSION
from briefing.index.writer import INDEX_NAME, IndexWriter, Segment, SegmentBuilder
from briefing.query import QueryError

__all__ = [
    "ENV_INDEX_DIR",
    "INDEX_NAME",
    "META_FILE",
    "SCHEMA_VERSION",
    "SORTS",
    "WORDS_FILE",
    "CorpusIndex",
    "IndexWriter",
    "QueryError",
    "SearchHit",
    "SearchResult",
    "Segment",
    "SegmentBuilder",
    "Snippet",
    "SourceHashes",
    "UpdateReport",
    "default_index_dir",
    "make_build_folder",
    "resolve_index_dir",
]
