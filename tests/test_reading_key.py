"""An index read with other rules (or another briefing) is read again, said once; the same
rules leave an unchanged corpus alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.build import passes as passes_module
from briefing.build import update
from briefing.index import CorpusIndex, UpdateReport
from briefing.ingest.reading_key import reading_key
from briefing.ingest.rules import load_rules
from briefing.workspace import Location, Workspace

STORY = (
    "Harbour council approves the new ferry terminal\n\n"
    "The harbour council approved the new ferry terminal on Monday after a debate of six "
    "hours, according to the minutes published by the town clerk.\n\n"
    "Read the Daily Planet\n"
)


def _update(corpus: Path, index: Path) -> tuple[UpdateReport, list[str], tuple[str, ...]]:
    with Workspace.open(Location(corpus, index)) as ws:
        report = ws.update()
        (article,) = ws.index.all_articles()
        return report, list(ws.notes), article.body


def test_a_rules_change_reads_every_file_again(tmp_path: Path) -> None:
    corpus, index = tmp_path / "news", tmp_path / "index"
    corpus.mkdir()
    (corpus / "story.txt").write_text(STORY, encoding="utf-8")
    report, notes, body = _update(corpus, index)
    assert report.added == 1 and not notes and "Read the Daily Planet" in body
    report, notes, _ = _update(corpus, index)
    assert report.unchanged == 1 and not notes  # same rules, nothing changed: nothing read
    (corpus / "briefing.toml").write_text(
        '[boilerplate]\nlines = ["(?i)^read the daily planet$"]\n', encoding="utf-8"
    )
    report, notes, body = _update(corpus, index)
    assert "Read the Daily Planet" not in body  # read with the new rule
    assert report.reread and (report.added, report.updated, report.unchanged) == (0, 1, 0)
    assert len(notes) == 1 and "other reading rules" in notes[0]
    report, notes, _ = _update(corpus, index)
    assert report.unchanged == 1 and not report.reread and not notes


def test_the_key_follows_the_rules(tmp_path: Path) -> None:
    plain = reading_key(load_rules(tmp_path))
    assert plain == reading_key(load_rules(tmp_path))
    (tmp_path / "briefing.toml").write_text("[limits]\nmax_file_bytes = 1000\n", encoding="utf-8")
    assert reading_key(load_rules(tmp_path)) != plain


def test_the_old_reading_is_searched_until_the_new_one_is_committed(tmp_path: Path) -> None:
    corpus, index = tmp_path / "news", tmp_path / "index"
    corpus.mkdir()
    for n in range(3):
        (corpus / f"story{n}.txt").write_text(STORY.replace("six", f"{n + 6}"), encoding="utf-8")
    with Workspace.open(Location(corpus, index)) as ws:
        ws.update()
    (corpus / "story2.txt").unlink()
    (corpus / "briefing.toml").write_text(
        '[boilerplate]\nlines = ["(?i)^read the daily planet$"]\n', encoding="utf-8"
    )
    seen: list[tuple[int, int]] = []
    with Workspace.open(Location(corpus, index)) as ws:

        def during(_: object) -> None:  # the files are being read again
            seen.append((ws.index.count(), len(ws.index.search("planet").hits)))

        report = ws.update(during)
        assert seen and all(s == (3, 3) for s in seen)  # the old reading, whole
        # the two files left are re-read, the one gone is counted removed
        assert (report.added, report.updated, report.removed) == (0, 2, 1)
        assert ws.index.count() == 2
        assert ws.index.search("planet").total == 0  # the new reading, and only it
        assert "planet" not in (index / "briefing-words.txt").read_text(encoding="utf-8")


def test_a_parallel_reread_gives_what_a_new_index_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(passes_module, "PARALLEL_MIN_BYTES", 0)  # workers even for a few KB
    corpus = tmp_path / "news"
    corpus.mkdir()
    with (corpus / "wire.jsonl").open("w", encoding="utf-8") as fh:
        for n in range(12):
            record = {"id": f"r{n}", "title": f"Wheat harvest {n}", "body": f"Farmers {n}."}
            fh.write(json.dumps(record) + "\n")
    (corpus / "a.txt").write_text(STORY, encoding="utf-8")
    index = CorpusIndex.open(corpus, tmp_path / "index")
    update(index, procs=2)
    before = {a.id: a for a in index.all_articles()}
    report = update(index, procs=2, reread=True)
    # two files, re-read: replaced, not added beside
    assert report.updated == 2 and report.added == 0 and index.count() == 13
    fresh = CorpusIndex.open(corpus, tmp_path / "fresh")
    update(fresh, procs=2)
    assert {a.id: a for a in index.all_articles()} == {a.id: a for a in fresh.all_articles()}
    assert set(before) == {a.id for a in fresh.all_articles()}


def test_index_says_the_files_were_re_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from briefing.cli import main

    monkeypatch.setenv("BRIEFING_INDEX_DIR", str(tmp_path / "index"))
    corpus = tmp_path / "news"
    corpus.mkdir()
    (corpus / "story.txt").write_text(STORY, encoding="utf-8")
    runner = CliRunner()
    first = runner.invoke(main, ["index", "--corpus", str(corpus)], catch_exceptions=False)
    assert "1 added, 0 updated" in first.output
    (corpus / "briefing.toml").write_text(
        '[boilerplate]\nlines = ["(?i)^read the daily planet$"]\n', encoding="utf-8"
    )
    again = runner.invoke(main, ["index", "--corpus", str(corpus)], catch_exceptions=False)
    assert again.exit_code == 0, again.output
    assert "0 added, 1 re-read, 0 removed, 0 unchanged" in again.output
    assert "reading every file again" in again.output
