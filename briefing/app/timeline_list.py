"""The timeline list's rows for the months chosen: headings, events, articles, referenced dates.

Why this module exists: the pane decides what to show (view, filter, months); this builds the
rows for it, each in the form the terminal has room for (whole, or one line with the whole row
kept for the line under the cursor), with the plain text tests and people read and the events
and referenced dates the export writes. No state of its own: data in, rows out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rich.console import RenderableType
from rich.text import Text
from textual.widgets.option_list import Option

from briefing.app.model import Corpus, Reference
from briefing.app.text import date_text, join, outlet_text, plain
from briefing.app.timeline_months import MonthPlan
from briefing.app.timeline_rows import (
    Row,
    compact_event_prompt,
    event_prompt,
    hanging,
    one_line,
    reference_prompt,
)
from briefing.events import Event
from briefing.labels import date_label, month_title

__all__ = ["RowStyle", "TimelineRows", "build_rows"]


@dataclass(frozen=True, slots=True)
class RowStyle:
    """How rows are drawn: one line each (`compact`), outlets as colours only (`slim`), how
    many referenced dates a month lists, and whether the corpus is large (a month's first
    referenced date with the count of the rest)."""

    compact: bool
    slim: bool
    references_per_month: int
    large: bool


@dataclass(slots=True)
class TimelineRows:
    """The options, their plain text, each row whole (by option id), and what they show."""

    options: list[Option] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    details: dict[str, RenderableType] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)


def build_rows(
    corpus: Corpus,
    plan: MonthPlan,
    months: Mapping[str, Sequence[Event]],
    refs: Mapping[str, Sequence[Reference]],
    expanded: set[str],
    style: RowStyle,
) -> TimelineRows:
    """The rows of `plan`'s months: a row offering earlier months, then per month its heading,
    its events (with their articles when `expanded`) and its referenced dates."""
    out = TimelineRows()
    if plan.hidden:
        label = f"▲ {plan.hidden} earlier month{'s' * (plan.hidden != 1)} (enter to show)"
        out.options.append(Option(Text(label, style="dim"), id="more"))
        out.rows.append(Row("more", label))
    for key in plan.keys:
        _month_heading(out, key, len(months.get(key, ())))
        for event in months.get(key, ()):
            _event_rows(out, corpus, event, event.id in expanded, style)
        _reference_rows(out, corpus, key, refs.get(key, ()), style)
    return out


def _month_heading(out: TimelineRows, key: str, events: int) -> None:
    title = month_title(key)
    count = f" · {events} event{'s' * (events != 1)}" if events else " · referenced dates"
    out.rows.append(Row("month", title + count))
    heading = Text.assemble((title, "bold underline"), (count, "dim"))
    out.options.append(Option(heading, disabled=True))


def _event_rows(
    out: TimelineRows, corpus: Corpus, event: Event, expanded: bool, style: RowStyle
) -> None:
    """The event's row, and its articles' rows when it is expanded."""
    full, row = event_prompt(event)
    oid = f"e:{event.id}"
    out.details[oid] = full
    out.rows.append(Row("event", row))
    out.events.append(event)
    compact = compact_event_prompt(event, slim=style.slim) if style.compact else None
    out.options.append(Option(compact or full, id=oid))
    if not expanded:
        return
    for aid in event.articles:
        article = corpus.articles.get(aid)
        if article is None:
            continue
        body = join(
            outlet_text(article.outlet),
            date_text(article.published.iso, article.published.precision),
            plain(article.headline),
        )
        lead = Text("  ├", style="dim")
        aoid = f"a:{event.id}:{aid}"
        whole = hanging(lead, body, 3)
        out.details[aoid] = whole
        out.options.append(
            Option(one_line(lead, body, width=3) if style.compact else whole, id=aoid)
        )
        out.rows.append(Row("article", body.plain))


def _reference_rows(
    out: TimelineRows,
    corpus: Corpus,
    key: str,
    month_refs: Sequence[Reference],
    style: RowStyle,
) -> None:
    """A month's referenced dates; on a large corpus its first with the count of the rest."""
    shown = month_refs[: style.references_per_month]
    for n, ref in enumerate(shown):
        rest = len(month_refs) - len(shown) if style.large and n == len(shown) - 1 else 0
        article = corpus.articles.get(ref.article_id)
        seen_from = date_label(article.published.iso) if article else ""
        prompt, row = reference_prompt(ref, seen_from, rest, compact=style.compact)
        oid = f"r:{key}:{n}"
        out.details[oid] = reference_prompt(ref, seen_from, rest)[0]
        out.options.append(Option(prompt, id=oid))
        out.rows.append(Row("reference", row))
        out.references.append(ref)
    if len(month_refs) > style.references_per_month and not style.large:
        more = len(month_refs) - style.references_per_month
        dim = Text(f"   … {more} more referenced dates", style="dim")
        out.options.append(Option(dim, disabled=True))
