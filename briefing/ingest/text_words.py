"""How often a text holds a given name-shaped token, and whether it holds a word in lower case.

Why this module exists: finding names asks the whole article's text two things about one word
at a time: how many of its tokens (`NAME_PART` matches: "Abe" in "Mr Abe's") are that surname
or place, and whether a name also occurs as a lower-case word (`LOWER_WORD` matches: "bush",
"turkey"). Tokenising the whole text for that (every word of it into a list, a set and a
counter) was a tenth of reading an article, for a few dozen questions. Each question is answered
here by finding the word in the text and looking at the characters around each occurrence, with
the same patterns' own character classes, so the answers are the ones the token lists gave.
"""

from __future__ import annotations

import re
from typing import Final

from briefing.ingest.name_cues import LOWER_WORD, NAME_PART

__all__ = ["LowerWords", "TokenCounts"]

# `name_cues.LOWER_WORD`'s pieces: a word, the character it may not follow, one it is made of
_WORD_CHAR: Final = re.compile(r"\w")
_LETTER: Final = re.compile(r"[^\W\d_]")
_LOWER_START: Final = re.compile(r"[a-z][a-z’'-]*")
_LOWER_BEFORE: Final = "_’'-"  # and word characters
_LOWER_AFTER: Final = "abcdefghijklmnopqrstuvwxyz’'-"


class TokenCounts:
    """`Counter(NAME_PART.findall(text))[token]`, one token at a time.

    A `NAME_PART` match starts at a letter and runs over the word characters after it; a scan
    starts one at the first letter of a run of word characters (digits and "_" before it start
    none). So an occurrence of `token` is one of the matches when the run it ends is over there,
    and no letter stands in the run before it."""

    __slots__ = ("_counts", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._counts: dict[str, int] = {}

    def __getitem__(self, token: str) -> int:
        n = self._counts.get(token)
        if n is None:
            n = self._count(token)
            self._counts[token] = n
        return n

    def _count(self, token: str) -> int:
        if not token or NAME_PART.fullmatch(token) is None:
            return 0  # never a whole match
        text = self._text
        size = len(token)
        n = 0
        at = text.find(token)
        while at >= 0:
            end = at + size
            if _WORD_CHAR.match(text, end) is None and self._run_starts(at):
                n += 1
            at = text.find(token, at + 1)
        return n

    def _run_starts(self, at: int) -> bool:
        """Whether no letter stands among the word characters right before `at`."""
        text = self._text
        i = at - 1
        while i >= 0 and _WORD_CHAR.match(text, i) is not None:
            if _LETTER.match(text, i) is not None:
                return False
            i -= 1
        return True


class LowerWords:
    """`word in frozenset(LOWER_WORD.findall(text))`, one word at a time.

    A `LOWER_WORD` match starts at any letter a-z not after a word character, apostrophe or
    hyphen (inside a match every character is one of those, so no match starts inside another)
    and runs over the letters, apostrophes and hyphens after it. A word found often inside
    others ("un" of "UN" in "under", "until") is not looked at occurrence by occurrence for
    long: after `_TRIES` occurrences the text's words are listed once, as they were."""

    __slots__ = ("_all", "_seen", "_text")

    _TRIES: Final = 8

    def __init__(self, text: str) -> None:
        self._text = text
        self._seen: dict[str, bool] = {}
        self._all: frozenset[str] | None = None

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        if self._all is not None:
            return word in self._all
        hit = self._seen.get(word)
        if hit is None:
            hit = self._holds(word)
            self._seen[word] = hit
        return hit

    def _holds(self, word: str) -> bool:
        if _LOWER_START.fullmatch(word) is None:
            return False
        text = self._text
        size = len(word)
        at = text.find(word)
        tries = 0
        while at >= 0:
            # (`\w` is what `str.isalnum` or "_" is, character by character: tested)
            before = text[at - 1] if at else " "
            after = text[at + size : at + size + 1]
            if not (before.isalnum() or before in _LOWER_BEFORE) and not (
                after and after in _LOWER_AFTER
            ):
                return True
            tries += 1
            if tries == self._TRIES:
                self._all = frozenset(LOWER_WORD.findall(text))
                return word in self._all
            at = text.find(word, at + 1)
        return False
