"""The comparison pane: columns per outlet from `briefing.compare`, outlets picked by keys."""

from __future__ import annotations

from pathlib import Path

from app_helpers import app_for, idle, settle

from briefing.app.comparison_pane import ComparisonPane
from briefing.app.outlet_picker import OutletPicker
from briefing.compare import (
    AlignedStatement,
    Comparison,
    NumberClaim,
    QuoteGroup,
    QuoteRendering,
    Statement,
)
from briefing.events import Event
from briefing.render.compare_markdown import render_compare_markdown

SIZE = (120, 40)


def hand_made() -> tuple[Event, Comparison]:
    event = Event(
        id="2020-01-02-talks",
        label="Talks [bold]in[/bold] Oslo",
        start="2020-01-02",
        end="2020-01-03",
        people=(),
        places=(),
        articles=("a1", "b1", "c1"),
        outlets=(("Alpha", ("a1",)), ("Beta", ("b1",)), ("Gamma", ("c1",))),
    )

    def st(outlet: str, text: str) -> Statement:
        return Statement(outlet, f"{outlet[0].lower()}1", "2020-01-02", 0, text, 1.0)

    comparison = Comparison(
        event_id=event.id,
        label=event.label,
        outlets=("Alpha", "Beta"),
        shared=(
            AlignedStatement(
                (st("Alpha", "Talks opened in Oslo."), st("Beta", "Oslo talks began.")), 0.8, ()
            ),
        ),
        unique=(("Alpha", (st("Alpha", "Only Alpha says [red]this[/red]."),)), ("Beta", ())),
        quotes=(
            QuoteGroup(
                "Ann Lee",
                (
                    QuoteRendering("Alpha", "a1", "we agree"),
                    QuoteRendering("Beta", "b1", "we agreed"),
                ),
            ),
        ),
        numbers=(
            NumberClaim(
                "delegates", "number", (("Alpha", "12", "s"), ("Beta", "14", "s")), disagree=True
            ),
        ),
        naming=(),
        framing=(),
        coverage=(),
        reuse=(),
        timing=(),
    )
    return event, comparison


async def test_columns_align_and_scroll_together(tmp_path: Path, index_cache: Path) -> None:
    app = app_for(tmp_path, index_cache)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.main.query_one(ComparisonPane)
        event, comparison = hand_made()
        pane.show_comparison(event, comparison)
        await pilot.pause()
        rows = pane.body.query(".row")
        # one shared row, one unique row, one quote row, one number row
        assert len(rows) == 4
        assert all(len(r.query(".cell")) == 2 for r in rows)
        # the outlet names stay put above the scrolling rows (a sticky heading)
        heading = pane.query_one("#compare-heading")
        assert [str(c.render()) for c in heading.query(".cell")] == ["Alpha", "Beta"]
        assert heading.parent is pane and heading not in pane.body.query("*")
        texts = [str(c.render()) for c in pane.query(".cell")]
        assert "Only Alpha says [red]this[/red].\n2020-01-02" in texts
        assert "—" in texts  # Beta has nothing of its own
        assert any("12" in t for t in texts) and any("14" in t for t in texts)
        # One scroll container holds every column.
        assert all(r.parent is pane.body for r in rows)
        # The export is `briefing compare --format markdown`'s renderer, markup escaped.
        markdown = pane.to_markdown()
        assert markdown == render_compare_markdown(comparison)
        assert markdown.startswith("# Talks \\[bold\\]in\\[/bold\\] Oslo")
        assert "| delegates (number) | 12 | 14 | **disagree** |" in markdown


async def test_compare_the_visit_and_pick_outlets(tmp_path: Path, index_cache: Path) -> None:
    app = app_for(tmp_path, index_cache)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the newest event: Putin's visit to Japan
        await idle(pilot)
        pane = app.main.query_one(ComparisonPane)
        assert pane.comparison is not None, pane.message
        assert set(pane.comparison.outlets) == {"TASS", "Sputnik"}
        assert pane.query(".row")
        await pilot.press("o")
        assert isinstance(app.screen, OutletPicker)
        await pilot.press("space", "enter")  # untick one: fewer than two is refused
        assert isinstance(app.screen, OutletPicker)
        await pilot.press("escape")
        assert app.screen is app.main  # type: ignore[comparison-overlap]
        await pilot.press("j", "G", "g")


async def test_blindspot_event_explains_instead_of_comparing(
    tmp_path: Path, index_cache: Path
) -> None:
    app = app_for(tmp_path, index_cache)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_event("2016-05-06-abes-visit-to-russia")
        await idle(pilot)
        pane = app.main.query_one(ComparisonPane)
        assert pane.comparison is None and "Only TASS" in pane.message
