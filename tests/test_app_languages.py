"""Pilot test: a Russian article in a mixed corpus is shown, found by an inflected name and
highlighted in the reader (and a Japanese word without spaces is found and highlighted too)."""

from __future__ import annotations

import json
from pathlib import Path

from app_helpers import app_for, idle, settle

from briefing.app.highlight import match_spans, query_terms
from briefing.app.reader import ReaderScreen
from briefing.app.search_pane import SearchPane

SIZE = (120, 40)

ARTICLES = [
    {
        "id": "ru1",
        "title": "Путин прибыл в Японию",
        "body": "ТОКИО, 15 декабря. /ТАСС/. Президент России Владимир Путин прибыл в Японию. "
        "Переговоры Путина и премьер-министра Синдзо Абэ пройдут в городе Нагато.",
        "url": "https://tass.ru/politika/1",
    },
    {
        "id": "en1",
        "title": "Putin arrives in Japan",
        "body": "TOKYO, Dec 15 (Kyodo) - Russian President Vladimir Putin arrived in Japan for "
        "talks with Prime Minister Shinzo Abe in Nagato.",
    },
    {
        "id": "ja1",
        "title": "日露首脳会談",
        "body": "山口県長門市で日露首脳会談が行われた。安倍首相とプーチン大統領が会談した。",
    },
]


def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "mixed"
    folder.mkdir()
    with (folder / "news.jsonl").open("w", encoding="utf-8") as fh:
        for a in ARTICLES:
            fh.write(json.dumps(a, ensure_ascii=False) + "\n")
    return folder


async def test_a_russian_article_is_found_by_an_inflected_name_and_highlighted(
    tmp_path: Path, index_cache: Path
) -> None:
    app = app_for(tmp_path, index_cache, _corpus(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("/")
        await pilot.press(*"путину")  # the dative: the article says "Путин" and "Путина"
        await idle(pilot)
        search = app.main.query_one(SearchPane)
        assert search.result is not None
        assert [h.article_id for h in search.result.hits] == ["news#ru1"]
        assert search.result.suggestion is None  # an inflection is no misspelling
        await pilot.press("down", "enter")
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert reader.article.lang == "ru" and reader.article.outlet == "TASS"
        texts = [reader.article.body[p][s:e] for p, s, e in reader.matches if p >= 0]
        assert "Путин" in texts and "Путина" in texts
        await pilot.press("n")
        assert reader.current == 1


async def test_lang_filter_in_the_app(tmp_path: Path, index_cache: Path) -> None:
    app = app_for(tmp_path, index_cache, _corpus(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("/")
        await pilot.press(*"lang:ja")
        await idle(pilot)
        search = app.main.query_one(SearchPane)
        assert search.result is not None
        assert [h.article_id for h in search.result.hits] == ["news#ja1"]


def test_a_japanese_word_is_highlighted_inside_a_sentence_without_spaces() -> None:
    text = ARTICLES[2]["body"]
    spans = match_spans(text, query_terms("長門市"))
    assert [text[s:e] for s, e in spans] == ["長門市"]
