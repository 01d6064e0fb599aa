"""The main screen: the three panes, side by side when wide, as tabs when narrow.

Why this module exists: the layout and the keys that move between panes (`1`/`2`/`3`, `tab`,
`/`, `z` to zoom the active pane to the whole screen) belong to the screen that holds the panes,
not to the app (the reader and help screens have keys of their own). The layout switch is pure
CSS: Textual puts `-wide` or `-narrow` on the screen by its width (`HORIZONTAL_BREAKPOINTS`) and
`-tall`, `-short` or `-tiny` by its height, and the active pane carries `-active`.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input, Static, Tab, Tabs

from briefing.app.clipboard import copy_selection
from briefing.app.comparison_pane import ComparisonPane
from briefing.app.focus import focus_now
from briefing.app.messages import GoToPane, PanesReady
from briefing.app.search_pane import SearchPane
from briefing.app.timeline import TimelinePane

PANES = ("timeline", "search", "comparison")
TITLES = {"timeline": "1 Timeline", "search": "2 Search", "comparison": "3 Compare"}
WIDE_AT = 120
SHORT_BELOW = 32  # rows: the coverage chart shrinks
TINY_BELOW = 16  # rows: the coverage chart, tabs and status line give their room to the list


class MainScreen(Screen[None]):
    """Timeline, search and comparison."""

    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 (Textual's own declaration)
        (0, "-narrow"),
        (WIDE_AT, "-wide"),
    ]
    VERTICAL_BREAKPOINTS = [  # noqa: RUF012 (Textual's own declaration)
        (0, "-tiny"),
        (TINY_BELOW, "-short"),
        (SHORT_BELOW, "-tall"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "slash",
            "search",
            "Search",
            priority=True,
            id="app.search",
            tooltip="Search the corpus (from anywhere)",
        ),
        Binding(
            "1",
            "pane('timeline')",
            "Panes",
            key_display="1 2 3",
            id="app.timeline",
            tooltip="Go to the timeline",
        ),
        Binding(
            "2",
            "pane('search')",
            "Search pane",
            show=False,
            id="app.search_pane",
            tooltip="Go to the search results",
        ),
        Binding(
            "3",
            "pane('comparison')",
            "Compare",
            show=False,
            id="app.comparison",
            tooltip="Go to the comparison",
        ),
        Binding("tab", "cycle(1)", "Pane", id="app.next_pane", tooltip="Next pane"),
        Binding(
            "z",
            "zoom",
            "Zoom",
            id="app.zoom",
            tooltip="Zoom the pane to the whole screen (again: back)",
        ),
        Binding(
            "shift+tab",
            "cycle(-1)",
            "Previous pane",
            show=False,
            id="app.previous_pane",
            tooltip="Previous pane",
        ),
    ]

    def __init__(self) -> None:
        super().__init__(id="main")
        self.active = "timeline"

    def compose(self) -> ComposeResult:
        yield Static(Text("briefing", style="bold"), id="status-bar")
        yield Tabs(*(Tab(TITLES[p], id=f"tab-{p}") for p in PANES), id="pane-tabs")
        with Container(id="panes"):
            yield TimelinePane(id="timeline", classes="pane -active")
            yield SearchPane(id="search", classes="pane")
            yield ComparisonPane(id="comparison", classes="pane")
        # the footer's own docked "ctrl+p palette" overlaps the keys when they overflow (a stray
        # character on a narrow screen): the palette key is one of the keys instead
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        for pane in PANES:
            self.query_one(f"#{pane}").border_title = TITLES[pane]
        self.focus_pane("timeline")
        self.call_after_refresh(self.post_message, PanesReady())

    def on_go_to_pane(self, message: GoToPane) -> None:
        message.stop()
        self.focus_pane(message.pane)

    # Moving between panes ------------------------------------------------------------------

    def pane_widget(self, pane: str) -> Widget:
        return self.query_one(f"#{pane}")

    def set_active(self, pane: str) -> None:
        if pane not in PANES:
            return
        self.active = pane
        for name in PANES:
            self.pane_widget(name).set_class(name == pane, "-active")
        tabs = self.query_one("#pane-tabs", Tabs)
        if tabs.active != f"tab-{pane}":
            tabs.active = f"tab-{pane}"

    def focus_pane(self, pane: str) -> None:
        self.set_active(pane)
        if self.maximized is not None and self.maximized is not self.pane_widget(pane):
            self.maximized = self.pane_widget(pane)  # zoomed: the zoom follows the pane
        if pane == "timeline":
            focus_now(self.query_one(TimelinePane).option_list)
        elif pane == "search":
            search = self.query_one(SearchPane)
            if search.results.option_count:
                focus_now(search.results)
            else:
                search.focus_query()
        else:
            self.query_one(ComparisonPane).focus_body()

    def action_pane(self, pane: str) -> None:
        self.focus_pane(pane)

    def action_cycle(self, step: int) -> None:
        at = PANES.index(self.active)
        self.focus_pane(PANES[(at + step) % len(PANES)])

    def action_copy_text(self) -> None:
        copy_selection(self)

    def action_zoom(self) -> None:
        if self.maximized is not None:
            self.minimize()
        else:
            self.maximize(self.pane_widget(self.active), container=False)

    def action_search(self) -> None:
        focused = self.focused
        if isinstance(focused, Input):
            focused.insert_text_at_cursor("/")  # in any field, `/` is a character
            return
        self.set_active("search")
        self.query_one(SearchPane).focus_query()

    @on(Tabs.TabActivated, "#pane-tabs")
    def _tab(self, message: Tabs.TabActivated) -> None:
        pane = (message.tab.id or "").removeprefix("tab-")
        if pane != self.active:
            self.focus_pane(pane)

    def on_descendant_focus(self, event: object) -> None:
        node: DOMNode | None = self.focused
        while node is not None and node is not self:
            if isinstance(node, Widget) and node.id in PANES:
                if node.id != self.active:
                    self.set_active(node.id)
                return
            node = node.parent

    def export_markdown(self) -> tuple[str, str]:
        """(what, markdown) of the active pane."""
        if self.active == "timeline":
            return "timeline", self.query_one(TimelinePane).to_markdown()
        if self.active == "search":
            return "search", self.query_one(SearchPane).to_markdown()
        return "comparison", self.query_one(ComparisonPane).to_markdown()
