"""Regular expressions from rules files, run with a time budget.

Why this module exists: a corpus's `briefing.toml` is untrusted, and one pattern with
catastrophic backtracking (`(a+)+$`) would hang `index`, `search` and the app on the first long
line. Patterns from the built-in rules are ours and run on Python's `re` (each compiled on its
first use); every other pattern is compiled at once with the `regex` module and each search
gets `PATTERN_SECONDS`. A pattern that runs out of time raises `PatternTimeout` once (the
build turns it into a warning naming the rules file and the pattern) and is switched off for
the rest of the run, so it cannot cost time again.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeAlias

import regex

from briefing.errors import BriefingError

__all__ = ["PATTERN_SECONDS", "PatternTimeout", "RuleMatch", "RulePattern"]

PATTERN_SECONDS = 0.1  # per search; `regex` checks the clock coarsely, so a timeout takes ~0.3 s


# what readers get back: `group`, `groupdict`, `start` and `end` work the same on both
RuleMatch: TypeAlias = "re.Match[str] | regex.Match[str]"


class PatternTimeout(BriefingError):
    """A rules pattern took longer than its budget on one text."""


class RulePattern:
    """One rules pattern: `search` and `match` as on `re.Pattern`, within a budget when the
    pattern is untrusted.

    An untrusted pattern is compiled at once (a bad one is an error naming its file when the
    rules load). A trusted one, the built-in rules' own, is compiled on its first use: a
    process that reads one article (a one-file update) compiles only the patterns that
    article needs, not the two hundred of every language and outlet (tests compile them all).
    """

    __slots__ = ("_re", "_rx", "_switched_off", "find", "pattern", "starts", "trusted", "where")

    def __init__(self, pattern: str, where: str, trusted: bool) -> None:
        self.pattern = pattern
        self.where = where
        self.trusted = trusted
        self._switched_off = False
        self._re: re.Pattern[str] | None = None
        self._rx: regex.Pattern[str] | None = None
        # `search` as one plain callable: for a trusted pattern, once compiled, the compiled
        # pattern's own method, so a reader trying many patterns on every block pays no
        # wrapper calls
        self.find: Callable[[str], RuleMatch | None]
        self.starts: Callable[[str], RuleMatch | None]  # `match` as one callable, likewise
        if trusted:
            self.find = self._first_find
            self.starts = self._first_starts
        else:
            try:
                self._rx = regex.compile(pattern)
            except regex.error as exc:
                raise ValueError(str(exc)) from None
            self.find = self.search
            self.starts = self.match

    def compiled(self) -> re.Pattern[str] | regex.Pattern[str]:
        """The compiled pattern (compiling a trusted one now if it was not yet)."""
        if self._rx is not None:
            return self._rx
        if self._re is None:
            self._re = re.compile(self.pattern)
            self.find = self._re.search
            self.starts = self._re.match
        return self._re

    def _first_find(self, text: str) -> RuleMatch | None:
        compiled = self.compiled()
        return compiled.search(text)

    def _first_starts(self, text: str) -> RuleMatch | None:
        compiled = self.compiled()
        return compiled.match(text)

    def search(self, text: str) -> RuleMatch | None:
        return self._run(text, anchored=False)

    def match(self, text: str) -> RuleMatch | None:
        return self._run(text, anchored=True)

    def _run(self, text: str, anchored: bool) -> RuleMatch | None:
        if self.trusted:
            compiled = self._re if self._re is not None else self.compiled()
            return compiled.match(text) if anchored else compiled.search(text)
        if self._switched_off or self._rx is None:
            return None
        try:
            if anchored:
                return self._rx.match(text, timeout=PATTERN_SECONDS)
            return self._rx.search(text, timeout=PATTERN_SECONDS)
        except TimeoutError:
            self._switched_off = True
            raise PatternTimeout(
                f"rule pattern {self.pattern!r} ({self.where}) ran over its {PATTERN_SECONDS:g} s "
                "budget: switched off for this run, this file skipped (fix the pattern)"
            ) from None

    def __repr__(self) -> str:
        return f"RulePattern({self.pattern!r}, {self.where!r})"
