"""Is the index whole, and what did a killed build leave behind?

Why this module exists: an index folder lives for months and meets every fault a disk has: a
segment file cut short or zeroed, a build killed with `kill -9` (its segments never committed,
its spill folder left in the temporary folder), a directory where the lock file belongs.
Finding damage early (the sizes of the committed files, recorded in the meta file after each
commit, and a cheap read of every segment) lets the index be rebuilt instead of answering with
an engine traceback; cleaning leftovers keeps a folder from growing with every killed build.
Leftovers are only removed while this process holds the index's write lock, so no live build
loses a file, and only the spill folders a build of this very index marked as its own.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, clean_files

from briefing.errors import BriefingError, IndexDamaged

__all__ = [
    "BUILD_FOLDER_PREFIX",
    "LOCK_NAME",
    "check",
    "clean_leftovers",
    "engine_errors",
    "index_files",
    "lock_in_the_way",
    "make_build_folder",
]

INDEX_NAME: Final = "briefing"  # the same as writer.INDEX_NAME (kept here to avoid a cycle)
LOCK_NAME: Final = f"{INDEX_NAME}_WRITELOCK"
BUILD_FOLDER_PREFIX: Final = "briefing-build-"
_OWNER_FILE: Final = "index-folder"  # in a build's spill folder: the index it builds
_PACKAGE: Final = str(Path(__file__).resolve().parents[1])  # the briefing package


def _toc(directory: Path) -> Any:
    return TOC.read(FileStorage(str(directory)), INDEX_NAME)


def index_files(directory: Path) -> dict[str, Any]:
    """The committed generation's files and their sizes: {"toc": name, "sizes": {name: n}}
    ({} if it cannot be read)."""
    try:
        toc = _toc(directory)
        prefixes = tuple(f"{seg.segment_id()}." for seg in toc.segments)
        toc_name = f"_{INDEX_NAME}_{toc.generation}.toc"
        sizes = {toc_name: (directory / toc_name).stat().st_size}
        for entry in os.scandir(directory):
            if entry.name.startswith(prefixes):
                sizes[entry.name] = entry.stat().st_size
    except Exception:  # no index yet, or damaged: nothing to compare against later
        return {}
    return {"toc": toc_name, "sizes": sizes}


def check(searcher: Any, directory: Path, recorded: object) -> str | None:
    """Why the index `searcher` reads is damaged, or None. Compares the files of the committed
    generation with the sizes `recorded` after its commit (a file cut short or missing), then
    reads a little of every segment (a zeroed header, a broken term or stored-field file)."""
    if isinstance(recorded, dict) and isinstance(recorded.get("sizes"), dict):
        toc_name = recorded.get("toc")
        if isinstance(toc_name, str) and (directory / toc_name).exists():
            for name, size in recorded["sizes"].items():
                try:
                    now = (directory / name).stat().st_size
                except OSError:
                    return f"{name} is missing"
                if now != size:
                    return f"{name} has {now:,} bytes, {size:,} when committed"
    try:
        for reader, _ in searcher.reader().leaf_readers():
            _probe(reader)
    except Exception as exc:  # whatever the engine raises on a damaged file
        if _raised_by_briefing(exc):
            raise
        return f"{type(exc).__name__}: {exc}"[:200]
    return None


def _raised_by_briefing(exc: BaseException) -> bool:
    """Raised by briefing's own code (a bug to see, not damage to repair)."""
    frames = traceback.extract_tb(exc.__traceback__)
    return bool(frames) and frames[-1].filename.startswith(_PACKAGE)


@contextlib.contextmanager
def engine_errors(directory: Path) -> Iterator[None]:
    """Turn what the engine raises on a damaged file into `IndexDamaged` (one line). Errors
    raised by briefing's own code, and OS errors (a full disk), pass through unchanged."""
    try:
        yield
    except (BriefingError, OSError, MemoryError):
        raise
    except Exception as exc:
        if _raised_by_briefing(exc):
            raise
        raise IndexDamaged(
            f"{directory}: the index is damaged ({type(exc).__name__}: {exc})"[:300]
        ) from exc


def _probe(reader: Any) -> None:
    n = reader.doc_count_all()
    if n == 0:
        return
    for docnum in {0, n - 1}:
        reader.stored_fields(docnum)
    for fieldname in ("id", "source_key", "body"):
        if fieldname in reader.schema:
            for term in reader.lexicon(fieldname):
                list(reader.postings(fieldname, term).all_ids())
                break
    for fieldname in ("id", "source_key"):
        if reader.has_column(fieldname):
            column = reader.column_reader(fieldname)
            _ = (column[0], column[n - 1])


def lock_in_the_way(directory: Path, *, remove: bool) -> None:
    """Something other than a file where the lock file belongs: removed if `remove` (a
    rebuild), else a one-line error saying how to fix it."""
    path = directory / LOCK_NAME
    if not path.is_dir() and not path.is_symlink():
        return
    if not remove:
        raise BriefingError(
            f"{path}: not a file, where the index's lock file belongs "
            "(`briefing index --rebuild` replaces it)"
        )
    try:
        if path.is_symlink():
            path.unlink()
        else:
            shutil.rmtree(path)
    except OSError as exc:
        raise BriefingError(f"{path}: cannot remove it: {exc.strerror or exc}") from None


def _folder_prefix(directory: Path) -> str:
    """Spill folders of the index in `directory` are named by it, so a build killed at any
    moment (even before or while its marker file is written, or half-way through removing its
    folder) leaves a folder the next run still knows as this index's."""
    digest = hashlib.sha1(os.fsencode(directory.resolve())).hexdigest()[:16]
    return f"{BUILD_FOLDER_PREFIX}{digest}-"


def make_build_folder(directory: Path) -> Path:
    """A new spill folder for a parallel build of the index in `directory`, marked as its
    (by its name; the marker file inside says which index it is for a person looking)."""
    folder = Path(tempfile.mkdtemp(prefix=_folder_prefix(directory)))
    (folder / _OWNER_FILE).write_text(str(directory.resolve()), encoding="utf-8")
    return folder


def clean_leftovers(directory: Path) -> int:
    """Remove what killed builds of this index left: segment files no commit refers to, the
    meta files' temporary copies, and the spill folders marked with this index. Only if the
    write lock can be taken at once (no live build); returns how many things were removed.
    (Also the engine's scratch folder: no writer is running while the lock is free.)"""
    orphans = _orphans(directory)
    folders = _build_folders(directory)
    scratch = directory / f"{INDEX_NAME}.tmp"  # the engine's scratch folder, shared by writers
    if not orphans and not folders and not scratch.is_dir():
        return 0
    storage = FileStorage(str(directory))
    lock = storage.lock(LOCK_NAME)
    try:
        if not lock.acquire(False):
            return 0
    except OSError:  # a read-only folder, or no lock file possible: leave it as it is
        return 0
    try:
        before = len(_orphans(directory))
        with contextlib.suppress(Exception):
            toc = _toc(directory)
            clean_files(storage, INDEX_NAME, toc.generation, toc.segments)
        for name in (".briefing-index.json.tmp", ".briefing-words.txt.tmp"):
            with contextlib.suppress(OSError):
                (directory / name).unlink()
        removed = before - len(_orphans(directory))
        if scratch.is_dir() and not scratch.is_symlink():
            shutil.rmtree(scratch, ignore_errors=True)
            removed += 1
        for folder in _build_folders(directory):
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    finally:
        lock.release()
    return removed


def _orphans(directory: Path) -> list[str]:
    """Segment files of this index that the committed generation does not use."""
    try:
        toc = _toc(directory)
        used = tuple(f"{seg.segment_id()}." for seg in toc.segments)
        names = [e.name for e in os.scandir(directory)]
    except Exception:
        return []
    seg_prefix = f"{INDEX_NAME}_"
    return [
        n for n in names if n.startswith(seg_prefix) and n != LOCK_NAME and not n.startswith(used)
    ]


def _build_folders(directory: Path) -> list[Path]:
    """Spill folders in the temporary folder named as builds of this index (and ours)."""
    out = []
    try:
        candidates = list(Path(tempfile.gettempdir()).glob(f"{_folder_prefix(directory)}*"))
    except OSError:
        return []
    for folder in candidates:
        try:
            if folder.is_symlink() or folder.stat().st_uid != os.getuid():
                continue
        except OSError:
            continue
        if folder.is_dir():
            out.append(folder)
    return out
