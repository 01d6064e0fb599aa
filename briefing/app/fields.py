"""The app's text fields: every key types, and `esc` leaves (which the footer says).

Why this module exists: inside a field, letters and digits are text, never commands (typing
`qatar` must not quit, `2016` must not switch panes). A field says how to get out of it: `esc`
(and `enter`) are in the footer while it has focus, and the pane that holds the field decides
what leaving means (the timeline drops its filter, the search goes to its results).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input


class FieldInput(Input):
    """An `Input` whose `esc` posts `FieldInput.Left`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Done", id="field.done", tooltip="Done: keep what is typed"),
        Binding(
            "escape",
            "leave",
            "Leave field",
            id="field.leave",
            tooltip="Leave the field (clears a filter)",
        ),
    ]

    @dataclass
    class Left(Message):
        """`esc` in the field: the pane holding it moves the focus away."""

        field: FieldInput

        @property
        def control(self) -> FieldInput:
            return self.field

    def action_leave(self) -> None:
        self.post_message(self.Left(self))
