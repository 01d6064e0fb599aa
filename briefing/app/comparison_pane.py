"""The comparison pane: how two to four outlets told one event, side by side.

Why this module exists: the point of reading several outlets is to see where they differ. For the
chosen event this lays out `briefing.compare.compare`'s result in one column per outlet: shared
statements aligned row by row, then what only each outlet reports, quotes, numbers and naming.
All columns live in one scrolling container, so they always scroll together; the outlet names
stay above it. The pane shows as many columns as fit (two when narrow, up to four when wide or
zoomed with `z`), and lays them out again when its width changes. `o` picks the outlets. Text
is selectable (drag, then `ctrl+c`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from briefing.app.focus import focus_now
from briefing.app.messages import OpenEvent
from briefing.app.text import clean, date_text, join, md, outlet_text, plain
from briefing.app.timeline_rows import OUTLETS_SHOWN
from briefing.events import Event

if TYPE_CHECKING:
    from briefing.compare import Comparison, Statement

ROWS_PER_SECTION = 20
COLUMN_WIDTH = 34  # the narrowest column worth reading; the pane shows as many as fit
MIN_COLUMNS = 2
OUTLETS_NAMED = OUTLETS_SHOWN + 2  # outlets named (with counts) in the header


def _statement(statement: Statement | None) -> Text:
    if statement is None:
        return Text("—", style="dim")
    return join(plain(statement.text), Text("\n"), date_text(statement.published), sep="")


class ComparisonPane(Vertical):
    """Columns per outlet for one event; `o` chooses the outlets."""

    ALLOW_MAXIMIZE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "pick_outlets", "Outlets", id="compare.outlets", tooltip="Choose 2–4 outlets"),
        Binding("j", "scroll_down", "Down", show=False, id="compare.down", tooltip="Scroll down"),
        Binding("k", "scroll_up", "Up", show=False, id="compare.up", tooltip="Scroll up"),
        Binding("g", "top", "Top", show=False, id="compare.top", tooltip="Top"),
        Binding("G", "bottom", "Bottom", show=False, id="compare.bottom", tooltip="Bottom"),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.event: Event | None = None
        self.comparison: Comparison | None = None
        self.message = ""
        self.columns = 0  # columns laid out for the current comparison

    def compose(self) -> ComposeResult:
        yield Static(self._hint(), id="compare-header")
        yield Horizontal(id="compare-heading", classes="row heading")
        yield VerticalScroll(id="compare-body", can_focus=True)

    @staticmethod
    def _hint() -> Text:
        return Text(
            "Pick an event on the timeline (enter) to compare its outlets here.", style="dim"
        )

    @property
    def body(self) -> VerticalScroll:
        return self.query_one("#compare-body", VerticalScroll)

    def focus_body(self) -> None:
        focus_now(self.body)

    # States -------------------------------------------------------------------------------

    def show_loading(self, event: Event) -> None:
        self.event = event
        self.comparison = None
        self.message = ""
        self.query_one("#compare-header", Static).update(
            join(self._event_title(event), Text("comparing…", style="dim"), sep="\n")
        )
        self._clear()

    def _clear(self) -> None:
        self.columns = 0
        self.body.remove_children()
        self.query_one("#compare-heading", Horizontal).remove_children()

    def show_error(self, event: Event | None, message: str) -> None:
        self.event = event
        self.comparison = None
        self.message = message
        title = self._event_title(event) if event else Text()
        self.query_one("#compare-header", Static).update(
            join(title, Text(clean(message), style="yellow"), sep="\n")
        )
        self._clear()

    def _event_title(self, event: Event) -> Text:
        out = join(date_text(event.start, end=event.end), Text(clean(event.label), style="bold"))
        out.append("\n")
        for i, (outlet, ids) in enumerate(event.outlets[:OUTLETS_NAMED]):
            if i:
                out.append("  ")
            out.append_text(outlet_text(outlet, f" {len(ids)}"))
        more = len(event.outlets) - OUTLETS_NAMED
        if more > 0:
            out.append(f"  +{more} more", style="dim")
        return out

    def fitting_columns(self, width: int | None = None) -> int:
        """How many outlet columns the pane's width holds (at least two)."""
        width = width if width is not None else self.content_size.width
        return max(MIN_COLUMNS, width // COLUMN_WIDTH)

    def on_resize(self, event: events.Resize) -> None:
        """Zoomed or resized: as many columns as now fit (the pane's new width, not the body's,
        which is laid out after this)."""
        if self.comparison is not None and self.event is not None:
            fit = self.fitting_columns(event.size.width)
            if min(len(self.comparison.outlets), fit) != self.columns:
                self._lay_out(self.event, self.comparison, fit)

    def show_comparison(self, event: Event, comparison: Comparison) -> None:
        self.event = event
        self.comparison = comparison
        self.message = ""
        self._lay_out(event, comparison)
        self.body.scroll_home(animate=False)

    def _lay_out(self, event: Event, comparison: Comparison, fit: int | None = None) -> None:
        outlets = comparison.outlets[: fit or self.fitting_columns()]
        self.columns = len(outlets)
        header = self._event_title(event)
        header.append("\ncomparing ", style="dim")
        for i, outlet in enumerate(outlets):
            if i:
                header.append(" · ", style="dim")
            header.append_text(outlet_text(outlet))
        hidden = len(comparison.outlets) - len(outlets)
        if hidden:
            header.append(f"   +{hidden} not shown: z zooms", style="dim")
        if len(event.outlets) > len(comparison.outlets) or hidden:
            header.append("   o: other outlets", style="dim")
        self.query_one("#compare-header", Static).update(header)
        heading = self.query_one("#compare-heading", Horizontal)
        heading.remove_children()
        heading.mount_all([Static(outlet_text(o), classes="cell") for o in outlets])
        self.body.remove_children()
        self.body.mount_all(list(self._rows(comparison, outlets)))

    # Rows ---------------------------------------------------------------------------------

    def _row(self, cells: Sequence[Text], classes: str = "row") -> Horizontal:
        return Horizontal(*(Static(c, classes="cell") for c in cells), classes=classes)

    def _section(self, title: str, count: int) -> Static:
        return Static(Text.assemble((title, "bold"), (f"  {count}", "dim")), classes="section")

    def _rows(self, c: Comparison, outlets: Sequence[str]) -> list[Widget]:
        rows: list[Widget] = []
        rows.append(self._section("Reported by more than one", len(c.shared)))
        for aligned in c.shared[:ROWS_PER_SECTION]:
            by_outlet = {s.outlet: s for s in aligned.statements}
            if not any(o in by_outlet for o in outlets):
                continue  # told only by outlets not shown at this width
            rows.append(self._row([_statement(by_outlet.get(o)) for o in outlets]))
        unique = {o: c.unique_to(o) for o in outlets}
        longest = max((len(v) for v in unique.values()), default=0)
        rows.append(self._section("Only this outlet", sum(len(v) for v in unique.values())))
        for i in range(min(longest, ROWS_PER_SECTION)):
            rows.append(
                self._row(
                    [_statement(unique[o][i] if i < len(unique[o]) else None) for o in outlets]
                )
            )
        rows.append(self._section("Quotes", len(c.quotes)))
        for group in c.quotes[:ROWS_PER_SECTION]:
            by_outlet_q = {r.outlet: r for r in group.renderings}
            if not any(o in by_outlet_q for o in outlets):
                continue
            cells = []
            for o in outlets:
                r = by_outlet_q.get(o)
                if r is None:
                    cells.append(Text("—", style="dim"))
                    continue
                cell = Text(clean(group.speaker or "unattributed") + ": ", style="bold")
                cell.append_text(plain(f"“{r.text}”", "italic"))
                cells.append(cell)
            rows.append(self._row(cells))
        rows.append(self._section("Numbers and dates", len(c.numbers)))
        for claim in c.numbers[:ROWS_PER_SECTION]:
            if not any(v[0] in outlets for v in claim.values):
                continue
            cells = []
            for o in outlets:
                values = [v for v in claim.values if v[0] == o]
                if not values:
                    cells.append(Text("—", style="dim"))
                    continue
                cell = Text(clean(claim.what) + ": ", style="bold")
                cell.append(
                    ", ".join(clean(v[1]) for v in values), style="red" if claim.disagree else ""
                )
                cells.append(cell)
            rows.append(self._row(cells))
        rows.append(self._section("Naming", len(c.naming)))
        for naming in c.naming[:ROWS_PER_SECTION]:
            forms = dict(naming.forms)
            if not any(o in forms for o in outlets):
                continue
            cells = []
            for o in outlets:
                found = forms.get(o, ())
                cells.append(
                    Text("; ".join(f"{clean(f)} ×{n}" for f, n in found))
                    if found
                    else Text("—", style="dim")
                )
            rows.append(self._row(cells))
        return rows

    # Keys ---------------------------------------------------------------------------------

    def action_pick_outlets(self) -> None:
        from briefing.app.outlet_picker import OutletPicker

        event = self.event
        if event is None:
            self.notify("choose an event first (enter on the timeline)", timeout=3)
            return
        if len(event.outlets) < 2:
            self.notify("only one outlet covered this event", timeout=3)
            return
        current = self.comparison.outlets if self.comparison else ()

        def chosen(outlets: tuple[str, ...] | None) -> None:
            if outlets:
                self.post_message(OpenEvent(event.id, outlets))

        self.app.push_screen(OutletPicker([o for o, _ in event.outlets], current), callback=chosen)

    # immediate: a burst of key repeats scrolls one line per key, not one line in all
    def action_scroll_down(self) -> None:
        self.body.scroll_down(animate=False, immediate=True)

    def action_scroll_up(self) -> None:
        self.body.scroll_up(animate=False, immediate=True)

    def action_top(self) -> None:
        self.body.scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.body.scroll_end(animate=False)

    # Export -------------------------------------------------------------------------------

    def to_markdown(self) -> str:
        """The comparison as `briefing compare EVENT --outlets ... --format markdown` writes it."""
        c = self.comparison
        if c is None:
            title = f"# Comparison: {md(self.event.label)}" if self.event else "# Comparison"
            return f"{title}\n\n{md(self.message) or 'Nothing compared yet.'}\n"
        # imported here: it brings the comparison (and parsing) code, not needed at start
        from briefing.render.compare_markdown import render_compare_markdown

        return render_compare_markdown(c)
