"""Where a search query's words occur in an article's text, for highlighting in the reader.

Why this module exists: the index returns a short snippet per hit, but the reader shows the whole
article with every match marked and `n`/`N` to jump between them. Which words of a query are
highlighted is `briefing.query.highlight_words` (the same fields and aliases the index's
snippets use: `title:treaty` highlights "treaty" in both); how a word matches is the index's
analysis (`briefing.index.analysis`: Porter stems, accents folded, so "kurils" matches "Kuril";
`kuril*` matches by prefix). This finds the character spans of matching words. Plain Python,
no Textual: tested on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.index.analysis import fold, stem
from briefing.query import highlight_words

_TEXT_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Terms:
    """Stems to match exactly, prefixes to match by start, and names matched unstemmed."""

    stems: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.stems or self.prefixes)

    def matches(self, word: str) -> bool:
        low = fold(word)
        return stem(low) in self.stems or low in self.stems or low.startswith(self.prefixes)


def query_terms(query: str) -> Terms:
    """The positive words of `query` as matchable terms."""
    stems: set[str] = set()
    prefixes: list[str] = []
    for word in highlight_words(query):
        text = fold(word.text)
        if word.prefix:
            prefixes.append(text)
        else:
            stems.update((stem(text), text))
    return Terms(frozenset(stems), tuple(prefixes))


def match_spans(text: str, terms: Terms) -> list[tuple[int, int]]:
    """Character spans of the words in `text` that `terms` match."""
    if not terms:
        return []
    return [(m.start(), m.end()) for m in _TEXT_WORD.finditer(text) if terms.matches(m.group())]
