"""When the app runs a search typed in the query: at once, or after the one still running.

Why this module exists: a fixed pause after each keystroke (50 ms) was the floor of every
key-to-results time, yet it did not stop a search per key at a typist's pace. A search
already running cannot be stopped either (its thread runs on; a newer one only cancels the
worker), so starting one per key made every search share the CPU with the ones before it.
Instead a request runs at once when no search is running; while one is, only the newest
request waits and runs as soon as it reports. A search that has not reported after
`STUCK_AFTER` seconds (a query the index chokes on) no longer holds the next one back.
Plain Python, no Textual: the app asks it and starts the workers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

__all__ = ["STUCK_AFTER", "SearchQueue"]

STUCK_AFTER = 0.5  # seconds: a search running this long lets the next one start beside it

R = TypeVar("R")


@dataclass
class SearchQueue(Generic[R]):
    """Which search request to run now; `started` is when the running one began (None: idle)."""

    started: float | None = None
    waiting: R | None = field(default=None)

    def request(self, request: R, now: float) -> R | None:
        """`request` to run now, or None: it waits (replacing any older waiting one)."""
        if self.started is not None and now - self.started < STUCK_AFTER:
            self.waiting = request
            return None
        self.waiting = None
        self.started = now
        return request

    def finished(self, now: float) -> R | None:
        """The running search reported: the waiting request to run now, if any."""
        request, self.waiting = self.waiting, None
        self.started = now if request is not None else None
        return request

    def overdue(self, now: float) -> R | None:
        """The waiting request, if the running search is stuck (run it beside that one)."""
        if self.waiting is None or self.started is None or now - self.started < STUCK_AFTER:
            return None
        return self.finished(now)
