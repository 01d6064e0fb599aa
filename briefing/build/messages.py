"""The messages of a parallel build, between the main process and its workers.

Why this module exists: the worker protocol was positional tuples over a pipe (`("chunk", k,
count, warnings, ...)`), readable only next to the code that packed them. These frozen records
are what goes in on a worker's stdin (`WorkerJob`) and comes back on its stdout, one JSON line
each (`codec`; the spilled records are JSON too, `spill`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from briefing.index import Segment
from briefing.ingest import Rules
from briefing.models import InputWarning, RawDocument

__all__ = [
    "ChunkDone",
    "Pending",
    "PipeClosed",
    "ShareDone",
    "WorkerFailed",
    "WorkerJob",
    "WorkerMessage",
]


@dataclass(frozen=True, slots=True)
class Pending:
    """A raw record still to be parsed, and the source file it came from."""

    raw: RawDocument
    key: str


@dataclass(frozen=True, slots=True)
class WorkerJob:
    """What worker `worker` is to do: parse the records spilled to `chunks` (JSON Lines files
    of `Pending` records, in order, see `spill`) and index them into a new segment of the index
    in `directory`."""

    directory: Path
    rules: Rules
    worker: int
    chunks: tuple[Path, ...]


@dataclass(frozen=True, slots=True)
class ChunkDone:
    """One chunk parsed and indexed."""

    worker: int
    records: int  # records in the chunk (the progress counts these)
    warnings: tuple[InputWarning, ...] = ()
    words: frozenset[str] = frozenset()  # for the spelling vocabulary
    years: Counter[int] = field(default_factory=Counter)  # context years of the articles
    failed: Counter[str] = field(default_factory=Counter)  # unreadable records per source file
    waiting: tuple[Pending, ...] = ()  # for the second pass (they need corpus context)


@dataclass(frozen=True, slots=True)
class ShareDone:
    """The worker finished its share; `segment` is None when it indexed nothing."""

    worker: int
    segment: Segment | None


@dataclass(frozen=True, slots=True)
class WorkerFailed:
    """A worker's failure: `error` is one line for the user (the traceback went to the
    worker's stderr file, for debugging)."""

    worker: int
    error: str


@dataclass(frozen=True, slots=True)
class PipeClosed:
    """Not sent by a worker: the main process notes that a worker's stdout ended."""

    worker: int


WorkerMessage = ChunkDone | ShareDone | WorkerFailed | PipeClosed
