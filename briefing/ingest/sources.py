"""Find the article files in a corpus and read them into raw documents.

Why this module exists: a corpus is whatever a user saved: scraped `.txt` pages in any encoding,
JSON Lines dumps (plain or gzipped) from datasets and crawlers, and the debris that comes with
them (empty files, binaries, broken links, files nobody may read, a gzip cut short). This module
is the one place that touches the corpus on disk. It opens files read-only, turns every problem
into an `InputWarning` naming the file (or `file:line`) and the reason, and carries on, so one bad
file never costs the rest. What it hands on is a `RawDocument`: decoded, cleaned text plus, for
JSON records, the record's own fields under briefing's names (`jsonl` reads those). Recovering
structure from the text and parsing dates happen later (`structure`, `dates`).

Web pages are read by `page_source` (bytes and decoding here, extraction in the workers); a
browser's `name_files/` folder beside a saved page is skipped with one warning.

Adding a file type: add its suffixes to `SUFFIXES`, its kind to `SourceKind`, and a reader to
`_READERS`; list it in `STREAMED_KINDS` if it is read incrementally and so exempt from the size
limit (or in `PAGE_KINDS`, checked against a limit of its own when read).
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path, PurePosixPath
from typing import Final

from briefing.errors import CorpusError
from briefing.ingest.jsonl import Unchanged, read_jsonl, read_jsonl_known
from briefing.ingest.page_source import (
    count_files,
    read_html,
    read_mhtml_file,
    resource_folder_of,
    resource_warning,
)
from briefing.ingest.rules import CORPUS_RULES_NAME, Rules
from briefing.ingest.source_file import (
    DEFAULT_MAX_FILE_BYTES,
    PAGE_KINDS,
    STREAMED_KINDS,
    SUFFIXES,
    SourceFile,
    SourceKind,
    fingerprint,
    id_safe,
    kind_for,
    printable_name,
    strip_suffix,
    too_large,
    why_unreadable,
)
from briefing.ingest.text import clean_text, decode_bytes, is_probably_binary
from briefing.models import InputWarning, RawDocument

__all__ = [
    "DEFAULT_MAX_FILE_BYTES",
    "STREAMED_KINDS",
    "SUFFIXES",
    "SourceFile",
    "SourceKind",
    "discover",
    "fingerprint",
    "kind_for",
    "read_source",
]


# --------------------------------------------------------------------------------------------
# Discovery


def discover(
    corpus: Path,
    max_file_bytes: int | None = DEFAULT_MAX_FILE_BYTES,
    *,
    follow_links: bool = False,
) -> tuple[list[SourceFile], list[InputWarning]]:
    """List the article files under `corpus` (a folder, walked recursively, or a single file).

    Files come sorted by their path relative to the corpus, so the order is the same on every run
    and machine. Hidden files and folders and `briefing.toml` are skipped, and so, silently, are
    files of other types. Files that cannot be read (broken links, no permission, not a regular
    file), empty files, and text files over `max_file_bytes` (None: no limit) are left out with a
    warning each. Symbolic links are followed while they stay inside the corpus folder (all of
    them with `follow_links`); a link that leads out is skipped with a warning naming it. A folder
    reached twice (a link loop) is read once. Keys are printable: a name that is not UTF-8 gets
    `\\xNN` for its odd bytes (`source_file.printable_name`), and the file is still read.

    Raises `CorpusError` when `corpus` itself is missing, unreadable or not a file or folder.
    """
    try:
        st = corpus.stat()
    except FileNotFoundError:
        raise CorpusError(f"{corpus}: no such corpus folder") from None
    except OSError as exc:
        raise CorpusError(f"{corpus}: cannot open corpus folder: {why_unreadable(exc)}") from None
    if stat.S_ISREG(st.st_mode):
        return _discover_file(corpus, st, max_file_bytes)
    if not stat.S_ISDIR(st.st_mode):
        raise CorpusError(f"{corpus}: not a folder or file")

    root = corpus.absolute()
    try:
        with os.scandir(root):
            pass
    except OSError as exc:
        raise CorpusError(f"{corpus}: cannot read corpus folder: {why_unreadable(exc)}") from None

    inside = None if follow_links else corpus.resolve()
    walk = _Walk(max_file_bytes, {(st.st_dev, st.st_ino)}, inside)
    walk.run(root)
    found, warnings = walk.found, walk.warnings
    found.sort(key=lambda s: s.key.split("/"))  # the same order as by PurePosixPath parts
    warnings.sort(key=lambda w: PurePosixPath(w.path).parts)
    return _unique_stems(found), warnings


class _Walk:
    """One walk of a corpus folder: the files found, the warnings, the folders seen."""

    def __init__(
        self, max_file_bytes: int | None, seen_dirs: set[tuple[int, int]], inside: Path | None
    ) -> None:
        self.max_file_bytes = max_file_bytes
        self.inside = inside  # links must lead inside this folder (None: any link is followed)
        self.seen_dirs = seen_dirs
        self.found: list[SourceFile] = []
        self.warnings: list[InputWarning] = []
        self.pending: list[tuple[Path, str]] = []

    def run(self, root: Path) -> None:
        self.pending.append((root, ""))
        while self.pending:
            folder, rel = self.pending.pop()
            try:
                with os.scandir(folder) as it:
                    entries = sorted(it, key=lambda e: e.name)
            except OSError as exc:
                self.warnings.append(
                    InputWarning(rel or ".", f"cannot read folder: {why_unreadable(exc)}")
                )
                continue
            pages = {
                strip_suffix(e.name).lower() for e in entries if kind_for(e.name) in PAGE_KINDS
            }
            for entry in entries:
                name = entry.name
                if name.startswith(".") or name == CORPUS_RULES_NAME:
                    continue
                shown = printable_name(name)
                key = f"{rel}/{shown}" if rel else shown
                page = resource_folder_of(name, pages) if pages else None
                if page is not None and entry.is_dir():  # a saved page's images and scripts
                    n = count_files(folder / name)
                    self.warnings.append(resource_warning(key, printable_name(page), n))
                    continue
                self._visit(entry, folder / name, key)

    def _visit(self, entry: os.DirEntry[str], path: Path, key: str) -> None:
        name = entry.name
        try:
            entry_st = entry.stat()  # follows symbolic links
        except FileNotFoundError:
            if entry.is_symlink() and (kind_for(name) or "." not in name):
                self.warnings.append(InputWarning(key, "broken symbolic link, skipped"))
            return
        except OSError as exc:
            if kind_for(name):
                self.warnings.append(InputWarning(key, f"cannot read: {why_unreadable(exc)}"))
            return
        is_dir = stat.S_ISDIR(entry_st.st_mode)
        if (is_dir or kind_for(name)) and self._leads_out(entry, path):
            self.warnings.append(
                InputWarning(
                    key,
                    "symbolic link to outside the corpus folder, skipped "
                    "(`briefing index --follow-links` reads it)",
                )
            )
            return
        if is_dir:
            ident = (entry_st.st_dev, entry_st.st_ino)
            if ident not in self.seen_dirs:
                self.seen_dirs.add(ident)
                self.pending.append((path, key))
            return
        kind = kind_for(name)
        if kind is None:
            return
        source, problem = _check(key, path, kind, entry_st, self.max_file_bytes)
        if source is not None:
            self.found.append(source)
        if problem is not None:
            self.warnings.append(problem)

    def _leads_out(self, entry: os.DirEntry[str], path: Path) -> bool:
        """A symbolic link whose target is outside the corpus folder (when that matters)."""
        if self.inside is None or not entry.is_symlink():
            return False
        try:
            target = path.resolve()
        except (OSError, RuntimeError):
            return True
        return not target.is_relative_to(self.inside)


def _discover_file(
    path: Path, st: os.stat_result, max_file_bytes: int | None
) -> tuple[list[SourceFile], list[InputWarning]]:
    kind = kind_for(path.name)
    if kind is None:
        known = ", ".join(f"*{s}" for s, _ in SUFFIXES)
        return [], [InputWarning(path.name, f"not a file type briefing reads ({known})")]
    source, problem = _check(printable_name(path.name), path.absolute(), kind, st, max_file_bytes)
    return ([source] if source else []), ([problem] if problem else [])


def _check(
    key: str, path: Path, kind: SourceKind, st: os.stat_result, max_file_bytes: int | None
) -> tuple[SourceFile | None, InputWarning | None]:
    """A found file, or why it is left out."""
    if not stat.S_ISREG(st.st_mode):
        return None, InputWarning(key, "not a regular file, skipped")
    if st.st_size == 0:
        return None, InputWarning(key, "empty file, skipped")
    if (
        max_file_bytes is not None
        and kind not in STREAMED_KINDS
        and kind not in PAGE_KINDS  # pages: their own limit, when read
        and st.st_size > max_file_bytes
    ):
        return None, InputWarning(key, too_large(st.st_size, max_file_bytes))
    try:
        _probe(path)
    except OSError as exc:
        return None, InputWarning(key, f"cannot read: {why_unreadable(exc)}")
    return SourceFile(key, path, kind, st.st_size, st.st_mtime_ns), None


def _probe(path: Path) -> None:
    """Open and close the file read-only: the honest test of whether it can be read."""
    os.close(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)))


def _unique_stems(sources: list[SourceFile]) -> list[SourceFile]:
    """Files whose keys differ only by suffix (`a.txt`, `a.text`) would mint the same article
    ids; the second and later ones build ids from their whole key instead."""
    taken: set[str] = set()
    out: list[SourceFile] = []
    for src in sources:
        stem = src.stem
        if stem in taken:
            stem = id_safe(src.key)
            n = 2
            while stem in taken:
                stem, n = f"{id_safe(src.key)}~{n}", n + 1
            src = SourceFile(src.key, src.path, src.kind, src.size, src.mtime_ns, stem)
        taken.add(stem)
        out.append(src)
    return out


# --------------------------------------------------------------------------------------------
# Reading

Reader = Callable[[SourceFile, Rules], Iterator[RawDocument | InputWarning]]


def read_changed(
    source: SourceFile, rules: Rules, known: Mapping[str, str]
) -> Iterator[RawDocument | InputWarning | Unchanged]:
    """`read_source` for an update: `known` (record hash -> article id, what is indexed from
    this file) lets a JSON Lines file's unchanged lines come back as `Unchanged`, not decoded
    (see `read_jsonl_known`); other files are read whole as before."""
    if known and source.kind == "jsonl":
        yield from read_jsonl_known(source, rules, known)
    else:
        yield from read_source(source, rules)


def read_source(source: SourceFile, rules: Rules) -> Iterator[RawDocument | InputWarning]:
    """Yield the raw documents of one file, and a warning for anything that could not be read.

    Never raises for bad input, and never modifies the file.
    """
    reader = _READERS.get(source.kind)
    if reader is None:
        yield InputWarning(source.key, f"no reader for files of kind {source.kind!r}")
        return
    yield from reader(source, rules)


def _read_text(source: SourceFile, rules: Rules) -> Iterator[RawDocument | InputWarning]:
    """A plain text file is one article: its whole (decoded, cleaned) text."""
    limit = rules.max_file_bytes
    try:
        with source.path.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        yield InputWarning(source.key, f"cannot read: {why_unreadable(exc)}")
        return
    if len(data) > limit:
        yield InputWarning(source.key, too_large(max(len(data), source.size), limit))
        return
    if not data:
        yield InputWarning(source.key, "empty file, skipped")
        return
    if is_probably_binary(data):
        yield InputWarning(source.key, "binary file, skipped")
        return
    text, encoding = decode_bytes(data)
    if encoding is not None:
        yield InputWarning(source.key, f"not UTF-8: decoded as {encoding}")
    text = clean_text(text)
    if not text:
        yield InputWarning(source.key, "empty (only whitespace), skipped")
        return
    yield RawDocument(
        id=source.stem,
        path=source.key,
        text=text,
        content_hash=hashlib.sha256(data).hexdigest(),
        fields={},
        source_key=source.key,
    )


_READERS: Final[dict[str, Reader]] = {
    "text": _read_text,
    "jsonl": read_jsonl,
    "html": read_html,
    "mhtml": read_mhtml_file,
}
