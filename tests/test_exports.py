"""The app's Markdown exports are the CLI's renderers: one comparison, one timeline, one escaper.

A comparison saved with `e` in the app must be the file `briefing compare EVENT --outlets ...
--format markdown` writes, and the timeline export must be written by the events renderer that
`briefing events --markdown` uses, from the same records (never scraped off display text).
"""

from __future__ import annotations

from pathlib import Path

from app_helpers import app_for, idle, settle
from click.testing import CliRunner

from briefing.app.comparison_pane import ComparisonPane
from briefing.app.timeline import REFERENCES_PER_MONTH, TimelinePane
from briefing.cli import main
from briefing.corpus import bundled_corpus
from briefing.events import Event
from briefing.models import Article, FuzzyDate, PublishedDate
from briefing.render.events_markdown import render_events_markdown
from briefing.render.markdown import md_escape

SIZE = (120, 40)
VISIT = "2016-12-13-putins-visit-to-japan"


def _cli(tmp_path: Path, *args: str) -> str:
    runner = CliRunner()
    result = runner.invoke(
        main,
        [*args, "--corpus", str(bundled_corpus()), "--index-dir", str(tmp_path / "cli-index")],
    )
    assert result.exit_code == 0, result.output
    return result.stdout


async def test_app_comparison_export_is_the_cli_markdown(tmp_path: Path, index_cache: Path) -> None:
    app = app_for(tmp_path, index_cache)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_event(VISIT)
        await idle(pilot)
        pane = app.main.query_one(ComparisonPane)
        comparison = pane.comparison
        assert comparison is not None, pane.message
        app.main.set_active("comparison")
        await pilot.press("e")
        await pilot.pause()
    saved = (tmp_path / "out" / f"briefing-comparison-{VISIT}.md").read_text(encoding="utf-8")
    cli = _cli(
        tmp_path,
        "compare",
        VISIT,
        "--outlets",
        ",".join(comparison.outlets),
        "--format",
        "markdown",
    )
    assert saved == cli
    assert saved.startswith("# Putin") and "## Reported by more than one outlet" in saved


async def test_app_timeline_export_is_the_events_renderer(
    tmp_path: Path, index_cache: Path
) -> None:
    app = app_for(tmp_path, index_cache)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        timeline = app.main.query_one(TimelinePane)
        corpus = timeline.corpus
        assert corpus is not None
        exported = timeline.to_markdown()
        # The bundled corpus is small: every event starts expanded, every month is shown.
        shown_refs = [r for key in sorted(corpus.references) for r in corpus.references[key][:4]]
        assert REFERENCES_PER_MONTH == 4
        expected = render_events_markdown(
            corpus.events,
            title="Timeline",
            articles=corpus.articles,
            expanded={e.id for e in corpus.events},
            mentions=shown_refs,
        )
        assert exported == expected
        # Collapsing an event drops its articles from the export, as from the screen.
        timeline.expanded.clear()
        timeline.rebuild()
        collapsed = timeline.to_markdown()
    visit = corpus.event(VISIT)
    assert visit is not None
    first = corpus.articles[visit.articles[0]]
    assert md_escape(first.headline) in exported
    assert md_escape(first.headline) not in collapsed
    assert "▌" not in exported and "◆" not in exported and "├" not in exported
    # The CLI writes the same events with the same renderer (no articles, no referenced dates).
    assert _cli(tmp_path, "events", "--markdown") == render_events_markdown(corpus.events)


def _event(eid: str, label: str, start: str | None, outlets: tuple[str, ...]) -> Event:
    return Event(
        id=eid,
        label=label,
        start=start,
        end=start,
        people=(),
        places=(),
        articles=tuple(f"{eid}-{o}" for o in outlets),
        outlets=tuple((o, (f"{eid}-{o}",)) for o in outlets),
        missing=("Kyodo",) if len(outlets) == 1 else (),
    )


def test_events_markdown_by_month_escaped_undated_last() -> None:
    events = [
        _event("u", "Undated talk", None, ("TASS", "RIA")),
        _event("b", "Talks [b]in[/b] *Oslo*", "2020-02-03", ("TASS", "Sputnik")),
        _event("a", "Summit | one", "2020-01-05", ("TASS",)),
    ]
    article = Article(
        id="b-TASS",
        path="x.txt",
        url=None,
        outlet="TASS",
        headline="Delegates _meet_",
        headline_derived=False,
        lede=None,
        dateline=None,
        published=PublishedDate(FuzzyDate.parse_iso("2020-02-03"), 1.0),
        body=("Delegates met.",),
    )
    md = render_events_markdown(events, articles={article.id: article}, expanded={"b"})
    lines = md.splitlines()
    headings = [line for line in lines if line.startswith("## ")]
    assert headings == [
        "## January 2020 · 1 event",
        "## February 2020 · 1 event",
        "## Undated · 1 event",
    ]
    assert "- **2020-02-03 Talks \\[b\\]in\\[/b\\] \\*Oslo\\*** (`b`) — TASS 1, Sputnik 1" in lines
    assert "  - TASS, 2020-02-03: Delegates \\_meet\\_ (`b-TASS`)" in lines
    assert "Summit \\| one" in md and "**blindspot**: only TASS, 1 of 2 outlets" in md
    assert "not in" not in md  # a count, never a roll-call of the missing
    assert md.startswith("# Events\n") and md.endswith("\n") and not md.endswith("\n\n")
    assert render_events_markdown([]) == "# Events\n\n_No events._\n"
