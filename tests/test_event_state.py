"""The events' state kept beside the index: read back exactly, its centroids as plain numbers.

A state written and read again is the same state (every centroid weight to the last bit); a
centroid file that is missing, damaged, of another size or named outside the cache folder
makes the state unreadable (a regroup), never an error.
"""

from __future__ import annotations

import json
from pathlib import Path

from test_events_incremental import _stories

from briefing.event_state import CENTROIDS_GLOB, _load, _save
from briefing.events import EventParams, group_events
from briefing.events.incremental import full


def _saved(tmp_path: Path) -> tuple[Path, str, object]:
    articles = [a for s in _stories(30, 4, 3) for a in s]
    state = full(articles)
    assert state.events() == group_events(articles)
    path = tmp_path / "cache" / "events-state.json"
    key = json.dumps({"params": str(EventParams())})
    _save(path, key, "stamp-1", state)
    return path, key, state


def test_a_state_reads_back_exactly(tmp_path: Path) -> None:
    path, key, state = _saved(tmp_path)
    loaded = _load(path, key)
    assert loaded is not None and loaded[0] == "stamp-1"
    assert loaded[1].events() == state.events()  # type: ignore[attr-defined]
    assert [g.centroid for g in loaded[1].groups] == [g.centroid for g in state.groups]  # type: ignore[attr-defined]
    groups = json.loads(path.read_text(encoding="utf-8"))["state"]["groups"]
    assert groups and not any("centroid" in g for g in groups)
    # saved again: one centroid file, the new one
    _save(path, key, "stamp-2", loaded[1])
    assert len(list(path.parent.glob(CENTROIDS_GLOB))) == 1
    assert _load(path, key) is not None
    assert _load(path, "another key") is None


def test_a_damaged_centroid_file_is_a_regroup(tmp_path: Path) -> None:
    path, key, _ = _saved(tmp_path)
    (blob,) = path.parent.glob(CENTROIDS_GLOB)
    blob.write_bytes(blob.read_bytes()[:-8])
    assert _load(path, key) is None
    blob.unlink()
    assert _load(path, key) is None
    data = json.loads(path.read_text(encoding="utf-8"))
    (tmp_path / "outside.bin").write_bytes(b"")
    data["centroids"]["file"] = "../outside.bin"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert _load(path, key) is None
