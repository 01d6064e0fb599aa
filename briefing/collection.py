"""No cyclic garbage collection while a grouping builds its millions of objects.

Why this module exists: grouping from scratch makes tens of millions of small objects (each
article's counts, vectors, word sets, the groups' centroids) and frees almost none of them
until it ends; each time the collector's counts of new objects fill up it walks them again, and
its full collections walk everything made so far (seconds at fifty thousand articles). Nothing
the grouping makes holds a cycle that reference counting cannot free. The processes forked to
count words and score pairs inherit the setting, so they never walk (and so copy) the pages they
share with the grouping process either. `briefing.cache.bulk` is this same pause for the
results the workspace builds and reads (rows, events, a cached briefing); it lives in the base
layer so that the events and the workspace share it.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["uncollected"]


@contextlib.contextmanager
def uncollected() -> Iterator[None]:
    """Cyclic collection off for the block (as it was, after)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
