"""The screen shown instead of a traceback when there is nothing to read.

Why this module exists: a corpus folder that does not exist, holds no articles, or whose index
cannot be opened is a normal first-run situation. This says what happened and what to do.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Static

from briefing.app.text import clean
from briefing.workspace import SOURCES_LOOKED_FOR


class EmptyCorpusScreen(Screen[None]):
    """What went wrong, and how to point briefing at articles."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape", "app.quit", "Quit", id="empty.quit"),
    ]

    def __init__(self, corpus: str, problem: str) -> None:
        super().__init__()
        self.corpus = corpus
        self.problem = problem

    def compose(self) -> ComposeResult:
        text = Text()
        text.append("Nothing to brief on yet\n\n", style="bold")
        text.append(clean(self.problem) + "\n\n", style="yellow")
        text.append("Corpus: ", style="bold")
        text.append(clean(self.corpus) + "\n\n")
        text.append(
            "briefing reads a folder of saved articles, one per file (text, web pages) or per\n"
            f"line (JSON Lines): {SOURCES_LOOKED_FOR}.\n\n"
            "Try:\n"
            "  briefing --corpus ~/news          a folder of your articles\n"
            "  briefing                          the five bundled sample articles\n"
            "  briefing index --corpus ~/news    index first and see any warnings\n\n"
        )
        text.append("q quits", style="dim")
        with Center(), Vertical(id="empty-box"):
            yield Static(text, id="empty-text")
