"""`build_from_rows`: the briefing built from the articles' rows, not from whole articles.

Why this module exists: `build_briefing` reads fifty thousand `Article` objects and builds a
citation for every name, quote and date of every one of them, to show ten of each. This builds
the same `Briefing` (a test compares the two on a generated corpus) from `rows` (one
`briefing.summary.rows.Row` per article, kept beside the index), builds records only for what
is shown (reading whole only the articles whose quotes and dated references are shown: the
rows do not hold that text), and asks `differences` for an event's differences (the caller
caches them per event, so an update recompares only the events it touched). No Rich, no
Textual; what it reads comes through the caller's `read` and `differences`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from briefing.labels import trim
from briefing.spans import core_span, month_of
from briefing.summary.build import (
    _PRECISION_RANK,
    UNDATED_SHOWN,
    _within,
    chosen_events,
    event_entry,
)
from briefing.summary.rank import MAX_QUOTE_CHARS, norm, speaker_capped
from briefing.summary.records import (
    DEFAULT_TITLE,
    ArticleEntry,
    Briefing,
    Citation,
    Difference,
    EventEntry,
    Glance,
    OutletCount,
    RankedMention,
    RankedQuote,
    ReferenceEntry,
    ReferenceMention,
    TimelineEntry,
)
from briefing.summary.rows import (
    DAY,
    DERIVED,
    HEADLINE,
    ID,
    ISO,
    LANG,
    NO_DAY,
    OUTLET,
    PEOPLE,
    PLACES,
    PRECISION,
    QUOTES,
    REFS,
    Row,
    quote_text,
    sentence,
)

if TYPE_CHECKING:
    from briefing.events import Event
    from briefing.models import Article, EntityKind

__all__ = ["build_from_rows", "row_order"]

Differences = Callable[["Event", list[str]], tuple[Difference, ...]]
Read = Callable[[Sequence[str]], list["Article"]]


def row_order(r: Row) -> tuple[tuple[int, int], str, str]:
    """`rank.article_order` of the row's article (a day number for the date)."""
    day = r[DAY]
    return ((0, day) if day is not None else (1, NO_DAY), (r[OUTLET] or "").casefold(), r[ID])


def _cite(r: Row) -> Citation:
    return Citation(r[OUTLET], r[ISO], r[ID])


def build_from_rows(
    rows: Iterable[Row],
    *,
    top: int = 10,
    title: str | None = None,
    events: Sequence[Event] | Callable[[], Sequence[Event]] | None = None,
    timeline_limit: int | None = None,
    differences: Differences | None = None,
    read: Read | None = None,
) -> Briefing:
    """`build_briefing` of the articles whose rows are `rows`; `differences(event, member
    ids)` gives an event's differences (`build.event_differences` of its members, whole);
    `read(ids)` the articles whose quotes or dated references are shown, whole. `events`
    may be a function giving them: it is called once everything else is built (so the
    caller can work them out meanwhile); the events it gives need only include the `top`
    that `build.chosen_events` picks."""
    if top < 0:
        raise ValueError(f"top must be zero or more, not {top}")
    texts = _Texts(read)
    ordered = sorted(rows, key=row_order)
    glance = _glance(ordered)
    timeline, omitted, undated, outside = _timeline(ordered, glance, timeline_limit, texts)
    people = _rank_mentions(ordered, PEOPLE, "person", top)
    places = _rank_mentions(ordered, PLACES, "place", top)
    quotes = _rank_quotes(ordered, top, texts)
    given = events() if callable(events) else events
    return Briefing(
        timeline_omitted=omitted,
        timeline_undated=undated,
        timeline_outside=outside,
        events=_events(ordered, given or (), top, differences),
        title=title or DEFAULT_TITLE,
        glance=glance,
        timeline=timeline,
        people=people,
        places=places,
        quotes=quotes,
    )


class _Texts:
    """The shown quotes' words and references' sentences, read from their articles (each
    article read once)."""

    def __init__(self, read: Read | None) -> None:
        self.read = read
        self.articles: dict[str, Article] = {}

    def fetch(self, ids: Iterable[str]) -> None:
        todo = sorted({i for i in ids if i not in self.articles})
        if todo and self.read is not None:
            self.articles.update((a.id, a) for a in self.read(todo))

    def quote(self, article_id: str, position: int) -> str:
        self.fetch((article_id,))
        a = self.articles.get(article_id)
        return quote_text(a, position) if a is not None else ""

    def sentence(self, article_id: str, position: int) -> str:
        a = self.articles.get(article_id)
        return sentence(a, position) if a is not None else ""


def _events(
    ordered: Sequence[Row], events: Sequence[Event], top: int, differences: Differences | None
) -> tuple[EventEntry, ...]:
    by_id = {r[ID]: r for r in ordered}
    out = []
    for e in chosen_events(events, top):
        members = [i for i in e.articles if i in by_id]
        cites = tuple(_cite(by_id[i]) for i in members[:3])
        diffs = differences(e, members) if differences and len(e.outlets) > 1 else ()
        out.append(event_entry(e, diffs, cites))
    return tuple(out)


def _glance(ordered: Sequence[Row]) -> Glance:
    counts = Counter(r[OUTLET] for r in ordered)
    outlets = tuple(
        OutletCount(outlet, n)
        for outlet, n in sorted(
            counts.items(), key=lambda kv: (-kv[1], kv[0] is None, (kv[0] or "").casefold())
        )
    )
    dated = [r for r in ordered if r[ISO] is not None]
    dated.sort(key=lambda r: (r[DAY], _PRECISION_RANK[r[PRECISION]]))
    span = core_span([month_of(r[ISO]) for r in dated])
    core = [r for r in dated if span and span[0] <= month_of(r[ISO]) <= span[1]]
    return Glance(
        articles=len(ordered),
        outlets=outlets,
        earliest=core[0][ISO] if core else None,
        latest=core[-1][ISO] if core else None,
        undated=len(ordered) - len(dated),
        languages=tuple(
            sorted(
                Counter(r[LANG] or "unknown" for r in ordered).items(),
                key=lambda kv: (-kv[1], kv[0]),
            )
        ),
        outside=len(dated) - len(core),
    )


def _timeline(
    ordered: Sequence[Row], glance: Glance, limit: int | None, texts: _Texts
) -> tuple[tuple[TimelineEntry, ...], int, int, int]:
    """The timeline's entries shown, and how many were omitted, undated and outside."""
    keyed: list[tuple[Any, ...]] = []  # (sort key, row or None, group or None)
    for r in ordered:
        day = r[DAY]
        date_key = (0, day) if day is not None else (1, NO_DAY)
        keyed.append(((date_key, 0, _PRECISION_RANK[r[PRECISION]], row_order(r)), r, None))
    groups: dict[tuple[str, str | None, str], list[tuple[list[Any], Row]]] = {}
    group_ids: dict[tuple[str, str | None, str], set[str]] = {}
    for r in ordered:
        for ref in r[REFS]:
            key = (ref[0], ref[1], ref[7])
            group = groups.get(key)
            if group is None:
                group = groups[key] = []
                group_ids[key] = set()
            members = group_ids[key]
            if r[ID] not in members:
                members.add(r[ID])
                group.append((ref, r))
    for group in groups.values():
        first = group[0][0]
        keyed.append((((0, first[6]), 1, _PRECISION_RANK[first[2]], (first[7],)), None, group))
    keyed.sort(key=lambda k: k[0])
    dated: list[tuple[Any, ...]] = []
    undated_rows: list[Row] = []
    for item in keyed:
        r = item[1]
        if r is None or (r[ISO] and _within(r[ISO], glance.earliest, glance.latest)):
            dated.append(item)
        elif not r[ISO]:
            undated_rows.append(r)
    outside = len(keyed) - len(dated) - len(undated_rows)
    omitted = 0
    if limit is not None and 0 < limit < len(dated):
        omitted = len(dated) - limit
        dated = dated[omitted:]
    texts.fetch(row[ID] for _, r, group in dated if r is None for _, row in group)
    shown = tuple(_entry(item, texts) for item in dated) + tuple(
        _article_entry(r) for r in undated_rows[:UNDATED_SHOWN]
    )
    undated = len(undated_rows) - len(undated_rows[:UNDATED_SHOWN])
    return shown, omitted, undated, outside


def _article_entry(r: Row) -> ArticleEntry:
    return ArticleEntry(
        date_iso=r[ISO],
        precision=r[PRECISION],
        outlet=r[OUTLET],
        headline=r[HEADLINE],
        headline_derived=r[DERIVED],
        citation=_cite(r),
    )


def _entry(item: tuple[Any, ...], texts: _Texts) -> TimelineEntry:
    _, r, group = item
    if r is not None:
        return _article_entry(r)
    first = group[0][0]
    end_iso = first[1]
    return ReferenceEntry(
        date_iso=first[0],
        end_iso=end_iso if end_iso != first[0] else None,
        precision=first[2],
        text=" ".join(first[3].split()),
        mentions=tuple(
            ReferenceMention(_cite(row), ref[4], texts.sentence(row[ID], ref[5]))
            for ref, row in group
        ),
    )


def _rank_mentions(
    ordered: Sequence[Row], pick: int, kind: EntityKind, top: int
) -> tuple[RankedMention, ...]:
    normed: dict[str, str] = {}

    def n(text: str) -> str:
        out = normed.get(text)
        if out is None:
            out = normed[text] = norm(text)
        return out

    found = [(r, m) for r in ordered for m in r[pick]]
    alias_of: dict[str, set[str]] = {}
    for _, m in found:
        for alias in m[2]:
            if n(alias) != n(m[0]):
                alias_of.setdefault(n(alias), set()).add(n(m[0]))
    resolved: dict[str, str] = {}

    def resolve(name: str) -> str:
        out = resolved.get(name)
        if out is None:
            targets = alias_of.get(n(name), set())
            out = resolved[name] = next(iter(targets)) if len(targets) == 1 else n(name)
        return out

    spellings: dict[str, Counter[str]] = {}
    aliases: dict[str, dict[str, None]] = {}
    totals: Counter[str] = Counter()
    cited: dict[str, dict[str, Row]] = {}
    for r, m in found:
        name = m[0]
        key = resolve(name)
        spelled = spellings.get(key)
        if spelled is None:
            spelled = spellings[key] = Counter()
            aliases[key] = {}
            cited[key] = {}
        if n(name) == key:
            spelled[name] += 1
        known = aliases[key]
        known[name] = None
        for alias in m[2]:
            known[alias] = None
        totals[key] += max(m[1], 1)
        cited[key].setdefault(r[ID], r)

    ranked: list[tuple[tuple[int, int, str], str, str]] = []
    for key, by_id in cited.items():
        names = spellings[key] or Counter({key: 1})
        best = max(names, key=lambda x: (names[x], len(x)))
        ranked.append(((-len(by_id), -totals[key], best.casefold()), key, best))
    ranked.sort(key=lambda k: k[0])
    return tuple(
        RankedMention(
            name=best,
            kind=kind,
            articles=len(cited[key]),
            mentions=totals[key],
            citations=tuple(_cite(r) for r in sorted(cited[key].values(), key=row_order)),
            aliases=tuple(x for x in aliases[key] if x != best),
        )
        for _, key, best in ranked[:top]
    )


def _rank_quotes(ordered: Sequence[Row], top: int, texts: _Texts) -> tuple[RankedQuote, ...]:
    groups: dict[str, list[tuple[str | None, int, Row, int]]] = {}
    for r in ordered:
        for speaker, key, score, position in r[QUOTES]:
            group = groups.get(key)
            if group is None:
                groups[key] = [(speaker, position, r, score)]
            else:
                group.append((speaker, position, r, score))

    # (speaker is None, -score, first reporter's order), speaker, reporters, the first quote
    candidates: list[tuple[tuple[Any, ...], str | None, list[Row], tuple[str, int]]] = []
    for group in groups.values():
        if len(group) == 1:
            sp = group[0][0]
            speaker = sp.strip() if sp and sp.strip() else None
            reporters = [group[0][2]]
        else:
            speakers = Counter(s.strip() for s, _, _, _ in group if s and s.strip())
            speaker = max(speakers, key=lambda s: speakers[s]) if speakers else None
            by_id: dict[str, Row] = {}
            for _, _, r, _ in group:
                by_id.setdefault(r[ID], r)
            reporters = sorted(by_id.values(), key=row_order)
        score = group[0][3] + 5 * min(len(reporters) - 1, 3)
        first = (group[0][2][ID], group[0][1])
        candidates.append(
            ((speaker is None, -score, row_order(reporters[0])), speaker, reporters, first)
        )
    candidates.sort(key=lambda c: c[0])

    chosen: list[RankedQuote] = []
    ranked = _by_text(candidates, texts, top)
    for key, speaker, reporters, first in speaker_capped(ranked, lambda c: c[1], top):
        full_text = texts.quote(*first)
        chosen.append(
            RankedQuote(
                speaker=speaker,
                text=trim(full_text, MAX_QUOTE_CHARS),
                full_text=full_text,
                citations=tuple(_cite(r) for r in reporters),
                score=-key[1],
            )
        )
    return tuple(chosen)


def _by_text(
    candidates: list[tuple[tuple[Any, ...], str | None, list[Row], tuple[str, int]]],
    texts: _Texts,
    top: int,
) -> Iterator[tuple[tuple[Any, ...], str | None, list[Row], tuple[str, int]]]:
    """`candidates` (sorted by their key) in `rank_quotes`'s order: ties, which share their
    first reporter, broken by the quote's words (read only for the ties reached)."""
    i = 0
    while i < len(candidates):
        j = i + 1
        while j < len(candidates) and candidates[j][0] == candidates[i][0]:
            j += 1
        run = candidates[i:j]
        if len(run) > 1:
            run.sort(key=lambda c: texts.quote(*c[3]))
        yield from run
        i = j
