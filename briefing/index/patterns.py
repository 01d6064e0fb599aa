"""Word patterns (`immigra*`, `vacc?ne`) matched against the words articles use, not their stems.

Why this module exists: the text fields hold stems (`immigration` and `immigrants` are both
`immigr`). Whoosh runs a pattern's text through the field's analyzer as if it were a word, so
`immigra*` became the prefix `immigra`, which no stem begins with (a hundred stray tokens instead
of the six thousand articles that say "immigration"), and `ab?e` lost its `e` to the stemmer.
Here a pattern on a stemmed field is matched against the spelling vocabulary (the corpus's
unstemmed words, `files.Vocabulary`) and stands for the stems of the words it matches, plus
the index terms the pattern matches as written (tokens the vocabulary leaves out, like `u.s`).
So `immigra*` finds what `grep -i immigra` finds, word for word, and a pattern that already
worked (`kuril*`, `vaccin*`) finds the same or more.

The scan is bounded: words are looked at from the pattern's literal start in the sorted
vocabulary (all of it only for a pattern that begins with a wildcard), at most `SCAN_LIMIT` of
them; what a pattern may expand to in all is then checked by `whoosh_query.check_expansion`.
The stems of a pattern are kept per vocabulary state (a query typed key by key asks again).
"""

from __future__ import annotations

import fnmatch
import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from itertools import islice
from typing import Any, Final

from whoosh.query import Wildcard

from briefing.index.analysis import fold, stem
from briefing.index.scripts import ScriptStemFilter

__all__ = ["SCAN_LIMIT", "PatternWords", "WordPattern", "is_stemmed"]

SCAN_LIMIT: Final = 100_000  # vocabulary words one pattern looks at, at most
_KEPT: Final = 256  # patterns whose stems are remembered per vocabulary state
_SPECIAL: Final = frozenset("*?[")


def is_stemmed(field: Any) -> bool:
    """Whether a schema field's analyzer stems its words (the text fields)."""
    analyzer = getattr(field, "analyzer", None)
    items = getattr(analyzer, "items", None) or ()
    return any(isinstance(item, ScriptStemFilter) for item in items)


class PatternWords:
    """The stems a pattern's words have, read from one index's vocabulary."""

    def __init__(self, words: Callable[[], list[str]]) -> None:
        self._words = words
        self._seen: list[str] | None = None
        self._stems: dict[str, frozenset[str]] = {}

    def stems(self, pattern: str) -> frozenset[str]:
        """The stems of the vocabulary words `pattern` (folded, glob syntax) matches."""
        words = self._words()
        if words is not self._seen or len(self._stems) > _KEPT:
            self._seen, self._stems = words, {}
        known = self._stems.get(pattern)
        if known is None:
            known = self._stems[pattern] = frozenset(stem(w) for w in _matching(words, pattern))
        return known


def _matching(words: list[str], pattern: str) -> Iterator[str]:
    literal = _literal_start(pattern)
    exp = re.compile(fnmatch.translate(pattern))
    start = bisect_left(words, literal) if literal else 0
    for w in islice(words, start, start + SCAN_LIMIT):
        if literal and not w.startswith(literal):
            return
        if exp.match(w):
            yield w


def _literal_start(pattern: str) -> str:
    for i, ch in enumerate(pattern):
        if ch in _SPECIAL:
            return pattern[:i]
    return pattern


class WordPattern(Wildcard):  # type: ignore[misc]
    """A glob pattern of a stemmed text field, standing for the stems of the words it matches
    (and the field's terms it matches as written). Scores as Whoosh's patterns do: constant."""

    def __init__(self, fieldname: str, text: str, words: PatternWords, boost: float = 1.0):
        super().__init__(fieldname, text, boost=boost)
        self._pattern_words = words
        # per reader (the searcher's, each segment's): one search asks several times
        self._found: dict[int, tuple[Any, tuple[bytes, ...]]] = {}

    def __deepcopy__(self, memo: dict[int, Any]) -> WordPattern:
        # the vocabulary is shared, never copied; the per-reader terms are found again
        return WordPattern(self.fieldname, self.text, self._pattern_words, boost=self.boost)

    def normalize(self) -> Any:
        return self  # never Whoosh's `Prefix` of the stemmed text

    def _btexts(self, ixreader: Any) -> Iterator[bytes]:
        known = self._found.get(id(ixreader))
        if known is None or known[0] is not ixreader:
            known = self._found[id(ixreader)] = (ixreader, self._terms(ixreader))
        return iter(known[1])

    def _terms(self, ixreader: Any) -> tuple[bytes, ...]:
        field = ixreader.schema[self.fieldname]
        found = {field.to_bytes(s) for s in self._pattern_words.stems(self.text)}
        found = {b for b in found if (self.fieldname, b) in ixreader}
        found.update(super()._btexts(ixreader))  # the terms the pattern matches as written
        return tuple(sorted(found))


def word_pattern(fieldname: str, text: str, words: PatternWords, boost: float) -> WordPattern:
    """The `WordPattern` of what the user typed (lower-cased and accent-folded, as the index
    compares words)."""
    return WordPattern(fieldname, fold(text), words, boost=boost)
