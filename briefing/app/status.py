"""The status line: the corpus, what the app knows of it, and how far indexing has got.

Why this module exists: it is the one place the app says what it is doing (opening, indexing,
grouping), so it must never claim more than it has; a pure function of the app's state.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

from briefing.app.model import Corpus
from briefing.app.text import clean_line
from briefing.workspace import Workspace

# the build package (and its parsing) is only named in annotations: not imported at start
if TYPE_CHECKING:
    from briefing.build import Progress


def status_line(
    corpus_path: Path, workspace: Workspace | None, corpus: Corpus | None, indexing: Progress | None
) -> Text:
    text = Text()
    text.append("briefing", style="bold")
    text.append(
        f" · {clean_line(corpus_path.name) or clean_line(str(corpus_path))}",
        style="dim",
    )
    if workspace is None:
        text.append(" · opening the index…", style="yellow")
    else:
        articles = len(corpus.articles) if corpus else workspace.count()
        text.append(f" · {articles} articles")
        if corpus is not None:
            text.append(f" · {corpus.named_outlets} outlets · {len(corpus.events)} events")
        elif articles:
            text.append(" · grouping events…", style="yellow")
    if indexing is not None:
        done, total = indexing.done, indexing.total
        width = 16
        filled = int(width * done / total) if total else 0
        text.append("  indexing ", style="yellow")
        text.append("█" * filled + "░" * (width - filled), style="yellow")
        text.append(f" {indexing}", style="yellow")
    return text
