"""The corpus's events, kept beside its index as JSON and updated, not regrouped, on a change.

Why this module exists: events are asked for after every update (`briefing summary`, the app's
timeline), and regrouping a large corpus from scratch takes tens of seconds. This module keeps
the last grouping's state (`briefing.events.incremental.GroupingState`) in one JSON file in the
index's cache folder, with the index generation it describes. When the index has moved on, only the
articles whose content hash changed are read and placed (`incremental.update`); a full regroup
runs when there is no state, it cannot be read, its parameters or format differ, too much has
changed, or the caller asks for one. A damaged file is a regroup, never an error; a read-only
index folder only costs the time.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from briefing.events import Event, EventParams
    from briefing.events.incremental import GroupingState
    from briefing.index import CorpusIndex

__all__ = ["STATE_FILE", "current_events", "state_path", "store"]

STATE_FILE: Final = "events-state.json"  # in the index's cache folder
_FORMAT: Final = 3  # 2: the statistics of every language (issue 14); 3: no missing outlets


def state_path(index_dir: Path) -> Path:
    """Where the events' state of the index in `index_dir` is kept."""
    return index_dir / "cache" / STATE_FILE


def _key(params: EventParams) -> str:
    return json.dumps({"format": _FORMAT, "params": asdict(params)}, sort_keys=True)


def _load(path: Path, key: str) -> tuple[str, GroupingState] | None:
    from briefing.events.incremental import from_json

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("key") != key:
            return None
        return str(data["stamp"]), from_json(data["state"])
    except Exception:  # missing, damaged, or another version's: group from scratch
        return None


def _save(path: Path, key: str, stamp: str, state: GroupingState) -> None:
    from briefing.events.incremental import to_json

    payload: dict[str, Any] = {"key": key, "stamp": stamp, "state": to_json(state)}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        # one string, not `json.dump`: only a whole document is written by the C encoder (a
        # stream is encoded in Python, ten times slower on a large corpus's state)
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        del text
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(tmp)


def current_events(
    index: CorpusIndex, params: EventParams | None = None, *, regroup: bool = False
) -> tuple[Event, ...]:
    """The events of the index as it is now: the stored ones if it has not changed, else the
    stored ones updated with what changed, else (or with `regroup`) grouped from scratch."""
    from briefing.cache import index_stamp
    from briefing.events import EventParams
    from briefing.events.incremental import full, update

    p = params or EventParams()
    key = _key(p)
    path = state_path(index.directory)
    stamp = index_stamp(index.directory)
    loaded = None if regroup else _load(path, key)
    if loaded is not None and loaded[0] == stamp:
        return loaded[1].events()
    state = None
    if loaded is not None:
        state = update(loaded[1], index.article_hashes(), index.articles_by_id, p)
    if state is None:
        state = full(index.all_articles(), p)
    _save(path, key, stamp, state)
    return state.events()


def store(index: CorpusIndex, state: GroupingState, params: EventParams | None = None) -> None:
    """Keep `state` (a grouping of the index as it is now) as the index's events."""
    from briefing.cache import index_stamp
    from briefing.events import EventParams

    p = params or EventParams()
    _save(state_path(index.directory), _key(p), index_stamp(index.directory), state)
