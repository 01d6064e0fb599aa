"""Outlet comparison: the seed visit (TASS against Sputnik), and each rule on tiny texts."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
from click.testing import CliRunner
from rich.console import Console

from briefing.cli import main
from briefing.compare import CompareError, Comparison, compare
from briefing.corpus import bundled_corpus
from briefing.events import Event, find_event, group_events
from briefing.ingest import default_rules, load_corpus
from briefing.models import (
    Article,
    DatedReference,
    FuzzyDate,
    Mention,
    PublishedDate,
    Quote,
)
from briefing.render.compare_markdown import render_compare_markdown
from briefing.render.compare_rich import render_compare

# --- the seed corpus --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds() -> tuple[Article, ...]:
    return load_corpus(bundled_corpus(), default_rules()).articles


@pytest.fixture(scope="module")
def visit(seeds: tuple[Article, ...]) -> Comparison:
    event = find_event(group_events(seeds), "visit to japan")
    assert event is not None
    return compare(event, seeds, ["TASS", "Sputnik"])


def _texts(statements: object) -> str:
    return " ".join(s.text for s in statements)  # type: ignore[attr-defined]


def test_seed_both_report_joint_economic_activity_on_the_kurils(visit: Comparison) -> None:
    assert visit.outlets == ("TASS", "Sputnik")
    strongest = visit.shared[0]
    assert {s.outlet for s in strongest.statements} == {"TASS", "Sputnik"}
    for s in strongest.statements:
        assert re.search(r"econom", s.text, re.I) and re.search(r"kuril", s.text, re.I)
    assert any("peace treaty" in s.text for s in strongest.statements)
    assert "Kuril Islands" in strongest.shared


def test_seed_both_give_the_visit_dates_and_agree(visit: Comparison) -> None:
    claim = next(n for n in visit.numbers if n.kind == "date" and n.what == "visit")
    assert set(claim.outlets) == {"TASS", "Sputnik"}
    assert not claim.disagree
    values = " ".join(v for _, v, _ in claim.values)
    assert "December 15-16" in values and "this week" in values
    row = next(r for r in visit.coverage if r.kind == "date" and "2016-12-15" in r.fact)
    assert row.outlets == ("TASS", "Sputnik")


def test_seed_only_sputnik(visit: Comparison) -> None:
    only = _texts(visit.unique_to("Sputnik"))
    assert "Aleppo" in only and "Astana" in only and "Syria" in only
    assert "12 interstate documents" in only and "68 commercial projects" in only
    # Abe's promise to come to Russia in 2017 ("next year", at the Eastern Economic Forum)
    assert re.search(r"(promised|ready to come).*(2017|next year)", only)
    assert "Aleppo" in {n for s in visit.unique_to("Sputnik") for n in s.names}
    assert not any("Jigoro" in s.text for s in visit.unique_to("Sputnik"))


def test_seed_only_tass(visit: Comparison) -> None:
    only = _texts(visit.unique_to("TASS"))
    assert re.search(r"declaration of 1956.*two South Kuril islands, and not four", only)
    assert "Nine percent of the natural gas and oil" in only
    assert "Sakhalin" in only and "75%" in only
    assert "Jigoro Kano" in only
    numbers = {n for s in visit.unique_to("TASS") for n in s.numbers}
    assert {"9% natural gas", "75% products"} <= numbers
    assert not any("Aleppo" in s.text for s in visit.unique_to("TASS"))


def test_seed_naming_of_the_islands_differs(visit: Comparison) -> None:
    islands = next(n for n in visit.naming if "Kuril" in n.thing)
    forms = {o: {f for f, _ in fs} for o, fs in islands.forms}
    assert "Northern Territories" in forms["Sputnik"] and "Southern Kurils" in forms["Sputnik"]
    assert "Northern Territories" not in forms["TASS"]
    assert forms["TASS"] != forms["Sputnik"]
    words = {f.word: dict(f.counts) for f in visit.framing}
    assert words["disputed"] == {"TASS": 0, "Sputnik": 1}


def test_seed_coverage_and_timing(visit: Comparison) -> None:
    people = {r.fact: r.outlets for r in visit.coverage if r.kind == "person"}
    assert people["Vladimir Putin"] == ("TASS", "Sputnik")
    assert people["Jigoro Kano"] == ("TASS",)
    assert people["Recep Tayyip Erdogan"] == ("Sputnik",)
    assert visit.timing[0].outlet == "TASS" and visit.timing[0].first == "2016-12-13"
    assert {t.outlet: t.articles for t in visit.timing} == {"TASS": 1, "Sputnik": 2}
    speakers = dict(visit.speakers)
    assert dict(speakers["Vladimir Putin"]).keys() == {"TASS", "Sputnik"}


def test_seed_comparison_is_deterministic_and_json(
    seeds: tuple[Article, ...], visit: Comparison
) -> None:
    event = find_event(group_events(tuple(reversed(seeds))), "visit to japan")
    assert event is not None
    again = compare(event, reversed(seeds), ["tass", "sputnik"])
    assert again == visit
    data = json.loads(json.dumps(visit.to_json()))
    assert data["outlets"] == ["TASS", "Sputnik"] and data["shared"] and data["unique"]["TASS"]


def test_single_outlet_event_is_a_clear_error(seeds: tuple[Article, ...]) -> None:
    lima = find_event(group_events(seeds), "apec")
    assert lima is not None
    with pytest.raises(CompareError, match=r"TASS only.*blindspot for Sputnik"):
        compare(lima, seeds)
    visit = find_event(group_events(seeds), "visit to japan")
    assert visit is not None
    with pytest.raises(CompareError, match="'Reuters' did not report"):
        compare(visit, seeds, ["TASS", "Reuters"])


# --- the rules, on hand-written texts ---------------------------------------------------------


def _article(
    aid: str,
    outlet: str,
    day: dt.date,
    body: tuple[str, ...],
    **kw: object,
) -> Article:
    return Article(
        id=aid,
        path=aid,
        url=None,
        outlet=outlet,
        headline=body[0].split(".")[0],
        headline_derived=False,
        lede=None,
        dateline=None,
        published=PublishedDate(FuzzyDate.day(day), 0.9, ()),
        body=body,
        **kw,  # type: ignore[arg-type]
    )


def _event(*articles: Article) -> Event:
    by: dict[str, list[str]] = {}
    for a in articles:
        by.setdefault(a.outlet or "", []).append(a.id)
    return Event(
        id="2024-03-01-storm",
        label="Storm in Port Meridian",
        start="2024-03-01",
        end="2024-03-02",
        people=(),
        places=(),
        articles=tuple(a.id for a in articles),
        outlets=tuple((o, tuple(ids)) for o, ids in by.items()),
    )


D1, D2 = dt.date(2024, 3, 1), dt.date(2024, 3, 2)
MERIDIAN = Mention("Port Meridian", "place", 2)
MAYOR = Mention("Clara Voss", "person", 2, ("Voss",))


def _pair() -> tuple[Article, Article]:
    a = _article(
        "a1",
        "Alpha News",
        D1,
        (
            "A violent storm flooded the harbour district of Port Meridian on Friday, "
            "forcing 1,200 residents from their homes.",
            'Mayor Clara Voss said: "We will rebuild every street, and we will do it together."',
            "The storm also damaged the old lighthouse, which dates from 1887.",
            "Officials blamed the so-called climate deniers on the council for years of delay.",
        ),
        places=(MERIDIAN,),
        people=(MAYOR,),
        quotes=(
            Quote("Clara Voss", "We will rebuild every street, and we will do it together.", 1),
        ),
    )
    b = _article(
        "b1",
        "Beta Times",
        D2,
        (
            "Floodwater from a violent storm swept through the harbour district of Port "
            "Meridian, and 900 residents were forced from their homes, officials said.",
            'Voss told reporters: "We will rebuild every single street together."',
            "Insurers estimate the damage at 40 million euros.",
            "A violent storm flooded the harbour district of Port Meridian on Friday, forcing "
            "residents from their homes and closing the port.",
        ),
        places=(MERIDIAN,),
        people=(MAYOR,),
        quotes=(Quote("Clara Voss", "We will rebuild every single street together.", 1),),
    )
    return a, b


def test_aligns_paraphrases_and_flags_disagreeing_numbers() -> None:
    a, b = _pair()
    c = compare(_event(a, b), [a, b])
    assert c.shared and {s.outlet for s in c.shared[0].statements} == {"Alpha News", "Beta Times"}
    residents = next(n for n in c.numbers if n.what == "residents")
    assert residents.disagree
    assert {v for _, v, _ in residents.values} == {"1200 residents", "900 residents"}


def test_same_quote_in_other_words_is_paired_with_its_differences() -> None:
    a, b = _pair()
    c = compare(_event(a, b), [a, b])
    q = c.quotes[0]
    assert q.speaker == "Clara Voss" and set(q.outlets) == {"Alpha News", "Beta Times"}
    assert q.reworded
    assert any(p.op == "second" and "single" in p.text for p in q.diff)
    assert any(p.op == "same" and "rebuild every" in p.text for p in q.diff)


def test_unique_statements_rank_numbers_and_names_first() -> None:
    a, b = _pair()
    c = compare(_event(a, b), [a, b])
    beta = c.unique_to("Beta Times")
    assert beta and "40 million euros" in beta[0].text
    alpha = _texts(c.unique_to("Alpha News"))
    assert "lighthouse" in alpha
    assert "storm flooded" not in alpha  # Beta reports it too


def test_text_reuse_names_who_had_it_first() -> None:
    a, b = _pair()
    c = compare(_event(a, b), [a, b])
    assert c.reuse
    r = c.reuse[0]
    assert r.first == "Alpha News" and r.copies[1][0] == "Beta Times"
    assert "harbour district" in r.text


def test_names_with_the_same_head_and_distinctive_words_are_one_thing() -> None:
    a = _article(
        "a1",
        "Alpha",
        D1,
        ("Troops moved into the Zarvan Valley on Friday, witnesses said.",),
        places=(Mention("Zarvan Valley", "place"),),
    )
    b = _article(
        "b1",
        "Beta",
        D1,
        ("Troops moved into the Upper [Zarvan] valley on Friday, according to witnesses.",),
        places=(Mention("Upper Zarvan Valley", "place"),),
    )
    c = compare(_event(a, b), [a, b])
    assert c.naming and dict(c.naming[0].forms)["Alpha"] != dict(c.naming[0].forms)["Beta"]
    forms = {f for _, fs in c.naming[0].forms for f, _ in fs}
    assert not any("]" in f or "[" in f for f in forms)  # "[Zarvan] valley" reads "Zarvan valley"


def test_names_sharing_only_a_word_are_not_one_thing() -> None:
    """ "Republican Party" is not "Democratic Party" nor "DC Republican Party"; committees of
    the House and the Senate are different committees."""
    orgs = (
        Mention("Republican Party", "organisation"),
        Mention("Democratic Party", "organisation"),
        Mention("DC Republican Party", "organisation"),
        Mention("House Intelligence Committee", "organisation"),
        Mention("Senate Appropriations Committee", "organisation"),
    )
    a = _article(
        "a1",
        "Alpha",
        D1,
        ("The Republican Party met. The House Intelligence Committee held hearings on Friday.",),
        organisations=(orgs[0], orgs[3]),
    )
    b = _article(
        "b1",
        "Beta",
        D1,
        (
            "The Democratic Party met. The DC Republican Party met too. The Senate "
            "Appropriations Committee held hearings on Friday.",
        ),
        organisations=(orgs[1], orgs[2], orgs[4]),
    )
    c = compare(_event(a, b), [a, b])
    for naming in c.naming:
        names = {f for _, fs in naming.forms for f, _ in fs}
        assert not {"Republican Party", "Democratic Party"} <= names, naming
        assert not {"Republican Party", "DC Republican Party"} <= names, naming
        assert not any("Committee" in n for n in names) or len(names) == 1, naming


def test_dates_about_the_same_thing_that_do_not_overlap_disagree() -> None:
    s1 = "The summit in Port Meridian took place on March 1, officials said today."
    s2 = "The summit in Port Meridian took place on February 20, officials said today."
    ref1 = DatedReference("March 1", FuzzyDate.day(dt.date(2024, 3, 1)), None, "past", s1, 0)
    ref2 = DatedReference("February 20", FuzzyDate.day(dt.date(2024, 2, 20)), None, "past", s2, 0)
    a = _article("a1", "Alpha", D2, (s1,), dated_references=(ref1,))
    b = _article("b1", "Beta", D2, (s2,), dated_references=(ref2,))
    c = compare(_event(a, b), [a, b])
    summit = next(n for n in c.numbers if n.kind == "date" and n.what == "summit")
    assert summit.disagree


def test_rendering_treats_article_text_as_data() -> None:
    a, b = _pair()
    evil = "[bold red]Injected[/] \x1b[31m markup"
    a = Article(**{**{f: getattr(a, f) for f in a.__slots__}, "body": (*a.body, evil + ".")})
    c = compare(_event(a, b), [a, b])
    buf = io.StringIO()
    render_compare(c, Console(file=buf, width=100, color_system=None))
    out = buf.getvalue()
    assert "[bold red]Injected[/]" in out
    md = render_compare_markdown(c)
    assert "\\[bold red\\]Injected" in md
    assert "## Only Alpha News" in md and "| Alpha News | Beta Times |" in md


# --- command line -----------------------------------------------------------------------------


def test_cli_compare(tmp_path: object) -> None:
    runner = CliRunner()
    args = ["--index-dir", str(tmp_path)]
    out = runner.invoke(main, ["compare", "visit japan", "--outlets", "tass,sputnik", *args])
    assert out.exit_code == 0, out.output
    assert "Only Sputnik" in out.output and "Only TASS" in out.output
    js = runner.invoke(main, ["compare", "visit japan", "--format", "json", *args])
    assert json.loads(js.output)["label"] == "Putin's visit to Japan"
    md = runner.invoke(main, ["compare", "visit japan", "--format", "markdown", *args])
    assert md.output.startswith("# Putin's visit to Japan")
    bad = runner.invoke(main, ["compare", "no such story", *args])
    assert bad.exit_code == 1 and "no event matches 'no such story'" in bad.output
    blind = runner.invoke(main, ["compare", "apec", *args])
    assert blind.exit_code == 1 and "nothing to compare" in blind.output


def test_credit_lines_and_captions_are_never_statements() -> None:
    credit = "The Associated Press contributed to this report."
    caption = "Jane Roe, left, and John Doe answer questions in Port Meridian, in 2013."
    a = _article(
        "a1",
        "Alpha",
        D1,
        (
            "Talks on the Port Meridian harbour opened on Friday with twelve delegates present.",
            caption,
            f"The harbour authority said the talks would go on for a week. {credit}",
        ),
    )
    b = _article(
        "b1",
        "Beta",
        D1,
        (
            "Twelve delegates opened talks on the Port Meridian harbour on Friday, officials said.",
            caption,
            credit,
        ),
    )
    c = compare(_event(a, b), [a, b])
    texts = [s.text for al in c.shared for s in al.statements]
    texts += [s.text for o in c.outlets for s in c.unique_to(o)]
    assert texts and not any("contributed" in t or ", left," in t for t in texts)


def test_the_values_that_disagree_come_first() -> None:
    """An outlet that gives several figures about one thing (an earlier count, another
    district) never hides the two that disagree: they lead the claim, one outlet each."""
    a, b = _pair()
    earlier = _article(
        "a2",
        "Alpha News",
        D1,
        (
            "A first count in the harbour district of Port Meridian found 300 residents "
            "sheltering in the school, and 40 residents in the church.",
            "A violent storm flooded the harbour district of Port Meridian on Friday, "
            "forcing 1,200 residents from their homes.",
        ),
        places=(MERIDIAN,),
    )
    c = compare(_event(earlier, a, b), [earlier, a, b])
    residents = next(n for n in c.numbers if n.what == "residents")
    assert residents.disagree
    first_two = residents.values[:2]
    assert {o for o, _, _ in first_two} == {"Alpha News", "Beta Times"}
    assert {v for _, v, _ in first_two} == {"1200 residents", "900 residents"}
