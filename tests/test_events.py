"""Event grouping: seed events, determinism, time and text rules, labels, CLI."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.corpus import bundled_corpus
from briefing.events import Event, event_of, find_event, group_events, label_event
from briefing.ingest import default_rules, load_corpus
from briefing.models import Article, FuzzyDate, Mention, PublishedDate


@pytest.fixture(scope="module")
def seeds() -> tuple[Article, ...]:
    return load_corpus(bundled_corpus(), default_rules()).articles


def test_seed_corpus_has_exactly_three_events(seeds: tuple[Article, ...]) -> None:
    events = group_events(seeds)
    groups = sorted(sorted(a[:3] for a in e.articles) for e in events)
    assert groups == [["000"], ["001", "002", "004"], ["003"]]
    visit = next(e for e in events if len(e.articles) == 3)
    assert visit.label == "Putin's visit to Japan"
    assert visit.start == "2016-12-13" and visit.end == "2016-12-16"
    assert dict(visit.outlets) == {
        "Sputnik": ("001_7c7c5e7f1d640ede", "002_b2729a987686bb6d"),
        "TASS": ("004_f38b74ab00d78d3b",),
    }
    assert not visit.blindspot
    assert "Vladimir Putin" in visit.people and "Japan" in visit.places
    lima = next(e for e in events if e.articles[0].startswith("000"))
    assert "APEC" in lima.label and lima.blindspot and lima.missing == ("Sputnik",)
    sochi = next(e for e in events if e.articles[0].startswith("003"))
    assert "Abe" in sochi.label and sochi.start == "2016-05-06"
    # date order
    assert [e.start for e in events] == ["2016-05-06", "2016-11-20", "2016-12-13"]


def test_grouping_is_deterministic(seeds: tuple[Article, ...]) -> None:
    a = group_events(seeds)
    b = group_events(tuple(reversed(seeds)))
    assert a == b
    assert len({e.id for e in a}) == len(a)


def _article(aid: str, outlet: str, day: dt.date | None, text: str, **kw: object) -> Article:
    date = FuzzyDate.day(day) if day else FuzzyDate()
    return Article(
        id=aid,
        path=aid,
        url=None,
        outlet=outlet,
        headline=text.split(".")[0],
        headline_derived=False,
        lede=None,
        dateline=None,
        published=PublishedDate(date, 0.9, ()),
        body=(text,),
        **kw,  # type: ignore[arg-type]
    )


QUAKE = (
    "A strong earthquake struck the coastal city of Port Meridian early on Tuesday, "
    "collapsing bridges and cutting power to thousands, rescuers in Meridian said. "
)
QUAKE2 = (
    "Rescuers in Port Meridian searched collapsed buildings after the earthquake cut power "
    "and destroyed bridges along the coast on Tuesday, officials said. "
)
VOTE = (
    "Parliament in Valdoria approved the budget in a late vote on Thursday after opposition "
    "lawmakers walked out of the chamber in protest over taxes. "
)
FILLER = (
    "The weather was mild across the region and markets were calm as traders waited for "
    "new figures from the central bank. "
)


def _corpus(gap_days: int = 1) -> list[Article]:
    d0 = dt.date(2020, 3, 3)
    return [
        _article("q1", "Wire A", d0, QUAKE * 2),
        _article("q2", "Wire B", d0 + dt.timedelta(days=gap_days), QUAKE2 * 2),
        _article("v1", "Wire A", d0 + dt.timedelta(days=2), VOTE * 2),
        _article("f1", "Wire C", d0, FILLER * 2),
        _article("f2", "Wire C", d0 + dt.timedelta(days=40), FILLER * 2),
    ]


def test_same_story_groups_and_different_story_does_not() -> None:
    events = group_events(_corpus())
    mapping = event_of(events)
    assert mapping["q1"] == mapping["q2"]
    assert mapping["v1"] not in (mapping["q1"], mapping["f1"])
    # the same text months apart is not the same event
    assert mapping["f1"] != mapping["f2"]


def test_dates_far_apart_split_a_story() -> None:
    mapping = event_of(group_events(_corpus(gap_days=30)))
    assert mapping["q1"] != mapping["q2"]


def test_blindspots_and_missing_outlets() -> None:
    events = group_events(_corpus())
    vote = next(e for e in events if "v1" in e.articles)
    assert vote.blindspot and set(vote.missing) == {"Wire B", "Wire C"}
    quake = next(e for e in events if "q1" in e.articles)
    assert not quake.blindspot


def test_articles_of_unknown_outlets_alone_make_no_blindspot() -> None:
    from dataclasses import replace

    events = group_events(_corpus())
    vote = next(e for e in events if "v1" in e.articles)
    unknown = replace(vote, outlets=(("unknown outlet", vote.articles),))
    assert not unknown.blindspot  # they may be of several outlets: nothing says one only


def test_labels_are_mined_from_phrases() -> None:
    a = _article(
        "x",
        "W",
        dt.date(2020, 1, 1),
        "Merkel's first official visit to Brazil began in Brasilia on Monday, aides said.",
        people=(Mention("Angela Merkel", "person", 2, ("Merkel",)),),
    )
    assert label_event([a]) == "Merkel's visit to Brazil"
    b = _article(
        "y",
        "W",
        dt.date(2020, 1, 1),
        "Leaders gathered for the G20 summit in Osaka. Talks will be held in June.",
    )
    assert label_event([b]) == "G20 summit in Osaka"
    c = _article("z", "W", None, "Nothing in particular happened here at all today.")
    assert label_event([c]).startswith("Nothing in particular")


def test_find_event_by_id_prefix_and_words(seeds: tuple[Article, ...]) -> None:
    events = group_events(seeds)
    visit = next(e for e in events if len(e.articles) == 3)
    assert find_event(events, visit.id) == visit
    assert find_event(events, "visit japan") == visit
    assert find_event(events, "2016-12-13") == visit
    assert find_event(events, "olympics") is None


def test_event_json_contract(seeds: tuple[Article, ...]) -> None:
    e: Event = group_events(seeds)[-1]
    data = e.to_json()
    assert set(data) >= {
        "id",
        "label",
        "start",
        "end",
        "people",
        "places",
        "articles",
        "outlets",
        "missing_outlets",
        "blindspot",
    }
    assert replace(e, id="x").id == "x"


def test_cli_events_and_export_event_ids(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_INDEX_DIR", str(tmp_path / "ix"))
    runner = CliRunner()
    out = runner.invoke(main, ["events", "--json"], catch_exceptions=False)
    events = json.loads(out.stdout)["events"]
    assert len(events) == 3
    text = runner.invoke(main, ["events"], catch_exceptions=False).stdout
    assert "Putin's visit to Japan" in text and "blindspot" in text
    rows = [json.loads(x) for x in runner.invoke(main, ["export"]).stdout.splitlines()]
    ids = {r["id"][:3]: r["event_id"] for r in rows}
    assert ids["001"] == ids["002"] == ids["004"] != ids["000"] != ids["003"]


def test_spanish_stories_that_share_only_function_words_are_two_events() -> None:
    # two unrelated Spanish stories among many English ones: "que", "del", "para", "con" are
    # rare in the corpus, so read as content words they would make the two one event
    day = dt.date(2022, 5, 3)
    port = (
        "El gobierno de la ciudad dijo que los trabajadores del puerto de Montecon volverán "
        "a sus puestos para la próxima semana, y que el conflicto con el sindicato sigue. "
    )
    buses = (
        "Los autobuses de la alcaldía fueron usados para llevar a los votantes a un acto "
        "del candidato, según una denuncia que la fiscalía recibió con fotos y videos. "
    )
    words = [f"{a}{b}{c}" for a in "bcdfg" for b in "aeiou" for c in "klmnprst"]
    english = [
        _article(
            f"en{i}",
            f"Outlet {i}",
            day + dt.timedelta(days=i % 20),
            " ".join(words[(i * 7 + k) % len(words)] for k in range(40)) + ".",
            lang="en",
        )
        for i in range(150)
    ]
    arts = [
        _article("es-a", "Diario Uno", day, port * 3, lang="es"),
        _article("es-b", "Diario Dos", day, buses * 3, lang="es"),
        *english,
    ]
    events = group_events(arts)
    of = event_of(events)
    assert of["es-a"] != of["es-b"]
