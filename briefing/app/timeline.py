"""The timeline pane: events by month, their outlets and articles, and the dates they mention.

Why this module exists: it is the overview a person starts from. Events are listed in date order
under month headings, each with its outlets in their colours, article counts and blindspots;
under an expanded event, its articles; among the months, the dates articles refer to, marked
"referenced" (past) or "ahead" (scheduled). A coverage sparkline per outlet sits above.

Keys in the list are commands; `f` opens the filter (outlet, person, place, or words of the
label), where every key types until `enter` (keep the filter) or `esc` (drop it), as in lazygit
and k9s. `m` keeps only events several outlets covered, `b` only blindspots. Outlets are shown
as the top few and "+N more", a blindspot as a mark and a count, never a roll-call of the
missing. Large corpora stay responsive: events start collapsed, only the newest months are
listed, up to a row budget, with a row to reveal earlier months.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static
from textual.widgets.option_list import Option

from briefing.app.coverage import CoverageChart
from briefing.app.fields import FieldInput
from briefing.app.focus import focus_now
from briefing.app.lists import VimOptionList
from briefing.app.messages import OpenArticle, OpenEvent
from briefing.app.model import UNDATED, Corpus, Reference, month_key
from briefing.app.text import date_text, join, outlet_text, plain
from briefing.app.timeline_rows import (
    Row,
    event_matches,
    event_prompt,
    hanging,
    reference_prompt,
)
from briefing.events import Event
from briefing.labels import date_label, month_title
from briefing.render.events_markdown import render_events_markdown

MONTHS_SHOWN = 36  # month groups listed before "show earlier months"
ROW_BUDGET = 2000  # options rendered at most (OptionList stays instant)
REFERENCES_PER_MONTH = 4
LARGE_FROM = 300  # events: from here on, referenced dates give the room to the events
REFERENCES_PER_MONTH_LARGE = 1  # per month with events; months with only references are left out
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

    def compose(self) -> ComposeResult:
        yield CoverageChart(id="coverage")
        yield FieldInput(
            placeholder="f filters: outlet, person, place, words",
            id="timeline-filter",
            select_on_focus=False,
        )
        yield Static(Text("reading the corpus…", style="dim"), id="timeline-status")
        yield VimOptionList(id="timeline-list")

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
        corpus = self.corpus
        if corpus is None:
            return
        option_list = self.option_list
        keep = option_list.highlighted_option.id if option_list.highlighted_option else None
        if focus_event is not None:
            keep = f"e:{focus_event}"
        words = self.filter_words
        events = [
            e for e in corpus.events if self._visible(e) and (not words or event_matches(e, words))
        ]
        by_month: dict[str, list[Event]] = {}
        for e in events:
            by_month.setdefault(month_key(e.start), []).append(e)
        refs: dict[str, list[Reference]] = {}
        large = len(corpus.events) >= LARGE_FROM
        self.references_per_month = REFERENCES_PER_MONTH_LARGE if large else REFERENCES_PER_MONTH
        if self.view == "all":
            for key, found in corpus.references.items():
                chosen = [
                    r
                    for r in found
                    if not words
                    or all(w in f"{r.text} {r.outlet} {r.sentence}".lower() for w in words)
                ]
                if chosen and (not large or key in by_month):
                    refs[key] = chosen
        keys = sorted(set(by_month) | set(refs), key=lambda k: (k == UNDATED, k))
        dated = [k for k in keys if k != UNDATED]
        hidden = max(0, len(dated) - self.months_shown)
        if focus_event is not None:
            target = next((e for e in events if e.id == focus_event), None)
            if target is not None and month_key(target.start) in dated:
                at = dated.index(month_key(target.start))
                hidden = min(hidden, at)
                self.months_shown = max(self.months_shown, len(dated) - at)
        keys = keys[hidden:]
        # Trim further from the oldest month while over the row budget.
        sizes = [self._rows_for(by_month.get(k, []), refs.get(k, [])) for k in keys]
        while len(keys) > 1 and sum(sizes) > ROW_BUDGET:
            keys.pop(0)
            sizes.pop(0)
            hidden += 1
        options: list[Option] = []
        self.rows = []
        self.shown_events, self.shown_references = [], []
        if hidden:
            label = f"▲ {hidden} earlier month{'s' * (hidden != 1)} (enter to show)"
            options.append(Option(Text(label, style="dim"), id="more"))
            self.rows.append(Row("more", label))
        for key in keys:
            month_events = by_month.get(key, [])
            title = month_title(key)
            n = len(month_events)
            count = f" · {n} event{'s' * (n != 1)}" if n else " · referenced dates"
            options.append(
                Option(Text.assemble((title, "bold underline"), (count, "dim")), disabled=True)
            )
            self.rows.append(Row("month", title + count))
            for event in month_events:
                prompt, row = event_prompt(event)
                options.append(Option(prompt, id=f"e:{event.id}"))
                self.rows.append(Row("event", row))
                self.shown_events.append(event)
                if event.id in self.expanded:
                    for aid in event.articles:
                        article = corpus.articles.get(aid)
                        if article is None:
                            continue
                        body = join(
                            outlet_text(article.outlet),
                            date_text(article.published.iso, article.published.precision),
                            plain(article.headline),
                        )
                        options.append(
                            Option(
                                hanging(Text("  ├", style="dim"), body, 3), id=f"a:{event.id}:{aid}"
                            )
                        )
                        self.rows.append(Row("article", body.plain))
            month_refs = refs.get(key, [])
            shown_refs = month_refs[: self.references_per_month]
            for n, ref in enumerate(shown_refs):
                # a large corpus: the month's first reference with the count of the others
                rest = (
                    len(month_refs) - len(shown_refs) if large and n == len(shown_refs) - 1 else 0
                )
                article = corpus.articles.get(ref.article_id)
                seen_from = date_label(article.published.iso) if article else ""
                prompt, row = reference_prompt(ref, seen_from, rest)
                options.append(Option(prompt, id=f"r:{key}:{n}"))
                self.rows.append(Row("reference", row))
                self.shown_references.append(ref)
            if len(month_refs) > self.references_per_month and not large:
                more = len(month_refs) - self.references_per_month
                options.append(
                    Option(Text(f"   … {more} more referenced dates", style="dim"), disabled=True)
                )
        option_list.set_options(options)
        self._status(len(events), len(corpus.events), words)
        if keep is not None:
            try:
                option_list.highlighted = option_list.get_option_index(keep)
                option_list.call_after_refresh(option_list.scroll_to_highlight)
                return
            except Exception:  # the row is filtered out: fall through to the newest event
                pass
        # Start on the newest dated event: a briefing is about what happened last (the undated
        # bucket at the bottom is where a large corpus's leftovers are, not where to begin).
        newest = None
        # ... and not on a far-off wrong date beyond the coverage span (2039 in a 2020 corpus)
        last = corpus.months[-1] if corpus.months else "9999"
        for i in range(len(options) - 1, -1, -1):
            oid = options[i].id or ""
            if oid.startswith("e:"):
                newest = i if newest is None else newest
                candidate = corpus.event(oid[2:])
                if candidate is not None and candidate.start and month_key(candidate.start) <= last:
                    newest = i
                    break
        if newest is not None:
            option_list.highlighted = newest
            # rows wrap by the list's width, known for sure only once laid out: scroll again
            option_list.call_after_refresh(option_list.scroll_to_highlight)

    def on_resize(self) -> None:
        """Rows wrap again at the new width: keep the cursor's row in view (not the old line)."""
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
        text = Text(
            f"{total} events · {several} several outlets · {blind} blindspots "
            f"(1/{len(corpus.outlets)})",
            style="dim",
        )
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
        self.rebuild()

    @on(FieldInput.Submitted, "#timeline-filter")
    def _filter_done(self) -> None:
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
        if self.filter_input.value:
            self.filter_input.value = ""  # rebuilds (Changed)
        else:
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
