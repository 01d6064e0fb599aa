"""The plain records the index answers with: search results, snippets, and an update's report.

Why this module exists: everything above the index (the build, the CLI, the app, the renderers)
reads these frozen records and never a Whoosh object, so they live apart from the engine code.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing.models import InputWarning, Precision

__all__ = ["SearchHit", "SearchResult", "Snippet", "UpdateReport"]


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
    notes: tuple[str, ...] = ()  # what was repaired: a damaged index rebuilt, leftovers removed
    reread: bool = False  # every file was read again (other reading rules): `updated` counts them
