"""The bundled seed corpus must read as the issue's table says (outlet, headline, date...)."""

from __future__ import annotations

import pytest

from briefing.corpus import bundled_corpus
from briefing.ingest import default_rules, load_corpus
from briefing.models import Article


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    load = load_corpus(bundled_corpus(), default_rules())
    assert not load.warnings, load.warnings
    return {a.id[:3]: a for a in load.articles}


TABLE = [
    # prefix, outlet, headline (None = derived), dateline, published, precision
    (
        "000",
        "TASS",
        "Putin calls absence of peace treaty between Russia and Japan an 'anachronism'",
        "Lima",
        "2016-11-20",
        "day",
    ),
    ("001", "Sputnik", None, "Moscow", "2016-12-16", "day"),
    (
        "002",
        "Sputnik",
        "Russian Foreign Ministry Sees Putin's Visit to Japan as 'Breakthrough'",
        "Moscow",
        "2016-12",
        "month",
    ),
    (
        "003",
        "TASS",
        "Lavrov: Putin and Abe show determination for dialogue in all directions",
        "Sochi",
        "2016-05-06",
        "day",
    ),
    (
        "004",
        "TASS",
        "Putin believes security cooperation to build trust between Russia and Japan",
        "Tokyo",
        "2016-12-13",
        "day",
    ),
]


@pytest.mark.parametrize(
    ("prefix", "outlet", "headline", "dateline", "published", "precision"), TABLE
)
def test_seed_table(
    seeds: dict[str, Article],
    prefix: str,
    outlet: str,
    headline: str | None,
    dateline: str,
    published: str,
    precision: str,
) -> None:
    a = seeds[prefix]
    assert a.outlet == outlet
    assert a.dateline == dateline
    assert a.published.iso == published
    assert a.published.precision == precision
    if headline is None:
        assert a.headline_derived
        assert a.headline and "Putin" in a.headline and len(a.headline.split()) <= 20
    else:
        assert not a.headline_derived
        assert a.headline == headline


def test_seed_date_evidence(seeds: dict[str, Article]) -> None:
    ev = {k: " | ".join(a.published.evidence) for k, a in seeds.items()}
    assert "LIMA, November 20" in ev["000"] and "June 2016" in ev["000"] and "Sunday" in ev["000"]
    assert "December 15-16" in ev["001"] and "Thursday" in ev["001"]
    assert "09 April 2020" in ev["001"] and "page stamp" in ev["001"]
    assert "Dec. 16, 2016" in ev["002"] and "Thursday" in ev["002"] and "2016-12-22" in ev["002"]
    assert "SOCHI, May 6" in ev["003"] and "June 2016" in ev["003"]
    assert "TOKYO, December 13" in ev["004"] and "Tuesday" in ev["004"]
    assert seeds["004"].published.confidence < seeds["000"].published.confidence


def test_seed_bodies_are_clean(seeds: dict[str, Article]) -> None:
    furniture = [
        "All news",
        "Listen Live",
        "Get short URL",
        "Subscribe",
        "Never miss a story",
        "Putin Likely to Skip Munich",
        "Comment via",
        "Community standards",
        "Newsfeed",
        "Japan Prepares to Discuss Kuril Islands",
        "log in or register",
        "GMT09",
    ]
    for a in seeds.values():
        text = "\n".join((a.lede or "", *a.body))
        for junk in furniture:
            assert junk not in text, (a.id, junk)
        assert not any("\u0400" <= c <= "\u04ff" for c in text), a.id  # Cyrillic caption
    assert seeds["001"].tags == ("Vladimir Putin", "Shinzo Abe", "Japan", "Russia", "Kuril Islands")


def test_seed_ledes(seeds: dict[str, Article]) -> None:
    assert seeds["000"].lede and seeds["000"].lede.startswith("Putin believes that both")
    assert seeds["002"].lede and "Igor Morgulov said Thursday" in seeds["002"].lede
    assert seeds["001"].body[0].startswith("The official Russian delegation")


def test_seed_people(seeds: dict[str, Article]) -> None:
    people = {m.name for a in seeds.values() for m in a.people}
    for surname in ["Putin", "Abe", "Lavrov", "Peskov", "Ushakov", "Morgulov", "Erdogan"]:
        assert any(p.split()[-1] == surname for p in people), surname
    # short forms are aliases of the full name, never people of their own
    for bad in ["Abe", "Mr Abe", "Vladimir", "Putin", "Russian", "Prime Minister"]:
        assert bad not in people
    putin = next(m for m in seeds["001"].people if m.name == "Vladimir Putin")
    assert "Vladimir" in putin.aliases and putin.count >= 10


def test_seed_places(seeds: dict[str, Article]) -> None:
    places = {m.name for a in seeds.values() for m in a.places}
    for p in [
        "Lima",
        "Tokyo",
        "Nagato",
        "Sochi",
        "Vladivostok",
        "Kuril Islands",
        "Iturup",
        "Kunashir",
        "Shikotan",
        "Habomai",
    ]:
        assert any(x == p or x.startswith(p + " ") for x in places), p
    assert not places & {"Putin", "Abe", "Kano", "Vladimir Putin"}


def test_seed_quotes_and_references(seeds: dict[str, Article]) -> None:
    lavrov = [q for q in seeds["003"].quotes if q.speaker == "Sergei Lavrov"]
    assert len(lavrov) >= 8
    assert all(q.speaker != "Shinzo Abe" for q in seeds["003"].quotes[:6])
    morgulov = seeds["002"].quotes[0]
    assert morgulov.speaker == "Igor Morgulov" and "breakthrough" in morgulov.text
    refs = {(r.text, r.date.iso, r.relation) for r in seeds["003"].dated_references}
    assert ("June 2016", "2016-06", "ahead") in refs
    assert ("September 2 and September 3", "2016-09-02", "ahead") in refs
    assert ("last September", "2015-09", "past") in refs
    refs0 = {
        (r.text, r.date.iso, r.end.iso if r.end else None, r.relation)
        for r in seeds["000"].dated_references
    }
    assert ("December 15-16", "2016-12-15", "2016-12-16", "ahead") in refs0
    assert ("January through June 2016", "2016-01", "2016-06", "past") in refs0
    refs4 = {r.text: r for r in seeds["004"].dated_references}
    assert "the 1956 document" in refs4 and refs4["the 1956 document"].relation == "past"
