"""Spill files of a parallel build: records waiting for a worker, as JSON Lines.

Why this module exists: the main process writes the records it reads to temporary files in
the index's build folder, and a worker process reads them back. A file on disk could be
swapped by anyone who can write to that folder, so it holds no executable format (no pickle):
one JSON object per `Pending` record, read back against the dataclasses' type hints (as the
caches are read, `briefing.cache.decode`; that module is a layer above, so the few types a
record holds are checked here), so a line of any other shape is an error naming the file, never
code that runs.
"""

from __future__ import annotations

import dataclasses
import json
import typing
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from briefing.build.messages import Pending
from briefing.models import RawDocument

__all__ = ["SpillError", "encode_pending", "pending_of", "read_spill", "write_spill"]


class SpillError(ValueError):
    """A spill file that is not what a build wrote."""


def encode_pending(item: Pending) -> dict[str, Any]:
    return {"key": item.key, "raw": dataclasses.asdict(item.raw)}


def write_spill(path: Path, items: Iterable[Pending]) -> None:
    """`items`, one JSON object per line."""
    with path.open("w", encoding="utf-8") as fh:
        for item in items:
            fh.write(json.dumps(encode_pending(item), ensure_ascii=False, separators=(",", ":")))
            fh.write("\n")


def _value(value: Any, kind: Any) -> Any:
    """`value` if it is of type `kind` (str, or dict[str, str]: what a record holds)."""
    if kind is str:
        if type(value) is not str:
            raise TypeError(f"expected a string, got {type(value).__name__}")
        return value
    if kind == dict[str, str]:
        if not isinstance(value, dict) or not all(
            type(k) is str and type(v) is str for k, v in value.items()
        ):
            raise TypeError("expected an object of strings")
        return dict(value)
    raise TypeError(f"a spilled record holds no {kind}")


def _raw(data: Any) -> RawDocument:
    """`data` as a `RawDocument`, each field checked against its type hint."""
    if not isinstance(data, dict):
        raise TypeError("expected an object")
    hints = typing.get_type_hints(RawDocument)
    fields = [f.name for f in dataclasses.fields(RawDocument)]
    if set(data) != set(fields):
        raise KeyError("fields of RawDocument differ")
    return RawDocument(**{name: _value(data[name], hints[name]) for name in fields})


def pending_of(data: Any) -> Pending:
    """A `Pending` record back from its JSON object (`encode_pending`); `KeyError`, `TypeError` or
    `ValueError` if it is not one."""
    if not isinstance(data, dict) or set(data) != {"key", "raw"}:
        raise KeyError("expected key and raw")
    return Pending(_raw(data["raw"]), _value(data["key"], str))


def read_spill(path: Path) -> list[Pending]:
    """The records of a spill file; `SpillError` (naming the file and line) if one is not."""
    out = []
    with path.open("rb") as fh:
        for n, line in enumerate(fh, 1):
            try:
                out.append(pending_of(json.loads(line.decode("utf-8"))))
            except (ValueError, TypeError, KeyError, RecursionError) as exc:
                raise SpillError(f"{path}:{n}: not a spilled record ({exc})") from None
    return out
