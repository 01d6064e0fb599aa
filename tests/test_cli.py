"""The command line, end to end on the bundled corpus and on small temporary corpora."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.corpus import bundled_corpus


@pytest.fixture()
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("BRIEFING_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
        return runner.invoke(main, list(args), env=env, catch_exceptions=False)

    return invoke


def test_summary_plain_when_piped(run) -> None:  # type: ignore[no-untyped-def]
    r = run("summary")
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert "\x1b[" not in out
    assert "5 articles from 2 outlets" in out
    assert "Vladimir Putin" in out and "Kuril Islands" in out
    # every timeline article line cites outlet, date and id
    for prefix in ["000_", "001_", "002_", "003_", "004_"]:
        assert prefix in out
    assert "Dec 2016" in out  # 002 is month-precise and shown as such


def test_summary_colour_only_on_a_terminal_and_no_color(run) -> None:  # type: ignore[no-untyped-def]
    colour = re.compile(r"\x1b\[(?:\d+;)*(?:3[0-8]|9[0-7])[;m]")  # a foreground colour
    coloured = run("summary", env={"FORCE_COLOR": "1", "COLUMNS": "120"})
    assert colour.search(coloured.stdout)
    plain = run("summary", env={"FORCE_COLOR": "1", "NO_COLOR": "1", "COLUMNS": "120"})
    assert not colour.search(plain.stdout)
    assert "Vladimir Putin" in plain.stdout


def test_summary_markdown_and_json(run) -> None:  # type: ignore[no-untyped-def]
    md = run("summary", "--format", "markdown")
    assert md.exit_code == 0 and md.stdout.lstrip().startswith("#")
    assert "000_5afbeb413bf4feff" in md.stdout
    js = json.loads(run("summary", "--format", "json").stdout)
    assert js["glance"]["articles"] == 5
    assert {p["name"] for p in js["people"]} >= {"Vladimir Putin", "Shinzo Abe", "Sergei Lavrov"}


def test_search_finds_kurils_and_suggests(run) -> None:  # type: ignore[no-untyped-def]
    r = run("search", "kurils", "--json")
    assert r.exit_code == 0
    hits = json.loads(r.stdout)
    assert {h["id"][:3] for h in hits["hits"]} == {"001", "002", "003", "004"}
    assert hits["outlets"] == {"TASS": 2, "Sputnik": 2}
    r = run("search", "abee")
    assert "Did you mean" in r.stdout and "abe" in r.stdout


def test_search_fields_dates_and_sort(run) -> None:  # type: ignore[no-untyped-def]
    got = json.loads(run("search", "date:[2016-12-01 to 2016-12-31]", "--json").stdout)
    assert {h["id"][:3] for h in got["hits"]} == {"001", "002", "004"}
    got = json.loads(run("search", "person:lavrov", "--json").stdout)
    assert [h["id"][:3] for h in got["hits"]] == ["003"]
    got = json.loads(run("search", "treaty", "--sort", "date", "--json").stdout)
    dates = [h["published"] for h in got["hits"] if h["precision"] == "day"]
    assert dates == sorted(dates, reverse=True)
    r = run("search", "treaty", "--limit", "2")
    assert "more; use --limit" in r.stdout


def test_bad_query_is_one_line_not_a_traceback(run) -> None:  # type: ignore[no-untyped-def]
    r = run("search", '"peace treaty')
    assert r.exit_code == 1
    assert "Traceback" not in r.output
    assert "quote" in r.stderr.lower() and len(r.stderr.strip().splitlines()) == 1
    r = run("search", "foo:bar")
    assert r.exit_code == 1 and "foo" in r.stderr


def test_export_contract(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = run("export")
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(rows) == 5
    keys = {
        "id",
        "path",
        "url",
        "outlet",
        "headline",
        "headline_derived",
        "lede",
        "dateline",
        "published",
        "published_precision",
        "date_evidence",
        "people",
        "places",
        "organisations",
        "quotes",
        "dated_references",
        "body",
    }
    assert all(keys <= set(row) for row in rows)
    by_id = {row["id"][:3]: row for row in rows}
    assert by_id["002"]["published"] == "2016-12" and by_id["002"]["published_precision"] == "month"
    assert by_id["001"]["headline_derived"] is True
    out = tmp_path / "x.jsonl"
    assert run("export", "-o", str(out)).exit_code == 0
    assert len(out.read_text().splitlines()) == 5


def test_index_is_incremental(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus = tmp_path / "corpus"
    shutil.copytree(bundled_corpus(), corpus)
    first = run("index", "--corpus", str(corpus))
    assert "5 added" in first.stdout
    again = run("index", "--corpus", str(corpus))
    assert "0 added, 0 updated, 0 removed, 5 unchanged" in again.stdout
    target = corpus / "000_5afbeb413bf4feff.txt"
    target.write_text(target.read_text() + "\nA new closing paragraph about the summit.\n")
    (corpus / "003_5149d5faf0a924b9.txt").unlink()
    third = run("index", "--corpus", str(corpus))
    assert "0 added, 1 updated, 1 removed, 3 unchanged" in third.stdout


def test_index_leaves_the_events_of_the_index_as_it_is(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from briefing.cache import index_stamp

    corpus = tmp_path / "corpus"
    shutil.copytree(bundled_corpus(), corpus)
    r = run("index", "--corpus", str(corpus))
    assert re.search(r"\b\d+ events, in ", r.stdout)
    index_dir = tmp_path / "index"
    state = json.loads((index_dir / "cache" / "events-state.json").read_text(encoding="utf-8"))
    # the events describe the index as built: a summary after it reads them, never regroups
    assert state["stamp"] == index_stamp(index_dir)
    listed = json.loads(run("events", "--corpus", str(corpus), "--json").stdout)
    assert sum(len(e["articles"]) for e in listed["events"]) == 5


def test_bad_files_warn_and_the_rest_goes_on(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus = tmp_path / "messy"
    corpus.mkdir()
    shutil.copy(bundled_corpus() / "000_5afbeb413bf4feff.txt", corpus)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 100)
    (corpus / "russian.txt").write_bytes(
        "Путин и Абэ провели переговоры в Токио. Стороны обсудили мирный договор.".encode("cp1251")
    )
    (corpus / "dangling.txt").symlink_to(corpus / "nowhere.txt")
    r = run("index", "--corpus", str(corpus))
    assert r.exit_code == 0
    for name in ["empty.txt", "binary.txt", "russian.txt", "dangling.txt"]:
        assert name in r.stderr, name
    assert "cp1251" in r.stderr
    assert "2 articles" in r.stdout  # the seed article and the decoded Russian one


def test_missing_or_empty_corpus_is_a_clear_error(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = run("summary", "--corpus", str(tmp_path / "nope"))
    assert r.exit_code != 0 and "nope" in r.stderr and "Traceback" not in r.output
    empty = tmp_path / "empty"
    empty.mkdir()
    r = run("summary", "--corpus", str(empty))
    assert r.exit_code != 0 and "no articles" in r.stderr.lower()


def test_markup_in_articles_is_printed_literally(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus = tmp_path / "evil"
    corpus.mkdir()
    (corpus / "a.jsonl").write_text(
        json.dumps(
            {
                "title": "[bold red]Boom[/] \x1b[31mred\x1b[0m headline",
                "body": "The minister said on Monday that [link=http://x]nothing[/link] changed.",
                "source": "Example News",
                "date": "2020-01-06",
            }
        )
        + "\n"
    )
    r = run("search", "minister", "--corpus", str(corpus), env={"FORCE_COLOR": "1"})
    assert r.exit_code == 0
    assert "[bold red]Boom[/]" in r.stdout
    assert "\x1b[31mred" not in r.stdout


def test_python_dash_m_and_help() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "briefing", "--help"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    for command in ["summary", "search", "export", "index"]:
        assert command in out.stdout


def test_index_rebuild_and_size_limit_from_rules(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus = tmp_path / "corpus"
    shutil.copytree(bundled_corpus(), corpus)
    assert "5 added" in run("index", "--corpus", str(corpus)).stdout
    assert "5 added" in run("index", "--corpus", str(corpus), "--rebuild").stdout
    # a corpus's own briefing.toml lowers the size limit: the 10 KB article is skipped
    (corpus / "briefing.toml").write_text("[limits]\nmax_file_bytes = 8000\n")
    r = run("index", "--corpus", str(corpus), "--rebuild")
    assert "004_f38b74ab00d78d3b.txt" in r.stderr
    assert "4 articles" in r.stdout


def test_events_and_briefing_are_cached_until_the_index_changes(tmp_path: Path) -> None:
    import shutil

    from briefing.corpus import bundled_corpus

    corpus = tmp_path / "corpus"
    shutil.copytree(bundled_corpus(), corpus)
    idx = tmp_path / "idx"
    runner = CliRunner()
    args = ["--corpus", str(corpus), "--index-dir", str(idx)]
    state = idx / "cache" / "events-state.json"  # the events, kept beside the index
    first = runner.invoke(main, ["events", "--json", *args])
    assert first.exit_code == 0, first.output
    stamp = state.stat().st_mtime_ns
    again = runner.invoke(main, ["events", "--json", *args])
    assert again.output == first.output
    assert state.stat().st_mtime_ns == stamp  # read back, not grouped again
    # a removed article changes the index, so the events are brought up to date
    next(corpus.glob("000_*.txt")).unlink()
    changed = runner.invoke(main, ["events", "--json", *args])
    assert len(json.loads(changed.output)["events"]) == 2
    assert state.stat().st_mtime_ns != stamp
    regrouped = runner.invoke(main, ["events", "--json", "--regroup", *args])
    assert regrouped.output == changed.output
    summary = runner.invoke(main, ["summary", "--format", "json", *args])
    assert len(json.loads(summary.output)["events"]) == 2


def test_options_before_the_command_apply_to_it(tmp_path: Path) -> None:
    corpus = tmp_path / "one"
    corpus.mkdir()
    shutil.copy(next(bundled_corpus().glob("003_*.txt")), corpus)
    out = CliRunner().invoke(
        main, ["--corpus", str(corpus), "--index-dir", str(tmp_path / "i"), "export"]
    )
    assert out.exit_code == 0, out.output
    assert [json.loads(line)["id"][:3] for line in out.output.splitlines()] == ["003"]
