"""Web page files on disk: reading their bytes, and a saved page's folder of resources.

Why this module exists: pages (`*.html`, `*.htm`, `*.xhtml`, gzipped or not, and MHTML
`*.mhtml`/`*.mht`) are read here only as far as bytes and decoding go: the document handed on
holds the page's HTML and is marked as a page, and the expensive part (parsing, extraction,
`briefing.ingest.html`) happens in `parse_record`, in the build's worker processes. Pages have a
size limit of their own (`[limits] max_html_bytes`): a saved page of 1-3 MB is normal. A
browser's `name_files/` folder beside a saved `name.html` holds its images and scripts, not
articles: discovery skips it, with one warning counting its files (`resource_folder_of`).
"""

from __future__ import annotations

import gzip
import hashlib
import os
import zlib
from collections.abc import Iterator
from pathlib import Path

from briefing.ingest.rules import Rules
from briefing.ingest.source_file import (
    GZIP_MAGIC,
    RESOURCE_FOLDER_SUFFIXES,
    SourceFile,
    why_unreadable,
)
from briefing.models import InputWarning, RawDocument

__all__ = [
    "count_files",
    "read_html",
    "read_mhtml_file",
    "resource_folder_of",
    "resource_warning",
]


def resource_folder_of(name: str, pages: set[str]) -> str | None:
    """The saved page a folder belongs to (`x_files` beside `x.html`; `pages` holds the
    lower-cased stems of the pages in the same folder), or None."""
    low = name.lower()
    for suffix in RESOURCE_FOLDER_SUFFIXES:
        if low.endswith(suffix) and low[: -len(suffix)] in pages:
            return name[: -len(suffix)]
    return None


def count_files(folder: Path) -> int:
    """Files under `folder` (symbolic links not followed)."""
    return sum(len(files) for _, _, files in os.walk(folder))


def resource_warning(key: str, page: str, n: int) -> InputWarning:
    return InputWarning(
        key,
        f"the saved page {page}'s files folder (images, scripts, styles): "
        f"{n:,} file{'s' if n != 1 else ''} skipped",
    )


def _read_limited(source: SourceFile, limit: int) -> tuple[bytes | None, InputWarning | None]:
    """The file's bytes (ungzipped when it is gzip), or why not; at most `limit` bytes."""
    try:
        with source.path.open("rb") as fh:
            data = fh.read(limit + 1)
            if data[:2] == GZIP_MAGIC:
                fh.seek(0)
                with gzip.GzipFile(fileobj=fh, mode="rb") as gz:
                    data = gz.read(limit + 1)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        text = str(exc) or type(exc).__name__
        return None, InputWarning(source.key, f"corrupt gzip stream: {text}, skipped")
    except OSError as exc:
        return None, InputWarning(source.key, f"cannot read: {why_unreadable(exc)}")
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


def read_html(source: SourceFile, rules: Rules) -> Iterator[RawDocument | InputWarning]:
    """A web page is one article; its HTML is read in `parse_record` (see `ingest.html`)."""
    data, problem = _read_limited(source, rules.max_html_bytes)
    if data is None:
        if problem:
            yield problem
        return
    yield from _page(source, data, None, {})


def read_mhtml_file(source: SourceFile, rules: Rules) -> Iterator[RawDocument | InputWarning]:
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
