"""`ctrl+c` copies the selected text and says so.

Why this module exists: Textual copies a selection silently (and, with nothing selected, says
"press ctrl+q to quit"), so a person cannot tell whether the copy worked. The main screen and
the reader both copy through here: a confirmation with the length, or how to select.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen


def copy_selection(screen: Screen[Any]) -> None:
    text = screen.get_selected_text()
    if not text:
        screen.notify("nothing selected: drag over text to select it, then ctrl+c", timeout=3)
        return
    screen.app.copy_to_clipboard(text)
    lines = text.count("\n") + 1
    what = f"{len(text)} characters" + (f" ({lines} lines)" if lines > 1 else "")
    screen.notify(f"copied {what} to the clipboard", title="copied", timeout=3)
