"""Where the bundled corpus lives, in a checkout and in an installed wheel.

Why this module exists: `briefing` with no `--corpus` must work the same from a git checkout
(`corpus/` at the top of the repository) and after `pip install` (the wheel carries the same files
as `briefing/_corpus`).
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled_corpus() -> Path:
    """The folder of seed articles shipped with briefing."""
    installed = _PACKAGE / "_corpus"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / "corpus"
