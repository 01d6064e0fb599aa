"""Guarded word alternations find exactly what the plain ones find (`ingest.word_patterns`)."""

from __future__ import annotations

import re

import pytest

from briefing.ingest import mentions
from briefing.ingest.word_patterns import FOLD_APART, lowered, starts_with, word_alternation

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


def test_lowering_agrees_with_ignorecase_but_for_the_characters_it_names() -> None:
    """Over all of Unicode: every character lowers to one character, as much a word character
    and a digit as it was, and to the ASCII character `re.I` matches it with, but `FOLD_APART`."""
    chars = [chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000]
    word, digit = re.compile(r"\w"), re.compile(r"\d")
    apart: set[str] = set()
    lowered_to: dict[str, set[str]] = {}
    for c in chars:
        lc = c.lower()
        if len(lc) != 1:
            apart.add(c)
            continue
        if bool(word.match(c)) != bool(word.match(lc)) or bool(digit.match(c)) != bool(
            digit.match(lc)
        ):
            apart.add(c)
        if lc.isascii():
            lowered_to.setdefault(lc, set()).add(c)
    text = "".join(chars)
    for code in range(32, 127):
        a = chr(code)
        if a == a.lower():
            apart |= set(re.findall(re.escape(a), text, re.I)) ^ lowered_to.get(a, set())
    assert apart == set(FOLD_APART)


def test_lowered_text_keeps_places_or_is_refused() -> None:
    assert lowered("Mr Abe’s ÉLAN, Ёлки") == "mr abe’s élan, ёлки"
    for c in FOLD_APART:
        assert lowered(f"a{c}b") is None


@pytest.mark.parametrize(
    "text",
    [
        TEXT,
        TEXT.upper(),
        "Jan. 5, JANUARY, jAnUaRy 2019 and 1987-02-26; NEXT YEAR, Coming Week.",
        "ΜΑΪ́ 3 Kelvin \u212a Dec 12 ÀPRIL 2019 naïve Ápril, Mäy, 2020’s, ２０１９",
        "Sept. 11 ſept 11 Sıx ſeptember İstanbul July",  # FOLD_APART: the plain pattern
    ],
)
def test_the_lowered_date_prefilter_finds_what_the_ignorecase_one_finds(text: str) -> None:
    low = lowered(text)
    expect = [m.start() for m in mentions._MAYBE_DATE.finditer(text)]
    if low is not None:
        assert [m.start() for m in mentions._MAYBE_DATE_LOWER.finditer(low)] == expect
    assert not re.search(r"\\[A-Z]", mentions._MAYBE_DATE.pattern)  # lowering keeps escapes


@pytest.mark.parametrize(
    "text",
    [
        "He WILL meet them; they Were told it was Scheduled. We'll see; it'LL pass.",
        "ſcheduled and ıntends: the plain patterns (FOLD_APART)",
        "A visit PLANNED for next week, signed EARLIER, the Former minister recalled.",
    ],
)
def test_the_tense_patterns_lowered_find_what_they_find_ignoring_case(text: str) -> None:
    low = lowered(text)
    for plain, low_pattern in (
        (mentions._FUTURE, mentions._FUTURE_LOWER),
        (mentions._PAST, mentions._PAST_LOWER),
    ):
        assert plain.pattern == plain.pattern.lower() and plain.pattern.isascii()
        if low is not None:
            expect = [m.span() for m in plain.finditer(text)]
            assert [m.span() for m in low_pattern.finditer(low)] == expect
