"""One file of a corpus (`SourceFile`): its kind, its key, its fingerprint.

Why this module exists: discovery (`sources`) and the readers (`sources` for text, `jsonl` for
JSON Lines) all speak of the same files, kinds and limits; this is that shared vocabulary, with
the one-line reasons they give when a file cannot be read.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from briefing.formats import SUFFIXES, SourceKind

__all__ = [
    "CHUNK_BYTES",
    "DEFAULT_MAX_FILE_BYTES",
    "GZIP_MAGIC",
    "PAGE_KINDS",
    "RESOURCE_FOLDER_SUFFIXES",
    "STREAMED_KINDS",
    "SUFFIXES",
    "SourceFile",
    "SourceKind",
    "fingerprint",
    "id_safe",
    "kind_for",
    "name_bytes",
    "printable_name",
    "strip_suffix",
    "too_large",
    "why_unreadable",
]


# Kinds read record by record, never whole: exempt from the file size limit.
STREAMED_KINDS: Final[frozenset[str]] = frozenset({"jsonl"})
DEFAULT_MAX_FILE_BYTES: Final = 5_000_000
# Web pages: their own limit, checked when they are read (`Rules.max_html_bytes`).
PAGE_KINDS: Final[frozenset[str]] = frozenset({"html", "mhtml"})
# What browsers call the folder of a saved page's images and scripts ("name_files" beside
# "name.html"; Firefox localises it).
RESOURCE_FOLDER_SUFFIXES: Final = (
    "_files", "-files", "_file", "-dateien", "_fichiers", "_archivos", "_arquivos",
    "-bestanden", "_bestanden", "_soubory", "_pliki", "_filer", "_tiedostot",
)  # fmt: skip

CHUNK_BYTES: Final = 1 << 20  # read size for hashing and long lines
GZIP_MAGIC: Final = b"\x1f\x8b"


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One file of the corpus, as found by `discover`.

    `key` is the file's path relative to the corpus root in POSIX form (for a corpus that is a
    single file, its name): unique within a corpus, stable across machines, and what warnings and
    the index call the file. `id_base` is the stem article ids are built from (the key without its
    suffix); `discover` sets it only when two files would otherwise share one (`a.txt`, `a.text`).
    """

    key: str
    path: Path
    kind: SourceKind
    size: int
    mtime_ns: int
    id_base: str = ""

    @property
    def stem(self) -> str:
        """What this file's article ids start with: `sub/name` for `sub/name.jsonl.gz` (with
        `#` written `%23`: only a JSON Lines record's id has a `#`, so ids of different files
        never meet)."""
        return id_safe(self.id_base or _strip_suffix(self.key))

    def fingerprint(self) -> str:
        """See `fingerprint`."""
        return fingerprint(self)


def fingerprint(source: SourceFile) -> str:
    """SHA-256 (hex) of the file's bytes, read in chunks; what the index compares to see change.

    Raises `OSError` if the file can no longer be read (it vanished since `discover`).
    """
    digest = hashlib.sha256()
    with source.path.open("rb") as fh:
        while chunk := fh.read(CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def id_safe(stem: str) -> str:
    """`stem` without `#` (written `%23`), the separator of a record's id from its file's."""
    return stem.replace("#", "%23")


def printable_name(name: str) -> str:
    """A file or folder name as read from the OS, made printable and reversible: bytes that
    are not UTF-8 (decoded by Python as lone surrogates) become `\\xNN`, and a backslash
    becomes two. `name_bytes` maps the result back to the name's bytes."""
    if "\\" not in name and not _has_surrogates(name):
        return name
    out = []
    for ch in name:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:
            out.append(f"\\x{code - 0xDC00:02x}")
        elif ch == "\\":
            out.append("\\\\")
        else:
            out.append(ch)
    return "".join(out)


def name_bytes(printable: str) -> bytes:
    """The bytes of the name `printable_name` gave `printable`."""
    out = bytearray()
    i = 0
    while i < len(printable):
        ch = printable[i]
        if ch == "\\" and printable[i + 1 : i + 2] == "\\":
            out += b"\\"
            i += 2
        elif ch == "\\" and printable[i + 1 : i + 2] == "x":
            out.append(int(printable[i + 2 : i + 4], 16))
            i += 4
        else:
            out += ch.encode("utf-8")
            i += 1
    return bytes(out)


def _has_surrogates(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def kind_for(name: str) -> SourceKind | None:
    """The kind of file a name stands for, or None if briefing does not read it."""
    low = name.lower()
    for suffix, kind in SUFFIXES:
        if low.endswith(suffix) and len(low) > len(suffix):
            return kind
    return None


def strip_suffix(key: str) -> str:
    """A key without the suffix that made it a source (`a/b.html.gz` -> `a/b`)."""
    return _strip_suffix(key)


def _strip_suffix(key: str) -> str:
    low = key.lower()
    for suffix, _ in SUFFIXES:
        if low.endswith(suffix) and len(low) > len(suffix):
            return key[: -len(suffix)]
    return key


def why_unreadable(exc: OSError) -> str:
    """The reason an OS error gives, lower-cased, for a warning."""
    reason = exc.strerror or type(exc).__name__
    return reason[:1].lower() + reason[1:]


def too_large(size: int, limit: int) -> str:
    return f"too large ({size:,} bytes; the limit is {limit:,}), skipped"
