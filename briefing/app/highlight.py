"""Where a search query's words occur in an article's text, for highlighting in the reader.

Why this module exists: the index returns a short snippet per hit, but the reader shows the whole
article with every match marked and `n`/`N` to jump between them. Which words of a query are
highlighted is `briefing.query.highlight_words` (the same fields and aliases the index's
snippets use: `title:treaty` highlights "treaty" in both); how a word matches is the index's
analysis (`briefing.index.analysis`: Porter stems, accents folded, so "kurils" matches "Kuril";
`kuril*` matches by prefix; Cyrillic words by their Russian stem, so "Путин" matches
"Путина"; Chinese and Japanese words, written without spaces, wherever they occur). This finds
the character spans of matching words. Plain Python, no Textual: tested on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.index.analysis import fold, stem
from briefing.query import highlight_words

_TEXT_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")


@dataclass(frozen=True, slots=True)
class Terms:
    """Stems to match exactly, prefixes to match by start, and names matched unstemmed."""

    stems: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()
    inside: tuple[str, ...] = ()  # Chinese/Japanese words: matched wherever they occur

    def __bool__(self) -> bool:
        return bool(self.stems or self.prefixes or self.inside)

    def matches(self, word: str) -> bool:
        low = fold(word)
        return stem(low) in self.stems or low in self.stems or low.startswith(self.prefixes)


def query_terms(query: str) -> Terms:
    """The positive words of `query` as matchable terms."""
    stems: set[str] = set()
    prefixes: list[str] = []
    inside: list[str] = []
    for word in highlight_words(query):
        text = fold(word.text)
        if _CJK.search(text):
            inside.append(text)
        elif word.prefix:
            prefixes.append(text)
        else:
            stems.update((stem(text), text))
    return Terms(frozenset(stems), tuple(prefixes), tuple(inside))


def match_spans(text: str, terms: Terms) -> list[tuple[int, int]]:
    """Character spans of the words in `text` that `terms` match."""
    if not terms:
        return []
    spans = [(m.start(), m.end()) for m in _TEXT_WORD.finditer(text) if terms.matches(m.group())]
    if terms.inside:
        folded = fold(text)
        for word in terms.inside:
            at = folded.find(word)
            while at >= 0:
                spans.append((at, at + len(word)))
                at = folded.find(word, at + len(word))
        spans = sorted(set(spans))
    return spans
