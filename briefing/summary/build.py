"""`build_briefing`: a pile of articles made into a briefing a person reads in a minute.

Why this module exists: `briefing summary` and the app's export need the same numbers: the
corpus at a glance, the events that matter most with their sharpest differences, and a timeline
of the articles and of the dates they mention. This is pure: articles in, frozen records out
(no I/O, no Rich, no Textual). People, places and quotes are ranked in `briefing.summary.rank`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from briefing.labels import trim
from briefing.models import Article, DatedReference, FuzzyDate, Precision
from briefing.spans import core_span, month_of
from briefing.summary.rank import article_order, norm, rank_mentions, rank_quotes
from briefing.summary.records import (
    DEFAULT_TITLE,
    ArticleEntry,
    Briefing,
    Citation,
    Difference,
    EventEntry,
    Glance,
    OutletCount,
    ReferenceEntry,
    ReferenceMention,
    TimelineEntry,
)

if TYPE_CHECKING:
    from briefing.compare import Comparison
    from briefing.events import Event
    from briefing.ingest.rules import Rules

__all__ = ["build_briefing", "chosen_events", "event_differences", "event_entry"]

_PRECISION_RANK: dict[Precision, int] = {"day": 0, "month": 1, "year": 2, "unknown": 3}


def build_briefing(
    articles: Sequence[Article],
    *,
    top: int = 10,
    title: str | None = None,
    events: Sequence[Event] | None = None,
    timeline_limit: int | None = None,
    rules: Rules | None = None,
) -> Briefing:
    """Summarise `articles`: glance, timeline, top `top` people, places and quotes.

    With `events` (from `briefing.events.group_events`), the briefing also lists the `top`
    events that matter most (most outlets, then most articles), each with its coverage and,
    when several outlets told it, its sharpest differences. `timeline_limit` keeps only the
    most recent entries of the timeline (a briefing of fifty thousand articles cannot list
    them all); `timeline_omitted` says how many were left out. `rules` are the reading rules
    the differences are found with (the `[compare]` naming and framing tables).
    """
    if top < 0:
        raise ValueError(f"top must be zero or more, not {top}")
    ordered = sorted(articles, key=article_order)
    glance = _glance(ordered)
    everything = _timeline(ordered)
    # the timeline is about dates: a few far-off wrong dates (1865, 2039) are counted, not
    # shown as the first or the newest; undated articles come after the dated ones, a few at
    # most, and never take the place of the most recent entries
    dated = tuple(
        e
        for e in everything
        if not isinstance(e, ArticleEntry)  # dates an article mentions keep their place
        or (e.date_iso and _within(e.date_iso, glance.earliest, glance.latest))
    )
    undated_entries = tuple(e for e in everything if isinstance(e, ArticleEntry) and not e.date_iso)
    outside = len(everything) - len(dated) - len(undated_entries)
    omitted = 0
    if timeline_limit is not None and 0 < timeline_limit < len(dated):
        omitted = len(dated) - timeline_limit
        dated = dated[omitted:]
    timeline = dated + undated_entries[:UNDATED_SHOWN]
    undated = len(undated_entries) - len(undated_entries[:UNDATED_SHOWN])
    return Briefing(
        timeline_omitted=omitted,
        timeline_undated=undated,
        timeline_outside=outside,
        events=_events(ordered, events or (), top, rules),
        title=title or DEFAULT_TITLE,
        glance=glance,
        timeline=timeline,
        people=rank_mentions(ordered, lambda a: a.people, "person", top),
        places=rank_mentions(ordered, lambda a: a.places, "place", top),
        quotes=rank_quotes(ordered, top),
    )


def _events(
    articles: Sequence[Article], events: Sequence[Event], top: int, rules: Rules | None
) -> tuple[EventEntry, ...]:
    by_id = {a.id: a for a in articles}
    out = []
    for e in chosen_events(events, top):
        members = [by_id[i] for i in e.articles if i in by_id]
        cites = tuple(Citation.of(a) for a in members[:3])
        out.append(event_entry(e, event_differences(e, members, rules), cites))
    return tuple(out)


def chosen_events(events: Sequence[Event], top: int) -> list[Event]:
    """The `top` events that matter most (most outlets, then most articles), in date order."""
    chosen = sorted(events, key=lambda e: (-len(e.outlets), -len(e.articles), e.id))[:top]
    chosen.sort(key=lambda e: (FuzzyDate.parse_iso(e.start).sort_key(), e.id))
    return chosen


def event_differences(
    e: Event, members: Sequence[Article], rules: Rules | None
) -> tuple[Difference, ...]:
    """The sharpest differences between the outlets that told `e` (its `members`, whole);
    none when one outlet told it. Depends only on the event's outlets (with their article
    ids), people and places, the members' content and `rules`."""
    from briefing.compare import CompareError, compare

    if len(e.outlets) <= 1:
        return ()
    try:
        c = compare(e, members, top=3, rules=rules)
    except CompareError:
        return ()
    return tuple(_differences(c, {a.id: a for a in members}))


def event_entry(
    e: Event, differences: tuple[Difference, ...], citations: tuple[Citation, ...]
) -> EventEntry:
    return EventEntry(
        id=e.id,
        label=e.label,
        start=e.start,
        end=e.end,
        coverage=tuple((o, len(ids)) for o, ids in e.outlets),
        missing=e.missing,
        blindspot=e.blindspot,
        differences=differences,
        citations=citations,
    )


def _differences(c: Comparison, by_id: dict[str, Article]) -> list[Difference]:
    out: list[Difference] = []
    for claim in c.numbers:
        if claim.disagree:
            # the two values that disagree (the claim lists them first), one outlet each
            text = f"{claim.what}: " + "; ".join(f"{o} {v}" for o, v, _ in claim.values[:2])
            out.append(Difference("disagree", text))
            break
    for outlet, statements in c.unique:
        if statements:
            s = statements[0]
            cite = (Citation.of(by_id[s.article_id]),) if s.article_id in by_id else ()
            out.append(Difference("only", f"only {outlet}: {trim(s.text, 160)}", cite))
    for naming in c.naming[:1]:
        used = {o: {f for f, _ in forms} for o, forms in naming.forms}
        parts = []
        for o, forms in naming.forms:
            own = [f for f, _ in forms if not all(f in used[x] for x in used if x != o)]
            if own:
                parts.append(f"{o} " + ", ".join(f"“{f}”" for f in own[:3]))
        if parts:
            out.append(Difference("naming", f"{naming.thing} named: " + "; ".join(parts)))
    return out


def _glance(articles: Sequence[Article]) -> Glance:
    counts = Counter(a.outlet for a in articles)
    outlets = tuple(
        OutletCount(outlet, n)
        for outlet, n in sorted(
            counts.items(), key=lambda kv: (-kv[1], kv[0] is None, (kv[0] or "").casefold())
        )
    )
    dated = [a.published.date for a in articles if a.published.date.known]
    dated.sort(key=lambda d: (d.sort_key(), _PRECISION_RANK[d.precision]))
    span = core_span([month_of(d.iso) for d in dated if d.iso])
    core = [d for d in dated if d.iso and span and span[0] <= month_of(d.iso) <= span[1]]
    return Glance(
        articles=len(articles),
        outlets=outlets,
        earliest=core[0].iso if core else None,
        latest=core[-1].iso if core else None,
        undated=len(articles) - len(dated),
        languages=tuple(
            sorted(
                Counter(a.lang or "unknown" for a in articles).items(),
                key=lambda kv: (-kv[1], kv[0]),
            )
        ),
        outside=len(dated) - len(core),
    )


UNDATED_SHOWN = 5  # undated articles listed at the end of the timeline; the rest are counted


def _within(iso: str, earliest: str | None, latest: str | None) -> bool:
    """Whether `iso` falls in the glance's span (by month: the span is whole months)."""
    if earliest is None or latest is None:
        return True
    return month_of(earliest) <= month_of(iso) <= month_of(latest)


def _timeline(articles: Sequence[Article]) -> tuple[TimelineEntry, ...]:
    keyed: list[tuple[tuple[Any, ...], TimelineEntry]] = []
    for a in articles:
        date = a.published.date
        entry = ArticleEntry(
            date_iso=date.iso,
            precision=date.precision if date.known else "unknown",
            outlet=a.outlet,
            headline=a.headline,
            headline_derived=a.headline_derived,
            citation=Citation.of(a),
        )
        keyed.append(
            ((date.sort_key(), 0, _PRECISION_RANK[entry.precision], article_order(a)), entry)
        )

    groups: dict[tuple[str | None, str | None, str], list[tuple[DatedReference, Article]]] = {}
    group_ids: dict[tuple[str | None, str | None, str], set[str]] = {}
    for a in articles:
        for ref in a.dated_references:
            if not ref.date.known:
                continue
            key = (ref.date.iso, ref.end.iso if ref.end else None, norm(ref.text))
            group = groups.setdefault(key, [])
            members = group_ids.setdefault(key, set())
            if a.id not in members:
                members.add(a.id)
                group.append((ref, a))
    for group in groups.values():
        first = group[0][0]
        end_iso = first.end.iso if first.end else None
        ref_entry = ReferenceEntry(
            date_iso=first.date.iso,
            end_iso=end_iso if end_iso != first.date.iso else None,
            precision=first.date.precision,
            text=" ".join(first.text.split()),
            mentions=tuple(
                ReferenceMention(Citation.of(a), ref.relation, " ".join(ref.sentence.split()))
                for ref, a in group
            ),
        )
        keyed.append(
            (
                (
                    first.date.sort_key(),
                    1,
                    _PRECISION_RANK[first.date.precision],
                    (norm(first.text),),
                ),
                ref_entry,
            )
        )
    keyed.sort(key=lambda ke: ke[0])
    return tuple(entry for _, entry in keyed)
