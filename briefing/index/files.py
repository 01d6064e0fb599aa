"""The two files briefing keeps beside the Whoosh index: the meta file and the vocabulary.

Why this module exists: the meta file (`briefing-index.json`: schema version, and the size,
mtime and SHA-256 of every source file indexed, including those that yielded no article, so
they are not re-read on every update) is what the build diffs a corpus against; the vocabulary
(`briefing-words.txt`, see `schema.words_of`) is what spelling suggestions read. Both are
written atomically (a temporary file, then a rename).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from briefing.index.schema import SCHEMA_VERSION

__all__ = [
    "CACHE_FOLDER",
    "META_FILE",
    "WORDS_FILE",
    "SourceHashes",
    "Vocabulary",
    "add_words",
    "read_meta",
    "read_sources",
    "write_meta",
]

META_FILE: Final = "briefing-index.json"
WORDS_FILE: Final = "briefing-words.txt"
CACHE_FOLDER: Final = "cache"  # beside the index: what later layers keep of it


@dataclass(slots=True)
class SourceHashes:
    """[sha256, "size:mtime_ns"] per source key: files with articles (`sources`) and files
    that yielded none (`empty`, not re-read while unchanged); and whether symbolic links out
    of the corpus folder were followed (`briefing index --follow-links`, kept until changed);
    and the reading rules and reader the files were read with (`reading`)."""

    sources: dict[str, list[str]] = field(default_factory=dict)
    empty: dict[str, list[str]] = field(default_factory=dict)
    follow_links: bool = False
    reading: str = ""  # what the files were read with (`ingest.reading_key`); "" unknown


def read_meta(directory: Path) -> dict[str, Any]:
    """The meta file's object ({} if it is missing, unreadable or not a JSON object)."""
    try:
        data = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def read_sources(directory: Path) -> SourceHashes:
    """The source files the meta file says are indexed (nothing, if it is lost or damaged;
    an entry of the wrong shape is dropped, so that file is read again)."""
    meta = read_meta(directory)
    return SourceHashes(
        _hashes(meta.get("sources")),
        _hashes(meta.get("empty_sources")),
        meta.get("follow_links") is True,
        reading if isinstance(reading := meta.get("reading"), str) else "",
    )


def _hashes(value: object) -> dict[str, list[str]]:
    if not isinstance(value, dict):
        return {}
    return {
        k: list(v)
        for k, v in value.items()
        if isinstance(k, str)
        and isinstance(v, list)
        and len(v) == 2
        and all(isinstance(x, str) for x in v)
    }


def write_meta(
    directory: Path, hashes: SourceHashes | None = None, files: dict[str, Any] | None = None
) -> None:
    """The schema version, the source hashes and the index's own files (`files`: see
    `integrity.index_files`). Written after each commit; if it is lost or stale,
    changed-looking files are read again and their unchanged records recognised by their
    content hashes."""
    hashes = hashes or SourceHashes()
    data = {
        "schema_version": SCHEMA_VERSION,
        "empty_sources": hashes.empty,
        "sources": hashes.sources,
        "follow_links": hashes.follow_links,
        "reading": hashes.reading,
        "files": files or {},
    }
    tmp = directory / f".{META_FILE}.tmp"
    tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, directory / META_FILE)


def add_words(directory: Path, words: set[str], *, replace: bool = False) -> None:
    """Merge `words` into the sorted vocabulary file (atomically; only if something is new).
    `replace`: the file is written with `words` alone (every article was read again)."""
    if not words and not replace:
        return
    path = directory / WORDS_FILE
    known: set[str] = set()
    if not replace:
        try:
            known = set(path.read_text(encoding="utf-8").split())
        except (FileNotFoundError, ValueError):  # missing or damaged: written anew
            known = set()
        if words <= known:
            return
    tmp = directory / f".{WORDS_FILE}.tmp"
    tmp.write_text("\n".join(sorted(known | words)), encoding="utf-8")
    os.replace(tmp, path)


class Vocabulary:
    """The sorted spelling vocabulary of one index, re-read only when the file changed."""

    def __init__(self, directory: Path) -> None:
        self._path = directory / WORDS_FILE
        self._words: list[str] = []
        self._stamp: tuple[int, int] | None = None

    def words(self) -> list[str]:
        try:
            st = self._path.stat()
            stamp = (st.st_mtime_ns, st.st_size)
            if stamp != self._stamp:
                self._words = sorted(self._path.read_text(encoding="utf-8").split())
                self._stamp = stamp
        except (OSError, ValueError):  # missing or damaged: no suggestions until rewritten
            return []
        return self._words
