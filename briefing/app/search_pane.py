"""The search pane: the corpus searched as you type, with highlighted snippets.

Why this module exists: finding every article that mentions something is the first thing a
person does. As you type, the word being typed matches the words it begins (`impeachm` finds
"impeachment"); `enter` runs the query as typed. Each keystroke asks for its query at once; the
app runs it in a worker thread at once, or right after the search still running
(`briefing.app.search_queue`), so typing never waits and an old query never overwrites a newer
one.
Results show headline, outlet, date and a snippet with the matches highlighted, per-outlet
counts (the top few and "+N more"), a relevance/date toggle, "did you mean", and parse errors
inline. While the index is being built the status says so ("indexing… results so far") and the
query runs again when the index is written, so an empty result is never shown as the answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.css.styles import RulesMap
from textual.visual import visualize
from textual.widgets import Static
from textual.widgets.option_list import Option

from briefing.app.fields import FieldInput
from briefing.app.focus import focus_now, is_focused
from briefing.app.lists import VimOptionList
from briefing.app.messages import GoToPane, OpenArticle, SearchRequested
from briefing.app.text import (
    clean,
    date_text,
    highlighted,
    join,
    md,
    outlet_text,
    plain,
    snippet_text,
)
from briefing.index import SearchHit, SearchResult
from briefing.render.markdown import md_code

# the build package (and its parsing) is only named in annotations: not imported at start
if TYPE_CHECKING:
    from briefing.build import Progress

# Hits fetched per query (the counts cover every match): a screenful and more. Each is
# highlighted in the search and measured (wrapped) by the result list on the UI thread at
# every keystroke, which at 50 was most of the time from a key to its results.
PAGE = 20
FACETS_SHOWN = 4  # outlets named in the counts line; the rest are "+N more"


class SearchPane(Vertical):
    """Query input, status line (counts, did-you-mean, errors) and the result list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "toggle_sort", "Sort", id="search.sort", tooltip="Relevance or newest first"),
        Binding(
            "ctrl+y",
            "accept_suggestion",
            "Did you mean",
            show=False,
            id="search.suggestion",
            tooltip="Search for the suggested spelling",
        ),
    ]

    ALLOW_MAXIMIZE = True

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.indexing: Progress | None = None  # how far the index is built, while it is
        self.sort = "relevance"
        self.result: SearchResult | None = None
        self.error: str | None = None
        self._focus_results = False  # enter in the query: move to the results when they come
        self._open_first = False  # enter twice in the query: open the first result
        self._rows: dict[SearchHit, Option] = {}  # the rows shown, by hit

    def compose(self) -> ComposeResult:
        yield FieldInput(
            placeholder='search: words, "phrases", outlet:tass, person:abe, date:2016-12',
            id="query",
            select_on_focus=False,
        )
        yield Static(Text("type to search the corpus", style="dim"), id="search-status")
        yield VimOptionList(id="results")

    @property
    def query_text(self) -> str:
        return self.query_one("#query", FieldInput).value

    @property
    def results(self) -> VimOptionList:
        return self.query_one("#results", VimOptionList)

    # Searching ----------------------------------------------------------------------------

    @on(FieldInput.Changed, "#query")
    def _changed(self) -> None:
        self._search_typed()  # no pause first: the app holds it while a search runs

    @on(FieldInput.Submitted, "#query")
    def _submitted(self) -> None:
        if is_focused(self.results) and self.results.highlighted is not None:
            # a second enter typed in the query before the first one's move was handled (a
            # submit is a message queued behind the keys): open the result, as enter there does
            self.results.action_select()
            return
        shown = self.result
        if shown is not None and shown.query == self.query_text.strip() and shown.hits:
            focus_now(self.results)  # the results for this query are already on screen
            return
        if self._focus_results:
            self._open_first = True  # enter again before the results came: open the first
            return
        self._focus_results = True
        self.search_now()

    def _search_typed(self) -> None:
        """As you type: the word being typed matches as a prefix (`impeachm`)."""
        self.search_now(partial=True)

    def search_now(self, partial: bool = False) -> None:
        query = self.query_text.strip()
        if not query:
            self.result = None
            self.error = None
            self.results.clear_options()
            self._rows = {}
            self._status(Text("type to search the corpus", style="dim"))
            return
        self.post_message(SearchRequested(query, self.sort, PAGE, partial=partial))

    def show_result(self, query: str, result: SearchResult) -> None:
        if query != self.query_text.strip():
            return  # a newer query is on its way
        self.result = result
        self.error = None
        # a hit shown by the last keystroke too keeps its row (measured once at this width)
        kept, self._rows = self._rows, {}
        for hit in result.hits:
            self._rows[hit] = kept.get(hit) or self._option(hit)
        self.results.set_options(self._rows.values())
        if result.hits:
            self.results.highlighted = 0
            if self._focus_results:
                focus_now(self.results)
            if self._open_first and result.hits[0].article_id:
                self.post_message(OpenArticle(result.hits[0].article_id, query=query))
        self._focus_results = self._open_first = False
        self._status(self._result_status(result))

    def set_indexing(self, progress: Progress | None) -> None:
        """The index is being built (`progress` so far), or is written (None)."""
        self.indexing = progress
        if self.result is not None and self.error is None:
            self._status(self._result_status(self.result))

    def _result_status(self, result: SearchResult) -> Text:
        status = Text()
        if self.indexing is not None:
            status.append(f"indexing {self.indexing}… results so far: ", style="yellow")
        status.append(f"{result.total} match{'es' * (result.total != 1)}", style="bold")
        for outlet, n in result.outlet_counts[:FACETS_SHOWN]:
            status.append("  ")
            status.append_text(outlet_text(outlet, f" {n}"))
        more = len(result.outlet_counts) - FACETS_SHOWN
        if more > 0:
            status.append(f"  +{more} more outlets", style="dim")
        status.append(f"   sorted by {result.sort}", style="dim")
        if result.total > len(result.hits):
            status.append(f" · first {len(result.hits)} shown", style="dim")
        if result.suggestion:
            status.append("\nDid you mean: ", style="yellow")
            status.append(result.suggestion, style="bold yellow")
            status.append("?  (ctrl+y)", style="dim")
        return status

    def show_error(self, query: str, message: str) -> None:
        if query != self.query_text.strip():
            return
        self.error = message
        self._focus_results = self._open_first = False
        self.result = None
        self.results.clear_options()
        self._rows = {}
        self._status(Text.assemble(("✖ ", "bold red"), (message, "red")))

    def _status(self, text: Text) -> None:
        """Show `text` in the status line: without a layout pass of the screen when it takes
        the lines it takes now (the counts change at every keystroke, rarely their height)."""
        status = self.query_one("#search-status", Static)
        region = status.content_region
        same = bool(region.width) and (
            visualize(status, text).get_height(cast(RulesMap, status.styles), region.width)
            == region.height
        )
        status.update(text, layout=not same)

    def _option(self, hit: SearchHit) -> Option:
        headline = (
            highlighted(hit.headline_snippet.text, hit.headline_snippet.spans)
            if hit.headline_snippet
            else plain(hit.headline)
        )
        headline.stylize("bold")
        meta = join(outlet_text(hit.outlet), date_text(hit.published, hit.precision), sep=" · ")
        snippet = snippet_text(hit.snippet)
        snippet.stylize("dim")
        return Option(Text("\n").join([headline, meta, snippet, Text()]), id=hit.article_id)

    # Keys ---------------------------------------------------------------------------------

    def action_toggle_sort(self) -> None:
        self.sort = "date" if self.sort == "relevance" else "relevance"
        self.search_now()

    def action_accept_suggestion(self) -> None:
        if self.result is not None and self.result.suggestion:
            self.query_one("#query", FieldInput).value = self.result.suggestion
            self.search_now()

    def focus_query(self) -> None:
        query = self.query_one("#query", FieldInput)
        focus_now(query)
        query.action_end()

    @on(VimOptionList.OptionSelected, "#results")
    def _open(self, message: VimOptionList.OptionSelected) -> None:
        message.stop()
        if message.option.id:
            self.post_message(OpenArticle(message.option.id, query=self.query_text.strip()))

    @on(FieldInput.Left, "#query")
    def _leave_query(self, message: FieldInput.Left) -> None:
        """`esc` in the query (keys are commands again): to the results, else the timeline."""
        message.stop()
        if self.results.option_count:
            focus_now(self.results)
        else:
            self.post_message(GoToPane("timeline"))

    def on_key(self, event: events.Key) -> None:
        """`down` in the query moves to the results (the field has no use for it)."""
        if (
            event.key == "down"
            and is_focused(self.query_one("#query"))
            and self.results.option_count
        ):
            event.stop()
            focus_now(self.results)

    # Export -------------------------------------------------------------------------------

    def to_markdown(self) -> str:
        query = self.query_text.strip()
        lines = [f"# Search: {md(query)}" if query else "# Search", ""]
        if self.error:
            lines.append(f"Error: {md(self.error)}")
        result = self.result
        if result is not None:
            counts = ", ".join(f"{md(o)} {n}" for o, n in result.outlet_counts[:FACETS_SHOWN])
            more = len(result.outlet_counts) - FACETS_SHOWN
            counts += f", +{more} more outlets" if more > 0 else ""
            lines += [f"{result.total} matches ({counts}), sorted by {result.sort}.", ""]
            for hit in result.hits:
                date = hit.published or "undated"
                cite = f"{md(hit.outlet)}, {date}, {md_code(hit.article_id)}"
                lines.append(f"- **{md(hit.headline)}** — {cite}")
                if hit.snippet.text:
                    lines.append(f"  > {md(hit.snippet.text)}")
        return clean("\n".join(lines).strip() + "\n")
