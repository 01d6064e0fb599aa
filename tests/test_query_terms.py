"""The query's terms have one owner (`briefing.query`): the index's snippets and the reader's
highlighter read the same fields and aliases, so what the results highlight, the reader finds.

Before this, the reader kept its own list of fields: `title:treaty` was highlighted in the
results, then the reader said "no matches".
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from app_helpers import app_for, idle, settle

from briefing.app.highlight import match_spans, query_terms
from briefing.app.reader import ReaderScreen
from briefing.app.search_pane import SearchPane
from briefing.index import CorpusIndex
from briefing.models import Article, FuzzyDate, Mention, PublishedDate
from briefing.query import FIELD_ALIASES, highlight_group, highlight_words

TEXT = "Abe and Putin spoke in Tokyo about a peace treaty with Rosneft."


def _article() -> Article:
    return Article(
        id="a1",
        path="a1.txt",
        url=None,
        outlet="TASS",
        headline="Treaty talks in Tokyo",
        headline_derived=False,
        lede="Abe met Putin about the treaty.",
        dateline="Tokyo",
        published=PublishedDate(FuzzyDate.day(dt.date(2016, 12, 5)), 0.9, ("test",)),
        body=(TEXT,),
        people=(Mention("Shinzo Abe", "person", 1, ("Abe",)),),
        places=(Mention("Tokyo", "place", 1),),
        organisations=(Mention("Rosneft", "organisation", 1),),
    )


# A word of the article for every field whose words are highlighted.
WORD_OF = {
    "headline": "treaty",
    "lede": "treaty",
    "body": "treaty",
    "people": "abe",
    "places": "tokyo",
    "organisations": "rosneft",
    "dateline": "tokyo",
}
HIGHLIGHTED_ALIASES = sorted(
    alias for alias, field in FIELD_ALIASES.items() if highlight_group(field) is not None
)


@pytest.fixture
def index(tmp_path: Path) -> CorpusIndex:
    ix = CorpusIndex.open(tmp_path / "corpus", tmp_path / "index")
    ix.add_articles([_article()])
    return ix


def test_every_highlighted_field_has_a_word_here() -> None:
    assert {FIELD_ALIASES[a] for a in HIGHLIGHTED_ALIASES} == set(WORD_OF)
    assert "title" in HIGHLIGHTED_ALIASES and "headline" in HIGHLIGHTED_ALIASES


@pytest.mark.parametrize("alias", HIGHLIGHTED_ALIASES)
def test_results_and_reader_highlight_the_same_field_aliases(
    index: CorpusIndex, alias: str
) -> None:
    word = WORD_OF[FIELD_ALIASES[alias]]
    query = f"{alias}:{word}"
    hit = index.search(query).hits[0]
    shown = [
        s.text[a:b].lower()
        for s in (hit.snippet, hit.headline_snippet)
        if s is not None
        for a, b in s.spans
    ]
    assert word in shown, f"the results highlight {word!r} for {query!r}"
    spans = match_spans(TEXT, query_terms(query))
    assert word in [TEXT[a:b].lower() for a, b in spans], f"the reader finds {word!r}"


def test_fields_that_are_not_highlighted_stay_unhighlighted(index: CorpusIndex) -> None:
    for query in ("outlet:tass", "id:a1", "date:2016-12", "-treaty", "NOT treaty"):
        assert not query_terms(query), query
    assert [w.text for w in highlight_words("title:(treaty) OR kuril* -putin")] == [
        "treaty",
        "kuril",
    ]


async def test_title_query_opens_the_reader_on_its_matches(
    tmp_path: Path, index_cache: Path
) -> None:
    app = app_for(tmp_path, index_cache)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("/", *"title:treaty")
        await idle(pilot)
        search = app.main.query_one(SearchPane)
        assert search.result is not None and search.result.total > 0
        hit = search.result.hits[0]
        assert hit.headline_snippet is not None and hit.headline_snippet.spans
        await pilot.press("down", "enter")
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        status = str(reader.query_one("#reader-status").render())
        assert reader.matches and "no matches" not in status, status
