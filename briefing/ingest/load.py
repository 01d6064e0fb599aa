"""Reading a whole corpus folder into articles, without an index.

Why this module exists: tests, the evaluation scripts and small tools want every article of a
folder in memory, with the same corpus-wide second pass the index build does (articles whose
dateline gives no year are dated from the rest of the corpus). `briefing.build` is the indexed,
incremental, parallel version of the same work.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from briefing.errors import CorpusError
from briefing.formats import FORMATS_READ
from briefing.ingest.context import context_from, needs_context
from briefing.ingest.parse import parse_source
from briefing.ingest.rules import Rules, load_rules
from briefing.ingest.sources import SourceFile, discover
from briefing.models import Article, InputWarning

__all__ = ["CorpusLoad", "load_corpus"]


@dataclass(frozen=True, slots=True)
class CorpusLoad:
    articles: tuple[Article, ...]
    warnings: tuple[InputWarning, ...]
    sources: tuple[SourceFile, ...] = field(default=())


def load_corpus(corpus: Path, rules: Rules | None = None) -> CorpusLoad:
    """Read a whole corpus folder (or a single file). Raises `CorpusError` if there is nothing."""
    rules = rules or load_rules(corpus)
    sources, warnings = discover(corpus, max_file_bytes=rules.max_file_bytes)
    articles: list[Article] = []
    per_source: list[tuple[SourceFile, list[Article]]] = []
    for src in sources:
        found, warned = parse_source(src, rules)
        per_source.append((src, found))
        warnings.extend(warned)
    context = context_from(a for _, found in per_source for a in found)
    for src, found in per_source:
        redo = frozenset(a.id for a in found if needs_context(a))
        if redo:
            better = {a.id: a for a in parse_source(src, rules, context, only=redo)[0]}
            found = [better.get(a.id, a) for a in found]
        articles.extend(found)
    if not articles:
        raise CorpusError(f"{corpus}: no articles found (looked for {FORMATS_READ})")
    return CorpusLoad(tuple(articles), tuple(warnings), tuple(sources))
