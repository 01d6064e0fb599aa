"""The app's corpus work, in workers: open and update the index, read the corpus back and group
its events, search, compare.

Why this module exists: the app's hub routes messages and owns the screens; this base class
holds the four workers it starts, each an exclusive worker of its group that awaits its blocking
step in a daemon thread (`in_background`), checks cancellation and posts a dataclass message.
Cancelling a worker (a newer request, or `q`) returns at once, and quitting never waits for the
thread. The corpus work itself is the workspace's, as for the CLI.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.worker import Worker, get_current_worker

from briefing.app.background import in_background
from briefing.app.messages import (
    ComparisonFailed,
    ComparisonReady,
    CorpusReady,
    IndexFailed,
    IndexOpened,
    IndexProgress,
    IndexUpdated,
    SearchDone,
    SearchFailed,
)
from briefing.app.model import corpus_of
from briefing.errors import BriefingError
from briefing.events import Event
from briefing.models import Article
from briefing.workspace import Location, Workspace

# the build package (and its parsing) is only named in annotations: not imported at start
if TYPE_CHECKING:
    from briefing.build import Progress

PROGRESS_EVERY = 0.02  # report indexing progress every 2 % of the work (and at the end)


class WorkspaceApp(App[None]):
    """An app over one workspace: its workers (the hub, `BriefingApp`, sets the attributes)."""

    corpus_path: Path
    index_dir: Path | None
    rules_path: Path | None
    rebuild: bool
    follow_links: bool | None
    workspace: Workspace | None

    # Each worker awaits its blocking step in a daemon thread (`in_background`): cancelling it,
    # by a newer request or by `q`, returns at once and quitting never waits for the thread.

    @work(exclusive=True, exit_on_error=False, group="index")
    async def load_index(self) -> None:
        """Open the index (searches work at once), then bring it up to date with the corpus."""
        worker = get_current_worker()
        await in_background(lambda: self._load_index(worker), "briefing-index")

    def _load_index(self, worker: Worker[None]) -> None:
        try:
            where = Location(self.corpus_path, self.index_dir, self.rules_path, self.follow_links)
            workspace = Workspace.open(where, rebuild=self.rebuild)
            if worker.is_cancelled:
                return
            self.post_message(IndexOpened(workspace, workspace.count()))
            last = [0.0]

            def progress(step: Progress) -> None:
                if worker.is_cancelled:
                    raise InterruptedError
                done, total = step.done, step.total
                if done == total or done == 0 or (done - last[0]) >= total * PROGRESS_EVERY:
                    last[0] = done
                    self.post_message(IndexProgress(step))

            report = workspace.update(progress=progress)
        except InterruptedError:
            return
        except (BriefingError, OSError) as exc:
            self.post_message(IndexFailed(str(exc)))
            return
        except Exception as exc:  # never leave the app waiting on a worker that died
            self.post_message(IndexFailed(f"unexpected error: {type(exc).__name__}: {exc}"))
            return
        if not worker.is_cancelled:
            self.post_message(IndexUpdated(report))

    @work(exclusive=True, exit_on_error=False, group="events")
    async def load_corpus(self, workspace: Workspace) -> None:
        """The events and the timeline's table of the corpus (seconds on 50k, the first time
        after a change; read from beside the index after that)."""
        # events are kept beside the index and updated with what changed; the timeline's rows
        # come from the workspace's cached table, never from every article: the reader and
        # the comparison read articles whole
        try:
            events = await in_background(workspace.events, "briefing-events")
            table = await in_background(workspace.overview, "briefing-read")
            corpus = await in_background(lambda: corpus_of(table, events), "briefing-corpus")
        except Exception as exc:  # never leave the app "reading the corpus..." for good
            self.post_message(IndexFailed(f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(CorpusReady(corpus))

    @work(exclusive=True, exit_on_error=False, group="search")
    async def run_search(
        self, workspace: Workspace, query: str, sort: str, limit: int, partial: bool = False
    ) -> None:
        try:
            result = await in_background(
                lambda: workspace.search(query, limit=limit, sort=sort, partial=partial),
                "briefing-search",
            )
        except BriefingError as exc:
            self.post_message(SearchFailed(query, str(exc)))
            return
        except Exception as exc:  # a query the index chokes on must not end the app
            self.post_message(SearchFailed(query, f"cannot run this query: {exc}"))
            return
        self.post_message(SearchDone(query, result))

    @work(exclusive=True, exit_on_error=False, group="compare")
    async def run_compare(
        self, event: Event, articles: list[Article] | None, outlets: tuple[str, ...] | None
    ) -> None:
        """Compare the event's outlets; `articles` None: read them whole from the index."""
        workspace = self.workspace
        if workspace is None:
            return
        try:
            comparison = await in_background(
                lambda: workspace.compare(event, outlets, articles=articles), "briefing-compare"
            )
        except BriefingError as exc:
            self.post_message(ComparisonFailed(event.id, str(exc)))
            return
        except Exception as exc:
            self.post_message(ComparisonFailed(event.id, f"cannot compare: {exc}"))
            return
        self.post_message(ComparisonReady(event.id, comparison))
