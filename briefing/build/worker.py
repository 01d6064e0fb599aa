"""One worker process of a parallel build: `python -m briefing.build.worker`.

Why this module exists: parsing is the slow part of a build, and Python parses on one core, so
a large build runs one of these per core. It reads a `WorkerJob` on stdin, parses its share of
the records, hands the finished articles to a `SegmentBuilder` (a segment of its own) and sends
`ChunkDone`, then `ShareDone` (or `WorkerFailed`) back on stdout, one JSON line each
(`codec`). Articles that need corpus context are sent back unparsed-for-good, for the main
process's second pass.

The records come from spill files, JSON Lines read against their types (`spill.read_spill`),
and the messages are JSON read against theirs: no pickle anywhere in a build.
"""

from __future__ import annotations

import contextlib
import os
import sys
import traceback
from collections import Counter
from collections.abc import Callable

from briefing.build.codec import CodecError, read_message, write_message
from briefing.build.messages import (
    ChunkDone,
    Pending,
    PipeClosed,
    ShareDone,
    WorkerFailed,
    WorkerJob,
    WorkerMessage,
)
from briefing.build.spill import read_spill
from briefing.index import SegmentBuilder
from briefing.ingest import Rules, context_year, needs_context, parse_record
from briefing.models import InputWarning

__all__ = ["index_share", "main"]


def index_share(job: WorkerJob, send: Callable[[WorkerMessage], None]) -> None:
    """Parse and index the records of `job.chunks` into a new segment; report as it goes."""
    builder = None
    try:
        builder = SegmentBuilder(job.directory)
        parent = os.getppid()
        for chunk in job.chunks:
            if os.getppid() != parent:  # the build was killed: stop, its lock is gone
                raise SystemExit("briefing.build.worker: the build stopped")
            items = read_spill(chunk)
            os.unlink(chunk)
            send(_parse_chunk(job.worker, items, job.rules, builder))
        segment = builder.finish()
        builder = None
        send(ShareDone(job.worker, segment))
    except BaseException as exc:
        if builder is not None:
            with contextlib.suppress(Exception):
                builder.cancel()
        traceback.print_exc()  # to the worker's stderr file
        send(WorkerFailed(job.worker, _one_line(exc)))


def _one_line(exc: BaseException) -> str:
    """What went wrong, in a line: an OS error's reason and file, else the exception."""
    if isinstance(exc, OSError) and exc.strerror:
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror[:1].lower()}{exc.strerror[1:]}"
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {text}"[:300] if text else type(exc).__name__


def _parse_chunk(
    worker: int, items: list[Pending], rules: Rules, builder: SegmentBuilder
) -> ChunkDone:
    warnings: list[InputWarning] = []
    words: set[str] = set()
    years: Counter[int] = Counter()
    failed: Counter[str] = Counter()
    waiting: list[Pending] = []
    for item in items:
        parsed = parse_record(item.raw, rules)
        if isinstance(parsed, InputWarning):
            warnings.append(parsed)
            failed[item.key] += 1
            continue
        year = context_year(parsed)
        if year is not None:
            years[year] += 1
        if needs_context(parsed):
            waiting.append(item)
            continue
        words |= builder.add(parsed, item.key)
    return ChunkDone(
        worker, len(items), tuple(warnings), frozenset(words), years, failed, tuple(waiting)
    )


def main() -> None:
    """Read the job from stdin; send messages on (a copy of) stdout, anything printed to stderr."""
    channel = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything printed goes to stderr, not into the message stream

    def send(message: WorkerMessage) -> None:
        assert not isinstance(message, PipeClosed)
        write_message(channel, message)

    try:
        job = read_message(sys.stdin.buffer)
    except CodecError as exc:
        raise SystemExit(f"briefing.build.worker: {exc}") from None
    if not isinstance(job, WorkerJob):
        raise SystemExit(f"briefing.build.worker: expected a WorkerJob, got {type(job).__name__}")
    index_share(job, send)
    channel.close()


if __name__ == "__main__":
    main()
