"""Turn a folder of messy saved articles into `Article` records.

Why this package exists: everything briefing shows starts from what is read here. It is split by
concern: `sources` finds files and decodes them (bad input becomes warnings, never crashes),
`text` cleans characters, `structure` recovers headline/lede/dateline/body from scraped text,
`dates` pins down publication dates and the dates an article mentions, `entities` and `quotes`
find who and where, `parse` puts them together, `context` is what the corpus-wide second pass
knows, `load` reads a whole folder. `rules` holds the user-extensible TOML rules they all read.

This `__init__` only re-exports, each name imported on its first use (`briefing.lazy_exports`);
no module of the package imports it back. The interface:

- `discover(corpus)` lists the source files (raises `CorpusError` for a missing folder);
- `parse_source(source, rules, context)` reads one file into articles and warnings;
- `load_corpus(corpus, rules)` does both for a whole folder, with the corpus-wide second pass
  that dates articles whose own text does not give a year.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from briefing.lazy_exports import resolve

if TYPE_CHECKING:
    from briefing.ingest.context import CorpusContext, context_from, context_year, needs_context
    from briefing.ingest.jsonl import Unchanged
    from briefing.ingest.load import CorpusLoad, load_corpus
    from briefing.ingest.parse import parse_record, parse_source
    from briefing.ingest.rules import Rules, default_rules, load_rules, rules_of_recipe
    from briefing.ingest.sources import SourceFile, discover, read_changed, read_source

# where each export lives, imported on first use (`lazy_exports`): opening an index
# loads the rules without importing every reader
_HOMES = {
    "CorpusContext": "context",
    "context_from": "context",
    "context_year": "context",
    "needs_context": "context",
    "Unchanged": "jsonl",
    "CorpusLoad": "load",
    "load_corpus": "load",
    "parse_record": "parse",
    "parse_source": "parse",
    "Rules": "rules",
    "default_rules": "rules",
    "load_rules": "rules",
    "rules_of_recipe": "rules",
    "SourceFile": "sources",
    "discover": "sources",
    "read_changed": "sources",
    "read_source": "sources",
}


def __getattr__(name: str) -> Any:
    return resolve(__name__, _HOMES, globals(), name)


__all__ = [
    "CorpusContext",
    "CorpusLoad",
    "Rules",
    "SourceFile",
    "Unchanged",
    "context_from",
    "context_year",
    "default_rules",
    "discover",
    "load_corpus",
    "load_rules",
    "needs_context",
    "parse_record",
    "parse_source",
    "read_changed",
    "read_source",
    "rules_of_recipe",
]
