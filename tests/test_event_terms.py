"""The fast paths of event grouping's text reading give what the plain ones give.

`terms` looks every word up in one pass and reads a text in other scripts only when it holds
a letter outside ASCII; the label patterns are tried only on texts that hold their tails.
"""

from __future__ import annotations

import re

from briefing.events import labels
from briefing.events.terms import _content_word, foreign_terms, terms

TEXTS = [
    "Putin’s visit to Japan ends with a deal on the Kuril islands",
    "“We will not yield,” the minister said — again.",
    "Путин прибыл в Японию с визитом; Abe met him in Tokyo",
    "東京で首脳会談 Tokyo summit",
    "a ・ mark alone",
    "Müller’s talks in München were cancelled",
    "La política pública de São Paulo y la economía",
    "The Trump-Kim summit in Singapore: what the US-North Korea talks gave",
    "visit of President Vladimir Putin to Japan",
    "APEC summit in Peru, G20 meeting at Osaka",
    "nothing here but plain words and the year 2019",
    "",
]


def _plain_terms(text: str) -> list[str]:
    lowered = text.lower()
    words = [  # runs of ASCII letters that are whole words (no other letter either side)
        m.group()
        for m in re.finditer(r"[a-z][a-z'’-]*[a-z]|[a-z]", lowered)
        if not (m.start() and lowered[m.start() - 1].isalpha())
        and not (m.end() < len(lowered) and lowered[m.end()].isalpha())
    ]
    out = [t for w in words if (t := _content_word(w))]
    if not lowered.isascii():
        out.extend(foreign_terms(lowered))
    return out


def test_terms_match_the_word_by_word_reading() -> None:
    for text in TEXTS:
        assert terms(text) == _plain_terms(text), text
        assert terms(text) == terms(text)  # the second reading, every word known, too


def test_label_patterns_are_tried_only_where_they_can_match() -> None:
    found_any = False
    for text in TEXTS:
        fast = [(k, m.span()) for k, m in labels._matches(text)]
        plain = [
            (k, m.span())
            for k, pat in enumerate(labels._LABEL_PATTERNS)
            for m in pat.finditer(text)
        ]
        assert fast == plain, text
        found_any = found_any or bool(plain)
    assert found_any


def test_an_accented_word_is_read_whole_never_as_its_ascii_pieces() -> None:
    got = terms("La política pública")
    assert "politica" in got and "publica" in got
    assert not {"pol", "tica", "blica"} & set(got)


def test_an_articles_own_languages_function_words_are_no_content_words() -> None:
    from briefing.events.function_terms import function_terms

    spanish = function_terms("es")
    assert {"que", "del", "con", "para", "como"} <= spanish
    assert not function_terms("en") and not function_terms(None)  # English: STOP_WORDS
    assert not function_terms("xx")  # no list for the language: nothing dropped
