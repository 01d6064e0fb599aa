"""A small dialog to choose which of an event's outlets to compare (two to four).

Why this module exists: an event may be covered by many outlets, and the comparison reads best
with two to four columns. `space` ticks an outlet, `enter` compares, `esc` cancels.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import SelectionList, Static
from textual.widgets.selection_list import Selection

from briefing.app.text import outlet_text

MIN_OUTLETS = 2
MAX_OUTLETS = 4


class OutletPicker(ModalScreen[tuple[str, ...] | None]):
    """Tick two to four outlets."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "confirm",
            "Compare",
            priority=True,
            id="picker.confirm",
            tooltip="Compare the ticked outlets",
        ),
        Binding("escape", "cancel", "Cancel", id="picker.cancel", tooltip="Close"),
        Binding("j", "down", "Down", show=False),
        Binding("k", "up", "Up", show=False),
    ]

    def __init__(self, outlets: Sequence[str], chosen: Sequence[str]) -> None:
        super().__init__()
        self.outlets = list(outlets)
        self.chosen = set(chosen) or set(outlets[:MAX_OUTLETS])

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box") as box:
            box.border_title = "Compare outlets"
            box.border_subtitle = "space ticks · enter compares · esc cancels"
            yield SelectionList[str](
                *(Selection(outlet_text(o), o, o in self.chosen) for o in self.outlets),
                id="picker-list",
            )
            yield Static(
                Text(f"tick {MIN_OUTLETS} to {MAX_OUTLETS}", style="dim"), id="picker-note"
            )

    def action_confirm(self) -> None:
        picked = self.query_one("#picker-list", SelectionList).selected
        ordered = tuple(o for o in self.outlets if o in picked)
        if not MIN_OUTLETS <= len(ordered) <= MAX_OUTLETS:
            self.query_one("#picker-note", Static).update(
                Text(
                    f"tick {MIN_OUTLETS} to {MAX_OUTLETS} outlets ({len(ordered)} ticked)",
                    style="bold red",
                )
            )
            return
        self.dismiss(ordered)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_down(self) -> None:
        self.query_one("#picker-list", SelectionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one("#picker-list", SelectionList).action_cursor_up()
