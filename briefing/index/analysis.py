"""How the index turns text into terms: the analyzers, Porter stemming and accent folding.

Why this module exists: other layers must match words the way the index does (the event
grouping's content words, the reader's highlighting of a query), but Whoosh stays inside the
index package. They call `stem` and `fold` here instead of importing Whoosh.
"""

from __future__ import annotations

from typing import Any

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.lang.porter import stem as _porter_stem
from whoosh.support.charset import accent_map

__all__ = ["fold", "plain_analyzer", "stem", "stem_analyzer"]


def plain_analyzer() -> Any:
    """Lower-cased, accent-folded words; no stop words, no stemming (names, places, outlets)."""
    return RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)


def stem_analyzer() -> Any:
    """As `plain_analyzer`, then English stop words out and Porter stems (so kurils ~ kuril)."""
    return (
        RegexTokenizer()
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter()
        | StemFilter(cachesize=100_000)
    )


def stem(word: str) -> str:
    """The Porter stem of one (lower-case) word, as the index's text fields hold it."""
    return str(_porter_stem(word))


def fold(text: str) -> str:
    """Lower-cased and accent-folded, as the index compares words."""
    return text.lower().translate(accent_map)
