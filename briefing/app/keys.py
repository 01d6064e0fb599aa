"""The app's keys as a whole: the help screen's sections and what a keymap gets wrong.

Why this module exists: every key the app answers to is listed once, from the bindings of the
widgets themselves (and what Textual gives them), for the help screen and for checking the
user's `keymap.toml`: an id no binding has is reported (a typo would silently do nothing), and
a key taken from quitting says that `ctrl+q` still quits.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.screen import Screen

from briefing.app.comparison_pane import ComparisonPane
from briefing.app.fields import FieldInput
from briefing.app.help import HelpSection, bindings_of, key_name
from briefing.app.lists import VimOptionList
from briefing.app.main_screen import MainScreen
from briefing.app.outlet_picker import OutletPicker
from briefing.app.reader import ReaderScreen
from briefing.app.search_pane import SearchPane
from briefing.app.timeline import TimelinePane

__all__ = ["help_sections", "keymap_warnings"]


def help_sections(app_class: type) -> list[HelpSection]:
    """Every key, section by section, from the bindings themselves (Textual's own included)."""
    return [
        ("Everywhere", [*bindings_of(app_class), *bindings_of(MainScreen)]),
        ("Lists (timeline, results)", bindings_of(VimOptionList)),
        ("Text fields (timeline filter, search query)", bindings_of(FieldInput)),
        ("Timeline", TimelinePane.BINDINGS),
        ("Search", SearchPane.BINDINGS),
        ("Comparison", ComparisonPane.BINDINGS),
        ("Choosing outlets", bindings_of(OutletPicker, below=Screen)),
        ("Reader", bindings_of(ReaderScreen, below=Screen)),
    ]


def keymap_warnings(keymap: dict[str, str], sections: list[HelpSection]) -> list[str]:
    """Warnings for `keymap` (binding id -> keys); ids no binding has are removed from it."""
    known: dict[str, Binding] = {}
    for _, bindings in sections:
        for b in bindings:
            if isinstance(b, Binding) and b.id:
                known.setdefault(b.id, b)
    out: list[str] = []
    for binding_id in list(keymap):
        if binding_id not in known:
            del keymap[binding_id]
            out.append(f"keymap.toml: no key has the id {binding_id!r} (? lists the ids)")
    quit_keys = set(keymap.get("app.quit", "q").split(","))
    for binding_id, keys in keymap.items():
        taken = quit_keys & {k.strip() for k in keys.split(",")}
        if binding_id != "app.quit" and taken:
            names = ", ".join(key_name(k) for k in sorted(taken))
            out.append(
                f"keymap.toml: {names} now does {known[binding_id].description!r}, "
                "not quit; ctrl+q still quits"
            )
    return out
