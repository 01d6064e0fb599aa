"""A list of rules patterns tried on one block, as one call where that finds the same.

Why this module exists: sorting an article's blocks tries each block against the rules' page
stamps, trailers, captions and boilerplate lines, some forty patterns, one `search` each (a
sixth of parsing went to those calls). Nearly all of them are `^`-anchored: for such a pattern
`search` is `match`, so their alternation, run with one `match`, matches a block exactly when
one of them does. The others are still run one by one (an alternation of patterns that are
not anchored loses `re`'s skipping ahead to a literal or a set, and is slower), and a list
holding an untrusted pattern (a corpus's `briefing.toml`: run with a time budget, in order)
is run as it was. Which pattern matched first is asked only when one does (`first`).
"""

from __future__ import annotations

import re
from typing import Final

from briefing.ingest.rule_patterns import RuleMatch, RulePattern

__all__ = ["PatternSet", "pattern_set"]

# leading global flags that keep `^` at the start only and whitespace meaningful
_FLAGS: Final = re.compile(r"\(\?([is]+)\)")


def _top_level_bar(body: str) -> bool:
    """Whether `body` holds a `|` outside any group or set (`^a|b` is not anchored as a whole).

    None of its escapes, sets and groups is read as more than its extent: a backslash escapes
    the next character, a set runs to its first unescaped `]` after its first character."""
    depth = 0
    i = 0
    n = len(body)
    while i < n:
        c = body[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i += 1
            if i < n and body[i] == "^":
                i += 1
            if i < n and body[i] == "]":  # a `]` first in a set is a literal
                i += 1
            while i < n and body[i] != "]":
                i += 2 if body[i] == "\\" else 1
            i += 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return True
        i += 1
    return False


def _anchored(pattern: str) -> str | None:
    """`pattern` as an alternative of an alternation run with `match`, when `search` with it is
    `match` with it (it starts with `^`, after flags that do not make `^` match at line starts)
    and it can stand beside others (no backreferences, named or conditional groups,
    comments); otherwise None."""
    flags = ""
    body = pattern
    m = _FLAGS.match(pattern)
    if m:
        flags, body = m.group(1), pattern[m.end() :]
    if not body.startswith("^") or "(?" in body.replace("(?:", "").replace("(?i:", ""):
        return None  # (lookarounds are kept out too: simpler to be sure of)
    if re.search(r"\\\d", body) or _top_level_bar(body):
        return None
    return f"(?{flags}:{body})" if flags else f"(?:{body})"


class PatternSet:
    """`patterns` tried in order: whether one matches a text, and the first one's match."""

    __slots__ = ("_all_anchored", "_combined", "_others", "patterns")

    def __init__(self, patterns: tuple[RulePattern, ...]) -> None:
        self.patterns = patterns
        self._combined: re.Pattern[str] | None = None
        self._others: tuple[RulePattern, ...] = patterns
        if not patterns or not all(p.trusted for p in patterns):
            return
        parts: list[str] = []
        others: list[RulePattern] = []
        for p in patterns:
            part = _anchored(p.pattern)
            if part is None:
                others.append(p)
            else:
                parts.append(part)
        if len(parts) < 2:
            return
        try:
            self._combined = re.compile("|".join(parts))
        except re.error:
            return
        self._others = tuple(others)

    def any(self, text: str) -> bool:
        """Whether one of the patterns matches somewhere in `text` (what `search` finds)."""
        if self._combined is not None and self._combined.match(text) is not None:
            return True
        return any(p.find(text) for p in self._others)

    def first(self, text: str) -> RuleMatch | None:
        """The match of the first pattern, in their order, that matches `text`."""
        if self._combined is not None and not self.any(text):
            return None
        for p in self.patterns:
            m = p.find(text)
            if m:
                return m
        return None


_SETS: dict[int, tuple[tuple[RulePattern, ...], PatternSet]] = {}


def pattern_set(patterns: tuple[RulePattern, ...]) -> PatternSet:
    """One set per tuple of patterns (a `Rules`' tuples are never changed)."""
    hit = _SETS.get(id(patterns))
    if hit is None or hit[0] is not patterns:
        hit = (patterns, PatternSet(patterns))
        _SETS[id(patterns)] = hit
    return hit[1]
