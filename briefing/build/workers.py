"""The main process's side of a parallel build: spill records, start workers, gather results.

Why this module exists: records are spilled to temporary files in chunks while the corpus is
read (JSON Lines, see `spill`: no file on disk holds an executable format); then each worker
(`briefing.build.worker`) takes a contiguous run of chunks (split by what the records cost to
parse, `reading_weight`, so both cores finish together) and the segments are committed in worker
order. Together with the main writer's own documents (the second pass) they end up in the order
one process would have written them, so the index is the same whatever the number of processes.
"""

from __future__ import annotations

import contextlib
import queue
import shutil
import signal
import subprocess
import sys
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

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
from briefing.build.progress import Progress, ProgressFn
from briefing.build.spill import write_spill
from briefing.errors import BriefingError
from briefing.index import Segment, make_build_folder
from briefing.ingest import Rules
from briefing.ingest.parse import PAGE_FIELD
from briefing.models import InputWarning, RawDocument

__all__ = ["CHUNK_RECORDS", "Workers", "WorkersResult", "reading_weight"]

CHUNK_RECORDS: Final = 100  # records per spilled chunk

# What parsing a web page costs, in characters of text that cost as much: about 20,000 for its
# extraction (trafilatura, metadata, dates) whatever its size, plus a thirtieth of its HTML (CPU
# per record over the 1,167 development pages: about 32 ms plus 0.06 ms per 1,000 characters of
# HTML, where text costs about 1.7 ms per 1,000 characters). Split by the size of their HTML,
# those pages went 500 to the first worker and 667 to the second, which took a fifth longer.
PAGE_TEXT_CHARS: Final = 20_000
PAGE_HTML_SHARE: Final = 30


def reading_weight(raw: RawDocument) -> int:
    """How much a record costs to parse, in characters of text: a text its length, a web page
    still in HTML its extraction's cost as well (`PAGE_TEXT_CHARS`)."""
    if raw.fields.get(PAGE_FIELD):
        return PAGE_TEXT_CHARS + len(raw.text) // PAGE_HTML_SHARE
    return len(raw.text)


@dataclass(slots=True)
class WorkersResult:
    """What all workers did, joined in worker (so reading) order."""

    warnings: list[InputWarning] = field(default_factory=list)
    words: set[str] = field(default_factory=set)
    years: Counter[int] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)  # records that could not be read
    waiting: list[Pending] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Chunk:
    path: Path
    records: int
    chars: int  # the records' `reading_weight`


class Workers:
    """Worker processes that parse records and index them, each into a segment of its own."""

    def __init__(self, directory: Path, rules: Rules, procs: int) -> None:
        self.directory = directory
        self.rules = rules
        self.procs = procs
        self.tmp = make_build_folder(directory)
        self.chunks: list[_Chunk] = []
        self.pending: list[Pending] = []
        self.pending_chars = 0
        self.processes: list[subprocess.Popen[bytes]] = []

    def put(self, raw: RawDocument, key: str) -> None:
        self.pending.append(Pending(raw, key))
        self.pending_chars += reading_weight(raw)
        if len(self.pending) >= CHUNK_RECORDS:
            self._spill()

    def _spill(self) -> None:
        if not self.pending:
            return
        path = self.tmp / f"{len(self.chunks):07d}.jsonl"
        write_spill(path, self.pending)
        self.chunks.append(_Chunk(path, len(self.pending), self.pending_chars))
        self.pending, self.pending_chars = [], 0

    def _shares(self) -> list[tuple[Path, ...]]:
        total = sum(c.chars for c in self.chunks) or 1
        shares: list[list[Path]] = [[] for _ in range(self.procs)]
        done = 0
        for chunk in self.chunks:
            shares[min(self.procs - 1, done * self.procs // total)].append(chunk.path)
            done += chunk.chars
        return [tuple(s) for s in shares if s]

    def run(self, progress: ProgressFn | None) -> WorkersResult:
        """Start the workers on the spilled records, wait for all, and join their results.
        `progress` counts records ("articles"). Raises `BriefingError` if a worker fails."""
        self._spill()
        total = sum(c.records for c in self.chunks)
        if progress:
            progress(Progress(0, total, "articles"))
        inbox: queue.Queue[WorkerMessage] = queue.Queue()
        shares = self._shares()
        for k, chunks in enumerate(shares):
            self._start(WorkerJob(self.directory, self.rules, k, chunks), inbox)
        chunks_of: dict[int, list[ChunkDone]] = {k: [] for k in range(len(shares))}
        segments: dict[int, Segment] = {}
        finished: set[int] = set()
        done = 0
        while len(finished) < len(shares):
            message = inbox.get()
            if isinstance(message, WorkerFailed):
                raise BriefingError(f"indexing worker {message.worker} failed: {message.error}")
            if isinstance(message, PipeClosed):
                if message.worker not in finished:
                    raise BriefingError(
                        f"indexing worker {message.worker} stopped: {self._why(message.worker)}"
                    )
                continue
            if isinstance(message, ShareDone):
                finished.add(message.worker)
                if message.segment is not None:
                    segments[message.worker] = message.segment
                continue
            chunks_of[message.worker].append(message)
            done += message.records
            if progress:
                progress(Progress(done, total, "articles"))
        for process in self.processes:
            process.wait()
        self.stop()
        return _join(chunks_of, segments)

    def _start(self, job: WorkerJob, inbox: queue.Queue[WorkerMessage]) -> None:
        """A worker is `python -m briefing.build.worker` (not multiprocessing: no fork of a
        process that may hold threads, and no re-import of the caller's main module): the job
        goes in on stdin, messages come back on stdout, read by a thread into `inbox`: one
        JSON line each (`codec`), read against their types, as the spill files are."""
        errors = (self.tmp / f"worker-{job.worker}.stderr").open("wb")
        process = subprocess.Popen(
            [sys.executable, "-m", "briefing.build.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
        )
        errors.close()
        assert process.stdin is not None and process.stdout is not None
        write_message(process.stdin, job)
        process.stdin.close()
        stream = process.stdout

        def pump() -> None:
            # Ctrl-C goes to the main thread: a signal the kernel hands to this thread would
            # not wake the main thread's wait on `inbox` until the next message came.
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
            with contextlib.suppress(OSError, CodecError):
                while True:
                    message = read_message(stream)
                    if message is None:
                        break
                    if isinstance(message, WorkerJob):  # only the main process sends jobs
                        raise CodecError("a worker sent a job")
                    inbox.put(message)
            inbox.put(PipeClosed(job.worker))

        threading.Thread(target=pump, daemon=True).start()
        self.processes.append(process)

    def _why(self, k: int) -> str:
        code = self.processes[k].wait()
        try:
            tail = (self.tmp / f"worker-{k}.stderr").read_text(errors="replace").strip()
        except OSError:
            tail = ""
        last = tail.splitlines()[-1][:300] if tail else ""
        return f"exit code {code}" + (f": {last}" if last else "")

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.kill()
            process.wait()
            if process.stdout is not None:
                process.stdout.close()
        self.processes = []
        shutil.rmtree(self.tmp, ignore_errors=True)


def _join(chunks_of: dict[int, list[ChunkDone]], segments: dict[int, Segment]) -> WorkersResult:
    """Per worker, in the order it sent them: warnings and the articles of the second pass come
    in reading order whichever worker reported first."""
    out = WorkersResult(segments=[segments[k] for k in sorted(segments)])
    for k in sorted(chunks_of):
        for chunk in chunks_of[k]:
            out.warnings.extend(chunk.warnings)
            out.words |= chunk.words
            out.years.update(chunk.years)
            out.failed.update(chunk.failed)
            out.waiting.extend(chunk.waiting)
    return out
