"""The build (`briefing.build`): progress that names its unit, and an index that never parses.

Before this, progress was a bare `(done, total)`: a parallel build counted articles while the
app's status line said "files".
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from app_helpers import app_for, settle

import briefing.build.passes as passes_module
from briefing.app.messages import IndexProgress
from briefing.build import Progress, update
from briefing.cli import progress_label
from briefing.index import CorpusIndex


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    with (folder / "wire.jsonl").open("w", encoding="utf-8") as fh:
        for n in range(12):
            record = {"id": f"r{n}", "title": f"Wheat harvest {n}", "body": f"Farmers {n}."}
            fh.write(json.dumps(record) + "\n")
    (folder / "a.txt").write_text("Gas deal\n\nA gas deal was signed.\n", encoding="utf-8")
    return folder


def test_a_small_update_counts_files(tmp_path: Path, corpus: Path) -> None:
    seen: list[Progress] = []
    update(CorpusIndex.open(corpus, tmp_path / "index"), procs=1, progress=seen.append)
    assert seen[0] == Progress(0, 2, "files") and seen[-1] == Progress(2, 2, "files")


def test_a_parallel_build_counts_articles_and_the_app_and_cli_say_so(
    tmp_path: Path, corpus: Path, index_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(passes_module, "PARALLEL_MIN_BYTES", 0)  # workers even for a few KB
    seen: list[Progress] = []
    update(CorpusIndex.open(corpus, tmp_path / "index"), procs=2, progress=seen.append)
    last = seen[-1]
    assert last == Progress(13, 13, "articles")
    assert progress_label(last) == "Indexing articles"
    assert progress_label(seen[0]) == "Indexing files"  # reading the files came first
    assert str(last) == "13/13 articles"


async def test_the_status_line_shows_the_unit_it_is_given(
    tmp_path: Path, index_cache: Path
) -> None:
    app = app_for(tmp_path, index_cache)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.post_message(IndexProgress(Progress(40, 100, "articles")))
        await pilot.pause()
        status = str(app.main.query_one("#status-bar").render())
        assert "40/100 articles" in status and "files" not in status


def test_the_index_never_loads_the_parser() -> None:
    code = (
        "import sys, briefing.index, briefing.index.writer, briefing.index.corpus_index;"
        "print(sorted(m for m in sys.modules if m.startswith('briefing.ingest')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = out.stdout.strip()
    assert "briefing.ingest.parse" not in loaded and "briefing.ingest.dates" not in loaded, loaded
