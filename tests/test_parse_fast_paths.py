"""The fast helpers of parsing give what their plain definitions give.

Parsing was made cheaper (issue 15) without changing what is read; each helper that replaced a
slower formulation is held here to that formulation on hand-written and generated text.
"""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from briefing.ingest import default_rules
from briefing.ingest.mentions import _MAYBE_DATE, find_weekdays, sentence_spans, sentences
from briefing.ingest.name_cues import _POSSESSIVE, LOWER_WORD, NAME_PART, clean_token, split_spans
from briefing.ingest.pattern_sets import PatternSet, _anchored, _needle, pattern_set
from briefing.ingest.quotes import names_in
from briefing.ingest.rule_patterns import RulePattern
from briefing.ingest.structure import (
    _foreign_caption,
    dominant_script,
    script_of,
    slow_dominant_script,
    words,
)
from briefing.ingest.text_words import LowerWords, TokenCounts

MIXED = [
    "Путин встретился с Абэ в Москве.",
    "Prime Minister Shinzo Abe said “we will talk” — café, naïve.",
    "安倍晋三首相は東京で記者会見した。",
    "한국 정부는 성명을 발표했다",
    "Ελλάδα και Κύπρος",
    "١٢٣ عربي",
    "½ ² 3 … ’ “",
]


@pytest.mark.parametrize(
    "blocks",
    [
        MIXED,
        MIXED[::-1],
        [],
        [""],
        ["123 456", "—"],
        ["ab", "аб"],  # a tie: the script seen first wins
        ["аб", "ab"],
        ["é", "ж"],
        ["Mostly English text", "с русской подписью"],
        ["Русский текст статьи, довольно длинный", "Photo: AP"],
    ],
)
def test_dominant_script_equals_the_plain_definition(blocks: list[str]) -> None:
    assert dominant_script(blocks) == slow_dominant_script(blocks)


def test_dominant_script_names_the_main_script() -> None:
    assert dominant_script(["Путин встретился с Абэ", "Photo: AP"]) == "cyrillic"
    assert dominant_script(["Abe met Putin in Moscow", "Фото: ТАСС"]) == "latin"
    assert dominant_script(["123"]) is None


def test_dominant_script_on_generated_mixed_text() -> None:
    rng = random.Random(7)
    alphabet = "abcXYZ  éüßДаЖж中文ひら한국αβعربي'’“”.,1½²"
    for _ in range(3000):
        blocks = [
            "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
            for _ in range(rng.randint(0, 4))
        ]
        assert dominant_script(blocks) == slow_dominant_script(blocks), blocks


def _slow_foreign_caption(block: str, script: str | None) -> bool:
    if script is None or len(block) >= 200 or (block.isascii() and script == "latin"):
        return False
    letters = [c for c in block if c.isalpha()]
    if not letters:
        return False
    if sum(1 for c in letters if script_of(c) == script) >= 0.5 * len(letters):
        return False
    own = [w for w in words(block) if len(w) > 1 and script_of(w[0]) == script]
    return len(own) < 5


def test_foreign_caption_equals_the_plain_definition() -> None:
    for block in [*MIXED, "Фото: ТАСС", "Photo: Reuters", "Фото: AP Photo", "ё é", ""]:
        for script in (None, "latin", "cyrillic", "cjk", "greek", "arabic", "other"):
            assert _foreign_caption(block, script) == _slow_foreign_caption(block, script)
    assert _foreign_caption("Фото: ТАСС", "latin")
    assert not _foreign_caption("Photo: Reuters", "latin")


def test_sentence_spans_are_sentences_with_their_places() -> None:
    text = 'He said. "Yes," Mrs. Smith replied! Mr. A. Jones left in May 2019.  (Then) ok'
    spans = sentence_spans(text)
    assert [s for _, s in spans] == sentences(text)
    assert all(text[at : at + len(s)] == s for at, s in spans)
    assert len(spans) == 4


def test_a_date_hit_in_the_paragraph_falls_in_exactly_the_sentences_that_hold_one() -> None:
    rng = random.Random(11)
    words = ["Mr.", "He", "said.", "next", "year", "May", "may", "2019", "July.", "”", "?"]
    words += ["Yesterday", "U.S.", "Jan.", "5", "\n", "(x)"]
    for _ in range(3000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 14)))
        hits = [m.start() for m in _MAYBE_DATE.finditer(text)]
        for at, sent in sentence_spans(text):
            in_it = any(at <= h < at + len(sent) for h in hits)
            assert in_it == bool(_MAYBE_DATE.search(sent)), (text, sent)


def _slow_clean_token(tok: str) -> str:
    return _POSSESSIVE.sub("", tok).rstrip(".,") if not re.fullmatch(r"[A-Z]\.", tok) else tok


@pytest.mark.parametrize(
    "tok",
    ["Abe's", "Abe’s", "Jones'", "Jones’", "A.", "Corp.,", "U.S.", "a.", "'s", "’", "x''", "x's'"],
)
def test_clean_token_equals_the_pattern(tok: str) -> None:
    assert clean_token(tok) == _slow_clean_token(tok)


def test_split_spans_cleans_tokens_with_and_without_possessives() -> None:
    text = "Russia's Federal University hosted Prime Minister Shinzo Abe, and U.S. Corp. left."
    spans = split_spans(text)
    assert (0, ["Russia"]) in spans
    assert any(toks == ["Federal", "University"] for _, toks in spans)
    for start, toks in spans:
        assert text.startswith(toks[0], start)


def _slow_names_in(text: str, names: list[str]) -> list[str]:
    if not names:
        return []
    pattern = re.compile(r"(?<![\w])(" + "|".join(map(re.escape, names)) + r")(?![\w])")
    return [m.group(1) for m in pattern.finditer(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Shinzo Abe met Abe's aide; Mr Abe and Abenomics. Vladimir Putin, Putin.",
        "Abe Abe Abe",
        "Putin-Abe talks, (Abe) and “Putin”",
        "no names here",
        "",
    ],
)
def test_names_in_equals_the_alternation(text: str) -> None:
    names = sorted(["Abe", "Shinzo Abe", "Putin", "Vladimir Putin", "Mr Abe"], key=len)[::-1]
    assert names_in(text, names) == _slow_names_in(text, names)


def test_names_in_on_generated_text() -> None:
    rng = random.Random(5)
    names = sorted(["Ab", "Abe", "Abe Shinzo", "be", "Shinzo"], key=len, reverse=True)
    pieces = ["Ab", "Abe", " ", "Shinzo", "be", "x", "-", "’s", "é"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        assert names_in(text, names) == _slow_names_in(text, names), text


def test_weekdays_skip_paragraphs_without_one() -> None:
    found = find_weekdays([(0, "Abe said on Monday he would go."), (1, "No day named here.")])
    assert [(w.weekday, w.paragraph, w.reporting) for w in found] == [(0, 0, True)]


BLOCKS = [
    "Subscribe",
    "SUBSCRIBE",
    "subscribe now",
    "Share this",
    "12345",
    "Reporting by Jane Doe; Editing by John Roe",
    "Photo: AP",
    "A man walks past, AP Photo/Jane Doe",
    "(Photo by Jane Doe/Getty Images)",
    "Jane Doe/AP",
    "An ap photo of it, (photo by Jane)",
    "Photos (pictures courtesy of AP)  ",
    "FILE - In this photo a man speaks.",
    "Updated: 12 March 2019 10:00",
    "10:30 GMT 5 March 2019",
    "Related stories",
    "related articles:",
    "Never miss a story again with our newsletter",
    "We use cookies to improve your experience.",
    "Мы используем файлы cookies",
    "A long paragraph of prose that mentions nothing in particular, said the minister.",
    "line one\nSubscribe",
    "Subscribe\n",
    "",
]


def _first_in_order(patterns: tuple[RulePattern, ...], text: str) -> object:
    for p in patterns:
        m = p.compiled().search(text)
        if m:
            return m.span()
    return None


@pytest.mark.parametrize("kind", ["page_stamps", "trailers", "captions", "boilerplate_lines"])
def test_a_pattern_set_finds_what_its_patterns_find_one_by_one(kind: str) -> None:
    rules = default_rules()
    patterns: tuple[RulePattern, ...] = getattr(rules, kind)
    found = pattern_set(patterns)
    assert found is pattern_set(patterns)
    texts = BLOCKS + [b.upper() for b in BLOCKS] + [p.pattern for p in patterns]
    hits = 0
    for text in texts:
        expect = _first_in_order(patterns, text)
        m = found.first(text)
        assert (m.span() if m else None) == expect, text
        assert found.any(text) == (expect is not None), text
        hits += expect is not None
    assert hits


@pytest.mark.parametrize(
    ("pattern", "anchored"),
    [
        ("(?i)^subscribe$", True),
        ("^a[|]b", True),
        (r"^a\|b", True),
        ("^(?:a|b)c", True),
        ("^a|b", False),  # `b` anywhere
        ("(?m)^a", False),  # at every line's start
        ("(?x)^ a", False),
        (r"^(a)\1", False),
        ("^(?P<x>a)", False),
        ("^(?=a)a", False),
        ("a^", False),
        ("(?i)\\bAP Photo", False),
    ],
)
def test_only_start_anchored_patterns_join_the_alternation(pattern: str, anchored: bool) -> None:
    assert (_anchored(pattern) is not None) is anchored


def test_a_set_with_an_untrusted_pattern_runs_them_in_order() -> None:
    patterns = (
        RulePattern("^a", "built-in", trusted=True),
        RulePattern("^b", "corpus", trusted=False),
        RulePattern("^c", "built-in", trusted=True),
    )
    found = PatternSet(patterns)
    assert found._combined is None
    assert found.any("b") and found.any("c") and not found.any("d")
    m = found.first("ab")
    assert m is not None and m.group(0) == "a"


TOKEN_TEXTS = [
    "Mr Abe's visit: Abe, Abes, Abe’s, 3Abe, x3Abe, _Abe, Abe_, Abe3 and ABE. Abe",
    "Shinzo Abe met Abe-san; O'Brien and O’Brien said obrien. Ёлкин and Ёлкин2.",
    "turkey and Turkey; bush-fire, bush's, 'bush', bush’ bush- -bush x-bush bush_ 2bush bush",
    "état état-major L'état, café cafés naïve ½ab ²ab ab²",
    "under until unto fun pun bun gun run sun nun runs un, unit: un",
    "",
]


@pytest.mark.parametrize("text", TOKEN_TEXTS)
def test_token_counts_and_lower_words_are_the_token_lists_answers(text: str) -> None:
    counts = Counter(NAME_PART.findall(text))
    lower = frozenset(LOWER_WORD.findall(text))
    fast_counts, fast_lower = TokenCounts(text), LowerWords(text)
    words = set(re.findall(r"\S+", text)) | set(re.findall(r"[\w’'-]+", text))
    words |= {w.lower() for w in words} | set(counts) | set(lower) | {"", "abe's", "O'Brien"}
    for w in sorted(words):
        assert fast_counts[w] == counts[w], w
        assert fast_counts[w] == counts[w], w  # (the second answer from the cache)
        assert (w in fast_lower) == (w in lower), w


def test_token_counts_on_generated_text() -> None:
    rng = random.Random(7)
    alphabet = "ab A_1²’'- .\n"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        counts = Counter(NAME_PART.findall(text))
        lower = frozenset(LOWER_WORD.findall(text))
        fast_counts, fast_lower = TokenCounts(text), LowerWords(text)
        for w in {*counts, *lower, "a", "ab", "b", "ba", "A", "Ab", "a-b", "a'", "aa"}:
            assert fast_counts[w] == counts[w], (text, w)
            assert (w in fast_lower) == (w in lower), (text, w)


@pytest.mark.parametrize(
    ("pattern", "needle"),
    [
        ("(?i)x Photo\\b", ("x photo", True)),
        ("ab+c", ("a", False)),
        ("abc{2}d", ("ab", False)),
        (r"\(x", ("(x", False)),
        ("a|bc", None),  # no run every match holds
        ("(?i)naïve", None),  # ignoring case beyond ASCII: not looked for
        ("[ab]+", None),
    ],
)
def test_the_literal_run_every_match_holds(pattern: str, needle: object) -> None:
    assert _needle(pattern) == needle


def test_a_text_without_the_literal_run_is_not_searched() -> None:
    found = PatternSet(
        (
            RulePattern("^x", "built-in", trusted=True),
            RulePattern("^y", "built-in", trusted=True),
            RulePattern("(?i)AP Photo", "built-in", trusted=True),
        )
    )
    assert found.any("an ap photo") and found.any("AP PHOTO") and not found.any("AP Phot")
    assert found.any("\u017f AP photo")  # (a character `lowered` refuses: searched)


def test_a_word_character_is_an_alphanumeric_one_or_the_underscore() -> None:
    word = re.compile(r"\w")
    for i in range(0x110000):
        c = chr(i)
        assert bool(word.match(c)) == (c.isalnum() or c == "_"), hex(i)
