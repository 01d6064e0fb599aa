"""Blocking work for the app's workers, run where quitting never waits on it.

Why this module exists: Textual runs a thread worker in the event loop's default executor, and
both `asyncio.run` and the interpreter join those threads on exit. One slow step (a search or an
update stuck in a pattern, a huge comparison) then kept the app open after `q`. The app's
workers are async instead: each awaits `in_background`, which runs the step in a daemon thread.
Cancelling the worker (a newer search, `q`) returns at once; the thread finishes or is dropped
with the process, and any result it produces after that is ignored. Work that can stop early
(the index update) checks its worker's `is_cancelled` between steps.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import threading
from collections.abc import Callable
from typing import TypeVar

__all__ = ["in_background"]

T = TypeVar("T")


def _settle(future: asyncio.Future[T], result: T | None, error: BaseException | None) -> None:
    if future.done():  # cancelled meanwhile: nobody waits for this any more
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)  # type: ignore[arg-type]


async def in_background(step: Callable[[], T], name: str = "briefing-step") -> T:
    """`step()` in a daemon thread (with the caller's context), awaited without blocking."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()
    context = contextvars.copy_context()

    def run() -> None:
        result: T | None = None
        error: BaseException | None = None
        try:
            result = context.run(step)
        except BaseException as exc:  # handed to the awaiting worker
            error = exc
        with contextlib.suppress(RuntimeError):  # a closed loop: nothing to report to
            loop.call_soon_threadsafe(_settle, future, result, error)

    threading.Thread(target=run, name=name, daemon=True).start()
    return await future
