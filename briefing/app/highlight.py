"""Where a search query's words occur in an article's text, for highlighting in the reader.

Why this module exists: the index returns a short snippet per hit, but the reader shows the whole
article with every match marked and `n`/`N` to jump between them. This reads the query the way
the index does for text (words stemmed, so "kurils" matches "Kuril"; `kuril*` matches by prefix;
field names, operators, date filters and negated words are left out) and finds the character
spans of matching words. Plain Python, no Textual: tested on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from whoosh.lang.porter import stem

_TOKEN = re.compile(r'-?\w+:\[[^\]]*\]|-?\w+:"[^"]*"|-?\w+:\S+|-?"[^"]*"|[()]|\S+')
_WORD = re.compile(r"\w+\*?")
_TEXT_WORD = re.compile(r"\w+")
_OPERATORS = frozenset({"and", "or", "not", "to"})
# Fields whose values are words of the article's text or names in it.
_TEXT_FIELDS = frozenset(
    {"headline", "lede", "body", "person", "people", "place", "places", "org", "organisation"}
)
_NAME_FIELDS = frozenset({"person", "people", "place", "places", "org", "organisation"})


@dataclass(frozen=True, slots=True)
class Terms:
    """Stems to match exactly, prefixes to match by start, and names matched unstemmed."""

    stems: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.stems or self.prefixes)

    def matches(self, word: str) -> bool:
        low = word.lower()
        return stem(low) in self.stems or low in self.stems or low.startswith(self.prefixes)


def query_terms(query: str) -> Terms:
    """The positive words of `query` as matchable terms."""
    stems: set[str] = set()
    prefixes: list[str] = []
    negate_next = False
    for token in _TOKEN.findall(query):
        low = token.lower()
        if low == "not":
            negate_next = True
            continue
        if low in _OPERATORS or token in "()":
            continue
        negated = negate_next or token.startswith("-")
        negate_next = False
        if negated:
            continue
        value = token
        if ":" in token and not token.startswith('"'):
            name, _, value = token.partition(":")
            if name.lower() not in _TEXT_FIELDS or value.startswith("["):
                continue
        for word in _WORD.findall(value.strip('"')):
            if word.endswith("*"):
                if len(word) > 1:
                    prefixes.append(word[:-1].lower())
            elif word.lower() not in _OPERATORS:
                stems.add(stem(word.lower()))
                stems.add(word.lower())
    return Terms(frozenset(stems), tuple(prefixes))


def match_spans(text: str, terms: Terms) -> list[tuple[int, int]]:
    """Character spans of the words in `text` that `terms` match."""
    if not terms:
        return []
    return [(m.start(), m.end()) for m in _TEXT_WORD.finditer(text) if terms.matches(m.group())]
