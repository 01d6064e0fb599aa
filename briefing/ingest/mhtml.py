"""MHTML (`.mhtml`, `.mht`): a whole saved page in one MIME file, as Chrome saves it.

Why this module exists: "Save page as... Webpage, single file" writes the page and its images,
styles and scripts as parts of one `multipart/related` MIME message. Only the first `text/html`
part is the article's page; its `Content-Location` is the page's URL, and its charset comes from
its `Content-Type` header. The standard library's `email` package reads the MIME structure and
undoes quoted-printable and base64.
"""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass
from email.message import Message


@dataclass(frozen=True, slots=True)
class MhtmlPage:
    html: bytes
    charset: str | None
    url: str | None


def read_mhtml(data: bytes) -> MhtmlPage | None:
    """The page part of an MHTML file, or None when the file holds no HTML part."""
    try:
        message = email.message_from_bytes(data, policy=email.policy.compat32)
    except Exception:  # a damaged MIME file: no page, never a crash
        return None
    root_url = message.get("Snapshot-Content-Location") or message.get("Content-Location")
    for part in message.walk():
        if part.is_multipart() or part.get_content_type() != "text/html":
            continue
        payload = _payload(part)
        if payload is None:
            continue
        url = part.get("Content-Location") or root_url
        charset = part.get_content_charset()
        return MhtmlPage(payload, charset, url.strip() if isinstance(url, str) else None)
    return None


def _payload(part: Message) -> bytes | None:
    try:
        payload = part.get_payload(decode=True)
    except Exception:
        return None
    return payload if isinstance(payload, bytes) and payload.strip() else None
