"""A Rich console that cleans every piece of text it draws: the sink-side half of the one step.

Why this module exists: the CLI draws hits, events, briefings and comparisons with Rich, and
their names, ids and paths come from a corpus. Cleaning each of them at each call site would
leave the next new field unguarded, so the console the CLI prints through runs every text
segment through `clean` (Rich's own styling travels in styles and control segments, which are
kept). Control characters and bidi controls have no width, so layout is unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment

from briefing.render.text import clean

__all__ = ["SafeConsole"]


class SafeConsole(Console):
    """`rich.console.Console` whose rendered text never carries escapes or controls."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            if segment.control or not segment.text:
                yield segment
            else:
                yield Segment(clean(segment.text), segment.style)
