"""Find the article files in a corpus and read them into raw documents.

Why this module exists: a corpus is whatever a user saved: scraped `.txt` pages in any encoding,
JSON Lines dumps (plain or gzipped) from datasets and crawlers, and the debris that comes with
them (empty files, binaries, broken links, files nobody may read, a gzip cut short). This module
is the one place that touches the corpus on disk. It opens files read-only, turns every problem
into an `InputWarning` naming the file (or `file:line`) and the reason, and carries on, so one bad
file never costs the rest. What it hands on is a `RawDocument`: decoded, cleaned text plus, for
JSON records, the record's own fields under briefing's names. Recovering structure from the text
and parsing dates happen later (`structure`, `dates`).

Web pages (`*.html`, `*.htm`, `*.xhtml`, gzipped or not, and MHTML `*.mhtml`/`*.mht`) are read
here only as far as bytes and decoding go: the document handed on holds the page's HTML and is
marked as a page, and the expensive part (parsing, extraction) happens in `parse_record`, in the
build's worker processes. Pages have a size limit of their own (`[limits] max_html_bytes`): a
saved page of 1-3 MB is normal. A browser's `name_files/` folder beside a saved `name.html`
holds its images and scripts, not articles: it is skipped, with one warning counting its files.

Adding a file type: add its suffixes to `SUFFIXES`, its kind to `SourceKind`, and a reader to
`_READERS`; list it in `STREAMED_KINDS` if it is read incrementally and so exempt from the size
limit.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import stat
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Final, Literal, Protocol

from briefing.errors import CorpusError
from briefing.ingest.rules import CORPUS_RULES_NAME, Rules
from briefing.ingest.text import clean_line, clean_text, decode_bytes, is_probably_binary
from briefing.models import InputWarning, RawDocument

__all__ = [
    "DEFAULT_MAX_FILE_BYTES",
    "PAGE_KINDS",
    "STREAMED_KINDS",
    "SUFFIXES",
    "SourceFile",
    "SourceKind",
    "discover",
    "fingerprint",
    "kind_for",
    "read_source",
]

SourceKind = Literal["text", "jsonl", "html", "mhtml"]

# File name endings briefing reads, matched case-insensitively, longest first.
SUFFIXES: Final[tuple[tuple[str, SourceKind], ...]] = (
    (".jsonl.gz", "jsonl"),
    (".ndjson.gz", "jsonl"),
    (".jsonl", "jsonl"),
    (".ndjson", "jsonl"),
    (".txt", "text"),
    (".text", "text"),
    (".html.gz", "html"),
    (".htm.gz", "html"),
    (".xhtml.gz", "html"),
    (".xhtml", "html"),
    (".html", "html"),
    (".htm", "html"),
    (".mhtml", "mhtml"),
    (".mht", "mhtml"),
)
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

_CHUNK: Final = 1 << 20
_GZIP_MAGIC: Final = b"\x1f\x8b"


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
        """What this file's article ids start with: `sub/name` for `sub/name.jsonl.gz`."""
        return self.id_base or _strip_suffix(self.key)

    def fingerprint(self) -> str:
        """See `fingerprint`."""
        return fingerprint(self)


def fingerprint(source: SourceFile) -> str:
    """SHA-256 (hex) of the file's bytes, read in chunks; what the index compares to see change.

    Raises `OSError` if the file can no longer be read (it vanished since `discover`).
    """
    digest = hashlib.sha256()
    with source.path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def kind_for(name: str) -> SourceKind | None:
    """The kind of file a name stands for, or None if briefing does not read it."""
    low = name.lower()
    for suffix, kind in SUFFIXES:
        if low.endswith(suffix) and len(low) > len(suffix):
            return kind
    return None


def _strip_suffix(key: str) -> str:
    low = key.lower()
    for suffix, _ in SUFFIXES:
        if low.endswith(suffix) and len(low) > len(suffix):
            return key[: -len(suffix)]
    return key


# --------------------------------------------------------------------------------------------
# Discovery


def discover(
    corpus: Path, max_file_bytes: int | None = DEFAULT_MAX_FILE_BYTES
) -> tuple[list[SourceFile], list[InputWarning]]:
    """List the article files under `corpus` (a folder, walked recursively, or a single file).

    Files come sorted by their path relative to the corpus, so the order is the same on every run
    and machine. Hidden files and folders and `briefing.toml` are skipped, and so, silently, are
    files of other types. Files that cannot be read (broken links, no permission, not a regular
    file), empty files, and text files over `max_file_bytes` (None: no limit) are left out with a
    warning each. Symbolic links are followed; a folder reached twice (a link loop) is read once.

    Raises `CorpusError` when `corpus` itself is missing, unreadable or not a file or folder.
    """
    try:
        st = corpus.stat()
    except FileNotFoundError:
        raise CorpusError(f"{corpus}: no such corpus folder") from None
    except OSError as exc:
        raise CorpusError(f"{corpus}: cannot open corpus folder: {_why(exc)}") from None
    if stat.S_ISREG(st.st_mode):
        return _discover_file(corpus, st, max_file_bytes)
    if not stat.S_ISDIR(st.st_mode):
        raise CorpusError(f"{corpus}: not a folder or file")

    root = corpus.absolute()
    try:
        with os.scandir(root):
            pass
    except OSError as exc:
        raise CorpusError(f"{corpus}: cannot read corpus folder: {_why(exc)}") from None

    found: list[SourceFile] = []
    warnings: list[InputWarning] = []
    seen_dirs = {(st.st_dev, st.st_ino)}
    pending: list[tuple[Path, str]] = [(root, "")]
    while pending:
        folder, rel = pending.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            warnings.append(InputWarning(rel or ".", f"cannot read folder: {_why(exc)}"))
            continue
        pages = {_strip_suffix(e.name).lower() for e in entries if kind_for(e.name) in PAGE_KINDS}
        for entry in entries:
            name = entry.name
            if name.startswith(".") or name == CORPUS_RULES_NAME:
                continue
            key = f"{rel}/{name}" if rel else name
            path = folder / name
            page = _page_of_resources(name, pages) if pages else None
            if page is not None and entry.is_dir():
                n = _count_files(path)
                warnings.append(
                    InputWarning(
                        key,
                        f"the saved page {page}'s files folder (images, scripts, styles): "
                        f"{n:,} file{'s' if n != 1 else ''} skipped",
                    )
                )
                continue
            try:
                entry_st = entry.stat()  # follows symbolic links
            except FileNotFoundError:
                if entry.is_symlink() and (kind_for(name) or "." not in name):
                    warnings.append(InputWarning(key, "broken symbolic link, skipped"))
                continue
            except OSError as exc:
                if kind_for(name):
                    warnings.append(InputWarning(key, f"cannot read: {_why(exc)}"))
                continue
            if stat.S_ISDIR(entry_st.st_mode):
                ident = (entry_st.st_dev, entry_st.st_ino)
                if ident not in seen_dirs:
                    seen_dirs.add(ident)
                    pending.append((path, key))
                continue
            kind = kind_for(name)
            if kind is None:
                continue
            source, problem = _check(key, path, kind, entry_st, max_file_bytes)
            if source is not None:
                found.append(source)
            if problem is not None:
                warnings.append(problem)
    found.sort(key=lambda s: s.key.split("/"))  # the same order as by PurePosixPath parts
    warnings.sort(key=lambda w: PurePosixPath(w.path).parts)
    return _unique_stems(found), warnings


def _discover_file(
    path: Path, st: os.stat_result, max_file_bytes: int | None
) -> tuple[list[SourceFile], list[InputWarning]]:
    kind = kind_for(path.name)
    if kind is None:
        known = ", ".join(f"*{s}" for s, _ in SUFFIXES)
        return [], [InputWarning(path.name, f"not a file type briefing reads ({known})")]
    source, problem = _check(path.name, path.absolute(), kind, st, max_file_bytes)
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
        and kind not in PAGE_KINDS
        and st.st_size > max_file_bytes
    ):
        return None, InputWarning(key, _too_large(st.st_size, max_file_bytes))
    try:
        _probe(path)
    except OSError as exc:
        return None, InputWarning(key, f"cannot read: {_why(exc)}")
    return SourceFile(key, path, kind, st.st_size, st.st_mtime_ns), None


def _page_of_resources(name: str, pages: set[str]) -> str | None:
    """The saved page a folder belongs to (`x_files` beside `x.html`), or None."""
    low = name.lower()
    for suffix in RESOURCE_FOLDER_SUFFIXES:
        if low.endswith(suffix) and low[: -len(suffix)] in pages:
            return name[: -len(suffix)]
    return None


def _count_files(folder: Path) -> int:
    """Files under `folder` (symbolic links not followed); errors just end the count early."""
    n = 0
    for _, _, files in os.walk(folder):
        n += len(files)
    return n


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
            stem = src.key
            n = 2
            while stem in taken:
                stem, n = f"{src.key}~{n}", n + 1
            src = SourceFile(src.key, src.path, src.kind, src.size, src.mtime_ns, stem)
        taken.add(stem)
        out.append(src)
    return out


def _why(exc: OSError) -> str:
    reason = exc.strerror or type(exc).__name__
    return reason[:1].lower() + reason[1:]


def _too_large(size: int, limit: int) -> str:
    return f"too large ({size:,} bytes; the limit is {limit:,}), skipped"


# --------------------------------------------------------------------------------------------
# Reading

Reader = Callable[[SourceFile, Rules], Iterator[RawDocument | InputWarning]]


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
        yield InputWarning(source.key, f"cannot read: {_why(exc)}")
        return
    if len(data) > limit:
        yield InputWarning(source.key, _too_large(max(len(data), source.size), limit))
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


# JSON Lines ---------------------------------------------------------------------------------


class _LineStream(Protocol):
    """What the JSON Lines reader needs of a (possibly gzip) byte stream."""

    def readline(self, size: int | None = -1, /) -> bytes: ...

    def close(self) -> None: ...


class _FieldMap:
    """`Rules.fields` prepared for fast lookup: lower-cased candidate keys per briefing name."""

    def __init__(self, fields: Mapping[str, tuple[str, ...]]) -> None:
        self.candidates: dict[str, tuple[str, ...]] = {
            name: tuple(dict.fromkeys(k.lower() for k in keys)) for name, keys in fields.items()
        }
        self.body = self.candidates.pop("body", ("body", "text", "content"))

    def describe_body(self) -> str:
        return ", ".join(self.body)


def _read_jsonl(source: SourceFile, rules: Rules) -> Iterator[RawDocument | InputWarning]:
    """A JSON Lines file holds one article per line; read it line by line, gzipped or not."""
    fmap = _FieldMap(rules.fields)
    stem = source.stem
    ids: set[str] = set()
    limit = max(rules.max_file_bytes, 1)
    records = problems = 0
    bad_utf8 = 0
    first_bad_utf8 = 0
    lineno = 0
    try:
        raw = source.path.open("rb")
    except OSError as exc:
        yield InputWarning(source.key, f"cannot read: {_why(exc)}")
        return
    with raw:
        try:
            zipped = raw.read(2) == _GZIP_MAGIC
            raw.seek(0)
        except OSError as exc:
            yield InputWarning(source.key, f"cannot read: {_why(exc)}")
            return
        stream: _LineStream = gzip.GzipFile(fileobj=raw, mode="rb") if zipped else raw
        try:
            while True:
                extra = 0
                try:
                    line = stream.readline(limit + 1)
                    if len(line) > limit and not line.endswith(b"\n"):
                        extra = _skip_rest_of_line(stream)
                except (OSError, EOFError, zlib.error) as exc:
                    what = "corrupt gzip stream" if zipped else "read error"
                    kept = f"{records} record{'s' if records != 1 else ''} before it kept"
                    yield InputWarning(
                        source.key, f"{what} after line {lineno}: {_exc_text(exc)}; {kept}"
                    )
                    problems += 1
                    break
                if not line:
                    break
                lineno += 1
                if extra:
                    problems += 1
                    yield InputWarning(
                        f"{source.key}:{lineno}", _too_large(len(line) + extra, limit)
                    )
                    continue
                if lineno == 1 and line.startswith(b"\xef\xbb\xbf"):
                    line = line[3:]
                line = line.rstrip(b"\r\n")
                if not line.strip():
                    continue
                try:
                    decoded = line.decode("utf-8")
                except UnicodeDecodeError:
                    decoded = line.decode("utf-8", "replace")
                    bad_utf8 += 1
                    first_bad_utf8 = first_bad_utf8 or lineno
                item = _record(decoded, line, source.key, stem, lineno, fmap, rules, ids)
                if isinstance(item, InputWarning):
                    problems += 1
                else:
                    records += 1
                yield item
        finally:
            stream.close()
    if bad_utf8:
        yield InputWarning(
            source.key,
            f"not UTF-8 on {bad_utf8} line{'s' if bad_utf8 != 1 else ''} (first: line "
            f"{first_bad_utf8}); undecodable bytes replaced",
        )
    if not records and not problems:
        yield InputWarning(source.key, "no records (only blank lines), skipped")


def _skip_rest_of_line(stream: _LineStream) -> int:
    skipped = 0
    while True:
        chunk = stream.readline(_CHUNK)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped


def _exc_text(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text[:1].lower() + text[1:]


def _record(
    decoded: str,
    line: bytes,
    key: str,
    stem: str,
    lineno: int,
    fmap: _FieldMap,
    rules: Rules,
    ids: set[str],
) -> RawDocument | InputWarning:
    """One JSON Lines record as a raw document, or why it is not one."""
    where = f"{key}:{lineno}"
    try:
        obj = json.loads(decoded)
    except json.JSONDecodeError as exc:
        return InputWarning(where, f"not valid JSON: {exc.msg} (column {exc.colno}), skipped")
    except (ValueError, RecursionError) as exc:
        return InputWarning(where, f"not valid JSON: {_exc_text(exc)}, skipped")
    if not isinstance(obj, dict):
        return InputWarning(where, f"not a JSON object (a {_json_type(obj)}), skipped")
    record = _lower_keys(obj)

    body = ""
    for name in fmap.body:
        value = record.get(name)
        if value is not None:
            body = clean_text(_as_text(value, "\n\n"))
            if body:
                break
    if not body:
        return InputWarning(where, f"no body text (looked for {fmap.describe_body()}), skipped")

    fields: dict[str, str] = {}
    for field, names in fmap.candidates.items():
        for name in names:
            value = record.get(name)
            if value is None:
                continue
            text = clean_line(_as_text(value, ", "))
            if text:
                fields[field] = text
                break

    outlet = fields.get("outlet")
    if outlet:
        fields["outlet"] = rules.canonical_outlet(outlet)
    else:
        by_host = rules.outlet_by_host(fields.get("url"))
        if by_host:
            fields["outlet"] = by_host

    doc_id = f"{stem}#{fields.get('id') or lineno}"
    if doc_id in ids:
        n = 2
        while f"{doc_id}~{n}" in ids:
            n += 1
        doc_id = f"{doc_id}~{n}"
    ids.add(doc_id)

    return RawDocument(
        id=doc_id,
        path=where,
        text=body,
        content_hash=hashlib.sha256(line).hexdigest(),
        fields=fields,
        source_key=key,
    )


def _lower_keys(obj: dict[str, Any]) -> dict[str, Any]:
    """Keys lower-cased for case-insensitive lookup; on a clash the first spelling wins."""
    if all(k.islower() or k == k.lower() for k in obj):
        return obj
    out: dict[str, Any] = {}
    for k, v in obj.items():
        out.setdefault(k.lower(), v)
    return out


def _as_text(value: Any, joiner: str) -> str:
    """A JSON value as text: strings as they are, lists joined, objects by their name."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return joiner.join(p for p in (_as_text(v, joiner) for v in value) if p.strip())
    if isinstance(value, dict):
        named = _lower_keys(value)
        for key in ("name", "title", "text", "value", "label"):
            inner = named.get(key)
            if isinstance(inner, str | int | float) and not isinstance(inner, bool):
                return str(inner)
    return ""


def _json_type(value: Any) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    if value is None:
        return "null"
    return "number"


# Web pages ----------------------------------------------------------------------------------


def _read_limited(source: SourceFile, limit: int) -> tuple[bytes | None, InputWarning | None]:
    """The file's bytes (ungzipped when it is gzip), or why not; at most `limit` bytes."""
    try:
        with source.path.open("rb") as fh:
            data = fh.read(limit + 1)
            if data[:2] == _GZIP_MAGIC:
                fh.seek(0)
                with gzip.GzipFile(fileobj=fh, mode="rb") as gz:
                    data = gz.read(limit + 1)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        return None, InputWarning(source.key, f"corrupt gzip stream: {_exc_text(exc)}, skipped")
    except OSError as exc:
        return None, InputWarning(source.key, f"cannot read: {_why(exc)}")
    if len(data) > limit:
        size = max(len(data), source.size)
        return None, InputWarning(
            source.key,
            f"too large for a web page ({size:,}+ bytes; the limit for HTML pages is "
            f"{limit:,}, [limits] max_html_bytes), skipped",
        )
    if not data.strip():
        return None, InputWarning(source.key, "empty file, skipped")
    return data, None


def _page(
    source: SourceFile, html: bytes, charset: str | None, fields: dict[str, str]
) -> Iterator[RawDocument | InputWarning]:
    from briefing.ingest.html import PAGE_FIELD, decode_page, looks_like_html

    if not looks_like_html(html):
        yield InputWarning(source.key, "not HTML (no HTML tags in it), skipped")
        return
    text, note = decode_page(html, charset)
    if note:
        yield InputWarning(source.key, f"page encoding: {note}")
    yield RawDocument(
        id=source.stem,
        path=source.key,
        text=text,
        content_hash=hashlib.sha256(html).hexdigest(),
        fields={PAGE_FIELD: source.kind, **fields},
        source_key=source.key,
    )


def _read_html(source: SourceFile, rules: Rules) -> Iterator[RawDocument | InputWarning]:
    """A web page is one article; its HTML is read in `parse_record` (see `ingest.html`)."""
    data, problem = _read_limited(source, rules.max_html_bytes)
    if data is None:
        if problem:
            yield problem
        return
    yield from _page(source, data, None, {})


def _read_mhtml(source: SourceFile, rules: Rules) -> Iterator[RawDocument | InputWarning]:
    """An MHTML file (a page saved as one file): its HTML part, with its URL and charset."""
    from briefing.ingest.mhtml import read_mhtml

    data, problem = _read_limited(source, rules.max_html_bytes)
    if data is None:
        if problem:
            yield problem
        return
    page = read_mhtml(data)
    if page is None:
        yield InputWarning(source.key, "not an MHTML page (no text/html part in it), skipped")
        return
    yield from _page(source, page.html, page.charset, {"url": page.url} if page.url else {})


_READERS: Final[dict[str, Reader]] = {
    "text": _read_text,
    "jsonl": _read_jsonl,
    "html": _read_html,
    "mhtml": _read_mhtml,
}
