"""What an index's articles were read with: the reading rules and briefing's own reader.

Why this module exists: an update reads only the files that changed, so an article stays as
it was read when it was indexed. When the rules change (a line added to the corpus's
`briefing.toml`, the user's `rules.toml`) or briefing itself does (a new version reads dates,
outlets or page text differently), every unchanged file would keep its old reading, and the
timeline, search and events would mix two readings without saying so. The key names both:
a digest of the merged rules and of the reader's source files. The index records it; a
workspace whose key differs reads every file again (`Workspace.update`).
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from briefing.ingest.rules import Rules

__all__ = ["reading_key"]

_PACKAGE = Path(__file__).resolve().parent  # briefing/ingest: the reader
_MODELS = _PACKAGE.parent / "models.py"  # the records it produces


@lru_cache(maxsize=1)
def _reader_digest() -> str:
    """A digest of the reader's source (its modules and built-in rules), once per process."""
    h = hashlib.sha256()
    files = sorted(p for p in _PACKAGE.rglob("*") if p.suffix in (".py", ".toml") and p.is_file())
    for path in [*files, _MODELS]:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        h.update(path.relative_to(_PACKAGE.parent).as_posix().encode())
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def reading_key(rules: Rules) -> str:
    """A short digest of `rules` (their merged data, as read) and of the reader's code."""
    data = rules.recipe.get("data", {}) if rules.recipe else {}
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    h = hashlib.sha256(_reader_digest().encode())
    h.update(text.encode("utf-8"))
    return h.hexdigest()[:24]
