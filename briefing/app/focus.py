"""Move focus at once, so keys typed ahead land where the person expects.

Textual's `Widget.focus()` defers the change to a callback queued behind the events already
waiting. A terminal delivers a fast typist's (or tmux's, or a paste's) keys together: after `/`,
the letters that follow were already queued, so they went to the widget that had focus before
(the timeline) and the query stayed empty. Every focus change that a key causes goes through
`focus_now`, which sets the screen's focus while the key is being handled.
"""

from __future__ import annotations

from textual.dom import NoScreen
from textual.widget import Widget


def focus_now(widget: Widget) -> None:
    """Give `widget` focus before the next queued key is handled."""
    if widget.focusable:
        widget.screen.set_focus(widget)
    else:  # not focusable yet (e.g. shown by this same key): let Textual retry after a refresh
        widget.focus()


def is_focused(widget: Widget) -> bool:
    """Whether `widget` has focus now. `Widget.has_focus` follows the Focus message, which is
    queued: right after `focus_now` it still says False, and keys typed ahead would be misread."""
    try:
        return widget.screen.focused is widget
    except NoScreen:  # not mounted on a screen (yet, or any more)
        return False
