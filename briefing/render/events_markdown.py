"""Events by month as Markdown: `briefing events --markdown` and the app's timeline export.

Why this module exists: the timeline a person reads in the app and the event list of the CLI
are the same story told month by month, and a saved file should say exactly what the screen
said. Both call this renderer with the same records (events, and optionally the articles of
some events and the dates articles mention), so the export is written from data, never
scraped off display text.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

from briefing.labels import (
    UNDATED,
    UNKNOWN_OUTLET,
    blindspot_label,
    date_label,
    month_key,
    month_title,
    plural,
    span_label,
    top_and_more,
)
from briefing.render.markdown import md_code, md_document
from briefing.render.markdown import md_escape as md

if TYPE_CHECKING:
    from briefing.events import Event
    from briefing.models import Article, Relation

MD_OUTLETS = 6  # outlets named per event in Markdown (a document has more room than a row)

__all__ = ["DatedMention", "render_events_markdown"]


class DatedMention(Protocol):
    """A date an article mentions, placed on the timeline at that date."""

    @property
    def article_id(self) -> str: ...
    @property
    def outlet(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def date(self) -> str: ...
    @property
    def end(self) -> str | None: ...
    @property
    def relation(self) -> Relation: ...


def _event_line(event: Event) -> str:
    shown, more = top_and_more([o for o, _ in event.outlets], MD_OUTLETS)
    counts = dict(event.outlets)
    coverage = ", ".join(f"{md(outlet)} {len(counts[outlet])}" for outlet in shown)
    coverage += f", +{more} more" if more else ""
    line = f"- **{span_label(event.start, event.end)} {md(event.label)}** ({md_code(event.id)})"
    line += f" — {coverage}"
    if event.blindspot:
        total = len(event.outlets) + len(event.missing)
        line += f"; **blindspot**: {md(blindspot_label(event.outlets[0][0], total))}"
    return line


def _article_line(article: Article) -> str:
    return (
        f"  - {md(article.outlet or UNKNOWN_OUTLET)}, {date_label(article.published.iso)}: "
        f"{md(article.headline) or '(no headline)'} ({md_code(article.id)})"
    )


def _mention_line(mention: DatedMention, articles: Mapping[str, Article]) -> str:
    label = "referenced" if mention.relation == "past" else "ahead"
    article = articles.get(mention.article_id)
    seen_from = f", {date_label(article.published.iso)}" if article else ""
    return (
        f"- {label} {span_label(mention.date, mention.end)}: “{md(mention.text)}” "
        f"({md(mention.outlet)}{seen_from})"
    )


def render_events_markdown(
    events: Sequence[Event],
    *,
    title: str = "Events",
    articles: Mapping[str, Article] | None = None,
    expanded: Collection[str] = (),
    mentions: Sequence[DatedMention] = (),
    filtered_by: str = "",
) -> str:
    """`events` (and `mentions`) under month headings, oldest month first, undated last.

    Events whose id is in `expanded` list their articles found in `articles`; `articles` also
    dates the article each mention comes from. Ends in a newline.
    """
    found = articles or {}
    by_month: dict[str, list[Event]] = {}
    for e in events:
        by_month.setdefault(month_key(e.start), []).append(e)
    refs: dict[str, list[DatedMention]] = {}
    for m in mentions:
        refs.setdefault(month_key(m.date), []).append(m)
    lines = [f"# {md(title)}", ""]
    if filtered_by:
        lines += [f"Filtered by: {md(filtered_by)}", ""]
    if not by_month and not refs:
        lines.append("_No events._")
    for key in sorted(set(by_month) | set(refs), key=lambda k: (k == UNDATED, k)):
        month_events = by_month.get(key, [])
        count = plural(len(month_events), "event") if month_events else "referenced dates"
        lines += [f"## {month_title(key)} · {count}", ""]
        for event in month_events:
            lines.append(_event_line(event))
            if event.id in expanded:
                shown = (found.get(aid) for aid in event.articles)
                lines += [_article_line(a) for a in shown if a is not None]
        lines += [_mention_line(m, found) for m in refs.get(key, [])]
        lines.append("")
    return md_document(lines)
