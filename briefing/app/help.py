"""The help screen: every key, generated from the bindings themselves.

Why this module exists: a person should learn the whole app from one screen. Nothing here is
written by hand: each section lists a widget's bindings, its own and those Textual gives it
(`ctrl+q`, `ctrl+p`, the editing keys of a field, `pgup`/`pgdn` in a list), as remapped by the
user's keymap, with the binding id to use in `keymap.toml`. Keys are shown by the names a
person reads and types (`esc`, `tab`, `enter`, `space`, `ctrl+p`, `/`), never as the raw
character a key sends (`escape` is the ESC byte, which would garble the screen).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.keys import key_to_character
from textual.screen import ModalScreen
from textual.widgets import Static

HelpSection = tuple[str, Sequence[BindingType]]


# Keys whose Textual name is not what a person reads on the keyboard or would type in a keymap.
KEY_NAMES = {
    "escape": "esc",
    "enter": "enter",
    "tab": "tab",
    "space": "space",
    "backspace": "backspace",
    "delete": "delete",
    "pageup": "pgup",
    "pagedown": "pgdn",
    "slash": "/",
    "backslash": "\\",
    "plus": "+",
    "minus": "-",
    "comma": ",",
    "full_stop": ".",
    "colon": ":",
    "semicolon": ";",
    "asterisk": "*",
    "question_mark": "?",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
}


# Scrolling a list or a one-line field sideways is Textual's plumbing, not something to learn.
SKIPPED_ACTIONS = ("scroll_", "page_left", "page_right")


def key_name(key: str) -> str:
    """`escape` -> `esc`, `slash` -> `/`, `question_mark` -> `?`, `ctrl+p` stays `ctrl+p`."""
    key = key.strip()
    *modifiers, base = key.split("+") if "+" in key[1:] else ("", key)
    modifiers = [m for m in modifiers if m]
    if base in KEY_NAMES:
        name = KEY_NAMES[base]
    else:
        char = key_to_character(base) if len(base) > 1 else base
        name = char if char and len(char) == 1 and char.isprintable() and char != " " else base
    return "+".join([*modifiers, name])


def key_label(binding: Binding, keymap: dict[str, str]) -> str:
    """The keys of a binding as a person types them, after the user's remapping."""
    keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
    return " ".join(key_name(k) for k in keys.split(",") if k.strip()) if keys else ""


def normalise(bindings: Iterable[BindingType]) -> list[Binding]:
    out: list[Binding] = []
    for b in bindings:
        if isinstance(b, Binding):
            out.append(b)
        else:
            out.append(Binding(*b))
    return out


def grouped(bindings: Iterable[Binding]) -> list[Binding]:
    """One binding per action (or id), its keys joined: Textual splits `j,down` into two."""
    order: list[tuple[str, str, str]] = []
    merged: dict[tuple[str, str, str], Binding] = {}
    for b in bindings:
        if b.system and not b.description:
            continue  # Textual's internal fallbacks (e.g. ctrl+c's "press ctrl+q to quit")
        if not b.id and b.action.startswith(SKIPPED_ACTIONS):
            continue
        # a priority key (Textual's ctrl+q) stays on its own row: it works where others do not
        group = (b.action, b.description, str(b.priority))
        if group in merged:
            keys = merged[group].key.split(",")
            if b.key not in keys:
                # the binding with an id (ours) names the group, its keys first
                first, second = (
                    (b, merged[group])
                    if b.id and not merged[group].id
                    else (
                        merged[group],
                        b,
                    )
                )
                joined = [
                    *first.key.split(","),
                    *(k for k in second.key.split(",") if k not in first.key.split(",")),
                ]
                merged[group] = replace(first, key=",".join(joined))
        else:
            order.append(group)
            merged[group] = b
    return [merged[g] for g in order]


def bindings_of(widget_class: type, below: type | None = None) -> list[Binding]:
    """A widget class's bindings with those it inherits from Textual (`_merge_bindings`);
    `below`: leave out what `below` and its bases bind (listed in another section)."""
    merged = widget_class._merge_bindings()  # type: ignore[attr-defined]
    skip: set[tuple[str, str]] = set()
    if below is not None:
        skip = {(k, b.action) for k, b in below._merge_bindings()}  # type: ignore[attr-defined]
    return grouped(b for k, b in merged if (k, b.action) not in skip)


KEY_WIDTH = 16
ID_WIDTH = 22


def help_table(sections: Sequence[HelpSection], keymap: dict[str, str]) -> Group:
    """A title and a table of keys per section, the columns the same width in every one."""
    parts: list[Text | Table] = []
    for n, (title, bindings) in enumerate(sections):
        parts.append(Text(("\n" if n else "") + title, style="bold underline"))
        table = Table(box=None, show_header=n == 0, expand=True, pad_edge=False)
        table.add_column("key", style="bold", width=KEY_WIDTH)
        table.add_column("does", ratio=1)
        table.add_column("id (keymap.toml)", style="dim", width=ID_WIDTH, no_wrap=True)
        # the app's own keys (they have ids) first, then what Textual adds
        for b in sorted(grouped(normalise(bindings)), key=lambda b: b.id is None):
            does = b.tooltip or b.description or b.action
            table.add_row(key_label(b, keymap), Text(does), Text(b.id or ""))
        parts.append(table)
    return Group(*parts)


class HelpScreen(ModalScreen[None]):
    """`?` or F1: all keys; `esc`, `q` or `?` closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,q,question_mark,f1", "dismiss", "Close", id="help.close", tooltip="Close help"
        ),
        Binding("j,down", "scroll_down", "Down", show=False, id="help.down", tooltip="Scroll down"),
        Binding("k,up", "scroll_up", "Up", show=False, id="help.up", tooltip="Scroll up"),
    ]

    def __init__(self, sections: Sequence[HelpSection], keymap: dict[str, str], intro: str) -> None:
        super().__init__()
        self.sections = sections
        self.keymap = keymap
        self.intro = intro
        self.table = help_table([("This screen", self.BINDINGS), *sections], keymap)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = "Keys"
            box.border_subtitle = "esc closes"
            yield Static(Text(self.intro), id="help-intro")
            yield Static(self.table, id="help-table")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)

    def action_scroll_down(self) -> None:
        self.query_one("#help-box", VerticalScroll).scroll_down(animate=False, immediate=True)

    def action_scroll_up(self) -> None:
        self.query_one("#help-box", VerticalScroll).scroll_up(animate=False, immediate=True)
