"""Guarded word alternations find exactly what the plain ones find (`ingest.word_patterns`)."""

from __future__ import annotations

import re

import pytest

from briefing.ingest import mentions
from briefing.ingest.word_patterns import starts_with, word_alternation

TEXT = (
    "The ISLANDS and islands; Islanders, the island-states of the Regions. "
    "CITIES, cities' ports—Ports, prefectures, a Ministry of States. Ёлки, ёлка, ËLKA. "
    "On Sept. 5 or SEPT 2019 or sep. 12, in 1999, 2000 and 1600 and 2100; next Week, "
    "COMING YEAR, Tomorrow, yesterday's, lastyear, this  year, mayday, May, MAY."
)


@pytest.mark.parametrize("flags", [0, re.I])
def test_a_guarded_alternation_matches_as_the_plain_one(flags: int) -> None:
    words = ["islands", "island", "cities", "ports", "States", "ёлка", "a-b", "x]y", "^up"]
    plain = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b", flags)
    guarded = word_alternation(words, flags)
    assert guarded.pattern != plain.pattern
    text = TEXT + " a-b x]y ^up"
    assert [m.span() for m in guarded.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert [m.span() for m in plain.finditer(text)]


def test_no_words_is_the_plain_empty_alternation() -> None:
    assert word_alternation([]).pattern == r"\b(?:)\b"
    with pytest.raises(ValueError):
        starts_with([])


def test_the_date_prefilter_finds_what_it_did_unguarded() -> None:
    plain = re.compile(
        rf"\b(?:{mentions._M}|{mentions.YEAR_RE}|(?:next|last|this|previous|coming) "
        r"(?:year|week)|yesterday|tomorrow)\b",
        re.I,
    )
    found = [m.span() for m in mentions._MAYBE_DATE.finditer(TEXT)]
    assert found == [m.span() for m in plain.finditer(TEXT)]
    assert len(found) > 10
