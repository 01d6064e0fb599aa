"""Reading rules for one language other than English, compiled from its TOML table.

Why this module exists: the English rules (`default_rules.toml`) are cue words and patterns in
English. Another language needs its own cues, as data too: month and weekday words in every
case, relative days, datelines, titles, verbs of speech, head nouns, quotation marks. Each
language's rules live in `default_rules_<lang>.toml` under `[language.<lang>]` (a user extends
them in `briefing.toml` the same way) and are compiled here into a `LanguageRules`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from briefing.errors import BriefingError

_SEP = r"(?:--|[—–-])"


@dataclass(frozen=True, slots=True)
class LanguageRules:
    """Compiled rules for one language. Build with `build_language`; never mutate."""

    code: str
    months: Mapping[str, int]  # every month word, lower-case -> 1..12
    weekdays: Mapping[str, int]  # every weekday word, lower-case -> 0 (Monday)..6
    datelines: tuple[re.Pattern[str], ...]
    relative_days: Mapping[str, int] = field(default_factory=dict)
    relative_weeks: Mapping[str, int] = field(default_factory=dict)
    relative_years: Mapping[str, int] = field(default_factory=dict)
    year_words: tuple[str, ...] = ()
    reporting_verbs: tuple[str, ...] = ()
    future_words: frozenset[str] = frozenset()
    past_words: frozenset[str] = frozenset()
    person_titles: frozenset[str] = frozenset()
    speech_verbs: tuple[str, ...] = ()
    not_names: frozenset[str] = frozenset()
    organisation_heads: frozenset[str] = frozenset()
    place_heads: frozenset[str] = frozenset()
    extra_places: tuple[str, ...] = ()
    quote_marks: tuple[tuple[str, str], ...] = ()
    dash_speech: bool = False

    def month_alternation(self) -> str:
        return "|".join(re.escape(w) for w in sorted(self.months, key=len, reverse=True))

    def weekday_alternation(self) -> str:
        return "|".join(re.escape(w) for w in sorted(self.weekdays, key=len, reverse=True))


def _words(table: Mapping[str, Any], where: str, top: int) -> dict[str, int]:
    out: dict[str, int] = {}
    for key, words in table.items():
        try:
            n = int(key)
        except ValueError as exc:
            raise BriefingError(f"{where}: {key!r} is not a number") from exc
        if not 0 <= n <= top:
            raise BriefingError(f"{where}: {key!r} out of range")
        for w in words:
            out[str(w).lower()] = n
    return out


def build_language(code: str, data: Mapping[str, Any], where: str) -> LanguageRules:
    """Compile one `[language.<code>]` table."""
    months = _words(data.get("months", {}), f"{where}: [language.{code}.months]", 12)
    weekdays = _words(data.get("weekdays", {}), f"{where}: [language.{code}.weekdays]", 6)
    month_alt = "|".join(re.escape(w) for w in sorted(months, key=len, reverse=True)) or "(?!)"
    month_alt = f"(?i:{month_alt})"  # "Мая" and "мая"; the rest of a pattern keeps its case
    patterns = []
    for p in data.get("dateline", {}).get("patterns", []):
        try:
            patterns.append(re.compile(p.replace("MONTH", month_alt).replace("SEP", _SEP)))
        except re.error as exc:
            raise BriefingError(f"{where}: bad dateline pattern {p!r}: {exc}") from exc
    dates = data.get("dates", {})
    ent = data.get("entities", {})
    quotes = data.get("quotes", {})
    marks = []
    for pair in quotes.get("marks", []):
        if not (isinstance(pair, list) and len(pair) == 2):
            raise BriefingError(f"{where}: quote marks must be [open, close] pairs")
        marks.append((str(pair[0]), str(pair[1])))
    return LanguageRules(
        code=code,
        months=months,
        weekdays=weekdays,
        datelines=tuple(patterns),
        relative_days={str(k): int(v) for k, v in dates.get("relative_days", {}).items()},
        relative_weeks={str(k): int(v) for k, v in dates.get("relative_weeks", {}).items()},
        relative_years={str(k): int(v) for k, v in dates.get("relative_years", {}).items()},
        year_words=tuple(str(w) for w in dates.get("year_words", [])),
        reporting_verbs=tuple(str(w) for w in dates.get("reporting_verbs", [])),
        future_words=frozenset(str(w) for w in dates.get("future_words", [])),
        past_words=frozenset(str(w) for w in dates.get("past_words", [])),
        person_titles=frozenset(str(w) for w in ent.get("person_titles", [])),
        speech_verbs=tuple(str(w) for w in ent.get("speech_verbs", [])),
        not_names=frozenset(str(w) for w in ent.get("not_names", [])),
        organisation_heads=frozenset(str(w) for w in ent.get("organisation_heads", [])),
        place_heads=frozenset(str(w) for w in ent.get("place_heads", [])),
        extra_places=tuple(str(w) for w in ent.get("extra_places", [])),
        quote_marks=tuple(marks),
        dash_speech=bool(quotes.get("dash_speech", False)),
    )


class _Languages(Mapping[str, LanguageRules]):
    """The languages' rules, each compiled on its first use when it is one of the built-in
    tables as shipped (ours, and every one compiled by the tests); a table a user's file
    changed is compiled at once, so a mistake in it is an error when the rules load."""

    def __init__(self, tables: dict[str, Mapping[str, Any]], where: str) -> None:
        self._tables = tables
        self._where = where
        self._built: dict[str, LanguageRules] = {}

    def __getitem__(self, code: str) -> LanguageRules:
        found = self._built.get(code)
        if found is None:
            found = self._built[code] = build_language(code, self._tables[code], self._where)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables)

    def __len__(self) -> int:
        return len(self._tables)

    def __repr__(self) -> str:
        return f"<language rules {sorted(self._tables)}>"


def build_languages(
    data: Mapping[str, Any], where: str, built_in: Mapping[str, Any] | None = None
) -> Mapping[str, LanguageRules]:
    """Every `[language.<code>]` table; those equal to `built_in`'s are compiled when first
    used (a process reading English articles never compiles the Russian rules)."""
    tables: dict[str, Mapping[str, Any]] = {}
    for code, table in data.items():
        if not isinstance(table, Mapping):
            raise BriefingError(f"{where}: [language.{code}] must be a table")
        tables[str(code)] = table
    languages = _Languages(tables, where)
    for code, table in tables.items():
        if built_in is None or table != built_in.get(code):
            languages[code]  # compiled now: a mistake in it is an error now
    return languages
