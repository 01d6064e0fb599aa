"""A regular expression for a set of words, written as a tree of their letters.

Why this module exists: Python's `re` tries the branches of an alternation one after another,
so `(?:visit|summit|talks|...)` with seventy words costs seventy tries at every place it is
looked for; the labels look for such a list after every space of every article's first
paragraphs. The same words written as a tree of their letters (`v(?:isit|...)|s(?:ummit|...)`)
fail after one or two letters. The words matched are exactly the same; only which of two
words sharing a start is tried first may differ, so this is for a search whose answer is
whether there is a match at all (see `labels._TAILS`), not which one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["alternation"]


def alternation(words: Iterable[str]) -> str:
    """A regular expression (a non-capturing group) that matches exactly `words` (none:
    nothing)."""
    unique = sorted(set(words))
    return f"(?:{_tree(unique)})" if unique else "(?!)"


def _tree(words: list[str]) -> str:
    ends = "" in words
    by_first: dict[str, list[str]] = {}
    for w in words:
        if w:
            by_first.setdefault(w[0], []).append(w[1:])
    branches = [re.escape(c) + _tree(rest) for c, rest in by_first.items()]
    if not branches:
        return ""
    if ends:
        return "(?:" + "|".join(branches) + ")?"
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
