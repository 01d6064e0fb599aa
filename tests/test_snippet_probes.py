"""The highlighter's cheap pre-check (`snippets._could_match`) never skips text Whoosh would
highlight: every word, stemmed as the index stems it, still passes the check against itself.

The check assumes a stem differs from its word only in its last two letters (Porter's `happi`,
`relat`, `abl`; Snowball Russian only strips endings). If that ever failed for some word, a
paragraph holding it would be skipped and the hit shown without its highlight, silently.
"""

from __future__ import annotations

import itertools

import pytest

from briefing.index.analysis import fold, stem
from briefing.index.snippets import _could_match
from briefing.query import NAMES

ROOTS = (
    "abil able adjust agree care condition connect depend electr feud form general happ hope "
    "nation relat sens sensitiv trouble valu generaliz activ digit formal vietnam rational "
    "conflat fil siz hop controll argu agre"
).split()
# Porter's suffix classes (steps 1-5), some doubled
SUFFIXES = (
    "",
    "s",
    "es",
    "ies",
    "ed",
    "ing",
    "y",
    "ies",
    "ational",
    "tional",
    "enci",
    "anci",
    "izer",
    "abli",
    "alli",
    "entli",
    "eli",
    "ousli",
    "ization",
    "ation",
    "ator",
    "alism",
    "iveness",
    "fulness",
    "ousness",
    "aliti",
    "iviti",
    "biliti",
    "icate",
    "ative",
    "alize",
    "iciti",
    "ical",
    "ful",
    "ness",
    "al",
    "ance",
    "ence",
    "er",
    "ic",
    "able",
    "ible",
    "ant",
    "ement",
    "ment",
    "ent",
    "ion",
    "ou",
    "ism",
    "ate",
    "iti",
    "ous",
    "ive",
    "ize",
    "ities",
    "ility",
    "abilities",
    "ings",
    "edly",
    "ly",
    "e",
    "ll",
)
RUSSIAN = (
    "переговоры переговорах переговорами министерство министерствами министерством заявил "
    "заявила заявлениями курильских курилы островов острова островами японией японии японская "
    "сотрудничества сотрудничеством президентом президентского встретились встречаемся "
    "договорённости договоренностями безопасностью ёлка ёлками"
).split()


def _words() -> list[str]:
    english = ["".join(p) for p in itertools.product(ROOTS, SUFFIXES)]
    return [fold(w) for w in (*english, *RUSSIAN)]


@pytest.mark.parametrize("chunk", range(4))
def test_every_word_passes_the_check_for_its_own_stem(chunk: int) -> None:
    words = _words()[chunk::4]
    missed = [(w, stem(w)) for w in words if not _could_match(w, frozenset({stem(w)}))]
    assert not missed


def test_the_check_does_skip_text_without_the_word() -> None:
    assert not _could_match("The weather in Moscow was fine.", frozenset({stem("negotiations")}))
    assert _could_match("They negotiated for a week.", frozenset({stem("negotiations")}))


def test_a_russian_word_with_yo_is_highlighted() -> None:
    from briefing.index.snippets import Highlighter
    from briefing.models import Article, FuzzyDate, PublishedDate

    article = Article(
        id="a",
        path="a.txt",
        url=None,
        outlet=None,
        headline="Праздник",
        headline_derived=False,
        lede=None,
        dateline=None,
        published=PublishedDate(FuzzyDate(), 0.0, ()),
        body=("В Москве украсили улицы.", "На площадях поставили ёлки и гирлянды."),
    )
    terms = {"body": frozenset({stem("елки")}), NAMES: frozenset()}
    snip = Highlighter().snippet(article, terms)
    assert [snip.text[a:b] for a, b in snip.spans] == ["ёлки"]
