"""Snapshots (SVG) of each pane, the reader and the help screen at 120×40, tabs at 80×24, and
the timeline and search facets on a generated corpus of real size (140×40, 80×24, 40×10).

Regenerate after a deliberate change with `pytest tests/test_snapshots.py --snapshot-update` and
look at the SVGs in tests/__snapshots__/. Everything shown is deterministic: a temporary index of
the bundled corpus, no clock, fixed sizes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from app_helpers import app_for, idle, settle
from textual.pilot import Pilot

Snap = Callable[..., bool]
WIDE = (120, 40)
NARROW = (80, 24)


def before(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await idle(pilot)
        await pilot.pause()

    return run


def test_timeline(snap_compare: Snap, tmp_path: Path, index_cache: Path) -> None:
    app = app_for(tmp_path, index_cache)
    assert snap_compare(app, terminal_size=WIDE, run_before=before())


def test_search(snap_compare: Snap, tmp_path: Path, index_cache: Path) -> None:
    app = app_for(tmp_path, index_cache)
    assert snap_compare(app, terminal_size=WIDE, run_before=before("/", *"kurils", "enter"))


def test_comparison(snap_compare: Snap, tmp_path: Path, index_cache: Path) -> None:
    app = app_for(tmp_path, index_cache)
    assert snap_compare(app, terminal_size=WIDE, run_before=before("enter"))


def test_reader(snap_compare: Snap, tmp_path: Path, index_cache: Path) -> None:
    app = app_for(tmp_path, index_cache)
    keys = ("/", *"kuril", "enter", "enter", "n")
    assert snap_compare(app, terminal_size=WIDE, run_before=before(*keys))


def test_help(snap_compare: Snap, tmp_path: Path, index_cache: Path) -> None:
    app = app_for(tmp_path, index_cache)
    assert snap_compare(app, terminal_size=WIDE, run_before=before("question_mark"))


def test_tabs_narrow(snap_compare: Snap, tmp_path: Path, index_cache: Path) -> None:
    app = app_for(tmp_path, index_cache)
    assert snap_compare(app, terminal_size=NARROW, run_before=before("2", "/", *"abe", "enter"))


# --- at the size of a real corpus (tests/big_corpus.py: ~3,000 articles, 200 outlets) ---------


def test_timeline_large_corpus(
    snap_compare: Snap, tmp_path: Path, index_cache: Path, big_corpus_dir: Path
) -> None:
    app = app_for(tmp_path, index_cache, big_corpus_dir)
    assert snap_compare(app, terminal_size=(140, 40), run_before=before())


def test_timeline_large_corpus_narrow(
    snap_compare: Snap, tmp_path: Path, index_cache: Path, big_corpus_dir: Path
) -> None:
    app = app_for(tmp_path, index_cache, big_corpus_dir)
    assert snap_compare(app, terminal_size=NARROW, run_before=before())


def test_search_facets_large_corpus(
    snap_compare: Snap, tmp_path: Path, index_cache: Path, big_corpus_dir: Path
) -> None:
    app = app_for(tmp_path, index_cache, big_corpus_dir)
    keys = ("/", *"officials", "enter")
    assert snap_compare(app, terminal_size=(140, 40), run_before=before(*keys))


def test_tiny_terminal(
    snap_compare: Snap, tmp_path: Path, index_cache: Path, big_corpus_dir: Path
) -> None:
    app = app_for(tmp_path, index_cache, big_corpus_dir)
    assert snap_compare(app, terminal_size=(40, 10), run_before=before())
