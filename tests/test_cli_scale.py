"""`briefing events`, `summary` and `search` on a corpus the size of real ones (~3,000 articles
from 200 outlets, most stories told by one: tests/big_corpus.py). CLI tests with CliRunner."""

from __future__ import annotations

import shutil
from pathlib import Path

from app_helpers import prebuilt_index
from click.testing import CliRunner

from briefing.cli import main


def _args(tmp_path: Path, index_cache: Path, corpus: Path) -> list[str]:
    index = tmp_path / "index"
    shutil.copytree(prebuilt_index(corpus, index_cache), index)
    return ["--corpus", str(corpus), "--index-dir", str(index)]


def test_events_prints_one_line_per_event_and_a_header(
    tmp_path: Path, index_cache: Path, big_corpus_dir: Path
) -> None:
    args = _args(tmp_path, index_cache, big_corpus_dir)
    out = CliRunner().invoke(main, [*args, "events"], catch_exceptions=False)
    assert out.exit_code == 0
    lines = out.stdout.splitlines()
    events = CliRunner().invoke(main, [*args, "events", "--json"]).stdout.count('"blindspot"')
    assert events > 2000 and len(lines) == events + 1
    assert "200 outlets" in lines[0] and "blindspots" in lines[0]
    assert not any("not in" in line for line in lines)
    assert any("+" in line and "more" in line for line in lines)  # top three, then "+N more"
    assert any("only Outlet" in line and "1 of 200 outlets" in line for line in lines)


def test_summary_fits_its_glance_and_events_on_the_first_screen(
    tmp_path: Path, index_cache: Path, big_corpus_dir: Path
) -> None:
    args = _args(tmp_path, index_cache, big_corpus_dir)
    out = CliRunner().invoke(main, [*args, "summary"], catch_exceptions=False, terminal_width=100)
    assert out.exit_code == 0
    lines = out.stdout.splitlines()
    first_screen = "\n".join(lines[:40])
    assert "Events" in first_screen and "Timeline" in first_screen  # glance and events end
    glance = lines[1] + lines[2]
    assert "200 outlets" in glance and "1865" not in glance and "2039" not in glance
    assert "+195 more" in "\n".join(lines[:5])  # five outlets named, never all two hundred
    timeline = out.stdout[out.stdout.index("Timeline") :]
    assert "undated articles not listed" in timeline and "far outside" in timeline


def test_search_names_the_top_outlets_and_counts_the_rest(
    tmp_path: Path, index_cache: Path, big_corpus_dir: Path
) -> None:
    args = _args(tmp_path, index_cache, big_corpus_dir)
    out = CliRunner().invoke(main, [*args, "search", "officials", "--limit", "1"])
    assert out.exit_code == 0
    header = " ".join(out.stdout.split("\n\n")[0].split())  # the counts line, however wrapped
    assert header.count("Outlet ") == 4 and "more outlets" in header
