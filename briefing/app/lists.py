"""An option list that also moves with vim keys.

Why this module exists: every list in the app (timeline, results, outlet picker) moves with
`j`/`k`/`g`/`G` as well as the arrows, and those keys have ids so a person can remap them.
`enter` is in the footer: it is the key that does something with the row.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import OptionList


class VimOptionList(OptionList):
    """`OptionList` with `j`/`k`/`g`/`G`, and `enter` shown in the footer."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open", id="list.open", tooltip="Open the row: compare, read"),
        Binding("j", "cursor_down", "Down", show=False, id="list.down", tooltip="Next row"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up", tooltip="Previous row"),
        Binding("g", "first", "First", show=False, id="list.first", tooltip="First row"),
        Binding("G", "last", "Last", show=False, id="list.last", tooltip="Last row"),
    ]
