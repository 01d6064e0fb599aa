"""Alternations of words that Python's `re` scans quickly, matching exactly what they did.

Why this module exists: `re` skips ahead to where a match can start only when a pattern begins
with a literal or a character set; `\\b(?:january|february|...)\\b` begins with `\\b`, so it
is tried at every character of a text, and under `re.I` each try walks the whole
alternation. Reading an article scans every paragraph with a few such patterns. A lookahead
on the characters the words can start with, `(?=[jfm...])`, puts a set first: `re` then
jumps between those characters, and the matches are the same, since every match starts with
one of them (five times fewer tries on news text, the pattern twice as fast or more).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["starts_with", "word_alternation"]


def starts_with(first_chars: Iterable[str]) -> str:
    """`(?=[...])`: the lookahead that the next character is one of `first_chars` (under
    `re.I` in either case). Every alternative of what follows it must start with one."""
    chars = sorted(set(first_chars))
    if not chars or any(len(c) != 1 for c in chars):
        raise ValueError(f"not single characters: {chars!r}")
    return "(?=[" + "".join("\\" + c if c in "\\]^-[" else c for c in chars) + "])"


def word_alternation(words: Iterable[str], flags: int = 0) -> re.Pattern[str]:
    """`\\b(?:w1|w2|...)\\b` of the literal `words` (in their order), guarded by their first
    characters; without words, the same unguarded (empty) alternation."""
    words = list(words)
    body = r"\b(?:" + "|".join(map(re.escape, words)) + r")\b"
    if not words or not all(words):
        return re.compile(body, flags)
    return re.compile(starts_with(w[0] for w in words) + body, flags)
