"""The fast paths of event grouping's text reading give what the plain ones give.

`terms` looks every word up in one pass and reads a text in other scripts only when it holds
a letter outside ASCII; the label patterns are tried only on texts that hold their tails.
"""

from __future__ import annotations

import re

from briefing.events import labels
from briefing.events.terms import _ASCII_WORD, _FOREIGN, _content_word, _runs, foreign_terms, terms
from briefing.events.trie import alternation

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
    # the runs of a plain text (bytes, see `terms._runs`): quotes and dashes at a run's ends,
    # digits, underscores and symbols between words, a curly apostrophe inside a word
    "--a--b-- 'quoted' rock'n'roll ’tis the farmers’ “market” – x- -y abc123def snake_case",
    "don’t Obama’s OBAMA'S state-of-the-art ' - ’ '' -- a1b2c3 €5 ° © 🙂 naïve? no: plain",
    "tab\tand\nnew lines\u00a0no-break\u2009thin\u2026ellipsis hello—world",
    "Merkel's talks in Berlin; the Putin-Abe meetings; a tour of Vladimir Putin to Japan",
    "Trump’s first official visit to China, and Xi’s trip to Moscow",
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


def test_a_plain_texts_runs_are_its_words() -> None:
    plain = [x for t in TEXTS if not _FOREIGN.search(x := t.lower())]
    assert len(plain) > 8
    for text in plain:
        runs = [w for r in _runs(text) if (w := r.strip(b"'-").decode())]
        assert runs == [w.replace("’", "'") for w in _ASCII_WORD.findall(text)], text


def test_label_tails_are_found_where_the_plain_tails_are() -> None:
    nouns = labels.EVENT_NOUNS
    plain = [  # the tails with the nouns as the plain alternation
        rf"['’]s\s+(?:[\w-]+\s+){{0,2}}?(?i:{nouns})\s+(?:to|in|with|at)\s+[A-Z]",
        r"\b(?:visit|trip|tour)\s+(?:of|by)\s",
        rf"\s(?:{nouns})\s+(?:in|at|on)\s+[A-Z]",
        rf"[-–][A-Z]\w+\s+(?:{nouns})\b",
    ]
    for text in TEXTS:
        for tail, needles, slow in zip(labels._TAILS, labels._NEEDLES, plain, strict=True):
            found = (needles is None or any(n in text for n in needles)) and bool(tail.search(text))
            assert found == bool(re.search(slow, text)), (text, slow)


def test_a_letter_tree_matches_exactly_its_words() -> None:
    words = ["visit", "visits", "vote", "a", "ab", "abc", "talks", "tal"]
    tree = re.compile(alternation(words))
    for w in words:
        assert tree.fullmatch(w), w
    for w in ["", "v", "visi", "visitss", "abcd", "ta", "talk", "b", "votes"]:
        assert not tree.fullmatch(w), w
    assert not re.compile(alternation([])).search("anything")
    nouns = labels.EVENT_NOUNS.split("|")
    tree = re.compile(alternation(nouns))
    assert all(tree.fullmatch(n) for n in nouns)
    assert not any(
        tree.fullmatch(n + "x") or tree.fullmatch(n[:-1]) for n in nouns if n[:-1] not in nouns
    )


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


def test_texts_read_as_one_give_each_texts_terms_in_order() -> None:
    from briefing.events.terms import terms_of_all

    extra = ["K-pop \u212a ring", "café naïve", "²nd place", "line one\nline two", "Σίσυφος ΟΔΟΣ"]
    for texts in (TEXTS, TEXTS[:2], [TEXTS[0], TEXTS[8]], extra, [*extra, *TEXTS], [], [""]):
        assert terms_of_all(texts) == [t for text in texts for t in terms(text)], texts


def test_content_words_of_features_are_those_before_the_names() -> None:
    from collections import Counter

    from briefing.events.grouping import words_of

    for counts in (
        Counter(["putin", "visit", "japan", "@p:putin", "@l:japan", "#404"]),
        Counter(["putin", "visit"]),
        Counter(["@p:putin"]),
        Counter(),
    ):
        plain = frozenset(t for t in counts if not t.startswith(("@", "#")))
        assert words_of(counts) == plain


def test_a_centroid_keeps_the_strongest_terms_ties_by_term() -> None:
    import heapq
    import math
    import random
    from collections import Counter

    from briefing.events.incremental import CENTROID_TERMS, _centroid

    rng = random.Random(7)
    for size in (0, 1, 5, CENTROID_TERMS, CENTROID_TERMS + 1, 300):
        vectors = [
            {f"t{rng.randrange(400)}": rng.choice([0.5, 0.25, rng.random()]) for _ in range(size)}
            for _ in range(rng.randrange(1, 4))
        ]
        total: Counter[str] = Counter()
        for v in vectors:
            total.update(v)
        top = heapq.nsmallest(CENTROID_TERMS, total.items(), key=lambda kv: (-kv[1], kv[0]))
        norm = math.sqrt(sum(v * v for _, v in top)) or 1.0
        assert list(_centroid(vectors).items()) == [(t, v / norm) for t, v in top]
