"""The articles' rows, kept beside the index and updated only for the articles that changed.

Why this module exists: a briefing needs a row (`briefing.summary.rows`) of every article, and
reading fifty thousand articles whole from the index to make them took longer than building the
briefing. The rows are kept in the index's cache folder as JSON, each with the content hash of
the article it was made from: a base table, written whole when it is first made, and a small
delta (the rows added or changed and the ids removed since the base), the only file an update
rewrites. So after a hundred new articles only those hundred are read whole and only the delta is
written; the base is rewritten once the delta grows past `REBASE_SHARE` of it.

Nothing read back is trusted: a file of another version, of another shape, or whose delta does
not belong to its base is ignored (the rows are made again), never an error; a read-only cache
folder only costs the time. JSON only: loading a cache file never runs code.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from briefing.json_bytes import dumps as json_bytes
from briefing.models import Article
from briefing.summary.rows import ROW_VERSION, Row, row_of

__all__ = ["BASE_FILE", "DELTA_FILE", "REBASE_SHARE", "current_rows", "drop_rows"]

BASE_FILE: Final = "summary-rows.json"
DELTA_FILE: Final = "summary-rows-delta.json"
REBASE_SHARE: Final = 0.05  # a delta larger than this share of the base: write a new base
REBASE_MIN: Final = 500  # ... and than this many rows

Table = dict[str, tuple[str, Row]]  # article id -> (content hash, row)


def _folder(index_dir: Path) -> Path:
    return index_dir / "cache"


def _version(key: str) -> str:
    return f"{ROW_VERSION}|{key}"


def _entries(data: Any) -> Iterator[tuple[str, str, Row]]:
    """(id, hash, row) of a stored list of [hash, row]; ValueError on anything else."""
    if not isinstance(data, list):
        raise ValueError("rows are not a list")
    for item in data:
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)):
            raise ValueError("not a [hash, row] pair")
        row = item[1]
        if not (isinstance(row, list) and len(row) == 12 and isinstance(row[0], str)):
            raise ValueError("not a row")
        yield row[0], item[0], row


def _read(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError("not an object")
    return data


def _load(folder: Path, version: str) -> tuple[str, Table, Table, list[str]] | None:
    """The base's token, the base table, the delta's rows and its removed ids; None when
    there is no usable base."""
    try:
        base = _read(folder / BASE_FILE)
        if base.get("version") != version or not isinstance(base.get("token"), str):
            return None
        table: Table = {i: (h, r) for i, h, r in _entries(base.get("rows"))}
    except (OSError, ValueError, TypeError, RecursionError):
        return None
    token = str(base["token"])
    try:
        delta = _read(folder / DELTA_FILE)
        if delta.get("version") != version or delta.get("base") != token:
            raise ValueError("another base's delta")
        rows: Table = {i: (h, r) for i, h, r in _entries(delta.get("rows"))}
        removed = delta.get("removed")
        if not (isinstance(removed, list) and all(isinstance(i, str) for i in removed)):
            raise ValueError("removed ids are not strings")
    except (OSError, ValueError, TypeError, RecursionError):
        rows, removed = {}, []
    return token, table, rows, removed


def _write(path: Path, payload: dict[str, Any]) -> None:
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        data = json_bytes(payload)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _pairs(table: Mapping[str, tuple[str, Row]]) -> list[list[Any]]:
    return [[h, r] for h, r in table.values()]


def _write_base(folder: Path, version: str, table: Table) -> None:
    token = secrets.token_hex(8)
    _write(folder / BASE_FILE, {"version": version, "token": token, "rows": _pairs(table)})
    with contextlib.suppress(OSError):
        (folder / DELTA_FILE).unlink()


def current_rows(
    index_dir: Path,
    now: Mapping[str, str],
    read: Callable[[Sequence[str]], list[Article]],
    read_all: Callable[[], Iterable[Article]],
    key: str = "",
) -> list[Row]:
    """The row of every article of the index whose ids and content hashes are `now`: the
    stored rows, with those of new and changed articles made from `read(ids)` (whole
    articles); `read_all()` when there are no stored rows. `key`: what else the rows depend
    on (the package version), stored with them."""
    folder = _folder(index_dir)
    version = _version(key)
    loaded = _load(folder, version)
    if loaded is None:
        table: Table = {}
        for a in read_all():
            if a.id in now:
                table[a.id] = (now[a.id], row_of(a))
        _write_base(folder, version, table)
        return [r for _, r in table.values()]
    token, base, delta, removed = loaded
    current = dict(base)
    for i in removed:
        current.pop(i, None)
    current.update(delta)
    gone = [i for i in current if i not in now]
    stale = sorted(i for i, h in now.items() if (i not in current or current[i][0] != h))
    if not gone and not stale:
        return [r for _, r in current.values()]
    for i in gone:
        current.pop(i)
    made = {a.id: a for a in read(stale)} if stale else {}
    for i in stale:
        found = made.get(i)
        if found is None:  # gone between the hashes and the read: left out, made again next time
            current.pop(i, None)
        else:
            current[i] = (now[i], row_of(found))
    changed = {i: current[i] for i in current if base.get(i) is not current[i]}
    dropped = [i for i in base if i not in current]
    if len(changed) + len(dropped) > max(REBASE_MIN, REBASE_SHARE * len(base)):
        _write_base(folder, version, current)
    else:
        _write(
            folder / DELTA_FILE,
            {"version": version, "base": token, "rows": _pairs(changed), "removed": dropped},
        )
    return [r for _, r in current.values()]


def drop_rows(index_dir: Path) -> None:
    """Forget the stored rows (the index was rebuilt: its articles may read differently)."""
    for name in (BASE_FILE, DELTA_FILE):
        with contextlib.suppress(OSError):
            (_folder(index_dir) / name).unlink()
