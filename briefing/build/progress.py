"""How a build reports its progress: a typed record that names what it counts.

Why this module exists: a small update counts source files, a parallel build counts articles
(one JSON Lines file may hold forty thousand); a bare `(done, total)` left every caller to
guess, and the app's status line guessed "files" for both. `Progress` says its unit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

__all__ = ["Progress", "ProgressFn", "Unit"]

Unit = Literal["files", "articles"]


@dataclass(frozen=True, slots=True)
class Progress:
    """`done` of `total` `unit` so far."""

    done: int
    total: int
    unit: Unit

    def __str__(self) -> str:
        return f"{self.done}/{self.total} {self.unit}"


ProgressFn = Callable[[Progress], None]
