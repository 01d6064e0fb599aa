"""How the index turns text into terms: the analyzers, stemming by script and accent folding.

Why this module exists: other layers must match words the way the index does (the event
grouping's content words, the reader's highlighting of a query), but Whoosh stays inside the
index package. They call `stem` and `fold` here instead of importing Whoosh. Words are
analysed by their script (`scripts`): Porter stems for Latin words, Snowball Russian for
Cyrillic, character pairs for Chinese, Japanese and Korean; the same at index and query time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from whoosh.analysis import STOP_WORDS, CharsetFilter, Filter, LowercaseFilter, StopFilter
from whoosh.lang.porter import stem as _porter_stem
from whoosh.support.charset import accent_map

from briefing.index.frequent import frequent_words
from briefing.index.scripts import (
    RUSSIAN_STOP_WORDS,
    ScriptStemFilter,
    ScriptTokenizer,
    stem_word,
)
from briefing.resources import cached_path, discard

__all__ = [
    "PAIR_SEPARATOR",
    "STOP_TERMS",
    "fold",
    "frequent_stems",
    "indexed_pair",
    "pair_analyzer",
    "plain_analyzer",
    "stem",
    "stem_analyzer",
]

PAIR_SEPARATOR = " "  # between the two terms of a word pair; never inside a term


def plain_analyzer() -> Any:
    """Lower-cased, accent-folded words; no stop words, no stemming (names, places, outlets)."""
    return ScriptTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)


def stem_analyzer() -> Any:
    """As `plain_analyzer`, then English and Russian stop words out and each word stemmed by
    its script (kurils ~ kuril, Путина ~ Путин)."""
    return (
        ScriptTokenizer()
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter(stoplist=STOP_TERMS)
        | ScriptStemFilter()
    )


STOP_TERMS = frozenset(STOP_WORDS) | frozenset(w.translate(accent_map) for w in RUSSIAN_STOP_WORDS)
"""The stem analyzer's stop words (English, and Russian accent-folded as its words are)."""


class _PairFilter(Filter):  # type: ignore[misc]
    """Each token and the next as one term ("white hous"), when both are frequent words
    (`indexed_pair`): an indexed word pair (shingle).

    It runs after the stem analyzer's own filters, so a pair is two consecutive terms of the
    very stream the text field indexes (stop words out, positions renumbered): a document
    holds the pair exactly when the text field holds that two-term phrase and both terms are
    frequent ones."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(self, tokens: Iterator[Any]) -> Iterator[Any]:
        stems = frequent_stems()
        previous: str | None = None
        for token in tokens:
            text = token.text
            if previous is not None and text in stems:
                token.text = previous + PAIR_SEPARATOR + text
                yield token
            previous = text if text in stems else None


def pair_analyzer() -> Any:
    """The stem analyzer's terms, two at a time where both are frequent: for the word-pair
    fields behind phrases."""
    return stem_analyzer() | _PairFilter()


@lru_cache(maxsize=1)
def frequent_stems() -> frozenset[str]:
    """The stems of the frequent words (`frequent`), as the stem analyzer gives them.

    Stemming the Russian list with Whoosh's pure-Python Snowball stemmer takes ~0.2 s, paid by
    the first document or phrase of every process: the stems are kept in the resource cache
    (`briefing.resources`, JSON), named by the word lists and the code that stems them."""
    import whoosh.lang.porter
    import whoosh.lang.snowball.russian

    import briefing.index.frequent as frequent
    import briefing.index.scripts as scripts

    sources = [Path(frequent.__file__).with_name(name) for name in frequent.LISTS]
    sources += [Path(m.__file__ or "") for m in (frequent, scripts)] + [Path(__file__)]
    sources += [Path(m.__file__ or "") for m in (whoosh.lang.porter, whoosh.lang.snowball.russian)]
    path = cached_path("frequent-stems", sources, ".json", _write_stems)
    if path is not None:
        try:
            stems = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            stems = None
        if isinstance(stems, list) and stems and all(isinstance(s, str) for s in stems):
            return frozenset(stems)
        discard(path)
    return _stems()


def _stems() -> frozenset[str]:
    analyzer = stem_analyzer()
    return frozenset(t.text for word in frequent_words() for t in analyzer(word))


def _write_stems(dest: Path) -> None:
    dest.write_text(json.dumps(sorted(_stems()), ensure_ascii=False), encoding="utf-8")


def indexed_pair(first: str, second: str) -> bool:
    """Whether the pair fields hold the pair of these two (analysed) terms."""
    stems = frequent_stems()
    return first in stems and second in stems


def stem(word: str) -> str:
    """The stem of one (lower-case, folded) word, as the index's text fields hold it."""
    return stem_word(word, _porter_stem)


def fold(text: str) -> str:
    """Lower-cased and accent-folded, as the index compares words."""
    return text.lower().translate(accent_map)
