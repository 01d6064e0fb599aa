"""Spelling suggestions: "did you mean" for a query whose words the index has never seen.

Why this module exists: a misspelt word silently finds nothing; suggesting the nearest real
word (from the vocabulary file for text, from the field's own lexicon for names) is a search
concern of its own, with its own rules about what counts as known (an inflection of a known
word is known: stemming finds it). Its work is bounded: words longer than `MAX_WORD_CHARS` are
never looked up (the edit-distance automaton grows with the word) and at most
`MAX_CHECKED_WORDS` words of one query are.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any, Final

from whoosh.query import Term
from whoosh.spelling import ListCorrector

from briefing.index.analysis import fold, stem
from briefing.index.files import Vocabulary
from briefing.index.schema import WORD_RE
from briefing.index.whoosh_query import leaves
from briefing.query import NAME_FIELDS, TEXT_FIELDS, PreparedQuery

__all__ = ["Speller"]

_INFLECTIONS: Final = ("s", "es", "ed", "d", "ing", "er", "ers", "ly")
MAX_WORD_CHARS: Final = 30  # longer than nearly every real word; a misspelling is near one
MAX_CHECKED_WORDS: Final = 12
# A known but rare word gets a "did you mean" when a word one or two edits away is this many
# times as frequent (`kavanagh` in 3 articles, `kavanaugh` in 117) ...
FAR_MORE: Final = 10
RARE_BELOW: Final = 10  # ... and only when it is this rare (common words are never second-guessed)
COMPLETIONS: Final = 8  # stems a word being typed may complete to (the most frequent: each is a
# term of every text field, and 24 of them made a three-letter prefix the slowest keystroke)
COMPLETION_SCAN: Final = 400  # vocabulary words read per prefix at most
_FREQUENCIES_KEPT: Final = 20_000  # stem frequencies remembered per reader
WALK_FROM: Final = 8  # frequencies not known yet of a prefix's words read by a walk of the terms


class Speller:
    """Suggestions for one index, reading its vocabulary (re-read only when it changed)."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self._vocabulary = vocabulary
        # stem frequencies of the open reader: typing a word asks for the same ones at every key
        self._reader: Any = None
        self._frequencies: dict[str, int] = {}

    def _frequency(self, reader: Any, word: str) -> int:
        if reader is not self._reader or len(self._frequencies) > _FREQUENCIES_KEPT:
            self._reader, self._frequencies = reader, {}
        known = self._frequencies.get(word)
        if known is None:
            known = self._frequencies[word] = _stem_frequency(reader, word)
        return known

    def _frequencies_of(self, reader: Any, prefix: str, words: list[str]) -> list[int]:
        """`_frequency` of each of `words` (all beginning with `prefix`). When many are not
        known yet (the first keys of a word), the stems that begin with `prefix` are read in
        one ordered pass over each field's terms from `prefix` (`_prefix_frequencies`), not
        looked up one by one in the term tables."""
        if reader is not self._reader or len(self._frequencies) > _FREQUENCIES_KEPT:
            self._reader, self._frequencies = reader, {}
        missing = [w for w in words if w not in self._frequencies]
        if len(missing) >= WALK_FROM:
            self._frequencies.update(_prefix_frequencies(reader, prefix, missing))
        return [self._frequency(reader, w) for w in words]

    def suggest(self, parsed: Any, prepared: PreparedQuery, reader: Any) -> str | None:
        """The query with each word the index has never seen replaced by its nearest real word.

        Words are checked unstemmed, against the vocabulary for headline/lede/body (`kurils` is
        fine when `kuril` is known: stemming finds it) and against their own lexicon for names
        (`person:abee`). Words inside phrases are not checked.
        """
        fixes: dict[tuple[int, int], str] = {}
        seen: set[tuple[int, int]] = set()
        for leaf in leaves(parsed, negated=True):
            field = getattr(leaf, "fieldname", "")
            if not isinstance(leaf, Term) or leaf.startchar is None:
                continue
            if field not in TEXT_FIELDS and field not in NAME_FIELDS:
                continue
            span = prepared.to_original(leaf.startchar, leaf.endchar)
            if span in seen:
                continue
            seen.add(span)
            word = _single_word(prepared.original[slice(*span)])
            if word is None or len(word) > MAX_WORD_CHARS:
                continue
            if len(seen) > MAX_CHECKED_WORDS:
                break
            if field in NAME_FIELDS:
                better = None if (field, word) in reader else _nearest_term(reader, field, word)
            else:
                better = self._nearest_word(reader, word)
            if better:
                fixes[span] = better
        if not fixes:
            return None
        text = prepared.original
        for (start, end), word in sorted(fixes.items(), reverse=True):
            text = text[:start] + word + text[end:]
        return text

    def _known(self, reader: Any, word: str) -> bool:
        vocabulary = self._vocabulary.words()
        i = bisect_left(vocabulary, word)
        return i < len(vocabulary) and vocabulary[i] == word and self._frequency(reader, word) > 0

    def _nearest_word(self, reader: Any, word: str) -> str | None:
        """A correction for a headline/lede/body word, or None if it is known or nothing is near.

        No suggestion for an inflection of a known word (`kurils` when `kuril` is indexed):
        stemming already finds it. Candidates are real words from the vocabulary at edit distance
        1 (then 2, for words over four letters) that the live index still holds, most frequent
        first; the first letter is taken as right, which keeps the automaton walk fast."""
        if self._known(reader, word):
            return self._far_more_frequent(reader, word)
        if not word.isascii() and self._frequency(reader, word) > 0:
            return None  # an inflection in a language stemmed by rule ("путину": "путин")
        root = stem(word)
        for candidate in _inflections(word):
            if stem(candidate) == root and self._known(reader, candidate):
                return None
        vocabulary = self._vocabulary.words()
        if not vocabulary:
            return None
        corrector = ListCorrector(vocabulary)
        for distance in (1, 2) if len(word) > 4 else (1,):
            found = corrector.suggest(word, limit=50, maxdist=distance, prefix=1)
            ranked = [(self._frequency(reader, w), str(w)) for w in found if w != word]
            live = [(f, w) for f, w in ranked if f > 0]
            if live:
                return min(live, key=lambda fw: (-fw[0], fw[1]))[1]
        return None

    def _far_more_frequent(self, reader: Any, word: str) -> str | None:
        """A real but rare word's far more frequent neighbour (`kavanagh`: `kavanaugh`)."""
        own = self._frequency(reader, word)
        if own >= RARE_BELOW or len(word) < 5:
            return None
        root = stem(word)
        corrector = ListCorrector(self._vocabulary.words())
        for distance in (1, 2) if len(word) > 6 else (1,):
            found = corrector.suggest(word, limit=50, maxdist=distance, prefix=1)
            ranked = [
                (self._frequency(reader, w), str(w)) for w in found if w != word and stem(w) != root
            ]
            better = [(f, w) for f, w in ranked if f >= FAR_MORE * max(own, 1)]
            if better:
                return min(better, key=lambda fw: (-fw[0], fw[1]))[1]
        return None

    def completions(self, reader: Any, prefix: str) -> list[str]:
        """Words a word being typed may become (`impeachm`: `impeachment`), one per stem, the
        most frequent first; the prefix itself when the index holds it."""
        prefix = fold(prefix)
        vocabulary = self._vocabulary.words()
        i = bisect_left(vocabulary, prefix)
        by_stem: dict[str, str] = {}
        for w in vocabulary[i : i + COMPLETION_SCAN]:
            if not w.startswith(prefix):
                break
            by_stem.setdefault(stem(w), w)
        words = list(by_stem.values())
        ranked = sorted(
            zip(self._frequencies_of(reader, prefix, words), words, strict=True),
            key=lambda fw: (-fw[0], fw[1]),
        )
        return [w for f, w in ranked[:COMPLETIONS] if f > 0]


def _single_word(typed: str) -> str | None:
    """The one checkable word a query term was typed as (three letters or more), or None."""
    words: list[str] = [w for w in WORD_RE.findall(fold(typed)) if len(w) > 1]
    if len(words) != 1 or len(words[0]) < 3 or not words[0].isalpha():
        return None
    return words[0]


def _stem_frequency(reader: Any, word: str) -> int:
    """How many live articles hold `word`'s stem in headline, lede or body (0: none)."""
    root = stem(word)
    return max(int(reader.doc_frequency(f, root)) for f in TEXT_FIELDS)


def _prefix_frequencies(reader: Any, prefix: str, words: list[str]) -> dict[str, int]:
    """`_stem_frequency` of each of `words` whose stem begins with `prefix` (the others are
    left out), from one ordered walk per field and segment over the terms from `prefix` to
    the last of those stems: each term's document frequency summed over the segments, as the
    reader's `doc_frequency` sums it, then the most of the fields."""
    stems = {w: stem(w) for w in words}
    walked = sorted({root for root in stems.values() if root.startswith(prefix)})
    if not walked:
        return {}
    best = dict.fromkeys(walked, 0)
    for field in TEXT_FIELDS:
        kind = reader.schema[field]
        last = kind.to_bytes(walked[-1])
        found = dict.fromkeys(walked, 0)
        for leaf, _ in reader.leaf_readers():
            for text, info in leaf.iter_field(field, prefix):
                if text > last:
                    break
                root = kind.from_bytes(text)
                if root in found:
                    found[root] += info.doc_frequency()
        for root, n in found.items():
            best[root] = max(best[root], n)
    return {w: best[root] for w, root in stems.items() if root in best}


def _inflections(word: str) -> set[str]:
    """Words `word` may be an inflection of, or inflect to (kurils: kuril; stopped: stop)."""
    out: set[str] = set()
    for suffix in _INFLECTIONS:
        out.add(word + suffix)
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            out.update((base, base + "e"))
            if len(base) > 3 and base[-1] == base[-2]:
                out.add(base[:-1])
    if word.endswith("ies"):
        out.add(word[:-3] + "y")
    out.discard(word)
    return out


def _nearest_term(reader: Any, field: str, word: str) -> str | None:
    """The most frequent term of an unstemmed field at the smallest edit distance (1, then 2
    for words over four letters), sharing the first letter."""
    for distance in (1, 2) if len(word) > 4 else (1,):
        found = [str(w) for w in reader.terms_within(field, word, distance, prefix=1) if w != word]
        if found:
            return min(found, key=lambda w: (-int(reader.doc_frequency(field, w)), w))
    return None
