"""The index in other languages: Russian stems, Chinese/Japanese character pairs, lang:,
names across scripts and "did you mean" in Cyrillic. Small hand-written corpus."""

from __future__ import annotations

import json

import pytest

from briefing.build import update
from briefing.index import CorpusIndex

ARTICLES = [
    {
        "id": "ru1",
        "title": "Путин прибыл в Японию",
        "body": "Президент России Владимир Путин прибыл в Японию. Переговоры Путина и "
        "премьер-министра Синдзо Абэ пройдут в городе Нагато.",
    },
    {
        "id": "ru2",
        "title": "Лавров ответил на вопросы журналистов",
        "body": "Министр иностранных дел Сергей Лавров заявил журналистам, что встреча с "
        "Путиным готовится давно.",
    },
    {
        "id": "en1",
        "title": "Putin arrives in Japan",
        "body": "Russian President Vladimir Putin arrived in Japan for talks with Shinzo Abe.",
    },
    {
        "id": "ja1",
        "title": "日露首脳会談",
        "body": "山口県長門市で日露首脳会談が行われた。安倍首相とプーチン大統領が会談した。",
    },
]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> CorpusIndex:
    folder = tmp_path_factory.mktemp("mixed")
    with (folder / "news.jsonl").open("w", encoding="utf-8") as fh:
        for a in ARTICLES:
            fh.write(json.dumps(a, ensure_ascii=False) + "\n")
    ix = CorpusIndex.open(folder, folder / "index")
    update(ix)
    return ix


def _ids(index: CorpusIndex, query: str) -> set[str]:
    return {h.article_id.split("#")[1] for h in index.search(query, limit=50).hits}


def test_a_russian_name_finds_its_inflected_forms(index: CorpusIndex) -> None:
    assert _ids(index, "Путин") == {"ru1", "ru2"}  # "Путина", "Путиным"
    assert _ids(index, "путину") == {"ru1", "ru2"}


def test_a_mixed_corpus_is_searched_in_both_languages(index: CorpusIndex) -> None:
    assert _ids(index, "Путин OR Putin") == {"ru1", "ru2", "en1"}
    assert _ids(index, "person:putin") == {"ru1", "ru2", "en1"}  # Путин in Latin letters
    assert _ids(index, "place:japan") == {"ru1", "en1"}  # "Япония" by its English name


def test_a_japanese_word_is_found_inside_unspaced_text(index: CorpusIndex) -> None:
    assert _ids(index, "長門市") == {"ja1"}
    assert _ids(index, "会談") == {"ja1"}
    assert not _ids(index, "長崎")


def test_lang_field(index: CorpusIndex) -> None:
    assert _ids(index, "lang:ru") == {"ru1", "ru2"}
    assert _ids(index, "lang:ja") == {"ja1"}
    assert _ids(index, "Putin AND NOT lang:en") == set()


def test_highlights_cover_the_inflected_forms(index: CorpusIndex) -> None:
    hit = next(h for h in index.search("Путин", limit=5).hits if h.article_id.endswith("ru1"))
    text = hit.snippet.text
    marked = {text[s:e] for s, e in hit.snippet.spans}
    assert {"Путин", "Путина"} <= marked


def test_did_you_mean_in_cyrillic(index: CorpusIndex) -> None:
    result = index.search("Путн")
    assert result.total == 0 and result.suggestion == "путин"
    assert index.search("Путиным").suggestion is None  # an inflection, not a misspelling
