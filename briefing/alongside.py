"""One piece of work run in a forked child process while this process does another.

Why this module exists: `briefing summary` after a change does two large, independent things,
each a few seconds at fifty thousand articles: bringing the events up to date (read their
state, place the new articles, write the state back) and bringing the briefing's rows up to
date and ranking them. One after the other they leave a core idle; `Alongside` runs the first
in a child forked from this process (so it inherits what this one has worked out, nothing is
sent to it) while this one does the second, and hands back the child's (small) result. A small
update of the index parses the later half of its records the same way (`build.passes`), so
the module sits with the base modules, below every layer that uses it.

It runs the work in a child only where that is safe and worth it: a machine with two cores or
more, the `fork` start method, and no other thread in this process (a child forked from a
threaded process could find a lock held by a thread it does not have). Otherwise, or when the
child fails or dies, `result` says so (None) and the caller does the work itself: the answer is
the same either way, only the time differs. The child must not read through files its parent
has open (their offsets are shared): the work opens its own. What it sends back is pickled
over a pipe between the two processes and never stored.

Work whose answer is ready before all of it is done (the events, before their state is
written back) returns `Later(answer, rest)`: the child sends the answer, then does the rest,
and the parent goes on meanwhile; leaving the `Alongside` (`close`) waits for the rest, so
nothing is left half-written when the caller goes on to read what the rest writes.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing as mp
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from types import TracebackType
from typing import Any, Generic, TypeVar

__all__ = ["Ahead", "Alongside", "Later", "can_fork"]

T = TypeVar("T")
P = TypeVar("P")
M = TypeVar("M")


@dataclass(frozen=True, slots=True)
class Later(Generic[T]):
    """What a piece of work gives: `value` at once, and `rest` to do after it is handed on
    (in a child: after it is sent to the parent)."""

    value: T
    rest: Callable[[], None]

    def settle(self) -> T:
        """The rest done here, then the value (work run in this process)."""
        self.rest()
        return self.value


def can_fork() -> bool:
    """Whether a child can do work alongside this process: two cores or more, `fork`, and
    no other thread running here."""
    return (
        (os.cpu_count() or 1) >= 2
        and "fork" in mp.get_all_start_methods()
        and threading.active_count() == 1
    )


def _child(work: Callable[[], Any], conn: Connection) -> None:
    rest: Callable[[], None] | None = None
    try:
        value = work()
        if isinstance(value, Later):
            value, rest = value.value, value.rest
        result: tuple[str, Any] = ("ok", value)
    except BaseException as exc:  # anything: the parent does the work itself
        result = ("failed", f"{type(exc).__name__}: {exc}"[:300])
    try:
        conn.send(result)
    except Exception:  # an unpicklable result: the parent does the work
        conn.send(("failed", "its result could not be sent"))
        rest = None
    finally:
        conn.close()
    if rest is not None:
        with contextlib.suppress(Exception):  # what it keeps is a cache: losing it costs time
            rest()


class Alongside(Generic[T]):
    """`work()` started in a forked child (when `can_fork` and `wanted`); `result()` waits
    for it. Use as a context manager: leaving it stops a child whose result was not taken,
    and waits for one whose result was taken to finish its `Later` rest."""

    def __init__(self, work: Callable[[], T | Later[T]], *, wanted: bool = True) -> None:
        self.failure: str | None = None  # why the child gave no result, when it did not
        self._proc: Any = None
        self._conn: Connection | None = None
        self._finishing: Any = None  # a child that sent its result and may still be working
        if not (wanted and can_fork()):
            return
        for stream in (sys.stdout, sys.stderr):  # else the child's exit writes it again
            with contextlib.suppress(Exception):
                stream.flush()
        ctx = mp.get_context("fork")
        receiving, sending = ctx.Pipe(duplex=False)
        # not a daemon: the work may use a pool of its own (`events.grouping.on_cores`)
        proc = ctx.Process(target=_child, args=(work, sending), daemon=False)
        try:
            proc.start()
        except OSError as exc:  # no memory or processes left for a child: do it here
            self.failure = f"could not start: {exc}"
            receiving.close()
            return
        finally:
            sending.close()
        self._proc, self._conn = proc, receiving

    @property
    def started(self) -> bool:
        return self._proc is not None

    def result(self) -> tuple[T] | None:
        """The work's result (in a 1-tuple), waiting for the child to send it (not for a
        `Later` rest: `close` waits for that); None when it did not run there or failed
        (`failure` says why): do the work here."""
        proc, conn = self._proc, self._conn
        if proc is None or conn is None:
            return None
        self._proc = self._conn = None
        try:
            status, value = conn.recv()
        except (EOFError, OSError):  # the child died before sending
            status, value = "failed", "the process ended without a result"
        finally:
            conn.close()
        if status == "ok":
            self._finishing = proc
        else:
            proc.join()
        if status != "ok":
            self.failure = str(value)
            return None
        return (value,)

    @property
    def finishing(self) -> bool:
        """Whether a child that gave its result may still be doing its rest."""
        return self._finishing is not None

    def close(self) -> None:
        """Stop a child whose result was not taken; wait for one doing its rest."""
        proc, conn, finishing = self._proc, self._conn, self._finishing
        self._proc = self._conn = self._finishing = None
        if conn is not None:
            conn.close()
        if proc is not None:
            proc.terminate()
            proc.join()
        if finishing is not None:
            finishing.join()

    def __enter__(self) -> Alongside[T]:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class _Cancelled(Exception):
    """The parent wanted nothing after all (an `Ahead` cancelled, or its parent gone)."""


def _never() -> Any:
    raise _Cancelled


class Ahead(Generic[M, T]):
    """Work started in a child before all it needs is known: the child does `prepare()` at
    once (reading a large state, say, while this process updates the index), then waits for
    this one's `go(message)` and does `then(prepared, message)`, whose result `go`'s
    `Alongside` hands back. `cancel()` ends a child that will not be needed; so does this
    process's exit (the child is never left waiting for a message that will not come).
    When no child can be forked (`can_fork`), `go` gives an `Alongside` that did not start:
    the caller does the work itself, as with `Alongside`."""

    def __init__(
        self,
        prepare: Callable[[], P],
        then: Callable[[P, M], T | Later[T]],
        *,
        wanted: bool = True,
    ) -> None:
        self._send: Connection | None = None
        if not (wanted and can_fork()):
            self._side: Alongside[T] = Alongside(_never, wanted=False)  # never run: not started
            return
        receive, send = mp.get_context("fork").Pipe(duplex=False)

        def work() -> T | Later[T]:
            send.close()  # the parent's end, as this child inherited it
            prepared = prepare()
            try:
                message = receive.recv()
            except (EOFError, OSError):
                raise _Cancelled from None
            finally:
                receive.close()
            if message is None:
                raise _Cancelled
            return then(prepared, message[0])

        self._side = Alongside(work)
        receive.close()  # the child's end
        if self._side.started:
            self._send = send
            atexit.register(self._hang_up)  # before multiprocessing joins its children
        else:
            send.close()

    @property
    def started(self) -> bool:
        return self._side.started

    def go(self, message: M) -> Alongside[T]:
        """Send the child `message`; its result comes through the returned `Alongside`."""
        send, self._send = self._send, None
        if send is not None:
            try:
                send.send((message,))
            except (OSError, ValueError):  # the child is gone: result() says so
                pass
            finally:
                send.close()
        return self._side

    def _hang_up(self) -> None:
        send, self._send = self._send, None
        if send is not None:
            with contextlib.suppress(Exception):
                send.close()

    def cancel(self) -> None:
        """End the child without its work (it was not needed)."""
        self._hang_up()
        self._side.close()
