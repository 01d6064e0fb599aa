"""A list of rules patterns tried on one block, as one call where that finds the same.

Why this module exists: sorting an article's blocks tries each block against the rules' page
stamps, trailers, captions and boilerplate lines, some forty patterns, one `search` each (a
sixth of parsing went to those calls). Nearly all of them are `^`-anchored: for such a pattern
`search` is `match`, so their alternation, run with one `match`, matches a block exactly when
one of them does. The others are still run one by one (an alternation of patterns that are
not anchored loses `re`'s skipping ahead to a literal or a set, and is slower), and a list
holding an untrusted pattern (a corpus's `briefing.toml`: run with a time budget, in order)
is run as it was. Which pattern matched first is asked only when one does (`first`). A
pattern that is not anchored is not run over a text that lacks the run of literal characters
every match of it holds (" Photo" of "AP Photo", found by `re`'s own parser).
"""

from __future__ import annotations

import importlib
import re
from typing import Any, Final

from briefing.ingest.rule_patterns import RuleMatch, RulePattern
from briefing.ingest.word_patterns import lowered

_PARSER: Any = importlib.import_module("re._parser")

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


def _needle(pattern: str) -> tuple[str, bool] | None:
    """Characters every match of `pattern` holds in a row (its longest run of literal
    characters outside any group, set or repeat), and whether they match ignoring case (then
    only ASCII ones: see `word_patterns.lowered`); None when it has no such run."""
    try:
        parsed = _PARSER.parse(pattern)
        ignore = bool(parsed.state.flags & re.IGNORECASE)
        best, run = "", ""
        for op, value in parsed.data:
            if op is _PARSER.LITERAL:
                run += chr(value)
                best = run if len(run) > len(best) else best
            else:
                run = ""
    except Exception:  # (`re`'s own parser is not public: if it changed, no needle)
        return None
    if not best or (ignore and not best.isascii()):
        return None
    return (best.lower(), True) if ignore else (best, False)


class PatternSet:
    """`patterns` tried in order: whether one matches a text, and the first one's match."""

    __slots__ = ("_combined", "_needles", "_others", "patterns")

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
        self._needles = tuple(_needle(p.pattern) for p in others)

    def any(self, text: str) -> bool:
        """Whether one of the patterns matches somewhere in `text` (what `search` finds)."""
        if self._combined is None:
            return any(p.find(text) for p in self._others)
        if self._combined.match(text) is not None:
            return True
        low: str | None = None
        for p, needle in zip(self._others, self._needles, strict=True):
            if needle is not None:  # a text without the pattern's literal run: no match
                chars, ignore = needle
                if not ignore:
                    if chars not in text:
                        continue
                else:
                    low = lowered(text) if low is None else low
                    if low is not None and chars not in low:
                        continue
            if p.find(text):
                return True
        return False

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
