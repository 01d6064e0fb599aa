"""The timeline's compact table (`briefing.overview`, `Workspace.overview`) and the app's
corpus made from it (`briefing.app.model`): the rows show what the articles say, the table is
cached per index state, and the events' state holds each name once."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest

import briefing.events.incremental as incremental
from briefing.app.model import ArticleRows, build_corpus, corpus_of
from briefing.cache import decode, encode
from briefing.events import group_events
from briefing.models import (
    Article,
    DatedReference,
    FuzzyDate,
    Mention,
    PublishedDate,
)
from briefing.overview import Overview, overview
from briefing.workspace import Location, Workspace


def _article(
    aid: str,
    outlet: str | None,
    date: FuzzyDate,
    *,
    people: tuple[str, ...] = (),
    refs: tuple[DatedReference, ...] = (),
) -> Article:
    return Article(
        id=aid,
        path=f"{aid}.txt",
        url=None,
        outlet=outlet,
        headline=f"Headline of {aid}",
        headline_derived=False,
        lede="A lede.",
        dateline=None,
        published=PublishedDate(date, 0.9, ("test",)),
        body=("Kuril islands talks in Tokyo.", "More text."),
        people=tuple(Mention(p, "person") for p in people),
        dated_references=refs,
        content_hash=f"h-{aid}",
    )


def _ref(text: str, date: FuzzyDate, relation: str = "past") -> DatedReference:
    return DatedReference(text, date, None, relation, f"It happened {text}.", 0)  # type: ignore[arg-type]


def _articles() -> list[Article]:
    day = FuzzyDate.day
    return [
        _article(
            "c", "TASS", day(dt.date(2018, 3, 2)), people=("Shinzo Abe",),
            refs=(
                _ref("in February", FuzzyDate.month(2018, 2)),
                _ref("in February", FuzzyDate.month(2018, 2)),  # the same mention twice
                _ref("in 1956", FuzzyDate.year(1956)),  # background: not on the timeline
                _ref("on March 9", day(dt.date(2018, 3, 9)), "ahead"),
            ),
        ),
        _article("a", "Kyodo", day(dt.date(2018, 1, 5)), people=("Shinzo Abe", "Vladimir Putin")),
        _article("b", None, FuzzyDate.month(2018, 3), people=("Vladimir Putin", "Shinzo Abe")),
        _article("d", "TASS", FuzzyDate()),
    ]  # fmt: skip


def test_the_table_holds_what_the_rows_show() -> None:
    table = overview(_articles())
    assert table.ids == ("a", "b", "c", "d")
    assert table.outlet_of == ("Kyodo", "", "TASS", "TASS")
    assert table.published == ("2018-01-05", "2018-03", "2018-03-02", "")
    assert table.months == ("2018-01", "2018-02", "2018-03")
    assert dict(table.outlets) == {"TASS": 2, "Kyodo": 1, "unknown outlet": 1}
    assert dict(table.coverage) == {
        "TASS": (0, 0, 1),
        "Kyodo": (1, 0, 0),
        "unknown outlet": (0, 0, 1),
    }
    refs = dict(table.references)
    assert sorted(refs) == ["2018-02", "2018-03"]
    assert [r.text for r in refs["2018-02"]] == ["in February"]
    assert refs["2018-03"][0].relation == "ahead"
    assert table.people == ("Shinzo Abe", "Vladimir Putin")
    # cached as JSON and read back against its type
    assert decode(json.loads(json.dumps(encode(table))), Overview) == table


def test_the_apps_corpus_gives_articles_as_rows() -> None:
    articles = _articles()
    events = group_events(articles)
    corpus = corpus_of(overview(articles), events)
    assert corpus == build_corpus(articles, events)
    assert isinstance(corpus.articles, ArticleRows) and len(corpus.articles) == 4
    row = corpus.articles["b"]
    whole = next(a for a in articles if a.id == "b")
    assert (row.id, row.outlet, row.headline) == (whole.id, whole.outlet, whole.headline)
    assert (row.published.iso, row.published.precision) == ("2018-03", "month")
    assert row.body == () and row.people == ()  # the reader reads it whole from the workspace
    assert corpus.articles.get("nope") is None and "a" in corpus.articles
    assert corpus.articles["d"].published.iso is None
    assert corpus.event(events[0].id) == events[0] and corpus.event("nope") is None


def test_the_workspace_caches_the_table_per_index_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n, outlet in enumerate(("TASS", "Kyodo")):
        (corpus / f"{n}.txt").write_text(
            f"{outlet}\n\nTalks on the Kuril islands {n}\n\nTOKYO, Dec. {n + 10}, 2016 - "
            "Shinzo Abe met Vladimir Putin for talks on the islands.\n",
            encoding="utf-8",
        )
    with Workspace.open(Location(corpus, tmp_path / "index")) as ws:
        ws.update()
        first = ws.overview()
        assert len(first.ids) == 2
        index = ws.index

        def no_reading(*args: object, **kwargs: object) -> None:
            raise AssertionError("read the articles again")

        monkeypatch.setattr(type(index), "each_article", no_reading)
        assert ws.overview() == first  # from the cache
        monkeypatch.undo()
        (corpus / "2.txt").write_text("Reuters\n\nA third article\n\nText.\n", encoding="utf-8")
        ws.update()
        assert len(ws.overview().ids) == 3


def test_the_events_state_keeps_each_name_once() -> None:
    outlets = [f"Outlet {k}" for k in range(30)]
    articles = [
        replace(
            _article(
                f"x{k}", outlets[k], FuzzyDate.day(dt.date(2018, 1, 1) + dt.timedelta(k * 40))
            ),
            headline=f"Story {k} zorblat{k} quimby{k}",
        )
        for k in range(30)
    ]
    state = incremental.full(articles)
    data = json.loads(json.dumps(incremental.to_json(state)))
    assert all("missing" not in g["event"] for g in data["groups"])
    again = incremental.from_json(data)
    assert again.events() == state.events()
    first, second = again.events()[0], again.events()[1]
    shared = set(first.missing) & set(second.missing)
    assert shared
    for name in shared:
        assert (
            first.missing[first.missing.index(name)] is second.missing[second.missing.index(name)]
        )


def test_articles_of_no_known_outlet_are_not_one_more_outlet() -> None:
    """The status line's outlets and a blindspot's "1/N" count the outlets the corpus names,
    as an event's missing outlets do: articles of no known outlet are not an outlet."""
    day = FuzzyDate.parse_iso("2016-12-05")
    articles = [
        _article("a", "TASS", day),
        _article("b", "Kyodo", day),
        _article("c", None, day),
    ]
    articles[0] = replace(
        articles[0],
        headline="Wheat harvest",
        body=("Farmers in Kansas reported a record wheat harvest.", "Grain prices fell."),
    )
    corpus = build_corpus(articles, group_events(articles))
    assert len(corpus.outlets) == 3  # the chart keeps a row for the unknown outlet
    assert corpus.named_outlets == 2
    one = [e for e in corpus.events if e.outlets == (("TASS", ("a",)),)]
    assert one and one[0].blindspot  # the test's own event: TASS alone
    assert len(one[0].outlets) + len(one[0].missing) == corpus.named_outlets
