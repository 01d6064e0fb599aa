"""Reading a JSON Lines file (plain or gzipped) into raw documents, line by line.

Why this module exists: datasets and crawlers dump articles as JSON Lines, tens of thousands to
a file; they are read as a stream (never whole), each line checked on its own (bad JSON, a line
over the size limit, bytes that are not UTF-8, no body), and each record's own fields mapped
onto briefing's names (`Rules.fields`). One bad line is a warning naming `file:line`; so is a
record nested deeper than `MAX_JSON_DEPTH` (the field readers recurse, and Python's stack is not
a budget a corpus may spend).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from briefing.ingest.rules import Rules
from briefing.ingest.source_file import (
    CHUNK_BYTES,
    GZIP_MAGIC,
    SourceFile,
    too_large,
    why_unreadable,
)
from briefing.ingest.text import clean_line, clean_text
from briefing.models import InputWarning, RawDocument

__all__ = ["MAX_JSON_DEPTH", "Unchanged", "read_jsonl", "read_jsonl_known"]

MAX_JSON_DEPTH = 64  # a news record nests a few levels; hundreds only come from an attack
_LINE_ID = re.compile(r"#(\d+)$")  # an id made from a line number (or a numeric record id)
_SUFFIXED = re.compile(r"~\d+$")  # an id `_unique_id` made unique


@dataclass(frozen=True, slots=True)
class Unchanged:
    """A record whose line is byte for byte one already indexed under `id`: not decoded."""

    id: str
    content_hash: str


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


def read_jsonl(source: SourceFile, rules: Rules) -> Iterator[RawDocument | InputWarning]:
    """A JSON Lines file holds one article per line; read it line by line, gzipped or not."""
    for item in read_jsonl_known(source, rules, None):
        if not isinstance(item, Unchanged):  # (never one: nothing is known)
            yield item


def read_jsonl_known(
    source: SourceFile, rules: Rules, known: Mapping[str, str] | None
) -> Iterator[RawDocument | InputWarning | Unchanged]:
    """`read_jsonl`, and `known` (record hash -> article id, the records indexed from this
    file) lets an update skip decoding the lines it already holds: such a line is yielded as
    `Unchanged` when the id it would be given is sure to be the one it was given
    (`_same_id`); any doubt decodes it. One edited line of a 40,000-record file then costs
    one JSON decode, not 40,000."""
    fmap = _FieldMap(rules.fields)
    stem = source.stem
    ids: set[str] = set()
    limit = max(rules.max_file_bytes, 1)
    records = problems = 0
    bad_utf8 = 0
    first_bad_utf8 = 0
    lineno = 0
    opened = _open_lines(source)
    if isinstance(opened, InputWarning):
        yield opened
        return
    raw, zipped = opened
    with raw:
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
                        f"{source.key}:{lineno}", too_large(len(line) + extra, limit)
                    )
                    continue
                if lineno == 1 and line.startswith(b"\xef\xbb\xbf"):
                    line = line[3:]
                line = line.rstrip(b"\r\n")
                if not line.strip():
                    continue
                if known:
                    same = _same_id(line, known, ids, stem, lineno)
                    if same is not None:
                        records += 1
                        yield same
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


def _open_lines(source: SourceFile) -> tuple[io.BufferedReader, bool] | InputWarning:
    """The file opened for reading and whether it is gzipped, or why it cannot be read."""
    try:
        raw = source.path.open("rb")
    except OSError as exc:
        return InputWarning(source.key, f"cannot read: {why_unreadable(exc)}")
    try:
        zipped = raw.read(2) == GZIP_MAGIC
        raw.seek(0)
    except OSError as exc:
        raw.close()
        return InputWarning(source.key, f"cannot read: {why_unreadable(exc)}")
    return raw, zipped


def _same_id(
    line: bytes, known: Mapping[str, str], ids: set[str], stem: str, lineno: int
) -> Unchanged | None:
    """`Unchanged` for a line indexed before whose id reading it again would give it again.

    The same bytes give the same base id, except one made from a line number (the line may
    have moved) or made unique with `~n` (an earlier record may have changed); those, a line
    that is not UTF-8 (its warning is counted when decoded), and an id already taken in this
    file are decoded as usual."""
    digest = hashlib.sha256(line).hexdigest()
    article_id = known.get(digest)
    if article_id is None or article_id in ids or _SUFFIXED.search(article_id):
        return None
    numbered = _LINE_ID.search(article_id)
    if numbered and article_id != f"{stem}#{lineno}":
        return None
    if not article_id.startswith(f"{stem}#"):
        return None
    if not line.isascii():
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            return None
    ids.add(article_id)
    return Unchanged(article_id, digest)


def _skip_rest_of_line(stream: _LineStream) -> int:
    skipped = 0
    while True:
        chunk = stream.readline(CHUNK_BYTES)
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
    except RecursionError:
        return InputWarning(where, f"nested more than {MAX_JSON_DEPTH} levels deep, skipped")
    except ValueError as exc:
        return InputWarning(where, f"not valid JSON: {_exc_text(exc)}, skipped")
    if _deeper_than(obj, MAX_JSON_DEPTH):
        return InputWarning(where, f"nested more than {MAX_JSON_DEPTH} levels deep, skipped")
    if not isinstance(obj, dict):
        return InputWarning(where, f"not a JSON object (a {_json_type(obj)}), skipped")
    record = _lower_keys(obj)

    body = _record_body(record, fmap)
    if not body:
        return InputWarning(where, f"no body text (looked for {fmap.describe_body()}), skipped")
    fields = _record_fields(record, fmap, rules)
    doc_id = _unique_id(f"{stem}#{fields.get('id') or lineno}", ids)

    return RawDocument(
        id=doc_id,
        path=where,
        text=body,
        content_hash=hashlib.sha256(line).hexdigest(),
        fields=fields,
        source_key=key,
    )


def _record_body(record: dict[str, Any], fmap: _FieldMap) -> str:
    """The first non-empty body field of a record, cleaned ("" if none)."""
    for name in fmap.body:
        value = record.get(name)
        if value is not None:
            body = clean_text(_as_text(value, "\n\n"))
            if body:
                return body
    return ""


def _record_fields(record: dict[str, Any], fmap: _FieldMap, rules: Rules) -> dict[str, str]:
    """The record's named fields (first non-empty candidate each), the outlet canonical."""
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
    return fields


def _unique_id(doc_id: str, ids: set[str]) -> str:
    """`doc_id`, or `doc_id~2`, `~3`, ... if a record of the file already took it."""
    if doc_id in ids:
        n = 2
        while f"{doc_id}~{n}" in ids:
            n += 1
        doc_id = f"{doc_id}~{n}"
    ids.add(doc_id)
    return doc_id


def _deeper_than(obj: Any, limit: int) -> bool:
    """Whether a decoded JSON value nests lists and objects more than `limit` levels (walked
    without recursion: the readers below recurse, and a 1 KB line can nest hundreds deep)."""
    stack: list[tuple[Any, int]] = [(obj, 1)]
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, dict) else value
        if isinstance(value, dict | list):
            if depth > limit:
                return True
            stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


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
