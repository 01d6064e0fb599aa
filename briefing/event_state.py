"""The corpus's events, kept beside its index as JSON and updated, not regrouped, on a change.

Why this module exists: events are asked for after every update (`briefing summary`, the app's
timeline), and regrouping a large corpus from scratch takes tens of seconds. This module keeps
the last grouping's state (`briefing.events.incremental.GroupingState`) in one JSON file in the
index's cache folder, with the index generation it describes; the events' centroids, most of
its size, are kept beside it as plain numbers (int32 term indices and float64 weights, read
back exactly and at once: never an executable format). When the index has moved on, only the
articles whose content hash changed are read and placed (`incremental.update`); a full regroup
runs when there is no state, it cannot be read, its parameters or format differ, too much has
changed, or the caller asks for one. A damaged file is a regroup, never an error; a read-only
index folder only costs the time.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import sys
import tempfile
from array import array
from collections.abc import Callable, Mapping
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from briefing.json_bytes import dumps as json_bytes

if TYPE_CHECKING:
    from briefing.alongside import Later
    from briefing.events import Event, EventParams
    from briefing.events.incremental import GroupingState
    from briefing.index import CorpusIndex

__all__ = ["STATE_FILE", "current_events", "events_then_keep", "state_path", "store"]

STATE_FILE: Final = "events-state.json"  # in the index's cache folder
# 2: the statistics of every language (issue 14); 3: no missing outlets; 4: each language's
# function words dropped from its articles' terms
_FORMAT: Final = 4


def state_path(index_dir: Path) -> Path:
    """Where the events' state of the index in `index_dir` is kept."""
    return index_dir / "cache" / STATE_FILE


def _key(params: EventParams) -> str:
    return json.dumps({"format": _FORMAT, "params": asdict(params)}, sort_keys=True)


CENTROIDS_GLOB: Final = "events-centroids-*.bin"
_CENTROIDS_NAME: Final = re.compile(r"events-centroids-[0-9a-f]{16}\.bin")


def _pack(state: GroupingState) -> tuple[list[str], bytes, int, int]:
    """Every group's centroid as plain numbers: per group its term count (int32), then every
    term as an index into the returned vocabulary (int32), then every weight (float64, exact)."""
    vocab: dict[str, int] = {}
    counts, terms, weights = array("i"), array("i"), array("d")
    for g in state.groups:
        counts.append(len(g.centroid))
        for t, w in g.centroid.items():
            terms.append(vocab.setdefault(t, len(vocab)))
            weights.append(w)
    return (
        list(vocab),
        counts.tobytes() + terms.tobytes() + weights.tobytes(),
        len(counts),
        len(terms),
    )


def _unpack(meta: dict[str, Any], blob: bytes) -> list[dict[str, float]]:
    """The centroids `_pack` wrote; ValueError on anything of another shape."""
    vocab, groups, total = meta["vocab"], int(meta["groups"]), int(meta["terms"])
    if meta["byteorder"] != sys.byteorder or meta["itemsize"] != array("i").itemsize:
        raise ValueError("written on another machine")
    if not (isinstance(vocab, list) and all(isinstance(t, str) for t in vocab)):
        raise ValueError("not a vocabulary")
    size = array("i").itemsize
    if groups < 0 or total < 0 or len(blob) != size * (groups + total) + 8 * total:
        raise ValueError("centroids of another size")
    counts, terms, weights = array("i"), array("i"), array("d")
    counts.frombytes(blob[: size * groups])
    terms.frombytes(blob[size * groups : size * (groups + total)])
    weights.frombytes(blob[size * (groups + total) :])
    if sum(counts) != total or min(counts, default=0) < 0:
        raise ValueError("counts do not add up")
    if total and (min(terms) < 0 or max(terms) >= len(vocab)):
        raise ValueError("a term out of the vocabulary")
    words = [vocab[t] for t in terms]  # one string object a term, as the vocabulary holds
    numbers = weights.tolist()
    out: list[dict[str, float]] = []
    pos = 0
    for c in counts:
        end = pos + c
        out.append(dict(zip(words[pos:end], numbers[pos:end], strict=True)))
        pos = end
    return out


def _load(path: Path, key: str) -> tuple[str, GroupingState] | None:
    from briefing.events.incremental import from_json

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("key") != key:
            return None
        centroids = None
        meta = data.get("centroids")
        if meta is not None:
            name = str(meta["file"])
            if not _CENTROIDS_NAME.fullmatch(name):
                return None
            centroids = _unpack(meta, (path.parent / name).read_bytes())
        return str(data["stamp"]), from_json(data["state"], centroids)
    except Exception:  # missing, damaged, or another version's: group from scratch
        return None


def _write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _save(path: Path, key: str, stamp: str, state: GroupingState) -> None:
    """The state as JSON, with its centroids (most of its size) beside it as plain numbers in
    a file of their own, named in the JSON; the JSON is replaced last, then older centroid
    files are removed."""
    from briefing.events.incremental import to_json

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        vocab, blob, groups, terms = _pack(state)
        name = f"events-centroids-{secrets.token_hex(8)}.bin"
        _write(path.parent / name, blob)
        del blob
        meta = {
            "file": name,
            "vocab": vocab,
            "groups": groups,
            "terms": terms,
            "byteorder": sys.byteorder,
            "itemsize": array("i").itemsize,
        }
        payload: dict[str, Any] = {
            "key": key,
            "stamp": stamp,
            "state": to_json(state, centroids=False),
            "centroids": meta,
        }
        # one document, not `json.dump`: a stream is encoded in Python, ten times slower
        data = json_bytes(payload)
        _write(path, data)
        del data
        for old in path.parent.glob(CENTROIDS_GLOB):
            if old.name != name:
                with contextlib.suppress(OSError):
                    old.unlink()
    except OSError:
        pass  # a read-only index folder only costs the time


def current_events(
    index: CorpusIndex,
    params: EventParams | None = None,
    *,
    regroup: bool = False,
    hashes: Callable[[], Mapping[str, str]] | None = None,
) -> tuple[Event, ...]:
    """The events of the index as it is now: the stored ones if it has not changed, else the
    stored ones updated with what changed, else (or with `regroup`) grouped from scratch.
    `hashes`: gives the index's article ids and content hashes, when the caller has them
    (default: `index.article_hashes`)."""
    return events_then_keep(index, params, regroup=regroup, hashes=hashes).settle()


Loaded = tuple[str, "GroupingState"] | None  # (the index stamp it was kept at, the state)


def kept_state(index_dir: Path, params: EventParams | None = None) -> Loaded:
    """The events' state kept beside the index, as `events_then_keep` reads it (None: none,
    or of other parameters): read ahead by a child while the index is brought up to date."""
    from briefing.events import EventParams

    return _load(state_path(index_dir), _key(params or EventParams()))


def events_then_keep(
    index: CorpusIndex,
    params: EventParams | None = None,
    *,
    regroup: bool = False,
    hashes: Callable[[], Mapping[str, str]] | None = None,
    kept: tuple[Loaded] | None = None,
) -> Later[tuple[Event, ...]]:
    """`current_events`, given as soon as they are known, and the writing of their state
    (when they changed) as the rest to do: a child process working alongside sends the
    events first (`briefing.alongside`). `kept`: the kept state, read already
    (`kept_state`, in a 1-tuple)."""
    from briefing.alongside import Later
    from briefing.cache import index_stamp
    from briefing.events import EventParams
    from briefing.events.incremental import full, update

    p = params or EventParams()
    key = _key(p)
    path = state_path(index.directory)
    stamp = index_stamp(index.directory)
    if regroup:
        loaded: Loaded = None
    else:
        loaded = kept[0] if kept is not None else _load(path, key)
    if loaded is not None and loaded[0] == stamp:
        return Later(loaded[1].events(), _nothing)
    state = None
    if loaded is not None:
        now = hashes() if hashes is not None else index.article_hashes()
        state = update(loaded[1], now, index.articles_by_id, p)
    if state is None:
        state = full(index.all_articles(), p)
    done = state
    return Later(done.events(), lambda: _save(path, key, stamp, done))


def _nothing() -> None:
    pass


def store(index: CorpusIndex, state: GroupingState, params: EventParams | None = None) -> None:
    """Keep `state` (a grouping of the index as it is now) as the index's events."""
    from briefing.cache import index_stamp
    from briefing.events import EventParams

    p = params or EventParams()
    _save(state_path(index.directory), _key(p), index_stamp(index.directory), state)
