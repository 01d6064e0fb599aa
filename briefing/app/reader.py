"""The reader: one article in full, over the panes, with `esc` back to where you were.

Why this module exists: every list ends in reading an article. The reader shows its outlet,
dateline, date and how that date was known (the evidence), people and places, its URL, and the
text with the search's matches highlighted (photo captions and credit lines left out, even from
an index built before the reading rules knew them); `n`/`N` jump between matches. Text is
selectable (drag, then `ctrl+c`), and everything shown is built from `Text`, never markup.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from briefing.app.clipboard import copy_selection
from briefing.app.highlight import Terms, match_spans, query_terms
from briefing.app.text import (
    CURRENT_MATCH_STYLE,
    MATCH_STYLE,
    clean,
    clean_line,
    date_text,
    highlighted,
    join,
    md,
    outlet_text,
    plain,
)
from briefing.ingest import default_rules
from briefing.ingest.translit import has_cyrillic, to_latin
from briefing.models import Article, Mention

LEDE = -1  # paragraph number of the lede, as in DatedReference


def furniture(paragraph: str) -> bool:
    """A photo caption, a credit line or page furniture (the reading rules' own patterns)."""
    rules = default_rules()
    line = paragraph.strip()
    return any(p.search(line) for p in (*rules.captions, *rules.boilerplate_lines))


def _names(mentions: tuple[Mention, ...], limit: int = 12) -> str:
    """The most mentioned names; one in Cyrillic with its Latin transliteration beside it."""
    names = [
        clean(f"{m.name} ({to_latin(m.name)})" if has_cyrillic(m.name) else m.name)
        for m in sorted(mentions, key=lambda m: (-m.count, m.name))[:limit]
    ]
    more = len(mentions) - limit
    return ", ".join(names) + (f" and {more} more" if more > 0 else "") if names else "none found"


class ReaderScreen(Screen[None]):
    """One article; `n`/`N` move between matches of the query it was opened from."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,backspace", "back", "Back", id="reader.back", tooltip="Back to the panes"),
        Binding("n", "next_match", "Next match", id="reader.next", tooltip="Next match"),
        Binding(
            "N", "previous_match", "Prev match", id="reader.previous", tooltip="Previous match"
        ),
        Binding(
            "j,down", "scroll_down", "Down", show=False, id="reader.down", tooltip="Scroll down"
        ),
        Binding("k,up", "scroll_up", "Up", show=False, id="reader.up", tooltip="Scroll up"),
        Binding("g,home", "top", "Top", show=False, id="reader.top", tooltip="Top of the article"),
        Binding("G,end", "bottom", "End", show=False, id="reader.bottom", tooltip="End"),
    ]

    def __init__(
        self,
        article: Article,
        query: str = "",
        paragraph: int | None = None,
        sentence: str = "",
    ) -> None:
        super().__init__()
        self.article = article
        self.search_query = query
        self.terms: Terms = query_terms(query) if query else Terms()
        self.start_paragraph = paragraph
        self.sentence = sentence
        # (paragraph, start, end) of every match, in reading order; LEDE is the lede.
        self.matches: list[tuple[int, int, int]] = []
        self.current = -1
        self.hidden = {i for i, p in enumerate(article.body) if furniture(p)}

    # Layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        a = self.article
        with VerticalScroll(id="reader-scroll"):
            yield Static(self._headline(), id="reader-headline", classes="selectable")
            yield Static(self._meta(), id="reader-meta", classes="selectable")
            if a.lede:
                yield Static(self._paragraph(LEDE), id="p-lede", classes="paragraph lede")
            for i in range(len(a.body)):
                if i not in self.hidden:
                    yield Static(self._paragraph(i), id=f"p-{i}", classes="paragraph")
            if not a.body and not a.lede:
                yield Static(Text("(this article has no text)", style="dim"), classes="paragraph")
        yield Static(self._match_status(), id="reader-status")
        yield Footer(show_command_palette=False)

    def _text_of(self, paragraph: int) -> str:
        return clean(self.article.lede if paragraph == LEDE else self.article.body[paragraph])

    def on_mount(self) -> None:
        paragraphs = ([LEDE] if self.article.lede else []) + [
            i for i in range(len(self.article.body)) if i not in self.hidden
        ]
        for p in paragraphs:
            for start, end in match_spans(self._text_of(p), self.terms):
                self.matches.append((p, start, end))
        self.query_one("#reader-status", Static).update(self._match_status())
        if self.matches:
            self.call_after_refresh(self.action_next_match)
        elif self.start_paragraph is not None:
            self.call_after_refresh(self._scroll_to_paragraph, self.start_paragraph)

    def _headline(self) -> Text:
        text = highlighted(
            self.article.headline, match_spans(clean(self.article.headline), self.terms)
        )
        text.stylize("bold")
        if self.article.headline_derived:
            text.append("  (no headline: from the lead)", style="dim italic")
        return text

    def _meta(self) -> Text:
        a = self.article
        date = date_text(a.published.iso, a.published.precision)
        confidence = f"{a.published.confidence:.0%} sure" if a.published.iso else ""
        lines = [
            join(
                outlet_text(a.outlet),
                plain(a.dateline.upper() if a.dateline else "", "bold") if a.dateline else "",
                date,
                Text(f"({a.published.precision}, {confidence})", style="dim")
                if a.published.iso
                else "",
                Text(f"in {a.lang}", style="dim") if a.lang and a.lang != "en" else "",
                sep=" · ",
            ),
        ]
        for evidence in a.published.evidence:
            lines.append(join(Text("  date: ", style="dim"), plain(evidence, "dim italic")))
        lines.append(join(Text("People:", style="bold"), plain(_names(a.people))))
        lines.append(join(Text("Places:", style="bold"), plain(_names(a.places))))
        if a.url:
            lines.append(join(Text("URL:", style="bold"), plain(a.url, "underline")))
        lines.append(Text(f"{clean_line(a.id)} · {clean_line(a.path)}", style="dim"))
        return Text("\n").join(lines)

    def _paragraph(self, paragraph: int) -> Text:
        text = self._text_of(paragraph)
        spans = match_spans(text, self.terms)
        out = highlighted(text, spans)
        if self.current >= 0:
            p, start, end = self.matches[self.current]
            if p == paragraph:
                out.stylize(CURRENT_MATCH_STYLE, start, end)
        if self.sentence and paragraph == self.start_paragraph:
            at = text.find(clean(self.sentence))
            if at >= 0:
                out.stylize("underline", at, at + len(clean(self.sentence)))
        if paragraph == LEDE:
            out.stylize("italic")
        return out

    def _match_status(self) -> Text:
        if not self.search_query:
            return Text("esc back · drag to select, ctrl+c copies", style="dim")
        if not self.matches:
            return Text(f"no matches of {self.search_query!r} in the text", style="dim")
        at = self.current + 1 if self.current >= 0 else 0
        return Text.assemble(
            (f"match {at} of {len(self.matches)}", "bold"),
            (f" for {self.search_query!r}  n next · N previous · esc back", "dim"),
        )

    # Moving -------------------------------------------------------------------------------

    def _scroll_to_paragraph(self, paragraph: int) -> None:
        target = "#p-lede" if paragraph == LEDE else f"#p-{paragraph}"
        widgets = self.query(target)
        if widgets:
            self.query_one("#reader-scroll", VerticalScroll).scroll_to_widget(
                widgets.first(), animate=False, top=True
            )

    def _go(self, step: int) -> None:
        if not self.matches:
            self.notify("no matches to jump to", severity="information", timeout=2)
            return
        previous = self.matches[self.current][0] if self.current >= 0 else None
        self.current = (self.current + step) % len(self.matches)
        paragraph = self.matches[self.current][0]
        for p in {previous, paragraph}:
            if p is None:
                continue
            target = "#p-lede" if p == LEDE else f"#p-{p}"
            self.query_one(target, Static).update(self._paragraph(p))
        self.query_one("#reader-status", Static).update(self._match_status())
        self._scroll_to_paragraph(paragraph)

    def action_copy_text(self) -> None:
        copy_selection(self)

    def action_next_match(self) -> None:
        self._go(1)

    def action_previous_match(self) -> None:
        self._go(-1)

    def action_back(self) -> None:
        self.dismiss(None)

    # immediate: a burst of key repeats scrolls one line per key, not one line in all
    def action_scroll_down(self) -> None:
        self.query_one("#reader-scroll", VerticalScroll).scroll_down(animate=False, immediate=True)

    def action_scroll_up(self) -> None:
        self.query_one("#reader-scroll", VerticalScroll).scroll_up(animate=False, immediate=True)

    def action_top(self) -> None:
        self.query_one("#reader-scroll", VerticalScroll).scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.query_one("#reader-scroll", VerticalScroll).scroll_end(animate=False)

    # Export -------------------------------------------------------------------------------

    def to_markdown(self) -> str:
        a = self.article
        lines = [f"# {md(a.headline)}", ""]
        meta = [
            md(a.outlet or "unknown outlet"),
            md(a.dateline or ""),
            a.published.iso or "undated",
        ]
        lines += [" · ".join(m for m in meta if m), ""]
        if a.url:
            url = "".join(clean(a.url).split()).replace("<", "%3C").replace(">", "%3E")
            lines += [f"<{url}>", ""]
        lines += [f"- date evidence: {md(e)}" for e in a.published.evidence]
        lines += [f"- people: {md(_names(a.people, 50))}", f"- places: {md(_names(a.places, 50))}"]
        lines.append("")
        if a.lede:
            lines += [f"_{md(a.lede)}_", ""]
        for i, p in enumerate(a.body):
            if i not in self.hidden:
                lines += [md(p), ""]
        return clean("\n".join(lines).strip() + "\n")


MATCH = MATCH_STYLE  # re-exported for tests
