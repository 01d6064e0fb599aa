"""Where a corpus's index lives on disk.

Why this module exists: the CLI, the app, the tests and the benchmark must all agree on one
folder per corpus (an explicit folder, else `$BRIEFING_INDEX_DIR`, else the user's cache), and
that rule has nothing to do with how the index is stored.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Final

from platformdirs import user_cache_dir

__all__ = ["ENV_INDEX_DIR", "default_index_dir", "resolve_index_dir"]

ENV_INDEX_DIR: Final = "BRIEFING_INDEX_DIR"


def default_index_dir(corpus: Path) -> Path:
    """`<user cache>/briefing/indexes/<folder name>-<sha1 of the absolute path, 12 hex>`."""
    resolved = corpus.expanduser().resolve()
    digest = hashlib.sha1(os.fsencode(resolved)).hexdigest()[:12]
    # A name that is not UTF-8 keeps its other letters (the digest tells folders apart).
    name = resolved.name.encode("utf-8", "replace").decode("utf-8") or "corpus"
    return Path(user_cache_dir("briefing")) / "indexes" / f"{name}-{digest}"


def resolve_index_dir(corpus: Path, index_dir: Path | None = None) -> Path:
    """An explicit `index_dir`, else `$BRIEFING_INDEX_DIR` (used as is), else the default."""
    if index_dir is not None:
        return index_dir
    env = os.environ.get(ENV_INDEX_DIR)
    if env:
        return Path(env).expanduser()
    return default_index_dir(corpus)
