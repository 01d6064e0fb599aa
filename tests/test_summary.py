"""Tests for `briefing.summary`: building the briefing and rendering it three ways."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import subprocess
import sys

import pytest
from rich.console import Console

from briefing.labels import date_label, outlet_style, span_label
from briefing.models import (
    Article,
    DatedReference,
    FuzzyDate,
    Mention,
    PublishedDate,
    Quote,
)
from briefing.render.briefing_markdown import render_markdown
from briefing.render.briefing_rich import render_rich
from briefing.render.json import render_json
from briefing.summary import (
    MAX_QUOTE_CHARS,
    ArticleEntry,
    Briefing,
    Citation,
    ReferenceEntry,
    build_briefing,
)

MARKUP_HEADLINE = "[bold red]Boom[/] says the markup"
MARKUP_SPEAKER = "[blue]Spokesman[/]"
ABE_QUOTE = "We will hold talks on the 4 disputed islands in Yamaguchi"
FRAGMENT = "an anachronism of the past"
# An SGR sequence that sets a foreground colour (16-colour, 256-colour or truecolor).
COLOUR_CODE = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-7]|9[0-7]|38;[0-9;]+)m")


def _article(
    id: str,
    outlet: str | None,
    date: FuzzyDate,
    headline: str,
    *,
    derived: bool = False,
    people: tuple[Mention, ...] = (),
    places: tuple[Mention, ...] = (),
    quotes: tuple[Quote, ...] = (),
    refs: tuple[DatedReference, ...] = (),
) -> Article:
    return Article(
        id=id,
        path=f"corpus/{id}.txt",
        url=None,
        outlet=outlet,
        headline=headline,
        headline_derived=derived,
        lede=None,
        dateline=None,
        published=PublishedDate(date, 0.9 if date.known else 0.0, ()),
        body=("Body.",),
        people=people,
        places=places,
        quotes=quotes,
        dated_references=refs,
    )


def _person(name: str, count: int, *aliases: str) -> Mention:
    return Mention(name, "person", count, aliases)


def _place(name: str, count: int) -> Mention:
    return Mention(name, "place", count)


SUMMIT = DatedReference(
    text="December 15-16",
    date=FuzzyDate.day(dt.date(2016, 12, 15)),
    end=FuzzyDate.day(dt.date(2016, 12, 16)),
    relation="ahead",
    sentence="Putin will visit Japan on December 15-16.",
    paragraph=2,
)
DECLARATION = DatedReference(
    text="the 1956 declaration",
    date=FuzzyDate.year(1956),
    end=None,
    relation="past",
    sentence="Talks rest on the 1956 declaration.",
    paragraph=3,
)

TASS_DAY = _article(
    "000_aaaa1111",
    "TASS",
    FuzzyDate.day(dt.date(2016, 11, 20)),
    "Putin calls absence of peace treaty an anachronism",
    people=(_person("Vladimir Putin", 3, "Putin"), _person("Shinzo Abe", 1)),
    places=(_place("Japan", 2), _place("Russia", 2), _place("Lima", 1)),
    quotes=(
        Quote(
            "Vladimir Putin",
            "I think it's pretty obvious for Japan and Russia likewise the absence of a "
            "treaty is an anachronism",
            3,
        ),
        Quote(None, FRAGMENT, 3),
        Quote("Vladimir Putin", "But the road to it is far from a simple one", 5),
    ),
    refs=(SUMMIT, DECLARATION),
)
KYODO_MONTH = _article(
    "001_bbbb2222",
    "Kyodo",
    FuzzyDate.month(2016, 12),
    "Abe and Putin to meet in Nagato | talks",
    derived=True,
    people=(_person("Shinzo Abe", 4), _person("Putin", 2)),
    places=(_place("Japan", 3), _place("Nagato", 2)),
    quotes=(
        Quote("Shinzo Abe", ABE_QUOTE, 1),
        Quote(None, "the talks will be difficult but necessary for both nations", 2),
    ),
    refs=(SUMMIT, DECLARATION),
)
TASS_UNDATED = _article(
    "002_cccc3333",
    "TASS",
    FuzzyDate(),
    MARKUP_HEADLINE,
    people=(_person("Vladimir Putin", 1),),
    quotes=(
        Quote(
            "Vladimir Putin",
            "Russia and Japan are absolutely natural partners for each other in the region",
            4,
        ),
    ),
    refs=(
        DatedReference(
            "June 2016", FuzzyDate.month(2016, 6), None, "past", "Since June 2016 talks stalled.", 1
        ),
    ),
)
KYODO_DAY = _article(
    "003_dddd4444",
    "Kyodo",
    FuzzyDate.day(dt.date(2016, 12, 16)),
    "Leaders meet in Nagato",
    quotes=(
        Quote(None, ABE_QUOTE.replace("talks", "talks,"), 2),
        Quote(MARKUP_SPEAKER, "The meeting in Nagato lasted three hours and covered 8 topics.", 3),
    ),
)
ARTICLES = (KYODO_DAY, TASS_UNDATED, TASS_DAY, KYODO_MONTH)  # deliberately out of order


@pytest.fixture(scope="module")
def briefing() -> Briefing:
    return build_briefing(ARTICLES, title="Kuril talks")


def _rich(b: Briefing, **console_kwargs: object) -> str:
    buffer = io.StringIO()
    options: dict[str, object] = {"width": 100, "color_system": None}
    options.update(console_kwargs)
    console = Console(file=buffer, **options)  # type: ignore[arg-type]
    render_rich(b, console)
    return buffer.getvalue()


def _line_with(output: str, *needles: str) -> str | None:
    for line in output.splitlines():
        if all(n in line for n in needles):
            return line
    return None


# ---------------------------------------------------------------- dates


def test_date_labels_never_invent_a_day() -> None:
    assert date_label("2016-12-16") == "2016-12-16"
    assert date_label("2016-12") == "Dec 2016"
    assert date_label("2016") == "2016"
    assert date_label(None) == "undated"
    assert span_label("2016-12-15", "2016-12-16") == "2016-12-15–16"
    assert span_label("2016-12", "2017-01") == "Dec 2016 – Jan 2017"
    assert span_label("2016-12", None) == "Dec 2016"


def test_citation_str_uses_full_id() -> None:
    citation = Citation("TASS", "2016-11-20", "000_5afbeb413bf4feff")
    assert str(citation) == "TASS, 2016-11-20, 000_5afbeb413bf4feff"
    assert str(Citation(None, None, "x")) == "unknown outlet, undated, x"
    assert str(Citation("Kyodo", "2016-12", "y")) == "Kyodo, Dec 2016, y"


# ---------------------------------------------------------------- building


def test_glance(briefing: Briefing) -> None:
    glance = briefing.glance
    assert briefing.title == "Kuril talks"
    assert glance.articles == 4
    assert [(o.outlet, o.articles) for o in glance.outlets] == [("Kyodo", 2), ("TASS", 2)]
    assert glance.earliest == "2016-11-20"
    assert glance.latest == "2016-12-16"
    assert glance.undated == 1


def test_timeline_order_and_dedup(briefing: Briefing) -> None:
    described = [
        (e.date_iso, e.citation.article_id if isinstance(e, ArticleEntry) else e.text)
        for e in briefing.timeline
    ]
    assert described == [
        ("1956", "the 1956 declaration"),
        ("2016-06", "June 2016"),
        ("2016-11-20", "000_aaaa1111"),
        ("2016-12", "001_bbbb2222"),
        ("2016-12-15", "December 15-16"),
        ("2016-12-16", "003_dddd4444"),
        (None, "002_cccc3333"),
    ]
    summit = briefing.timeline[4]
    assert isinstance(summit, ReferenceEntry)
    assert summit.end_iso == "2016-12-16"
    assert summit.date_text == "2016-12-15–16"
    assert [c.article_id for c in summit.citations] == ["000_aaaa1111", "001_bbbb2222"]
    assert summit.relations == ("ahead",)
    assert summit.sentence == "Putin will visit Japan on December 15-16."
    month = briefing.timeline[3]
    assert isinstance(month, ArticleEntry)
    assert (month.precision, month.date_text, month.headline_derived) == ("month", "Dec 2016", True)
    assert month.citation == Citation("Kyodo", "2016-12", "001_bbbb2222")


def test_people_and_places_ranking(briefing: Briefing) -> None:
    putin, abe = briefing.people
    # "Putin" in Kyodo's article is an alias of "Vladimir Putin" in TASS's: one person.
    assert (putin.name, putin.articles, putin.mentions) == ("Vladimir Putin", 3, 6)
    assert "Putin" in putin.aliases
    assert [c.article_id for c in putin.citations] == [
        "000_aaaa1111",
        "001_bbbb2222",
        "002_cccc3333",
    ]
    assert (abe.name, abe.articles, abe.mentions) == ("Shinzo Abe", 2, 5)
    assert [(p.name, p.articles, p.mentions) for p in briefing.places] == [
        ("Japan", 2, 5),
        ("Nagato", 1, 2),
        ("Russia", 1, 2),
        ("Lima", 1, 1),
    ]
    assert len(build_briefing(ARTICLES, top=1).places) == 1


def test_quotes_ranking_and_citations(briefing: Briefing) -> None:
    quotes = briefing.quotes
    texts = [q.full_text for q in quotes]
    assert FRAGMENT not in texts  # fragments under six words are not quotes worth showing
    # Known speakers first, the unattributed quote last.
    assert [q.speaker is None for q in quotes] == [False] * (len(quotes) - 1) + [True]
    # The quote two outlets ran is merged, attributed, cited twice, and ranks first.
    first = quotes[0]
    assert first.speaker == "Shinzo Abe"
    assert [str(c) for c in first.citations] == [
        "Kyodo, Dec 2016, 001_bbbb2222",
        "Kyodo, 2016-12-16, 003_dddd4444",
    ]
    # At most two quotes per speaker: Putin's weakest one is dropped.
    assert sum(q.speaker == "Vladimir Putin" for q in quotes) == 2
    assert "But the road to it is far from a simple one" not in texts
    known = [q.score for q in quotes if q.speaker]
    assert known == sorted(known, reverse=True)


def test_long_quote_is_trimmed_at_a_word_boundary() -> None:
    long_text = " ".join(f"word{i}" for i in range(120))
    article = _article(
        "x", "TASS", FuzzyDate.day(dt.date(2020, 1, 1)), "h", quotes=(Quote("A", long_text, 1),)
    )
    (quote,) = build_briefing([article]).quotes
    assert quote.full_text == long_text
    assert quote.text.endswith("…")
    assert len(quote.text) <= MAX_QUOTE_CHARS + 1
    kept = quote.text[:-1]
    assert long_text.startswith(kept) and long_text[len(kept)] == " "


def test_empty_corpus() -> None:
    empty = build_briefing([])
    assert empty.title == "Briefing"
    assert empty.glance.articles == 0
    assert empty.glance.outlets == ()
    assert (empty.glance.earliest, empty.glance.latest, empty.glance.undated) == (None, None, 0)
    assert (empty.timeline, empty.people, empty.places, empty.quotes) == ((), (), (), ())
    assert "No articles." in _rich(empty)
    assert "No articles" in render_markdown(empty)
    data = json.loads(render_json(empty))
    assert data["glance"]["articles"] == 0
    assert data["timeline"] == []


def test_top_must_not_be_negative() -> None:
    with pytest.raises(ValueError):
        build_briefing(ARTICLES, top=-1)
    assert build_briefing(ARTICLES, top=0).quotes == ()


# ---------------------------------------------------------------- Rich


def test_rich_every_line_cites_its_article(briefing: Briefing) -> None:
    output = _rich(briefing)
    assert "\x1b" not in output
    assert max(len(line) for line in output.splitlines()) <= 100
    for entry in briefing.timeline:
        if isinstance(entry, ArticleEntry):
            start = entry.headline[:12]
            assert _line_with(output, entry.date_text, start, str(entry.citation)), entry
        else:
            assert _line_with(output, entry.date_text, f"“{entry.text}”", str(entry.citations[0]))
            for citation in entry.citations[1:]:
                assert str(citation) in output
    for quote in briefing.quotes:
        speaker = quote.speaker or "unattributed"
        assert _line_with(output, f"— {speaker}, reported by {quote.citations[0]}"), quote
        for citation in quote.citations[1:]:
            assert _line_with(output, f"and {citation}")
    for person in briefing.people:
        assert _line_with(output, person.name, str(person.citations[0]))


def test_rich_month_precision_is_shown_as_approximate(briefing: Briefing) -> None:
    output = _rich(briefing)
    assert _line_with(output, "Dec 2016", "Abe and Putin to meet")
    assert "2016-12-01" not in output
    assert "1956" in output and "undated" in output


def test_rich_prints_markup_in_article_text_literally(briefing: Briefing) -> None:
    output = _rich(briefing)
    assert MARKUP_HEADLINE in output
    assert MARKUP_SPEAKER in output
    coloured = _rich(briefing, force_terminal=True, color_system="truecolor")
    assert "[bold red]Boom[/]" in coloured


def test_rich_colour_only_on_a_colour_terminal(
    briefing: Briefing, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert "\x1b[" not in _rich(briefing, color_system=None)
    # Not a terminal and left to Rich's own detection: plain text.
    plain = io.StringIO()
    render_rich(briefing, Console(file=plain, width=100))
    assert "\x1b[" not in plain.getvalue()
    coloured = _rich(briefing, force_terminal=True, color_system="truecolor")
    assert COLOUR_CODE.search(coloured)
    # NO_COLOR: bold and dim may stay, colours go.
    monkeypatch.setenv("NO_COLOR", "1")
    no_color = _rich(briefing, force_terminal=True, color_system="truecolor")
    assert "\x1b[" in no_color
    assert not COLOUR_CODE.search(no_color)


def test_outlet_colour_is_stable() -> None:
    assert outlet_style("TASS") == outlet_style("TASS") == outlet_style("tass")
    assert outlet_style(None) == "dim"


# ---------------------------------------------------------------- Markdown


def test_markdown(briefing: Briefing) -> None:
    md = render_markdown(briefing)
    assert md.startswith("# Kuril talks\n")
    assert "2016-12-01" not in md
    assert "Nagato \\| talks" in md  # a `|` in a table cell is escaped
    assert "\\[bold red\\]Boom\\[/\\]" in md
    # Every table row has as many cells as its header: no cell was split by a stray `|`.
    columns = 0
    for line in md.splitlines():
        if not line.startswith("|"):
            columns = 0
            continue
        cells = len(re.split(r"(?<!\\)\|", line)) - 2
        columns = columns or cells
        assert cells == columns, line
    for entry in briefing.timeline:
        citations = [entry.citation] if isinstance(entry, ArticleEntry) else entry.citations
        for c in citations:
            assert _line_with(md, f"| {entry.date_text} |", f"{c.date_text}, `{c.article_id}`")
    assert _line_with(md, "| Dec 2016 |", "Abe and Putin", "Kyodo, Dec 2016, `001_bbbb2222`")
    quote_lines = [line for line in md.splitlines() if re.match(r"\d+\. “", line)]
    assert len(quote_lines) == len(briefing.quotes)
    for line, quote in zip(quote_lines, briefing.quotes, strict=True):
        for c in quote.citations:
            assert f"{c.outlet_label}, {c.date_text}, `{c.article_id}`" in line


# ---------------------------------------------------------------- JSON


def test_json(briefing: Briefing) -> None:
    data = json.loads(render_json(briefing))
    assert list(data) == [
        "schema",
        "title",
        "glance",
        "timeline",
        "timeline_omitted",
        "timeline_undated",
        "timeline_outside",
        "people",
        "places",
        "quotes",
        "events",
    ]
    assert data["glance"] == {
        "articles": 4,
        "outlets": [{"outlet": "Kyodo", "articles": 2}, {"outlet": "TASS", "articles": 2}],
        "earliest": "2016-11-20",
        "latest": "2016-12-16",
        "undated": 1,
        "languages": {"unknown": 4},  # hand-made articles say no language
        "dated_outside": 0,
    }
    month = data["timeline"][3]
    assert month == {
        "kind": "article",
        "date": "2016-12",
        "precision": "month",
        "outlet": "Kyodo",
        "headline": "Abe and Putin to meet in Nagato | talks",
        "headline_derived": True,
        "citation": {"outlet": "Kyodo", "date": "2016-12", "article_id": "001_bbbb2222"},
    }
    summit = data["timeline"][4]
    assert summit["kind"] == "reference"
    assert (summit["date"], summit["end"], summit["precision"]) == (
        "2016-12-15",
        "2016-12-16",
        "day",
    )
    assert [m["citation"]["article_id"] for m in summit["mentions"]] == [
        "000_aaaa1111",
        "001_bbbb2222",
    ]
    assert set(data["people"][0]) == {
        "name",
        "kind",
        "articles",
        "mentions",
        "aliases",
        "citations",
    }
    assert set(data["quotes"][0]) == {"speaker", "text", "full_text", "score", "citations"}


def test_summary_never_loads_textual() -> None:
    code = "import sys, briefing.summary; sys.exit('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_summary_events_show_coverage_differences_and_blindspots() -> None:
    from briefing.corpus import bundled_corpus
    from briefing.events import group_events
    from briefing.ingest import default_rules, load_corpus

    articles = load_corpus(bundled_corpus(), default_rules()).articles
    b = build_briefing(articles, events=group_events(articles))
    assert [e.label for e in b.events] == [
        "Abe's visit to Russia",
        "APEC summit in Peru",
        "Putin's visit to Japan",
    ]
    visit = b.events[-1]
    assert dict(visit.coverage) == {"Sputnik": 2, "TASS": 1} and not visit.blindspot
    kinds = [d.kind for d in visit.differences]
    assert kinds.count("only") == 2 and "naming" in kinds
    only = [d for d in visit.differences if d.kind == "only"]
    assert all(d.citations for d in only)
    assert b.events[0].blindspot and b.events[0].missing == ("Sputnik",)
    assert b.to_json()["events"][-1]["coverage"] == {"Sputnik": 2, "TASS": 1}
    buf = io.StringIO()
    render_rich(b, Console(file=buf, width=100, color_system=None))
    out = buf.getvalue()
    assert "Events" in out and "blindspot" in out and "only TASS" in out
    md = render_markdown(b)
    assert "## Events" in md and "**blindspot**: only TASS, 1 of 2 outlets" in md
    assert "not in" not in md and "not in" not in out  # a count, never a roll-call


def test_timeline_limit_keeps_the_most_recent_entries_and_says_so() -> None:
    from briefing.corpus import bundled_corpus
    from briefing.ingest import default_rules, load_corpus

    articles = load_corpus(bundled_corpus(), default_rules()).articles
    full = build_briefing(articles)
    cut = build_briefing(articles, timeline_limit=4)
    assert cut.timeline == full.timeline[-4:]
    assert cut.timeline_omitted == len(full.timeline) - 4 and full.timeline_omitted == 0
    buf = io.StringIO()
    render_rich(cut, Console(file=buf, width=100, color_system=None))
    assert f"{cut.timeline_omitted} earlier entries not shown" in buf.getvalue()
    assert "earlier entries not shown" in render_markdown(cut)


@pytest.mark.parametrize("width", [80, 100, 140])
def test_long_ids_and_outlet_names_never_squeeze_out_names_and_headlines(width: int) -> None:
    # a corpus whose ids and outlet names are long (a dataset's file name in every id): the
    # citation columns fold, the names and headlines beside them keep their room
    long = "Nezavisimaya Gazeta Moskovsky Komsomolets"
    articles = [
        _article(
            f"articles#a-long-dataset-file-name-{i:04d}-of-many",
            long,
            FuzzyDate.day(dt.date(2016, 12, 1 + i)),
            f"Leaders meet in Nagato to talk about the islands, day {i}",
            people=(_person("Vladimir Putin", 2),),
        )
        for i in range(4)
    ]
    out = _rich(build_briefing(articles, title="long"), width=width)
    assert _line_with(out, "Vladimir Putin") is not None
    assert _line_with(out, "Leaders meet") is not None
    assert max(len(line) for line in out.splitlines()) <= width
