"""The workspace: the CLI and the app get the same corpus work from one place, so they agree.

The drift these tests pin: written twice, the app and `briefing summary` compared outlets without
the corpus's own `[compare]` rules (only `briefing compare` passed them). A two-article corpus of
two outlets that call one bay by two names with no word in common shows it: only a rule in the
corpus's `briefing.toml` says they are one thing.
"""

from __future__ import annotations

import json
from pathlib import Path

from app_helpers import app_for, idle, settle
from click.testing import CliRunner

from briefing.app.comparison_pane import ComparisonPane
from briefing.cli import main
from briefing.workspace import Location, Workspace

NORTH = [
    "Fishing boats from Norland and Sudland clashed in the Gulf of Zorb on Monday, officials "
    "in Norland said.",
    "The Norland coast guard said three Sudland trawlers entered the Gulf of Zorb without "
    "permits and were escorted out.",
    "Minister Arvid Holm said the Gulf of Zorb belongs to Norland under the 1921 treaty.",
]
SOUTH = [
    "Sudland accused Norland of harassing its fishermen in the Bay of Quux on Monday.",
    "Three Sudland trawlers were chased out of the Bay of Quux by the Norland coast guard, "
    "Sudland's fisheries office said.",
    "Minister Arvid Holm of Norland claimed the Bay of Quux under a 1921 treaty that Sudland "
    "rejects.",
]
RULES = '[compare.naming]\n"Zorb Gulf" = ["Gulf of Zorb", "Bay of Quux"]\n'


def two_names_corpus(folder: Path, *, with_rules: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    records = [
        {
            "id": "north-1",
            "title": "Norland coast guard escorts Sudland trawlers out of the Gulf of Zorb",
            "outlet": "North Times",
            "date": "2021-03-01",
            "body": "\n\n".join(NORTH),
        },
        {
            "id": "south-1",
            "title": "Sudland accuses Norland of harassing fishermen in the Bay of Quux",
            "outlet": "South Herald",
            "date": "2021-03-01",
            "body": "\n\n".join(SOUTH),
        },
    ]
    (folder / "news.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in records), encoding="utf-8"
    )
    if with_rules:
        (folder / "briefing.toml").write_text(RULES, encoding="utf-8")
    return folder


def _named(things: object) -> bool:
    return "Gulf of Zorb" in json.dumps(things) and "Bay of Quux" in json.dumps(things)


def test_workspace_compares_with_the_corpus_rules(tmp_path: Path) -> None:
    corpus = two_names_corpus(tmp_path / "corpus")
    with Workspace.open(Location(corpus, tmp_path / "index")) as ws:
        ws.update()
        (event,) = ws.events()
        naming = [n.to_json() for n in ws.compare(event).naming]
    assert _named(naming)


def test_without_the_rule_the_two_names_are_not_joined(tmp_path: Path) -> None:
    corpus = two_names_corpus(tmp_path / "corpus", with_rules=False)
    with Workspace.open(Location(corpus, tmp_path / "index")) as ws:
        ws.update()
        (event,) = ws.events()
        assert not _named([n.to_json() for n in ws.compare(event).naming])


def test_summary_names_with_the_corpus_rules(tmp_path: Path) -> None:
    corpus = two_names_corpus(tmp_path / "corpus")
    args = ["summary", "--format", "json", "--corpus", str(corpus)]
    out = CliRunner().invoke(main, [*args, "--index-dir", str(tmp_path / "index")])
    assert out.exit_code == 0, out.output
    (event,) = json.loads(out.stdout)["events"]
    naming = [d for d in event["differences"] if d["kind"] == "naming"]
    assert _named(naming), event["differences"]


async def test_app_compares_with_the_corpus_rules(tmp_path: Path, index_cache: Path) -> None:
    corpus = two_names_corpus(tmp_path / "corpus")
    app = app_for(tmp_path, index_cache, corpus, prebuilt=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("1", "enter")  # the only event
        await idle(pilot)
        comparison = app.main.query_one(ComparisonPane).comparison
        assert comparison is not None
        assert _named([n.to_json() for n in comparison.naming])
