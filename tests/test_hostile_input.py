"""Hostile input: what a corpus can put in front of a terminal, rules files, queries, JSON.

Why this module exists: a corpus is a folder of files from the internet, so its file names,
folder names, ids, its own `briefing.toml` and the user's queries are all untrusted. Each test
here failed on main before issue 10 (terminal escapes reached stdout, rules files tracebacked,
`(a+)+$` hung the index, `date:(2016)` raised AssertionError, deep JSON aborted the index).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from briefing.cli import main
from briefing.corpus import bundled_corpus

# what must never reach a terminal from corpus data: ESC (any sequence), C1 controls, bidi
# overrides and isolates, and the other C0 controls but tab and newline
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
EVIL = "\x1b]0;pwned\x07\x1b]52;c;cm0gLXJmIH4=\x07\x9b2J\u202e\u2066X\u2069\x1b[31m"
TOML_EVIL = EVIL.encode("unicode_escape").decode("ascii").replace("\\x", "\\u00")


def _invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _assert_clean(result: Result) -> None:
    for name, raw in (("stdout", result.stdout_bytes), ("stderr", result.stderr_bytes)):
        text = raw.decode("utf-8")
        found = FORBIDDEN.search(text)
        assert found is None, f"{name} has {found.group(0)!r}: {text[:2000]!r}"
        assert "Traceback" not in text


@pytest.fixture()
def hostile_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The seed corpus under a hostile folder name, with hostile file, folder, id and outlet."""
    monkeypatch.setenv("BRIEFING_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    corpus = tmp_path / f"corpus{EVIL}"
    shutil.copytree(bundled_corpus(), corpus)
    seeds = sorted(corpus.glob("*.txt"))
    seeds[0].rename(corpus / f"file{EVIL}.txt")
    (corpus / f"dir{EVIL}").mkdir()
    seeds[1].rename(corpus / f"dir{EVIL}" / "in-folder.txt")
    record = {
        "id": f"id{EVIL}",
        "headline": "Putin and Abe talk about the Kuril Islands",
        "outlet": f"Evil{EVIL}",
        "date": "2016-12-15",
        "body": "TOKYO, December 15. Vladimir Putin met Shinzo Abe in Nagato. " * 5,
    }
    (corpus / f"records{EVIL}.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    (corpus / f"bad{EVIL}.jsonl").write_text("{not json\n", encoding="utf-8")
    (corpus / "briefing.toml").write_text(
        f'[[outlet]]\nname = "Outlet{TOML_EVIL}"\nsignatures = ["Putin believes"]\n',
        encoding="utf-8",
    )
    return corpus


COMMANDS = [
    ("index",),
    ("search", "putin"),
    ("search", "putin", "--json"),
    ("search", "putin", "--sort", "date"),
    ("summary",),
    ("summary", "--format", "markdown"),
    ("summary", "--format", "json"),
    ("events",),
    ("events", "--markdown"),
    ("events", "--json"),
    ("export",),
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: "-".join(a))
def test_no_control_sequence_from_a_corpus_reaches_the_terminal(
    hostile_corpus: Path, args: tuple[str, ...]
) -> None:
    result = _invoke(*args, "--corpus", str(hostile_corpus))
    assert result.exit_code == 0, result.output
    _assert_clean(result)


def test_the_hostile_names_are_still_shown_readably(hostile_corpus: Path) -> None:
    result = _invoke("search", "putin", "--limit", "50", "--corpus", str(hostile_corpus))
    assert "X" in result.stdout and "Outlet" in result.stdout
    js = json.loads(_invoke("export", "--corpus", str(hostile_corpus)).stdout.splitlines()[0])
    assert js  # JSON with escaped controls is still JSON
    exported = _invoke("export", "--corpus", str(hostile_corpus)).stdout
    assert "\\u202e" in exported and "\\u009b" in exported


@pytest.mark.parametrize("fmt", ["rich", "markdown", "json"])
def test_compare_output_is_clean(hostile_corpus: Path, fmt: str) -> None:
    events = json.loads(_invoke("events", "--json", "--corpus", str(hostile_corpus)).stdout)
    assert events["events"]
    event_id = events["events"][0]["id"]
    result = _invoke("compare", event_id, "--format", fmt, "--corpus", str(hostile_corpus))
    _assert_clean(result)


def test_errors_naming_a_hostile_path_are_clean(tmp_path: Path) -> None:
    missing = tmp_path / f"nowhere{EVIL}"
    result = CliRunner().invoke(main, ["search", "x", "--corpus", str(missing)])
    assert result.exit_code != 0
    _assert_clean(result)
