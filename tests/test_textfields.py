"""The one-pass text fields (`briefing.index.textfields`) give exactly the analyzer chains'
postings: the same terms, frequencies, weights and encoded positions for the text fields, the
same word pairs for the pair fields."""

from __future__ import annotations

import random
from typing import Any

import pytest
from whoosh.fields import TEXT, FieldType
from whoosh.formats import Existence

from briefing.index import textfields
from briefing.index.analysis import frequent_stems, pair_analyzer, stem_analyzer
from briefing.index.textfields import ScriptPairs, ScriptText

TEXTS = [
    "",
    "The White House said the United States would act.",
    "Putin's talks with Abe: the Kuril Islands, again, in 2016.",
    "I a x 5 55 U.S. e-mail 10:30 3.14 don't rock'n'roll o'clock",
    "Café naïve résumé Ærø Straße İstanbul ﬁnance",
    "Владимир Путин встретился с премьер-министром Японии Синдзо Абэ в Нагато.",
    "Путина и Абэ: переговоры о мирном договоре и Курилах продолжатся ещё.",
    "Abe said: «Мы договорились» about the Курильские острова, Japan and Россия.",
    "長門市で日露首脳会談が行われた。安倍晋三首相とプーチン大統領",
    "東京 と モスクワ 日 本 한국어 텍스트 中文新闻 豈 more English words here",
    "the the the white house white house White HOUSE, united states of america",
    "   \n\t...!!! ??? --- \u00a0 ",
    "stop words only: and the of to in is it",
]


def _reference_text(text: str) -> list[tuple[bytes, int, float, bytes]]:
    return sorted(TEXT(analyzer=stem_analyzer()).index(text))


def _reference_pairs(text: str) -> list[tuple[bytes, int, float, bytes]]:
    return sorted(FieldType(Existence(), pair_analyzer()).index(text))


def _fast(text: str) -> tuple[list[tuple[bytes, int, float, bytes]], list[Any]]:
    words = sorted(ScriptText(analyzer=stem_analyzer()).index(text))
    pairs = sorted(ScriptPairs(Existence(), pair_analyzer()).index(text))
    return words, pairs


@pytest.fixture(autouse=True)
def _cold_cache() -> None:
    textfields._word_terms.clear()
    textfields._last = None


@pytest.mark.parametrize("text", TEXTS)
def test_same_postings_as_the_analyzer_chain(text: str) -> None:
    words, pairs = _fast(text)
    assert words == _reference_text(text)
    assert pairs == _reference_pairs(text)


def test_the_hand_written_texts_hold_pairs_and_shifted_positions() -> None:
    """The fixtures above exercise what they are meant to: pairs exist, and a text whose first
    word is a stop word starts its positions after it (the stop filter's renumbering)."""
    pairs = _fast(TEXTS[1])[1]
    assert (b"white hous", 1, 1.0, b"") in pairs
    terms, first = textfields.text_terms(TEXTS[1])
    assert terms[0] == "white" and first == 1
    assert any(b" " in p[0] for p in _fast(TEXTS[5])[1])  # Russian pairs


def test_random_mixed_texts() -> None:
    """Texts drawn from a mixed vocabulary (the word cache warm across them, as in a build)."""
    vocabulary = (
        "the a of in white house united states Japan's Kuril islands talks peace treaty "
        "Путин Путина Абэ острова переговоры и в не Япония 日本 東京都 長門市 中 한국 "
        "U.S. e-mail 2016 5 café Ærø don't I x — « » : ; , . ! ?"
    ).split()
    rng = random.Random(15)
    for _ in range(200):
        text = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 40)))
        words, pairs = _fast(text)
        assert words == _reference_text(text), text
        assert pairs == _reference_pairs(text), text


def test_pairs_follow_their_text_not_a_stale_one() -> None:
    """The pair field reuses the text field's analysis of the same value only."""
    a = "white house talks"
    b = "united states talks"
    list(ScriptText(analyzer=stem_analyzer()).index(a))
    assert sorted(ScriptPairs(Existence(), pair_analyzer()).index(b)) == _reference_pairs(b)
    assert {"white", "hous", "unit", "state"} <= frequent_stems()


def test_other_values_go_the_plain_way() -> None:
    """A list of terms (Whoosh's pre-analysed form) is indexed as `TEXT` indexes it."""
    field = ScriptText(analyzer=stem_analyzer())
    assert sorted(field.index(["alpha", "beta", "alpha"])) == sorted(
        TEXT(analyzer=stem_analyzer()).index(["alpha", "beta", "alpha"])
    )
