"""The Textual app: a thin hub that owns the index and its workers and routes messages.

Why this module exists: the panes draw and take keys; this opens and updates the index, groups
events, runs searches and comparisons in worker threads (never on the UI thread), and passes the
results to the panes as dataclass messages (`briefing.app.messages`). It also holds what is
app-wide: help, export, the user's keymap and theme, the command palette.

`make_app` builds it for the CLI and for the tests alike.
"""

from __future__ import annotations

import gc
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.css.query import NoMatches
from textual.theme import Theme
from textual.widgets import Input, Static

from briefing.app.commands import CorpusCommands
from briefing.app.comparison_pane import ComparisonPane
from briefing.app.config import AppConfig
from briefing.app.empty import EmptyCorpusScreen
from briefing.app.fields import FieldInput
from briefing.app.focus import focus_now
from briefing.app.help import HelpScreen, HelpSection, key_name
from briefing.app.keys import help_sections, keymap_warnings
from briefing.app.main_screen import MainScreen
from briefing.app.messages import (
    ComparisonFailed,
    ComparisonReady,
    CorpusReady,
    IndexFailed,
    IndexOpened,
    IndexProgress,
    IndexUpdated,
    OpenArticle,
    OpenEvent,
    PanesReady,
    SearchDone,
    SearchFailed,
    SearchRequested,
)
from briefing.app.model import Corpus
from briefing.app.reader import ReaderScreen
from briefing.app.search_pane import SearchPane
from briefing.app.search_queue import STUCK_AFTER, SearchQueue
from briefing.app.status import status_line
from briefing.app.text import clean_line
from briefing.app.timeline import TimelinePane
from briefing.app.workers import WorkspaceApp
from briefing.workspace import SOURCES_LOOKED_FOR, Workspace

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.timer import Timer

    from briefing.build import Progress

INTRO = (  # one paragraph: it wraps at the help screen's width (80 columns or 140)
    "briefing: the timeline (1) lists events by month; enter compares an event's outlets (3), "
    "space shows its articles, m keeps events several outlets covered, b only blindspots. "
    "/ searches the corpus (2); enter opens an article, n/N jump between matches, esc goes "
    "back. f filters the timeline: in a field every key types, enter or esc leaves it. "
    "z zooms the pane, e exports it as Markdown; ctrl+p jumps to an event, outlet, person "
    "or place; ctrl+q always quits. Remap keys by id in keymap.toml in your config folder."
)
# actions of letter keys that a text field types instead: hidden from the footer while typing
TYPED_IN_FIELDS = frozenset({"quit", "export", "pane", "zoom", "search"})


class BriefingApp(WorkspaceApp):
    """The briefing app over one corpus."""

    CSS_PATH = "briefing.tcss"
    TITLE = "briefing"
    COMMANDS = App.COMMANDS | {CorpusCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "help", "Help", id="app.help", tooltip="All keys"),
        Binding("e", "export", "Export", id="app.export", tooltip="Save what is shown as Markdown"),
        # Textual's own palette binding is hidden from the footer; this one is shown (as one of
        # the keys: the footer's docked hint overlapped them) and Textual then adds none
        Binding(
            "ctrl+p",
            "command_palette",
            "Palette",
            priority=True,
            id="app.palette",
            tooltip="Jump to an event, outlet, person or place; themes",
        ),
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Quit"),
    ]

    def __init__(
        self,
        corpus: Path,
        index_dir: Path | None = None,
        rules: Path | None = None,
        *,
        config: AppConfig | None = None,
        export_dir: Path | None = None,
        rebuild: bool = False,
        follow_links: bool | None = None,
    ) -> None:
        super().__init__()
        self.corpus_path = corpus
        self.index_dir = index_dir
        self.rules_path = rules
        self.config = config or AppConfig.load()
        self.export_dir = export_dir or Path.cwd()
        self.rebuild = rebuild
        self.follow_links = follow_links  # None: as the index's last update
        self.workspace: Workspace | None = None  # the corpus, its index and rules, once open
        self.corpus: Corpus | None = None
        self._searched = False  # whether a search has reported (see `on_search_done`)
        self.indexing: Progress | None = None
        self.ready = False  # the index is up to date and events are grouped
        self.keymap = dict(self.config.keymap)
        self._searches: SearchQueue[SearchRequested] = SearchQueue()
        self._overdue: Timer | None = None

    # Start --------------------------------------------------------------------------------

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification, the panes' too, shown as plain text: messages carry file names and
        corpus strings, so they are cleaned and never read as markup (`markup` is ignored)."""
        super().notify(
            clean_line(message),
            title=clean_line(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def on_mount(self) -> None:
        warnings = list(self.config.warnings)
        if self.config.theme and self.config.theme in self.available_themes:
            self.theme = self.config.theme
        elif self.config.theme:
            warnings.append(
                f"unknown theme {self.config.theme!r} (ctrl+p, then 'theme', lists them)"
            )
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        warnings += self._check_keymap()
        if self.keymap:
            self.set_keymap(self.keymap)
        for warning in warnings:
            self.notify(warning, title="config", severity="warning", timeout=10)

    def _check_keymap(self) -> list[str]:
        """Unknown binding ids are dropped with a word; keys taken from quit leave ctrl+q."""
        return keymap_warnings(self.keymap, self.help_sections())

    def get_key_display(self, binding: Binding) -> str:
        """Keys by name in the footer too (`enter`, `esc`, `ctrl+p`), as on the help screen."""
        return binding.key_display or key_name(binding.key.split(",")[0])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """In a text field, the letter keys type: their commands leave the footer meanwhile."""
        return not (action in TYPED_IN_FIELDS and isinstance(self.focused, FieldInput))

    def on_panes_ready(self, message: PanesReady) -> None:
        self.start()

    def start(self) -> None:
        """Once the main screen's panes exist: open the index in a worker."""
        if self.workspace is not None or any(w.group == "index" for w in self.workers):
            return
        if not self.corpus_path.exists():
            self.show_empty(f"The corpus folder does not exist: {self.corpus_path}")
            return
        self._status()
        self.load_index()

    def get_default_screen(self) -> MainScreen:
        return MainScreen()

    def _theme_changed(self, theme: Theme) -> None:
        self.config.save_theme(theme.name)

    def show_empty(self, problem: str) -> None:
        self.push_screen(EmptyCorpusScreen(str(self.corpus_path), problem))

    @property
    def main(self) -> MainScreen:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        raise LookupError("no main screen")

    # Messages from workers ----------------------------------------------------------------

    def on_index_opened(self, message: IndexOpened) -> None:
        self.workspace = message.workspace
        _keep_out_of_collections()
        self._status()
        if message.count:
            self.load_corpus(message.workspace)
        search = self.main.query_one(SearchPane)
        if search.query_text.strip():
            search.search_now()

    def on_index_progress(self, message: IndexProgress) -> None:
        self.indexing = message.progress
        self.main.query_one(SearchPane).set_indexing(self.indexing)
        self._status()

    def on_index_updated(self, message: IndexUpdated) -> None:
        self.indexing = None
        report = message.report
        search = self.main.query_one(SearchPane)
        search.set_indexing(None)
        if search.query_text.strip():
            search.search_now()  # the index is written: what was "so far" is now the answer
        if report.articles == 0:
            self.show_empty(f"No articles found: looked for {SOURCES_LOOKED_FOR}.")
            return
        changed = report.added or report.updated or report.removed
        grouping = any(w.group == "events" and w.is_running for w in self.workers)
        if self.workspace is not None and (changed or (self.corpus is None and not grouping)):
            self.load_corpus(self.workspace)
        else:
            self.ready = True
        if report.skipped:
            self.notify(
                f"{len(report.skipped)} files skipped (run `briefing index` to see why)",
                severity="warning",
            )
        self._status()

    def on_index_failed(self, message: IndexFailed) -> None:
        self.indexing = None
        if (
            self.workspace is None
            or "no articles" in message.message
            or not self.corpus_path.exists()
        ):
            self.show_empty(message.message)
        else:
            self.notify(message.message, title="index", severity="error", timeout=8)
        self._status()

    def on_corpus_ready(self, message: CorpusReady) -> None:
        self.corpus = message.corpus
        _keep_out_of_collections()
        if not any(isinstance(s, MainScreen) for s in self.screen_stack):
            return  # the app is closing (a cached corpus can come back that fast)
        self.main.query_one(TimelinePane).show(message.corpus)
        if self.indexing is None:
            self.ready = True
        self._status()

    def on_search_requested(self, message: SearchRequested) -> None:
        if self.workspace is None:
            return  # searched again when the index opens
        now = self._searches.request(message, time.monotonic())
        if now is not None:
            self._run(now)
        elif self._overdue is None:  # waits for the running search (`search_queue`)
            self._overdue = self.set_timer(STUCK_AFTER, self._search_overdue)

    def _run(self, request: SearchRequested) -> None:
        if self.workspace is not None:
            self.run_search(
                self.workspace, request.query, request.sort, request.limit, request.partial
            )

    def _search_overdue(self) -> None:
        self._overdue = None
        request = self._searches.overdue(time.monotonic())
        if request is not None:
            self._run(request)
        elif self._searches.waiting is not None:
            self._overdue = self.set_timer(STUCK_AFTER, self._search_overdue)

    def _search_reported(self) -> None:
        """A search reported: the newest request typed meanwhile runs now."""
        request = self._searches.finished(time.monotonic())
        if request is not None:
            self._run(request)

    def on_search_done(self, message: SearchDone) -> None:
        self._search_reported()
        self.main.query_one(SearchPane).show_result(message.query, message.result)
        if not self._searched:
            # the first search made what the searcher keeps (its segments' live and outlet
            # sets, the vocabulary): held from now on, like the index and the corpus
            self._searched = True
            _keep_out_of_collections()

    def on_search_failed(self, message: SearchFailed) -> None:
        self._search_reported()
        self.main.query_one(SearchPane).show_error(message.query, message.message)

    def on_comparison_ready(self, message: ComparisonReady) -> None:
        pane = self.main.query_one(ComparisonPane)
        event = self.corpus.event(message.event_id) if self.corpus else None
        if event is not None and pane.event is not None and pane.event.id == event.id:
            pane.show_comparison(event, message.comparison)

    def on_comparison_failed(self, message: ComparisonFailed) -> None:
        pane = self.main.query_one(ComparisonPane)
        if pane.event is not None and pane.event.id == message.event_id:
            pane.show_error(pane.event, message.message)

    # Messages from panes ------------------------------------------------------------------

    def on_open_article(self, message: OpenArticle) -> None:
        ws = self.workspace
        article = ws.article(message.article_id) if ws is not None else None
        if article is None:
            self.notify("that article is no longer in the index", severity="warning")
            return
        self.push_screen(ReaderScreen(article, message.query, message.paragraph, message.sentence))

    def on_open_event(self, message: OpenEvent) -> None:
        self.open_event(message.event_id, message.outlets)

    def open_event(self, event_id: str, outlets: tuple[str, ...] | None = None) -> None:
        corpus = self.corpus
        event = corpus.event(event_id) if corpus else None
        if corpus is None or event is None:
            return
        while not isinstance(self.screen, MainScreen):
            self.pop_screen()
        self.main.query_one(TimelinePane).go_to(event_id)
        pane = self.main.query_one(ComparisonPane)
        self.main.focus_pane("comparison")
        if len(event.outlets) < 2:
            only = event.outlets[0][0] if event.outlets else "one outlet"
            pane.show_error(event, f"Only {only} covered this event: nothing to compare.")
            return
        pane.show_loading(event)
        self.run_compare(event, None, outlets)

    def filter_timeline(self, text: str) -> None:
        while not isinstance(self.screen, MainScreen):
            self.pop_screen()
        timeline = self.main.query_one(TimelinePane)
        self.main.focus_pane("timeline")
        timeline.query_one("#timeline-filter", Input).value = text.lower()
        focus_now(timeline.option_list)

    # App-wide actions ---------------------------------------------------------------------

    def help_sections(self) -> list[HelpSection]:
        """Every key, from the bindings themselves (Textual's own included)."""
        return help_sections(type(self))

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.help_sections(), self.keymap, INTRO))

    def action_export(self) -> None:
        screen = self.screen
        if isinstance(screen, ReaderScreen):
            what, markdown = "article", screen.to_markdown()
            slug = screen.article.id
        elif isinstance(screen, MainScreen):
            if (
                screen.active == "comparison"
                and screen.query_one(ComparisonPane).comparison is None
            ):
                self.notify(
                    "nothing to export: compare an event first (enter on the timeline)",
                    severity="warning",
                )
                return
            what, markdown = screen.export_markdown()
            event = screen.query_one(ComparisonPane).event
            slug = {
                "search": screen.query_one(SearchPane).query_text,
                "comparison": event.id if event else "",
            }.get(what, "")
        else:
            return
        path = export_path(self.export_dir, what, slug)
        try:
            path.write_text(markdown, encoding="utf-8")
        except OSError as exc:
            self.notify(f"cannot write {path}: {exc.strerror or exc}", severity="error")
            return
        self.notify(f"saved the {what} to {path}", title="exported")

    def _status(self) -> None:
        try:
            bar = self.main.query_one("#status-bar", Static)
        except (LookupError, NoMatches):
            return  # not composed yet: MainScreen.on_mount asks again
        bar.update(status_line(self.corpus_path, self.workspace, self.corpus, self.indexing))


def _keep_out_of_collections() -> None:
    """What the app holds from now on (the index's readers, the corpus's events and table:
    millions of objects on a large corpus) is moved out of the garbage collector's reach. A
    full collection walked all of it, half a second at 50k articles, and while typing it
    landed on a keystroke. They are freed as usual when let go (by reference counting)."""
    gc.freeze()


def export_path(directory: Path, what: str, slug: str) -> Path:
    """`briefing-<what>[-<slug>].md` in `directory`, never overwriting: `-2`, `-3`, ..."""
    words = re.findall(r"[a-z0-9]+", slug.lower())
    stem = "-".join(["briefing", what, *words])[:80].rstrip("-")
    path = directory / f"{stem}.md"
    n = 2
    while path.exists():
        path = directory / f"{stem}-{n}.md"
        n += 1
    return path


def make_app(
    corpus: Path | None = None,
    index_dir: Path | None = None,
    rules: Path | None = None,
    *,
    config_dir: Path | None = None,
    export_dir: Path | None = None,
    rebuild: bool = False,
    follow_links: bool | None = None,
) -> BriefingApp:
    """The app over `corpus` (default: the bundled one), as the CLI and the tests build it."""
    from briefing.corpus import bundled_corpus

    return BriefingApp(
        (corpus or bundled_corpus()).expanduser(),
        index_dir.expanduser() if index_dir else None,
        rules,
        config=AppConfig.load(config_dir),
        export_dir=export_dir,
        rebuild=rebuild,
        follow_links=follow_links,
    )
