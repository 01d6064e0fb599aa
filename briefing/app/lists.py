"""An option list that also moves with vim keys.

Why this module exists: every list in the app (timeline, results, outlet picker) moves with
`j`/`k`/`g`/`G` as well as the arrows, and those keys have ids so a person can remap them.
`enter` is in the footer: it is the key that does something with the row.
It also keeps a layout pass of the screen from repainting lists whose size did not change
(`_size_updated`): every keystroke in a query is one, and each repainted the timeline's
scrollbar, which made the whole screen between it and the results be drawn again.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.geometry import Size
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

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        """As `ScrollView._size_updated`, with the list's own virtual size: the layout's is the
        list's region (an option list sizes its content itself), so the two never matched and
        every layout pass updated (and repainted) the scrollbars. The list updates them itself
        when its lines change (`OptionList._update_lines`)."""
        return bool(super()._size_updated(size, self.virtual_size, container_size, layout))
