"""A sparkline per outlet: how many articles each outlet ran, month by month.

Why this module exists: above the timeline, it shows at a glance who covered what when, and
where an outlet went quiet. Self-contained (its own small DEFAULT_CSS), drawn as text in each
outlet's colour so it matches the rest of the app.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.widget import Widget

from briefing.app.model import Corpus
from briefing.app.text import clean
from briefing.labels import date_label, outlet_style

BARS = " ▁▂▃▄▅▆▇█"
MAX_OUTLETS = 4
NAME_WIDTH = 12


def buckets(counts: tuple[int, ...], width: int) -> list[int]:
    """Sum `counts` into at most `width` consecutive buckets."""
    if width <= 0 or not counts:
        return []
    if len(counts) <= width:
        return list(counts)
    size = -(-len(counts) // width)
    return [sum(counts[i : i + size]) for i in range(0, len(counts), size)]


def sparkline(values: list[int], peak: int) -> str:
    if peak <= 0:
        return " " * len(values)
    top = len(BARS) - 1
    return "".join(BARS[0 if v == 0 else max(1, round(v / peak * top))] for v in values)


class CoverageChart(Widget):
    """Articles per outlet over time (newest on the right)."""

    DEFAULT_CSS = """
    CoverageChart {
        height: auto;
        max-height: 8;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.corpus: Corpus | None = None

    def show(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.refresh(layout=True)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        if self.corpus is None:
            return 1
        return min(MAX_OUTLETS, len(self.corpus.outlets)) + 1

    def render(self) -> RenderableType:
        corpus = self.corpus
        if corpus is None:
            return Text("coverage: reading…", style="dim")
        if not corpus.months:
            return Text("coverage: no dated articles", style="dim")
        width = max(4, self.size.width - NAME_WIDTH - 8)
        rows = [(o, buckets(corpus.coverage.get(o, ()), width)) for o, _ in corpus.outlets]
        rows = rows[:MAX_OUTLETS]
        peak = max((max(v) for _, v in rows if v), default=0)
        out = Text(no_wrap=True, overflow="ellipsis")
        first, last = corpus.months[0], corpus.months[-1]
        out.append(f"{'coverage':<{NAME_WIDTH}} ", style="bold")
        out.append(f"{date_label(first)} → {date_label(last)}", style="dim")
        if corpus.outside:
            n = corpus.outside
            out.append(f" (+{n} article{'s' * (n != 1)} dated outside)", style="dim")
        for outlet, values in rows:
            name = clean(outlet)[: NAME_WIDTH - 1]
            out.append("\n")
            out.append(name.ljust(NAME_WIDTH), style=f"bold {outlet_style(outlet)}")
            out.append(sparkline(values, peak), style=outlet_style(outlet))
            out.append(f" {sum(values)}", style="dim")
        return out
