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

import heapq
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from briefing.labels import trim
from briefing.spans import core_span, month_of
from briefing.summary.build import (
    _PRECISION_RANK,
    UNDATED_SHOWN,
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
    """The timeline's entries shown, and how many were omitted, undated and outside.

    Each entry's sort key is flat: (undated, day, article 0 / reference 1, precision, the
    row's place in `ordered` (its order) or the reference's text, the reference's place);
    only the shown tail is sorted (`heapq.nlargest`)."""
    rank = _PRECISION_RANK
    lo, hi = "", "\uffff"  # every month: no span (`build._within`)
    if glance.earliest is not None and glance.latest is not None:
        lo, hi = month_of(glance.earliest), month_of(glance.latest)
    dated: list[tuple[Any, ...]] = []
    undated_rows: list[tuple[Any, ...]] = []
    outside = 0
    for at, r in enumerate(ordered):
        iso, day = r[ISO], r[DAY]
        undated_day = day is None
        key = (undated_day, NO_DAY if undated_day else day, 0, rank[r[PRECISION]], at, 0, r)
        if not iso:
            undated_rows.append(key)
        elif lo <= month_of(iso) <= hi:
            dated.append(key)
        else:
            outside += 1
    groups: dict[tuple[str, str | None, str], list[tuple[list[Any], Row]]] = {}
    for r in ordered:
        for ref in r[REFS]:
            key3 = (ref[0], ref[1], ref[7])
            group = groups.get(key3)
            if group is None:
                groups[key3] = [(ref, r)]
            elif group[-1][1] is not r:  # a row's references come together: once a row
                group.append((ref, r))
    for made, group in enumerate(groups.values()):
        first = group[0][0]
        dated.append((False, first[6], 1, rank[first[2]], first[7], made, group))
    omitted = 0
    if limit is not None and 0 < limit < len(dated):
        omitted = len(dated) - limit
        dated = heapq.nlargest(limit, dated)
        dated.reverse()
    else:
        dated.sort()
    undated_rows.sort()
    texts.fetch(row[ID] for item in dated if item[2] == 1 for _, row in item[6])
    shown = tuple(_entry(item, texts) for item in dated) + tuple(
        _article_entry(item[6]) for item in undated_rows[:UNDATED_SHOWN]
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
    if item[2] == 0:
        return _article_entry(item[6])
    group = item[6]
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
    """`rank.rank_mentions` over rows: each spelling's mentions gathered in one pass (the
    work that grows with the corpus), then resolved, weighed and ranked once per spelling."""
    spelled = _Spellings.of(ordered, pick)
    normed: dict[str, str] = {}

    def n(text: str) -> str:
        out = normed.get(text)
        if out is None:
            out = normed[text] = norm(text)
        return out

    # A short form listed as an alias of exactly one fuller name counts as that name.
    alias_of: dict[str, set[str]] = {}
    for name, known in spelled.aliases.items():
        own = n(name)
        for alias in known:
            if n(alias) != own:
                alias_of.setdefault(n(alias), set()).add(own)
    members: dict[str, list[str]] = {}  # key -> its spellings, first met first
    for name in spelled.count:
        own = n(name)
        targets = alias_of.get(own)
        key = next(iter(targets)) if targets is not None and len(targets) == 1 else own
        found = members.get(key)
        if found is None:
            members[key] = [name]
        else:
            found.append(name)

    ranked: list[tuple[int, int, str]] = []  # (-articles, -mentions, best casefolded)
    bests: list[tuple[str, str]] = []  # (key, best spelling), in the same order
    for key, names in members.items():
        if len(names) == 1:
            name = names[0]
            articles = len(spelled.cited[name])
            total = spelled.total[name]
            best = name if n(name) == key else key
        else:
            articles = len(set().union(*(spelled.cited[x] for x in names)))
            total = sum(spelled.total[x] for x in names)
            best = key
            most = (0, 0)
            for x in names:  # the most used spelling, the longer on a tie, the first met after
                if n(x) == key and (spelled.count[x], len(x)) > most:
                    best, most = x, (spelled.count[x], len(x))
        ranked.append((-articles, -total, best.casefold()))
        bests.append((key, best))
    order = heapq.nsmallest(top, range(len(ranked)), key=ranked.__getitem__)
    out = []
    for i in order:
        key, best = bests[i]
        names = members[key]
        cited: dict[str, Row] = {}
        for x in names:
            cited.update(spelled.cited[x])
        out.append(
            RankedMention(
                name=best,
                kind=kind,
                articles=-ranked[i][0],
                mentions=-ranked[i][1],
                citations=tuple(_cite(r) for r in sorted(cited.values(), key=row_order)),
                aliases=tuple(x for x in spelled.known(names) if x != best),
            )
        )
    return tuple(out)


class _Spellings:
    """Each spelling's mentions over the rows: how often it is met, its weight (counts), the
    articles naming it, and the aliases given with it, each at where it was first met (the
    order `rank_mentions` lists a name's aliases in)."""

    __slots__ = ("aliases", "cited", "count", "first", "total")

    def __init__(self) -> None:
        self.count: dict[str, int] = {}  # in the order first met
        self.total: dict[str, int] = {}
        self.cited: dict[str, dict[str, Row]] = {}
        self.first: dict[str, int] = {}  # the mention it was first met at
        self.aliases: dict[str, dict[str, tuple[int, int]]] = {}  # alias -> (mention, place)

    @classmethod
    def of(cls, ordered: Sequence[Row], pick: int) -> _Spellings:
        out = cls()
        count, total, cited, first, aliases = (
            out.count,
            out.total,
            out.cited,
            out.first,
            out.aliases,
        )
        seq = 0
        for r in ordered:
            rid = r[ID]
            for m in r[pick]:
                name, c = m[0], m[1]
                weight = c if c > 1 else 1
                if name in count:
                    count[name] += 1
                    total[name] += weight
                    cited[name][rid] = r
                else:
                    count[name] = 1
                    total[name] = weight
                    cited[name] = {rid: r}
                    first[name] = seq
                if m[2]:
                    known = aliases.get(name)
                    if known is None:
                        known = aliases[name] = {}
                    for j, alias in enumerate(m[2], 1):
                        if alias not in known:
                            known[alias] = (seq, j)
                seq += 1
        return out

    def known(self, names: Sequence[str]) -> list[str]:
        """The names and aliases of `names` in the order first met (a name before its
        aliases)."""
        at: dict[str, tuple[int, int]] = {}
        for name in names:
            places = [(name, (self.first[name], 0)), *self.aliases.get(name, {}).items()]
            for text, where in places:
                if text not in at or where < at[text]:
                    at[text] = where
        return sorted(at, key=at.__getitem__)


def _rank_quotes(ordered: Sequence[Row], top: int, texts: _Texts) -> tuple[RankedQuote, ...]:
    """`rank.rank_quotes` over rows: a row's place in `ordered` stands for its order, and
    candidates are taken best first from a heap only as far as the list needs."""
    groups: dict[str, list[tuple[str | None, int, int, int]]] = {}
    for at, r in enumerate(ordered):
        for speaker, key, score, position in r[QUOTES]:
            group = groups.get(key)
            if group is None:
                groups[key] = [(speaker, position, at, score)]
            else:
                group.append((speaker, position, at, score))

    # (speaker is None, -score, first reporter's place), made-order, speaker, reporters' places,
    # the first quote
    heap: list[tuple[tuple[bool, int, int], int, str | None, list[int], tuple[str, int]]] = []
    for made, group in enumerate(groups.values()):
        if len(group) == 1:
            sp, position, at, score = group[0]
            speaker = sp.strip() if sp and sp.strip() else None
            reporters = [at]
        else:
            speakers = Counter(s.strip() for s, _, _, _ in group if s and s.strip())
            speaker = max(speakers, key=lambda s: speakers[s]) if speakers else None
            reporters = sorted({g[2] for g in group})
            position, at, score = group[0][1], group[0][2], group[0][3]
        score += 5 * min(len(reporters) - 1, 3)
        first = (ordered[at][ID], position)
        heap.append(((speaker is None, -score, reporters[0]), made, speaker, reporters, first))
    heapq.heapify(heap)

    def best_first() -> Iterator[tuple[tuple[Any, ...], str | None, list[int], tuple[str, int]]]:
        while heap:
            head = heapq.heappop(heap)
            run = [head]
            while heap and heap[0][0] == head[0]:
                run.append(heapq.heappop(heap))
            if len(run) > 1:  # ties share their first reporter: broken by the quote's words
                run.sort(key=lambda c: texts.quote(*c[4]))
            for key, _, speaker, reporters, first in run:
                yield key, speaker, reporters, first

    chosen: list[RankedQuote] = []
    for key, speaker, reporters, first in speaker_capped(best_first(), lambda c: c[1], top):
        full_text = texts.quote(*first)
        chosen.append(
            RankedQuote(
                speaker=speaker,
                text=trim(full_text, MAX_QUOTE_CHARS),
                full_text=full_text,
                citations=tuple(_cite(ordered[at]) for at in reporters),
                score=-key[1],
            )
        )
    return tuple(chosen)
