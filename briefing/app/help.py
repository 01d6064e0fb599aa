"""The help screen: every key, generated from the bindings themselves.

Why this module exists: a person should learn the whole app from one screen. Nothing here is
written by hand: each section lists a widget's `BINDINGS` as remapped by the user's keymap, with
the binding id to use in `keymap.toml`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.keys import key_to_character
from textual.screen import ModalScreen
from textual.widgets import Static

HelpSection = tuple[str, Sequence[BindingType]]


def key_label(binding: Binding, keymap: dict[str, str]) -> str:
    """The keys of a binding as a person types them, after the user's remapping."""
    keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
    shown = (
        [
            (key_to_character(k.strip()) or k.strip()) if k.strip() != "space" else "space"
            for k in keys.split(",")
        ]
        if keys
        else []
    )
    return " ".join(shown)


def normalise(bindings: Sequence[BindingType]) -> list[Binding]:
    out: list[Binding] = []
    for b in bindings:
        if isinstance(b, Binding):
            out.append(b)
        else:
            out.append(Binding(*b))
    return out


def help_table(sections: Sequence[HelpSection], keymap: dict[str, str]) -> Table:
    table = Table(box=None, show_header=True, expand=True, pad_edge=False)
    table.add_column("key", style="bold", no_wrap=True, min_width=14)
    table.add_column("does")
    table.add_column("id (keymap.toml)", style="dim", no_wrap=True)
    for title, bindings in sections:
        table.add_row(Text(title, style="bold underline"), "", "")
        for b in normalise(bindings):
            does = b.tooltip or b.description or b.action
            table.add_row(key_label(b, keymap), Text(does), Text(b.id or ""))
        table.add_row("", "", "")
    return table


class HelpScreen(ModalScreen[None]):
    """`?` or F1: all keys; `esc`, `q` or `?` closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close", id="help.close"),
        Binding("j,down", "scroll_down", "Down", show=False),
        Binding("k,up", "scroll_up", "Up", show=False),
    ]

    def __init__(self, sections: Sequence[HelpSection], keymap: dict[str, str], intro: str) -> None:
        super().__init__()
        self.sections = sections
        self.keymap = keymap
        self.intro = intro
        self.table = help_table(sections, keymap)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = "Keys"
            box.border_subtitle = "esc closes"
            yield Static(Text(self.intro), id="help-intro")
            yield Static(self.table, id="help-table")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)

    def action_scroll_down(self) -> None:
        self.query_one("#help-box", VerticalScroll).scroll_down(animate=False)

    def action_scroll_up(self) -> None:
        self.query_one("#help-box", VerticalScroll).scroll_up(animate=False)
