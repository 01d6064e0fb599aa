"""Reading resources made fast to load: derived once from an installed library's data, kept on disk.

Why this module exists: the first article a process reads pays for loading what the reading
rules stand on: the language identifier's model (an xz-compressed archive: about a second to
decompress on every start), the gazetteer of countries and cities (a large JSON file parsed
whole) and the like. A one-file update, a build's worker process or a test run pays that again
and again although the data never changes between two installs. Each such resource is derived
once and written to the user's cache folder (`<user cache>/briefing/resources/`) in a form that
loads in milliseconds, under a name that carries the source file's size and modification time,
so an upgraded library makes a new entry instead of being served an old one.

Nothing here holds an executable format: entries are JSON or NumPy arrays read with
`allow_pickle=False`, each checked against the shape its reader expects. A missing, damaged or
unreadable entry is derived again; a cache folder that cannot be written just means the slow
path, never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Final

__all__ = ["FORMAT", "cached_path", "discard", "resource_dir"]

FORMAT: Final = 1  # bump when what an entry holds changes: old entries are then ignored


def resource_dir() -> Path:
    """`<user cache>/briefing/resources` (follows XDG_CACHE_HOME where the platform does)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("briefing")) / "resources"


def _stamp(sources: Sequence[Path]) -> str:
    """What identifies the source files' content cheaply: their paths, sizes and mtimes."""
    key = str(FORMAT)
    for source in sources:
        st = source.stat()
        key += f"|{source.resolve()}|{st.st_size}|{st.st_mtime_ns}"
    return hashlib.sha1(key.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def cached_path(
    name: str, source: Path | Sequence[Path], suffix: str, write: Callable[[Path], None]
) -> Path | None:
    """The cache entry derived from `source` by `write(path)`, written first if it is missing.
    (`source` may be several files: the data and the code that derives the entry from it.)

    `name` names the resource ("langid-model"); the entry is `<name>-<stamp><suffix>`. Returns
    None when the source cannot be read or the entry cannot be written (the caller then takes
    the slow path). Entries of the same name derived from other versions of the source are
    removed once the new one is in place. Writing goes through a temporary file renamed into
    place, so a reader never sees half an entry.
    """
    try:
        stamp = _stamp([source] if isinstance(source, Path) else source)
    except OSError:
        return None
    folder = resource_dir()
    path = folder / f"{name}-{stamp}{suffix}"
    if path.is_file():
        return path
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}-", suffix=suffix, dir=folder)
        os.close(fd)
    except OSError:
        return None
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except Exception:  # a full disk, a read-only folder, a library that changed: the slow path
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return None
    for old in folder.glob(f"{name}-*{suffix}"):
        if old != path:
            with contextlib.suppress(OSError):
                old.unlink()
    return path


def discard(path: Path) -> None:
    """Remove an entry found damaged, so the next reader derives it again."""
    with contextlib.suppress(OSError):
        path.unlink()
