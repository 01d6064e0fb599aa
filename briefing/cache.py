"""Results derived from a whole index (events, the briefing), kept until the index changes.

Why this module exists: grouping fifty thousand articles into events takes tens of seconds and
reading every article back from the index takes several more, yet `briefing summary`, `briefing
events` and the app's timeline ask for the same answers again and again. Each answer is stored
next to the index, keyed by the index's state (its table-of-contents files: a new generation on
every commit), the package version and the caller's own key. Any change to the corpus makes a
new index generation and so a miss; nothing stale is ever served. A damaged or unreadable cache
file is a miss, never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from briefing.events import Event
    from briefing.index import CorpusIndex
    from briefing.models import Article

T = TypeVar("T")

CACHE_VERSION = (
    3  # 2: event labels from the words most outlets share; 3: glance and timeline counts
)
_KEEP = 8  # entries kept per name; older ones are removed


def index_stamp(index_dir: Path) -> str:
    """A string that changes whenever the index in `index_dir` changes."""
    parts = []
    for p in sorted(index_dir.glob("*.toc")):
        try:
            st = p.stat()
        except OSError:
            continue
        parts.append(f"{p.name}:{st.st_size}:{st.st_mtime_ns}")
    return "|".join(parts)


def _package_version() -> str:
    try:
        from importlib.metadata import version

        return version("briefing")
    except Exception:  # running from a checkout without metadata
        return "dev"


def cached(index_dir: Path, name: str, key: str, compute: Callable[[], T]) -> T:
    """`compute()`, or its stored result for this index state, `name` and `key`."""
    folder = index_dir / "cache"
    stamp = f"{CACHE_VERSION}|{_package_version()}|{index_stamp(index_dir)}|{key}"
    digest = hashlib.sha256(stamp.encode("utf-8")).hexdigest()[:20]
    path = folder / f"{name}-{digest}.pickle"
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)  # type: ignore[no-any-return]
    except Exception:  # missing, damaged, or written by another version: compute again
        pass
    value = compute()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        _prune(folder, name)
    except OSError:
        pass  # a read-only cache directory only costs time
    return value


def _prune(folder: Path, name: str) -> None:
    entries = sorted(folder.glob(f"{name}-*.pickle"), key=lambda p: p.stat().st_mtime_ns)
    for old in entries[:-_KEEP]:
        with contextlib.suppress(OSError):
            old.unlink()


def corpus_events(index: CorpusIndex, articles: list[Article] | None = None) -> tuple[Event, ...]:
    """The corpus's events, grouped once per index state. `articles`, when the caller already
    holds them all, saves reading them back from the index on a miss."""
    from briefing.events import group_events

    return cached(
        index.directory,
        "events",
        "",
        lambda: group_events(articles if articles is not None else index.all_articles()),
    )
