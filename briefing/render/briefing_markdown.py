"""The briefing as a Markdown document (GitHub-flavoured tables), for files and pull requests.

Why this module exists: `briefing summary --format markdown` writes a `Briefing` for a file or
a wiki. Article text goes through the one escaper (`briefing.render.markdown`), so nothing an
article says is read as formatting, a link or a table cell.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from briefing.labels import (
    UNKNOWN_OUTLET,
    blindspot_label,
    plural,
    relation_label,
    span_label,
    top_and_more,
    trim,
)
from briefing.render.markdown import md_code, md_document
from briefing.render.markdown import md_escape as md
from briefing.summary import (
    MAX_SENTENCE_CHARS,
    UNATTRIBUTED,
    ArticleEntry,
    Briefing,
    Citation,
    RankedMention,
)

__all__ = ["render_markdown"]


MD_GLANCE_OUTLETS = 10  # outlets in the glance's table before "+N more outlets"
MD_EVENT_OUTLETS = 6  # outlets named per event


def _md_citation(citation: Citation) -> str:
    return f"{md(citation.outlet_label)}, {citation.date_text}, {md_code(citation.article_id)}"


def _md_citations(citations: Iterable[Citation]) -> str:
    return "; ".join(_md_citation(c) for c in citations)


def _md_glance(briefing: Briefing) -> list[str]:
    glance = briefing.glance
    if glance.articles == 0:
        return ["_No articles._", ""]
    line = f"**{plural(glance.articles, 'article')}** from {plural(len(glance.outlets), 'outlet')}"
    if glance.earliest:
        line += f", {span_label(glance.earliest, glance.latest)}"
    if glance.undated:
        line += f" ({glance.undated} undated)"
    if len(glance.languages) > 1:
        line += "; in " + ", ".join(f"{md(code)} {n}" for code, n in glance.languages)
    if glance.outside:
        line += f" ({glance.outside} dated far outside it, not counted in the span)"
    lines = [line + ".", "", "| Outlet | Articles |", "| --- | ---: |"]
    shown = glance.outlets[:MD_GLANCE_OUTLETS]
    lines += [f"| {md(o.outlet or UNKNOWN_OUTLET)} | {o.articles} |" for o in shown]
    rest = glance.outlets[len(shown) :]
    if rest:
        n = sum(o.articles for o in rest)
        lines.append(f"| +{len(rest)} more outlets | {n} |")
    return [*lines, ""]


def _md_timeline(briefing: Briefing) -> list[str]:
    lines = ["## Timeline", ""]
    if not briefing.timeline:
        return [*lines, "_Nothing to show._", ""]
    if briefing.timeline_omitted:
        lines += [f"_{briefing.timeline_omitted:,} earlier entries not shown._", ""]
    notes = _timeline_notes(briefing)
    if notes:
        lines += [f"_{notes}._", ""]
    lines += ["| Date | Entry | Source |", "| --- | --- | --- |"]
    for entry in briefing.timeline:
        if isinstance(entry, ArticleEntry):
            what = f"**{md(entry.headline)}**" if entry.headline else "_(no headline)_"
            if entry.headline_derived:
                what += " _(headline from text)_"
            lines.append(f"| {entry.date_text} | {what} | {_md_citation(entry.citation)} |")
        else:
            what = f"“{md(entry.text)}”"
            relation = "/".join(filter(None, (relation_label(r) for r in entry.relations)))
            if relation:
                what += f" ({relation})"
            if entry.sentence:
                what += f": {md(trim(entry.sentence, MAX_SENTENCE_CHARS))}"
            lines.append(f"| {entry.date_text} | {what} | {_md_citations(entry.citations)} |")
    return [*lines, ""]


def _md_mentions(title: str, ranked: Sequence[RankedMention]) -> list[str]:
    lines = [f"## {title}", ""]
    if not ranked:
        return [*lines, "_Nothing to show._", ""]
    lines += ["| Name | Articles | Mentions | Cited in |", "| --- | ---: | ---: | --- |"]
    lines += [
        f"| {md(r.name)} | {r.articles} | {r.mentions} | {_md_citations(r.citations)} |"
        for r in ranked
    ]
    return [*lines, ""]


def _md_people_places(briefing: Briefing) -> list[str]:
    return _md_mentions("People", briefing.people) + _md_mentions("Places", briefing.places)


def _md_quotes(briefing: Briefing) -> list[str]:
    lines = ["## Quotes", ""]
    if not briefing.quotes:
        return [*lines, "_Nothing to show._", ""]
    for i, q in enumerate(briefing.quotes, 1):
        who = f"**{md(q.speaker)}**" if q.speaker else f"_{UNATTRIBUTED}_"
        lines.append(f"{i}. “{md(q.text)}” — {who}, reported by {_md_citations(q.citations)}")
    return [*lines, ""]


def _timeline_notes(briefing: Briefing) -> str:
    """`12 more undated articles not listed; 3 dated far outside the corpus's span left out`."""
    notes = []
    if briefing.timeline_undated:
        notes.append(f"{briefing.timeline_undated:,} more undated articles not listed")
    if briefing.timeline_outside:
        notes.append(f"{briefing.timeline_outside:,} dated far outside the corpus's span left out")
    return "; ".join(notes)


def _md_events(briefing: Briefing) -> list[str]:
    if not briefing.events:
        return []
    lines = ["## Events", ""]
    outlets = len(briefing.glance.outlets)
    for e in briefing.events:
        shown, more = top_and_more([o for o, _ in e.coverage], MD_EVENT_OUTLETS)
        counts = dict(e.coverage)
        coverage = ", ".join(f"{md(o)} {counts[o]}" for o in shown)
        coverage += f", +{more} more" if more else ""
        blind = (
            f"; **blindspot**: {md(blindspot_label(e.coverage[0][0], outlets))}"
            if e.blindspot and e.coverage
            else ""
        )
        lines.append(
            f"- **{md(e.label)}** ({span_label(e.start, e.end)}; `{e.id}`): {coverage}{blind}"
        )
        for d in e.differences:
            cite = f" ({_md_citations(d.citations)})" if d.citations else ""
            lines.append(f"  - {md(d.text)}{cite}")
    return [*lines, ""]


_MARKDOWN_SECTIONS: tuple[Callable[[Briefing], list[str]], ...] = (
    _md_glance,
    _md_events,
    _md_timeline,
    _md_people_places,
    _md_quotes,
)


def render_markdown(briefing: Briefing) -> str:
    """The briefing as a Markdown document (GitHub-flavoured tables), ending in a newline."""
    lines = [f"# {md(briefing.title)}", ""]
    for section in _MARKDOWN_SECTIONS:
        lines.extend(section(briefing))
    return md_document(lines)
