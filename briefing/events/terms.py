"""The content words of an article's text, stemmed as the index stems them.

Why this module exists: event grouping, event labels and the outlet comparison all weigh an
article by its content words; this is the one definition of what a content word is (no
function words, no reporting verbs: `STOP_WORDS`) and how it is stemmed (the index's analysis).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TypeVar

__all__ = ["STOP_WORDS", "foreign_terms", "terms", "terms_of_all"]

# a word of ASCII letters, never the ASCII part of a word with other letters in it ("pol" and
# "tica" of "política": `foreign_terms` reads that word whole)
_WORD = re.compile(r"(?<![^\W\d_])(?:[a-z][a-z'’-]*[a-z]|[a-z])(?![^\W\d_])")
# the same words in a text with no letter outside ASCII, where no other letter can be beside
# one (the look-arounds cost half as much again as the rest): the definition `_runs` gives
# those words by (faster, without the expression; the tests hold it to this)
_ASCII_WORD = re.compile(r"[a-z][a-z'’-]*[a-z]|[a-z]")
# English function words and reporting verbs: never content words of an event (compare uses
# them too, to tell a unit from a word).
STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself said says
    say told tell according added also would could should may might must one two three first
    last new year years time times people like just get got make made many much well back even
    still way since including however yet another around among per mr mrs ms its it's that's
    don't didn't doesn't isn't wasn't aren't weren't i'm he's she's we're they're you're i've
    we've they've we'll they'll it'll there's here's what's let's can't won't ve ll re""".split()
)


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    from briefing.index.analysis import stem  # the index's stemmer, loaded on first use

    return stem(word)


def terms(text: str) -> list[str]:
    """Stemmed content words of a text, in order (then those in other scripts, see below)."""
    lowered = text.lower()
    foreign = not lowered.isascii() and _FOREIGN.search(lowered) is not None
    out = _english(lowered, not foreign)
    if foreign:
        out.extend(foreign_terms(lowered))
    return out


def terms_of_all(texts: Sequence[str]) -> list[str]:
    """The `terms` of each of `texts`, one list in order. Texts with no letter outside ASCII
    in them (curly quotes and dashes are not letters) are read as one text, one line each:
    the same words (no word runs across a line break), at one call's cost instead of one a
    paragraph."""
    lowered = "\n".join(texts).lower()  # lowering is letter by letter: the texts' own
    if lowered.isascii() or not _BEYOND_PUNCTUATION.search(lowered) or not _FOREIGN.search(lowered):
        return _english(lowered, True)
    return [t for text in texts for t in terms(text)]


def _english(lowered: str, plain: bool) -> list[str]:
    """The content words of a lowered text found by `_WORD`, stemmed, in order (`plain`: the
    text holds nothing `_FOREIGN` finds, so `_ASCII_WORD` finds the same words; the caller
    has looked, and the text is not scanned for it again). A plain text is cut into its runs
    of word characters as bytes (`_runs`), without the regular expression."""
    if plain:
        return _looked_up(_runs(lowered), _SEEN_RUNS, _content_run)
    return _looked_up(_WORD.findall(lowered), _SEEN, _content_word)


def _runs(lowered: str) -> list[bytes]:
    """Each run of the characters `_ASCII_WORD` reads (a-z, "'", "’", "-") in a text with no
    letter outside ASCII, as bytes, "’" as "'": `_ASCII_WORD`'s words are these runs with the
    apostrophes and dashes they start or end with taken off (a match runs from a run's first
    letter to its last). In UTF-8 every character outside ASCII is bytes 0x80 and above, so
    one table of 256 bytes (`bytes.translate`, then `split`) finds the runs, about twice as
    fast as the expression."""
    return lowered.replace("’", "'").encode().translate(_RUN_BYTES).split()


# every byte that is none of a-z, "'" and "-" made a space
_RUN_BYTES = bytes(c if c in b"abcdefghijklmnopqrstuvwxyz'-" else 32 for c in range(256))
_K = TypeVar("_K", str, bytes)


def _looked_up(words: list[_K], seen: dict[_K, str], make: Callable[[_K], str]) -> list[str]:
    """The terms `seen` (filled by `make`) gives `words`, in order, the empty ones left out."""
    try:  # most texts hold only words met before: one look-up each, in C
        return [t for t in map(seen.__getitem__, words) if t]
    except KeyError:
        pass
    for w in set(words).difference(seen):
        make(w)
    if len(seen) < _SEEN_MAX:
        # every word of the text is known now
        return [t for t in map(seen.__getitem__, words) if t]
    return [t for w in words if (t := seen.get(w) or make(w))]


# every word met so far and what it gives ("": not a content word): one dictionary look-up a
# word instead of the checks and the stemmer's cache (grouping reads every word of a corpus);
# `_SEEN_RUNS` the same for the runs of plain texts (see `_runs`)
_SEEN: dict[str, str] = {}
_SEEN_RUNS: dict[bytes, str] = {}
_SEEN_MAX = 500_000


def _content_word(raw: str) -> str:
    t = _term(raw.replace("’", "'"))
    if len(_SEEN) < _SEEN_MAX:
        _SEEN[raw] = t
    return t


def _content_run(raw: bytes) -> str:
    word = raw.strip(b"'-").decode()
    t = _term(word) if word else ""
    if len(_SEEN_RUNS) < _SEEN_MAX:
        _SEEN_RUNS[raw] = t
    return t


def _term(w: str) -> str:
    """What a word (apostrophes as "'") gives: its stem, or "" for no content word."""
    if w.endswith("'s"):
        w = w[:-2]
    return "" if len(w) < 3 or w in STOP_WORDS else _stem(w)


# a whole run of letters (not digits, not "_") with a letter outside ASCII in it: an
# English paragraph with curly quotes has none, and is not read word by word a second time
_NON_ASCII_WORD = re.compile(r"[^\W\d_]*[^\W\d_\x00-\x7f][^\W\d_]*")
_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]+")
# what `foreign_terms` can find anything in: a letter outside ASCII, or an unspaced script (an
# English paragraph whose only non-ASCII characters are curly quotes and dashes has neither)
_FOREIGN = re.compile(r"[^\W\d_\x00-\x7f]|[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")
# a character outside ASCII that is none of the punctuation English text is written with
# (curly quotes, dashes, an ellipsis, a no-break space): where `_FOREIGN` is looked for at all
_BEYOND_PUNCTUATION = re.compile("[^\x00-\x7f\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00a0]")
_RU_FUNCTION = frozenset({"PREP", "CONJ", "PRCL", "NPRO", "INTJ", "PRED", "NUMR"})


def foreign_terms(lowered: str) -> list[str]:
    """Words the English pass cannot read: Russian words by lemma ("путина" -> "путин"),
    Chinese and Japanese as character pairs (no spaces between words), other Latin words with
    accents folded ("münchen")."""
    from briefing.ingest import morph

    out: list[str] = []
    for run in _CJK.findall(lowered):
        out.extend(run[i : i + 2] for i in range(max(1, len(run) - 1)))
    for w in _NON_ASCII_WORD.findall(lowered):
        if w.isascii() or len(w) < 3 or _CJK.search(w):
            continue
        if "а" <= w[0] <= "я" or w[0] == "ё":
            p = morph.parses(w)[0]
            if _RU_FUNCTION & set(str(p.tag).replace(" ", ",").split(",")):
                continue
            out.append(_lemma_ru(w))
        else:
            out.append(_folded(w))
    return out


@lru_cache(maxsize=200_000)
def _lemma_ru(word: str) -> str:
    from briefing.ingest import morph

    return morph.lemma(word)


@lru_cache(maxsize=200_000)
def _folded(word: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", word)
    return "".join(c for c in text if not unicodedata.combining(c))
