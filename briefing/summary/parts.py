"""Each shown event's differences, kept beside the index and recompared only when it changed.

Why this module exists: the differences of a briefing's ten biggest events come from comparing
their outlets' articles (`compare`), read whole: seconds per event on a large corpus. After an
update most of those events are the same, so the differences are kept per event, under a digest
of everything they depend on (the event's outlets with their article ids, its people and places,
the content hashes of its articles and the comparison rules). An event an update touched has a
new digest and is compared again; the others are read back. JSON only, checked against the
records' shapes on reading; anything unreadable is compared again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from briefing.summary.records import Citation, Difference

if TYPE_CHECKING:
    from briefing.events import Event

__all__ = ["PARTS_FILE", "EventParts"]

PARTS_FILE: Final = "summary-events.json"
_FORMAT: Final = 1
_KEEP: Final = 64  # digests kept: the shown events and those shown before


class EventParts:
    """The differences of events, by digest, from the cache folder of `index_dir`; `compute`
    gives those of an event (and its member ids) that are not kept. `save` writes back."""

    def __init__(
        self,
        index_dir: Path,
        hashes: Mapping[str, str],
        rules_key: str,
        compute: Callable[[Event, list[str]], tuple[Difference, ...]],
    ) -> None:
        self.path = index_dir / "cache" / PARTS_FILE
        self.hashes = hashes
        self.rules_key = rules_key
        self.compute = compute
        self.kept: dict[str, Any] = self._load()
        self.used: dict[str, Any] = {}
        self.computed = 0

    def _load(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("format") == _FORMAT:
                entries = data.get("entries")
                if isinstance(entries, dict):
                    return entries
        except (OSError, ValueError, RecursionError):
            pass
        return {}

    def digest(self, e: Event, members: list[str]) -> str:
        what = [
            self.rules_key,
            [[name, list(ids)] for name, ids in e.outlets],
            list(e.people),
            list(e.places),
            [[i, self.hashes.get(i, "")] for i in members],
        ]
        text = json.dumps(what, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def __call__(self, e: Event, members: list[str]) -> tuple[Difference, ...]:
        key = self.digest(e, members)
        if key in self.kept:
            try:
                found = _decode(self.kept[key])
            except (TypeError, ValueError):
                pass
            else:
                self.used[key] = self.kept[key]
                return found
        value = self.compute(e, members)
        self.computed += 1
        self.used[key] = _encode(value)
        return value

    def save(self) -> None:
        """Keep the entries used, then those kept before, up to `_KEEP`; only if any is new."""
        if not self.computed:
            return
        entries = dict(self.used)
        for k, v in self.kept.items():
            if len(entries) >= _KEEP:
                break
            entries.setdefault(k, v)
        tmp = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"format": _FORMAT, "entries": entries}, fh, ensure_ascii=False)
            os.replace(tmp, self.path)
        except OSError:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)


def _encode(value: tuple[Difference, ...]) -> list[Any]:
    return [
        [d.kind, d.text, [[c.outlet, c.date_iso, c.article_id] for c in d.citations]] for d in value
    ]


def _text(x: Any) -> str:
    if not isinstance(x, str):
        raise TypeError("expected a string")
    return x


def _maybe(x: Any) -> str | None:
    return None if x is None else _text(x)


def _decode(data: Any) -> tuple[Difference, ...]:
    """The differences `_encode` wrote; TypeError or ValueError on any other shape."""
    if not isinstance(data, list):
        raise TypeError("expected a list")
    out = []
    for item in data:
        kind, text, cites = item
        if not isinstance(cites, list):
            raise TypeError("expected a list of citations")
        citations = []
        for c in cites:
            outlet, date, article_id = c
            citations.append(Citation(_maybe(outlet), _maybe(date), _text(article_id)))
        out.append(Difference(_text(kind), _text(text), tuple(citations)))
    return tuple(out)
