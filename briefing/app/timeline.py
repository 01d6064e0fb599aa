"""The timeline pane: events by month, their outlets and articles, and the dates they mention.

Why this module exists: it is the overview a person starts from. Events are listed in date order
under month headings, each with its outlets in their colours, article counts and blindspots;
under an expanded event, its articles; among the months, the dates articles refer to, marked
"referenced" (past) or "ahead" (scheduled). A coverage sparkline per outlet sits above.

Keys in the list are commands; `f` opens the filter (outlet, person, place, or words of the
label), where every key types until `enter` (keep the filter) or `esc` (drop it), as in lazygit
and k9s. `m` keeps only events several outlets covered, `b` only blindspots. Outlets are shown
as the top few and "+N more", a blindspot as a mark and a count, never a roll-call of the
missing. On a short pane (an 80x24 terminal) each row is one line, with the row under the
cursor shown whole below the list. Large corpora stay responsive: events start collapsed, only
the newest months are listed, up to a row budget, with a row to reveal earlier months
(`timeline_months`), and the filter lays the list out again once typing pauses.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import Static
from textual.widgets.option_list import Option

from briefing.app.coverage import CoverageChart
from briefing.app.fields import FieldInput
from briefing.app.focus import focus_now
from briefing.app.lists import VimOptionList
from briefing.app.messages import OpenArticle, OpenEvent
from briefing.app.model import Corpus, Reference, month_key
from briefing.app.timeline_list import RowStyle, build_rows
from briefing.app.timeline_months import by_month, chosen_references, plan_months
from briefing.app.timeline_rows import Row, event_matches, events_status
from briefing.events import Event
from briefing.render.events_markdown import render_events_markdown

MONTHS_SHOWN = 36  # month groups listed before "show earlier months"
ROW_BUDGET = 2000  # options rendered at most (OptionList stays instant)
REFERENCES_PER_MONTH = 4
LARGE_FROM = 300  # events: from here on, referenced dates give the room to the events
REFERENCES_PER_MONTH_LARGE = 1  # per month with events; months with only references are left out
COMPACT_BELOW = 30  # pane rows: below, one line per event and the cursor's row whole below
FILTER_SETTLE = 0.2  # seconds of no typing before a large corpus's list is laid out again
SLIM_BELOW = 60  # pane columns: below, a one-line row's outlets are their colours only
EXPAND_ALL_BELOW = 30  # corpora with fewer events start with every event expanded
VIEWS = {"all": "", "multi": "covered by several outlets", "blind": "blindspots"}


class TimelinePane(Vertical):
    """Events by month with coverage above; `enter` compares an event or reads an article."""

    ALLOW_MAXIMIZE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f", "filter", "Filter", id="timeline.filter", tooltip="Filter the timeline"),
        Binding(
            "space,l,right",
            "expand",
            "Expand",
            id="timeline.expand",
            tooltip="Show or hide an event's articles",
        ),
        Binding(
            "m",
            "view('multi')",
            "Several outlets",
            id="timeline.several",
            tooltip="Only events covered by several outlets (again: all events)",
        ),
        Binding(
            "b",
            "view('blind')",
            "Blindspots",
            id="timeline.blindspots",
            tooltip="Only blindspots: events one outlet covered (again: all events)",
        ),
        Binding(
            "escape",
            "clear_filter",
            "Clear filter",
            show=False,
            id="timeline.clear",
            tooltip="Clear the timeline filter and view",
        ),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.corpus: Corpus | None = None
        self.expanded: set[str] = set()
        self.months_shown = MONTHS_SHOWN
        self.rows: list[Row] = []
        self.view = "all"
        self.references_per_month = REFERENCES_PER_MONTH
        self.shown_events: list[Event] = []  # what the export writes: the rows on screen
        self.shown_references: list[Reference] = []
        self.compact = False  # one line per row (a short terminal); the cursor's row in full
        self.slim = False  # and so narrow that the outlets are only their colours
        self.details: dict[str, RenderableType] = {}  # option id -> the row in full
        self.rebuilds = 0  # times the list was laid out (typing must not queue a rebuild a key)
        self._pending: Timer | None = None  # the rebuild waiting for typing to pause

    def compose(self) -> ComposeResult:
        yield CoverageChart(id="coverage")
        yield FieldInput(
            placeholder="f filters: outlet, person, place, words",
            id="timeline-filter",
            select_on_focus=False,
        )
        yield Static(Text("reading the corpus…", style="dim"), id="timeline-status")
        yield VimOptionList(id="timeline-list")
        yield Static(id="timeline-details")

    @property
    def option_list(self) -> VimOptionList:
        return self.query_one("#timeline-list", VimOptionList)

    @property
    def filter_input(self) -> FieldInput:
        return self.query_one("#timeline-filter", FieldInput)

    @property
    def filter_words(self) -> list[str]:
        return self.filter_input.value.lower().split()

    # Data ---------------------------------------------------------------------------------

    def show(self, corpus: Corpus) -> None:
        first = self.corpus is None
        self.corpus = corpus
        if first and len(corpus.events) < EXPAND_ALL_BELOW:
            self.expanded = {e.id for e in corpus.events}
        self.query_one(CoverageChart).show(corpus)
        self.rebuild()

    def _visible(self, event: Event) -> bool:
        if self.view == "multi":
            return len(event.outlets) > 1
        if self.view == "blind":
            return event.blindspot
        return True

    def rebuild(self, focus_event: str | None = None) -> None:
        """List the events (and referenced dates) the view and filter keep, by month, and put
        the cursor back on its row, on `focus_event`, or on the newest dated event."""
        corpus = self.corpus
        if corpus is None:
            return
        self.rebuilds += 1
        self.compact, self.slim = self._compact_wanted()
        self.set_class(self.compact, "-compact")  # shows the cursor's row whole below the list
        keep = f"e:{focus_event}" if focus_event is not None else self._highlighted_id()
        words = self.filter_words
        events = [
            e for e in corpus.events if self._visible(e) and (not words or event_matches(e, words))
        ]
        months = by_month(events)
        large = len(corpus.events) >= LARGE_FROM
        self.references_per_month = REFERENCES_PER_MONTH_LARGE if large else REFERENCES_PER_MONTH
        refs: dict[str, list[Reference]] = {}
        if self.view == "all":
            refs = chosen_references(corpus.references, words, set(months) if large else None)
        target = next((e for e in events if e.id == focus_event), None)
        plan = plan_months(
            set(months) | set(refs),
            self.months_shown,
            lambda k: self._rows_for(months.get(k, []), refs.get(k, [])),
            ROW_BUDGET,
            month_key(target.start) if target is not None else None,
        )
        self.months_shown = plan.months_shown
        style = RowStyle(self.compact, self.slim, self.references_per_month, large)
        built = build_rows(corpus, plan, months, refs, self.expanded, style)
        self.rows, self.details = built.rows, built.details
        self.shown_events, self.shown_references = built.events, built.references
        options = built.options
        self.option_list.set_options(options)
        self._status(len(events), len(corpus.events), words)
        self._place_cursor(keep, options)

    def _compact_wanted(self) -> tuple[bool, bool]:
        """One line per event when the pane is short (an 80x24 terminal): whole rows there
        would show a handful of events; the outlets as colours only when it is narrow too."""
        compact = 0 < self.size.height < COMPACT_BELOW
        return compact, compact and self.size.width < SLIM_BELOW

    def _highlighted_id(self) -> str | None:
        option = self.option_list.highlighted_option
        return option.id if option is not None else None

    def _place_cursor(self, keep: str | None, options: list[Option]) -> None:
        """Back on the row it was on (or asked for); else on the newest dated event: a
        briefing is about what happened last (the undated bucket at the bottom is where a
        large corpus's leftovers are, not where to begin), and not on a far-off wrong date
        beyond the coverage span (2039 in a 2020 corpus)."""
        option_list = self.option_list
        if keep is not None:
            try:
                option_list.highlighted = option_list.get_option_index(keep)
            except Exception:  # the row is filtered out: fall through to the newest event
                pass
            else:
                option_list.call_after_refresh(option_list.scroll_to_highlight)
                self._show_details()
                return
        newest = self._newest_event_row(options)
        if newest is not None:
            option_list.highlighted = newest
            # rows wrap by the list's width, known for sure only once laid out: scroll again
            option_list.call_after_refresh(option_list.scroll_to_highlight)
        self._show_details()

    def _newest_event_row(self, options: list[Option]) -> int | None:
        corpus = self.corpus
        assert corpus is not None
        last = corpus.months[-1] if corpus.months else "9999"
        newest = None
        for i in range(len(options) - 1, -1, -1):
            oid = options[i].id or ""
            if not oid.startswith("e:"):
                continue
            newest = i if newest is None else newest
            candidate = corpus.event(oid[2:])
            if candidate is not None and candidate.start and month_key(candidate.start) <= last:
                return i
        return newest

    def _show_details(self) -> None:
        """The row under the cursor in full (label unabridged, outlets), on a short terminal."""
        details = self.query_one("#timeline-details", Static)
        option = self.option_list.highlighted_option
        full = self.details.get(option.id or "") if option is not None else None
        details.update(full if full is not None and self.compact else "")

    @on(VimOptionList.OptionHighlighted, "#timeline-list")
    def _highlighted(self, message: VimOptionList.OptionHighlighted) -> None:
        message.stop()
        self._show_details()

    def on_resize(self) -> None:
        """Rows wrap again at the new width: keep the cursor's row in view (not the old line);
        a terminal made short (or tall) gets one-line (or whole) rows."""
        if self.corpus is not None and self._compact_wanted() != (self.compact, self.slim):
            self.rebuild()
        self.option_list.call_after_refresh(self.option_list.scroll_to_highlight)

    def go_to(self, event_id: str) -> None:
        """Put the cursor on an event (the palette's jump): drop a filter or view that hides it."""
        corpus = self.corpus
        event = corpus.event(event_id) if corpus else None
        if event is None:
            return
        if not self._visible(event) or (
            self.filter_words and not event_matches(event, self.filter_words)
        ):
            self.view = "all"
            with self.filter_input.prevent(FieldInput.Changed):
                self.filter_input.value = ""
        self.rebuild(focus_event=event_id)

    def _rows_for(self, month_events: list[Event], refs: list[Reference]) -> int:
        expanded = sum(len(e.articles) for e in month_events if e.id in self.expanded)
        shown = min(len(refs), self.references_per_month + 1)
        return 1 + len(month_events) + expanded + shown

    def _status(self, shown: int, total: int, words: list[str]) -> None:
        corpus = self.corpus
        assert corpus is not None
        several = sum(1 for e in corpus.events if len(e.outlets) > 1)
        blind = sum(1 for e in corpus.events if e.blindspot)
        text = Text(events_status(total, several, blind, corpus.named_outlets), style="dim")
        if words or self.view != "all":
            what = " ".join(
                x for x in (VIEWS[self.view], repr(" ".join(words)) if words else "") if x
            )
            text = Text.assemble(
                (f"{shown} of {total} events: {what}", "bold"),
                ("  esc shows all", "dim"),
            )
        self.query_one("#timeline-status", Static).update(text)

    # Keys and selection -------------------------------------------------------------------

    @on(FieldInput.Changed, "#timeline-filter")
    def _filter_changed(self) -> None:
        """On a large corpus the list is laid out again once typing pauses: a rebuild per key
        there queues keys behind seconds of work (`kavanaugh` typed into 20,000 events)."""
        self._cancel_pending()
        if self.corpus is not None and len(self.corpus.events) >= LARGE_FROM:
            self._pending = self.set_timer(FILTER_SETTLE, self._filter_settled)
        else:
            self.rebuild()

    def _filter_settled(self) -> None:
        self._pending = None
        self.rebuild()

    def _cancel_pending(self) -> bool:
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.stop()
        return pending is not None

    @on(FieldInput.Submitted, "#timeline-filter")
    def _filter_done(self) -> None:
        if self._cancel_pending():  # enter: the filter as typed, now
            self.rebuild()
        focus_now(self.option_list)

    @on(FieldInput.Left, "#timeline-filter")
    def _filter_left(self, message: FieldInput.Left) -> None:
        message.stop()
        self.action_clear_filter()

    def action_filter(self) -> None:
        focus_now(self.filter_input)

    def action_view(self, view: str) -> None:
        self.view = "all" if self.view == view else view
        self.rebuild()

    def action_clear_filter(self) -> None:
        self.view = "all"
        self._cancel_pending()
        with self.filter_input.prevent(FieldInput.Changed):
            self.filter_input.value = ""
        self.rebuild()
        focus_now(self.option_list)

    def action_expand(self) -> None:
        option = self.option_list.highlighted_option
        if option is None or option.id is None:
            return
        if option.id.startswith(("e:", "a:")):
            event_id = option.id.split(":")[1]
            self.expanded ^= {event_id}
            self.rebuild()
            self.option_list.highlighted = self.option_list.get_option_index(f"e:{event_id}")

    @on(VimOptionList.OptionSelected, "#timeline-list")
    def _selected(self, message: VimOptionList.OptionSelected) -> None:
        message.stop()
        oid = message.option.id or ""
        corpus = self.corpus
        if oid == "more":
            self.months_shown += MONTHS_SHOWN
            self.rebuild()
        elif oid.startswith("e:"):
            self.post_message(OpenEvent(oid[2:]))
        elif oid.startswith("a:"):
            self.post_message(OpenArticle(oid.split(":", 2)[2]))
        elif oid.startswith("r:") and corpus is not None:
            _, key, n = oid.split(":")
            ref = corpus.references[key][int(n)]
            self.post_message(
                OpenArticle(ref.article_id, paragraph=ref.paragraph, sentence=ref.sentence)
            )

    def highlighted_event(self) -> str | None:
        option = self.option_list.highlighted_option
        if option is None or option.id is None or not option.id.startswith(("e:", "a:")):
            return None
        return option.id.split(":")[1]

    # Export -------------------------------------------------------------------------------

    def to_markdown(self) -> str:
        """What the timeline shows (months, events, expanded articles, referenced dates), written
        by the same renderer as `briefing events --markdown`."""
        corpus = self.corpus
        shown = " ".join(x for x in (VIEWS[self.view], " ".join(self.filter_words)) if x)
        return render_events_markdown(
            self.shown_events,
            title="Timeline",
            articles=corpus.articles if corpus else None,
            expanded=self.expanded,
            mentions=self.shown_references,
            filtered_by=shown,
        )
