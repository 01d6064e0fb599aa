"""The timeline pane: events by month, their outlets and articles, and the dates they mention.

Why this module exists: it is the overview a person starts from. Events are listed in date order
under month headings, each with its outlets in their colours, article counts and blindspots;
under an expanded event, its articles; among the months, the dates articles refer to, marked
"referenced" (past) or "ahead" (scheduled). A coverage sparkline per outlet sits above.

Typing filters the list (outlet, person, place, or words of the label) without touching the
corpus search (`/`). Large corpora stay responsive: only the newest months are listed, up to a
row budget, with a row to reveal earlier months.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static
from textual.widgets.option_list import Option

from briefing.app.coverage import CoverageChart
from briefing.app.focus import focus_now, is_focused
from briefing.app.lists import VimOptionList
from briefing.app.messages import OpenArticle, OpenEvent
from briefing.app.model import UNDATED, Corpus, Reference, month_key
from briefing.app.text import clean, date_text, join, outlet_text, plain
from briefing.events import Event
from briefing.labels import date_label, month_title
from briefing.render.events_markdown import render_events_markdown

MONTHS_SHOWN = 36  # month groups listed before "show earlier months"
ROW_BUDGET = 2000  # options rendered at most (OptionList stays instant)
REFERENCES_PER_MONTH = 4
EXPAND_ALL_BELOW = 30  # corpora with fewer events start with every event expanded


def event_matches(event: Event, words: list[str]) -> bool:
    hay = " ".join(
        [event.label, *(o for o, _ in event.outlets), *event.people, *event.places]
    ).lower()
    return all(w in hay for w in words)


class TimelinePane(Vertical):
    """Events by month with coverage above; `enter` compares an event or reads an article."""

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
            "escape",
            "clear_filter",
            "Clear filter",
            show=False,
            id="timeline.clear",
            tooltip="Clear the timeline filter",
        ),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.corpus: Corpus | None = None
        self.expanded: set[str] = set()
        self.months_shown = MONTHS_SHOWN
        self.shown_events: list[Event] = []  # what the export writes: the rows on screen
        self.shown_references: list[Reference] = []

    def compose(self) -> ComposeResult:
        yield CoverageChart(id="coverage")
        yield Input(
            placeholder="type to filter: outlet, person, place",
            id="timeline-filter",
            select_on_focus=False,
        )
        yield Static(Text("reading the corpus…", style="dim"), id="timeline-status")
        yield VimOptionList(id="timeline-list")

    @property
    def option_list(self) -> VimOptionList:
        return self.query_one("#timeline-list", VimOptionList)

    @property
    def filter_words(self) -> list[str]:
        return self.query_one("#timeline-filter", Input).value.lower().split()

    # Data ---------------------------------------------------------------------------------

    def show(self, corpus: Corpus) -> None:
        first = self.corpus is None
        self.corpus = corpus
        if first and len(corpus.events) < EXPAND_ALL_BELOW:
            self.expanded = {e.id for e in corpus.events}
        self.query_one(CoverageChart).show(corpus)
        self.rebuild()

    def rebuild(self) -> None:
        corpus = self.corpus
        if corpus is None:
            return
        option_list = self.option_list
        keep = option_list.highlighted_option.id if option_list.highlighted_option else None
        words = self.filter_words
        events = [e for e in corpus.events if event_matches(e, words)] if words else corpus.events
        by_month: dict[str, list[Event]] = {}
        for e in events:
            by_month.setdefault(month_key(e.start), []).append(e)
        refs: dict[str, list[Reference]] = {}
        for key, found in corpus.references.items():
            chosen = [
                r
                for r in found
                if not words or all(w in f"{r.text} {r.outlet} {r.sentence}".lower() for w in words)
            ]
            if chosen:
                refs[key] = chosen
        keys = sorted(set(by_month) | set(refs), key=lambda k: (k == UNDATED, k))
        dated = [k for k in keys if k != UNDATED]
        hidden = max(0, len(dated) - self.months_shown)
        keys = keys[hidden:]
        # Trim further from the oldest month while over the row budget.
        sizes = [self._rows_for(by_month.get(k, []), refs.get(k, [])) for k in keys]
        while len(keys) > 1 and sum(sizes) > ROW_BUDGET:
            keys.pop(0)
            sizes.pop(0)
            hidden += 1
        options: list[Option] = []
        self.shown_events, self.shown_references = [], []
        if hidden:
            label = f"▲ {hidden} earlier month{'s' * (hidden != 1)} (enter to show)"
            options.append(Option(Text(label, style="dim"), id="more"))
        for key in keys:
            month_events = by_month.get(key, [])
            title = month_title(key)
            n = len(month_events)
            count = f" · {n} event{'s' * (n != 1)}" if n else " · referenced dates"
            options.append(
                Option(Text.assemble((title, "bold underline"), (count, "dim")), disabled=True)
            )
            for event in month_events:
                options.append(Option(self._event_prompt(event), id=f"e:{event.id}"))
                self.shown_events.append(event)
                if event.id in self.expanded:
                    for aid in event.articles:
                        article = corpus.articles.get(aid)
                        if article is None:
                            continue
                        prompt = join(
                            Text("   ├ ", style="dim"),
                            outlet_text(article.outlet),
                            date_text(article.published.iso, article.published.precision),
                            plain(article.headline),
                        )
                        options.append(Option(prompt, id=f"a:{event.id}:{aid}"))
            month_refs = refs.get(key, [])
            for n, ref in enumerate(month_refs[:REFERENCES_PER_MONTH]):
                prompt = self._reference_prompt(ref)
                options.append(Option(prompt, id=f"r:{key}:{n}"))
                self.shown_references.append(ref)
            if len(month_refs) > REFERENCES_PER_MONTH:
                more = len(month_refs) - REFERENCES_PER_MONTH
                options.append(
                    Option(Text(f"   … {more} more referenced dates", style="dim"), disabled=True)
                )
        option_list.set_options(options)
        self._status(len(events), len(corpus.events), words)
        if keep is not None:
            try:
                option_list.highlighted = option_list.get_option_index(keep)
                return
            except Exception:  # the row is filtered out: fall through to the first event
                pass
        # Start on the newest event: a briefing is about what happened last.
        for i in range(len(options) - 1, -1, -1):
            if (options[i].id or "").startswith("e:"):
                option_list.highlighted = i
                break

    def _rows_for(self, month_events: list[Event], refs: list[Reference]) -> int:
        expanded = sum(len(e.articles) for e in month_events if e.id in self.expanded)
        return 1 + len(month_events) + expanded + min(len(refs), REFERENCES_PER_MONTH + 1)

    def _status(self, shown: int, total: int, words: list[str]) -> None:
        corpus = self.corpus
        assert corpus is not None
        articles = len(corpus.articles)
        text = Text(f"{total} events · {articles} articles", style="dim")
        if words:
            text = Text.assemble(
                (f"{shown} of {total} events match ", "bold"),
                (repr(" ".join(words)), "bold"),
                ("  esc clears", "dim"),
            )
        self.query_one("#timeline-status", Static).update(text)

    def _event_prompt(self, event: Event) -> Text:
        start = date_text(event.start)
        if event.end and event.end != event.start:
            start = date_text(event.start, end=event.end)
        head = join(start, Text(clean(event.label), style="bold"))
        outlets = Text("   ")
        for i, (outlet, ids) in enumerate(event.outlets):
            if i:
                outlets.append("  ")
            outlets.append("▌", style=outlet_text(outlet).style)
            outlets.append_text(outlet_text(outlet, f" {len(ids)}"))
        if event.blindspot:
            missing = ", ".join(clean(m) for m in event.missing)
            outlets.append(f"  blindspot: not in {missing}", style="bold red")
        return Text("\n").join([head, outlets])

    def _reference_prompt(self, ref: Reference) -> Text:
        label = "referenced" if ref.relation == "past" else "ahead"
        mark = Text(f" ◆ {label:<10}", style="yellow" if ref.relation == "ahead" else "blue")
        corpus = self.corpus
        article = corpus.articles.get(ref.article_id) if corpus else None
        seen_from = date_label(article.published.iso) if article else ""
        return join(
            mark,
            date_text(ref.date, ref.precision, ref.end),
            plain(ref.text, "italic"),
            Text.assemble(("(", "dim"), outlet_text(ref.outlet), (f", {seen_from})", "dim")),
        )

    # Keys and selection -------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        """Typing a letter in the list starts the filter with that letter."""
        filter_input = self.query_one("#timeline-filter", Input)
        if is_focused(filter_input) or not event.is_printable or not event.character:
            return
        if event.key in self.screen.active_bindings or not event.character.isalnum():
            return
        event.stop()
        event.prevent_default()
        focus_now(filter_input)
        filter_input.insert_text_at_cursor(event.character)

    @on(Input.Changed, "#timeline-filter")
    def _filter_changed(self) -> None:
        self.rebuild()

    @on(Input.Submitted, "#timeline-filter")
    def _filter_done(self) -> None:
        focus_now(self.option_list)

    def action_filter(self) -> None:
        focus_now(self.query_one("#timeline-filter", Input))

    def action_clear_filter(self) -> None:
        filter_input = self.query_one("#timeline-filter", Input)
        filter_input.value = ""
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
        return render_events_markdown(
            self.shown_events,
            title="Timeline",
            articles=corpus.articles if corpus else None,
            expanded=self.expanded,
            mentions=self.shown_references,
            filtered_by=" ".join(self.filter_words),
        )
