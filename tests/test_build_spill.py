"""Spill files of a parallel build are JSON Lines read against their types (`build.spill`):
records come back as they went, and a file of any other shape, pickle included, is an error
naming the file and line that runs nothing."""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

import pytest

from briefing.build.messages import Pending
from briefing.build.spill import SpillError, read_spill, write_spill
from briefing.models import RawDocument


def _items() -> list[Pending]:
    return [
        Pending(RawDocument("a", "a.txt", "Text\nwith «quotes» and \x00 a NUL", "h1"), "a.txt"),
        Pending(
            RawDocument(
                "b:1", "b.jsonl", "Body", "h2", {"headline": "Путин", "date": "2020"}, "b.jsonl"
            ),
            "b.jsonl",
        ),
    ]


def test_records_come_back_as_they_went(tmp_path: Path) -> None:
    path = tmp_path / "0000000.jsonl"
    write_spill(path, _items())
    assert read_spill(path) == _items()
    assert all(line.startswith("{") for line in path.read_text(encoding="utf-8").splitlines())


class _Payload:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (os.system, (f"touch {self.marker}",))


def test_a_pickled_spill_file_runs_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "0000000.jsonl"
    path.write_bytes(pickle.dumps([_Payload(marker)]))
    with pytest.raises(SpillError, match=r"0000000\.jsonl"):
        read_spill(path)
    assert not marker.exists()


@pytest.mark.parametrize(
    "line",
    [
        '{"key": "a"}',
        '{"key": 1, "raw": {}}',
        '{"key": "a", "raw": {"id": "a", "path": "a", "text": "t", "content_hash": "h",'
        ' "fields": {"x": 1}, "source_key": ""}}',
        '{"key": "a", "raw": {"id": "a", "path": "a", "text": "t", "content_hash": "h",'
        ' "fields": {}, "source_key": "", "extra": 1}}',
        "[1, 2]",
        "[" * 5000,
    ],
)
def test_a_line_of_another_shape_names_the_file_and_line(tmp_path: Path, line: str) -> None:
    path = tmp_path / "0000001.jsonl"
    write_spill(path, _items()[:1])
    with path.open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")
    with pytest.raises(SpillError, match=r"0000001\.jsonl:2"):
        read_spill(path)
