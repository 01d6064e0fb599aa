"""Wildcards of the text fields match the words articles use, then stand for their stems
(`briefing.index.patterns`): `immigra*` finds "immigration" although the index holds `immigr`."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from briefing.index import CorpusIndex
from briefing.index.patterns import PatternWords, WordPattern
from briefing.models import Article, FuzzyDate, PublishedDate


def _article(i: int, body: str, headline: str = "Report") -> Article:
    return Article(
        id=f"a{i}",
        path=f"a{i}.txt",
        url=None,
        outlet="TASS",
        headline=headline,
        headline_derived=False,
        lede=None,
        dateline=None,
        published=PublishedDate(FuzzyDate(), 0.0, ()),
        body=(body,),
        people=(),
        places=(),
        organisations=(),
        quotes=(),
        content_hash=f"h{i}",
    )


BODIES = (
    "The immigration bill passed.",
    "Immigrants arrived at the border.",
    "They chose to immigrate last year.",
    "Imitation is flattery.",
    "An able vaccine maker.",
    "The vaccination campaign began.",
    "Иммиграция выросла в прошлом году.",
    "Officials in the U.S. said so.",
)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> CorpusIndex:
    root = tmp_path_factory.mktemp("patterns")
    ix = CorpusIndex.open(root / "c", root / "i")
    ix.add_articles(_article(i, body) for i, body in enumerate(BODIES))
    return ix


def _ids(ix: CorpusIndex, query: str, plain: bool = False) -> set[str]:
    return {h.article_id for h in ix.search(query, limit=50, plain=plain).hits}


def test_a_prefix_matches_the_words_not_the_stems(index: CorpusIndex) -> None:
    # the stems are `immigr` and `immigr`: no stem begins with `immigra`
    assert _ids(index, "immigra*") == {"a0", "a1", "a2"}
    assert _ids(index, "immigra*") == _ids(index, "immigra*", plain=True)
    assert _ids(index, "imm*") == {"a0", "a1", "a2"}
    assert _ids(index, "imi*") == {"a3"}


def test_a_pattern_is_not_stemmed_as_if_it_were_a_word(index: CorpusIndex) -> None:
    # Porter would cut `ab?e` to `ab?`, which matches no word of four letters
    assert _ids(index, "ab?e") == {"a4"}
    # a pattern finds what the words it matches find (`vaccine` and `vaccination`: `vaccin`)
    assert _ids(index, "vacc?ne") == _ids(index, "vaccine") == {"a4", "a5"}
    assert _ids(index, "vaccin*") == {"a4", "a5"}
    assert _ids(index, "*itation") == {"a3"}  # a leading wildcard reads the whole vocabulary


def test_patterns_work_in_other_scripts_and_fields(index: CorpusIndex) -> None:
    assert _ids(index, "иммигр*") == {"a6"}
    assert _ids(index, "Иммиграц*") == {"a6"}
    assert _ids(index, "body:immigra*") == {"a0", "a1", "a2"}
    assert _ids(index, "headline:immigra*") == set()


def test_a_pattern_still_matches_index_terms_the_vocabulary_leaves_out(
    index: CorpusIndex,
) -> None:
    # `u.s` is one token of the text fields, and no word of the vocabulary (letters only)
    assert _ids(index, "u.*") == {"a7"}


def test_a_pattern_highlights_the_words_it_matched(index: CorpusIndex) -> None:
    snippets = {h.article_id: h.snippet for h in index.search("immigra*").hits}
    marked = {s.text[a:b].lower() for s in snippets.values() for a, b in s.spans}
    assert marked == {"immigration", "immigrants", "immigrate"}


def test_new_words_are_found_after_an_update(tmp_path: Path) -> None:
    ix = CorpusIndex.open(tmp_path / "c", tmp_path / "i")
    ix.add_articles([_article(0, "Nothing here.")])
    assert _ids(ix, "immigra*") == set()
    ix.add_articles([replace(_article(1, "Immigration rose."), content_hash="new")])
    assert _ids(ix, "immigra*") == {"a1"}


def test_the_stems_of_a_pattern_are_kept_per_vocabulary_state() -> None:
    words = sorted(["immigrant", "immigrate", "immigration", "imitate"])
    found = PatternWords(lambda: words)
    assert found.stems("immigra*") == {"immigr"}
    assert found.stems("imi*") == {"imit"}
    assert found.stems("x*") == frozenset()
    q = WordPattern("body", "immigra*", found)
    assert q.normalize() is q  # never Whoosh's `Prefix` of a stem
