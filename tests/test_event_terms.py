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
    "The Trump-Kim summit in Singapore: what the US-North Korea talks gave",
    "visit of President Vladimir Putin to Japan",
    "APEC summit in Peru, G20 meeting at Osaka",
    "nothing here but plain words and the year 2019",
    "",
]


def _plain_terms(text: str) -> list[str]:
    lowered = text.lower()
    out = [t for w in re.findall(r"[a-z][a-z'’-]*[a-z]|[a-z]", lowered) if (t := _content_word(w))]
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
