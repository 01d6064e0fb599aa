"""The messages the app's workers and panes send each other, as dataclasses.

Why this module exists: workers run in threads and must never touch widgets; they post one of
these to the app, which updates the screen on its own thread. Panes tell the app what the person
asked for (open this article, compare this event) the same way, so no pane reaches into another.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from briefing.app.model import Corpus
from briefing.index import SearchResult, UpdateReport
from briefing.workspace import Workspace

# the build package (and its parsing) is only named in annotations: not imported at start
if TYPE_CHECKING:
    from briefing.build import Progress
    from briefing.compare import Comparison


@dataclass
class IndexOpened(Message):
    """The workspace is open; searches work on what its index holds (`count` articles)."""

    workspace: Workspace
    count: int


@dataclass
class IndexProgress(Message):
    """An update is reading the corpus: how far, in the unit the build counts."""

    progress: Progress


@dataclass
class IndexUpdated(Message):
    """The index is up to date with the corpus folder."""

    report: UpdateReport


@dataclass
class IndexFailed(Message):
    """Opening or updating the index failed; `message` is for the person."""

    message: str


@dataclass
class CorpusReady(Message):
    """Events, coverage and references are ready for the timeline."""

    corpus: Corpus


@dataclass
class SearchRequested(Message):
    """The search pane wants `query` run (the app owns the index and its workers)."""

    query: str
    sort: str
    limit: int
    partial: bool = False  # still being typed: the last word matches as a prefix too


@dataclass
class SearchDone(Message):
    """Results for `query` (the newest query only: older searches are cancelled)."""

    query: str
    result: SearchResult


@dataclass
class SearchFailed(Message):
    """`query` could not be parsed or run; `message` is shown inline under the query."""

    query: str
    message: str


@dataclass
class OpenArticle(Message):
    """Show an article in the reader; `query` marks its matches, `paragraph` is scrolled to."""

    article_id: str
    query: str = ""
    paragraph: int | None = None
    sentence: str = ""


@dataclass
class OpenEvent(Message):
    """Compare the outlets of an event in the comparison pane."""

    event_id: str
    outlets: tuple[str, ...] | None = None


@dataclass
class ComparisonReady(Message):
    """The comparison of an event is ready."""

    event_id: str
    comparison: Comparison


@dataclass
class ComparisonFailed(Message):
    event_id: str
    message: str


@dataclass
class PanesReady(Message):
    """The main screen's panes exist: the app can start its workers."""


@dataclass
class GoToPane(Message):
    """A pane asks the main screen to move focus to another pane (`timeline`, `search`, ...)."""

    pane: str
