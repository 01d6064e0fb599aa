"""Turn a folder of messy saved articles into `Article` records.

Why this package exists: everything briefing shows starts from what is read here. It is split by
concern: `sources` finds files and decodes them (bad input becomes warnings, never crashes),
`text` cleans characters, `structure` recovers headline/lede/dateline/body from scraped text,
`dates` pins down publication dates and the dates an article mentions, `entities` and `quotes`
find who and where. `rules` holds the user-extensible TOML rules they all read.

The public interface is small:

- `discover(corpus)` lists the source files (raises `CorpusError` for a missing folder);
- `parse_source(source, rules, context)` reads one file into articles and warnings;
- `load_corpus(corpus, rules)` does both for a whole folder, with the corpus-wide second pass
  that dates articles whose own text does not give a year.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from briefing.errors import CorpusError
from briefing.ingest.rules import Rules, default_rules, load_rules
from briefing.ingest.sources import SourceFile, discover, read_source
from briefing.models import Article, InputWarning, RawDocument

__all__ = [
    "CorpusContext",
    "CorpusLoad",
    "Rules",
    "SourceFile",
    "context_from",
    "context_year",
    "default_rules",
    "discover",
    "load_corpus",
    "load_rules",
    "needs_context",
    "parse_record",
    "parse_source",
    "read_source",
]


@dataclass(frozen=True, slots=True)
class CorpusContext:
    """What the rest of the corpus says, for articles whose own text is not enough.

    `year_counts` counts the publication years of confidently dated articles; an article whose
    dateline gives a month and day but no year takes its year from here when the weekday fits.
    """

    year_counts: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class CorpusLoad:
    articles: tuple[Article, ...]
    warnings: tuple[InputWarning, ...]
    sources: tuple[SourceFile, ...] = field(default=())


def context_year(article: Article) -> int | None:
    """The publication year `article` lends to `CorpusContext`, or None (not confidently dated)."""
    d = article.published
    if d.date.start is not None and d.precision in ("day", "month") and d.confidence >= 0.5:
        return d.date.start.year
    return None


def context_from(articles: Iterable[Article]) -> CorpusContext:
    years: Counter[int] = Counter()
    for a in articles:
        year = context_year(a)
        if year is not None:
            years[year] += 1
    return CorpusContext(tuple(sorted(years.items())))


def needs_context(article: Article) -> bool:
    """True when the article's date could improve with corpus context (see `CorpusContext`)."""
    return article.published.precision in ("unknown", "year") and any(
        e.startswith("dateline:") for e in article.published.evidence
    )


def parse_source(
    source: SourceFile,
    rules: Rules,
    context: CorpusContext | None = None,
    only: frozenset[str] | None = None,
) -> tuple[list[Article], list[InputWarning]]:
    """Read one source file into articles. Never raises for bad input: it warns.

    `only`, when given, limits parsing to those article ids (the corpus-wide second pass).
    """
    articles: list[Article] = []
    warnings: list[InputWarning] = []
    for item in read_source(source, rules):
        if isinstance(item, InputWarning):
            warnings.append(item)
            continue
        if only is not None and item.id not in only:
            continue
        parsed = parse_record(item, rules, context)
        if isinstance(parsed, InputWarning):
            warnings.append(parsed)
        else:
            articles.append(parsed)
    return articles, warnings


def parse_record(
    raw: RawDocument, rules: Rules, context: CorpusContext | None = None
) -> Article | InputWarning:
    """One raw document (from `read_source`) into an article, or a warning if it cannot be read.

    What `parse_source` does per record; the index calls it directly to parse only the records
    of a changed file whose content hash changed, and to parse records in worker processes."""
    from briefing.ingest.html import PAGE_FIELD, page_document
    from briefing.ingest.parse import parse_document

    try:
        if raw.fields.get(PAGE_FIELD):  # a web page: its text and metadata first
            page = page_document(raw, rules)
            if isinstance(page, InputWarning):
                return page
            raw = page
        return parse_document(raw, rules, context)
    except Exception as exc:  # one bad article never stops the rest
        return InputWarning(raw.id, f"could not be read: {exc!r}")


def load_corpus(
    corpus: Path,
    rules: Rules | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> CorpusLoad:
    """Read a whole corpus folder (or a single file). Raises `CorpusError` if there is nothing."""
    rules = rules or load_rules(corpus)
    sources, warnings = discover(corpus, max_file_bytes=rules.max_file_bytes)
    articles: list[Article] = []
    per_source: list[tuple[SourceFile, list[Article]]] = []
    for i, src in enumerate(sources):
        found, warned = parse_source(src, rules)
        per_source.append((src, found))
        warnings.extend(warned)
        if progress:
            progress(i + 1, len(sources))
    context = context_from(a for _, found in per_source for a in found)
    for src, found in per_source:
        redo = frozenset(a.id for a in found if needs_context(a))
        if redo:
            better = {a.id: a for a in parse_source(src, rules, context, only=redo)[0]}
            found = [better.get(a.id, a) for a in found]
        articles.extend(found)
    if not articles:
        raise CorpusError(
            f"{corpus}: no articles found (looked for *.txt, *.jsonl, *.jsonl.gz, "
            "*.html, *.htm, *.html.gz, *.mhtml)"
        )
    return CorpusLoad(tuple(articles), tuple(warnings), tuple(sources))
