"""The stemmed text fields and their word-pair fields, analysed once per text at index time.

Why this module exists: building the index spent most of its time in the analyzer chain
(`analysis.stem_analyzer`): a Python generator per filter per token, and every text field
analysed twice, once for its positions and once more for its word pairs
(`analysis.pair_analyzer`). `ScriptText` and `ScriptPairs` are the same Whoosh field types
with the same analyzers (so a query is analysed exactly as before), but their `index` computes
the postings directly: one regex pass over the text, each distinct word's term looked up in a
dict, and the text's term list kept for the pair field that follows it (Whoosh indexes a
document's fields in name order: `body`, then `body_pairs`). The terms, positions and pairs are
the analyzer chain's own, step for step: `tests/test_textfields.py` compares them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final

from whoosh.fields import TEXT, FieldType
from whoosh.formats import Positions
from whoosh.lang.porter import stem as _porter_stem
from whoosh.support.charset import accent_map

from briefing.index.analysis import PAIR_SEPARATOR, STOP_TERMS, frequent_stems
from briefing.index.scripts import WORDS, cjk_pairs, is_cjk, stem_word

__all__ = ["ScriptPairs", "ScriptText", "pair_terms", "text_terms"]

# What `analysis.stem_analyzer`'s StopFilter drops: words shorter than this, and its stoplist.
_MIN_SIZE: Final = 2
_CACHE_LIMIT: Final = 500_000  # distinct words kept; the cache starts again past this

_Terms = tuple[str | None, ...]  # per tokenizer token of a word: its term, or None if stopped
_word_terms: dict[str, _Terms] = {}
_last: tuple[str, tuple[list[str], int]] | None = None


def _term(token: str) -> str | None:
    """One tokenizer token through the stem analyzer's filters: lower-case, fold accents,
    stop (too short, or a stop word), stem by script."""
    text = token.lower().translate(accent_map)
    if len(text) < _MIN_SIZE or text in STOP_TERMS:
        return None
    return stem_word(text, _porter_stem)


def _terms_of(word: str) -> _Terms:
    """A regex match's tokens' terms: one, or one per character pair of a CJK run."""
    if is_cjk(word):
        out: _Terms = tuple(_term(pair) for pair in cjk_pairs(word))
    else:
        out = (_term(word),)
    if len(_word_terms) >= _CACHE_LIMIT:
        _word_terms.clear()
    _word_terms[word] = out
    return out


def text_terms(value: str) -> tuple[list[str], int]:
    """The terms the stem analyzer gives `value`, in order, and the position of the first.

    The analyzer's StopFilter renumbers: the first term kept keeps its token position, each
    next one is the previous plus one. So term `k` is at position `first + k`."""
    global _last
    last = _last
    if last is not None and (last[0] is value or last[0] == value):
        return last[1]
    cache = _word_terms
    terms: list[str] = []
    first = 0
    position = 0
    for word in WORDS.findall(value):
        found = cache.get(word)
        if found is None:
            found = _terms_of(word)
        for term in found:
            if term is not None:
                if not terms:
                    first = position
                terms.append(term)
            position += 1
    result = (terms, first)
    _last = (value, result)
    return result


def pair_terms(value: str) -> set[str]:
    """The word pairs the pair analyzer gives `value`: consecutive terms, both frequent."""
    stems = frequent_stems()
    terms, _ = text_terms(value)
    out: set[str] = set()
    previous: str | None = None
    for term in terms:
        if term in stems:
            if previous is not None:
                out.add(previous + PAIR_SEPARATOR + term)
            previous = term
        else:
            previous = None
    return out


class ScriptText(TEXT):  # type: ignore[misc]
    """A `TEXT` field of the stem analyzer whose postings come from `text_terms`."""

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        if not isinstance(value, str) or kwargs:
            yield from super().index(value, **kwargs)
            return
        terms, first = text_terms(value)
        positions: dict[str, list[int]] = {}
        for k, term in enumerate(terms, first):
            found = positions.get(term)
            if found is None:
                positions[term] = [k]
            else:
                found.append(k)
        encode = self.format.encode
        boost = self.format.field_boost
        one = _one_position if type(self.format) is Positions else None
        for term, poslist in positions.items():
            if one is not None and len(poslist) == 1:  # most words of an article occur once
                yield term.encode("utf-8"), 1, boost, one(poslist[0])
            else:
                yield term.encode("utf-8"), len(poslist), len(poslist) * boost, encode(poslist)


_ONE_POSITION: dict[int, bytes] = {}


def _one_position(position: int) -> bytes:
    """`Positions.encode([position])`, remembered (the same bytes for every word at that
    position of any text), as a new object each time: a block of postings is pickled, and
    pickle writes a value met twice as a reference to the first (not what Whoosh writes)."""
    found = _ONE_POSITION.get(position)
    if found is None:
        if len(_ONE_POSITION) >= _CACHE_LIMIT:
            _ONE_POSITION.clear()
        found = _ONE_POSITION[position] = Positions().encode([position])
    return found[:4] + found[4:]


class ScriptPairs(FieldType):  # type: ignore[misc]
    """A presence-only field of the pair analyzer whose terms come from `pair_terms`."""

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        if not isinstance(value, str) or kwargs:
            yield from super().index(value, **kwargs)
            return
        boost = self.format.field_boost
        for pair in pair_terms(value):
            yield pair.encode("utf-8"), 1, boost, b""
