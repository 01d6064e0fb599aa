"""An index read with other rules (or another briefing) is read again, said once; the same
rules leave an unchanged corpus alone."""

from __future__ import annotations

from pathlib import Path

from briefing.ingest.reading_key import reading_key
from briefing.ingest.rules import load_rules
from briefing.workspace import Location, Workspace

STORY = (
    "Harbour council approves the new ferry terminal\n\n"
    "The harbour council approved the new ferry terminal on Monday after a debate of six "
    "hours, according to the minutes published by the town clerk.\n\n"
    "Read the Daily Planet\n"
)


def _update(corpus: Path, index: Path) -> tuple[int, int, list[str], tuple[str, ...]]:
    with Workspace.open(Location(corpus, index)) as ws:
        report = ws.update()
        (article,) = ws.index.all_articles()
        return report.added, report.unchanged, list(ws.notes), article.body


def test_a_rules_change_reads_every_file_again(tmp_path: Path) -> None:
    corpus, index = tmp_path / "news", tmp_path / "index"
    corpus.mkdir()
    (corpus / "story.txt").write_text(STORY, encoding="utf-8")
    added, _, notes, body = _update(corpus, index)
    assert added == 1 and not notes and "Read the Daily Planet" in body
    _, unchanged, notes, _ = _update(corpus, index)
    assert unchanged == 1 and not notes  # same rules, nothing changed: nothing read
    (corpus / "briefing.toml").write_text(
        '[boilerplate]\nlines = ["(?i)^read the daily planet$"]\n', encoding="utf-8"
    )
    added, _, notes, body = _update(corpus, index)
    assert added == 1 and "Read the Daily Planet" not in body  # read with the new rule
    assert len(notes) == 1 and "other reading rules" in notes[0]
    _, unchanged, notes, _ = _update(corpus, index)
    assert unchanged == 1 and not notes


def test_the_key_follows_the_rules(tmp_path: Path) -> None:
    plain = reading_key(load_rules(tmp_path))
    assert plain == reading_key(load_rules(tmp_path))
    (tmp_path / "briefing.toml").write_text("[limits]\nmax_file_bytes = 1000\n", encoding="utf-8")
    assert reading_key(load_rules(tmp_path)) != plain
