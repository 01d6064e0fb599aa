"""Events kept up to date: new and changed articles placed into the events they belong to.

Why this module exists: grouping fifty thousand articles from scratch takes tens of seconds,
and `briefing summary` after adding a hundred articles should not. A `GroupingState` is what a
grouping leaves behind (every group's members, links, centroid, date span and event, the
articles' content hashes, and the word statistics it scored with); `update` brings it in line
with the corpus as it is now:

1. Removed and changed articles leave their events; new and changed ones are read, with the
   features the full grouping uses (in a corpus of several languages, what survives
   translation too).
2. Each of those is scored against the centroids of the events that share its rarest terms,
   discounted by the days between (and scaled as the full grouping scales a link between
   languages), and placed into the best one over the link threshold; else it starts an event
   of its own. Words are weighed with the statistics of the last full grouping (`Statistics`:
   document frequencies, and in a corpus of several languages each word's rarity among the
   articles of its languages); words it never saw are counted among the new articles.
3. Every event that gained or lost an article is re-checked: the full grouping is run on its
   members (with the same statistics), so it may split. No other event is looked at.

The guarantee, tested: an event that no change touched is kept as it was; every touched event
is what a full grouping of its own members gives; and when every new article's best link is
inside one existing event (well separated stories), the result equals a full regroup of the
whole corpus. Word statistics drift as a corpus grows, so `update` asks for a full regroup
(returns None) once more than `REGROUP_SHARE` of the articles changed since the last one, and
when the corpus went from one language to several or back (the features differ).
"""

from __future__ import annotations

import datetime as dt
import math
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import Any, Final

from briefing.collection import uncollected
from briefing.events.agreement import HeadlineFacts, headline_facts
from briefing.events.grouping import (
    Grouped,
    Statistics,
    _add_into,
    _Doc,
    _features,
    _slug,
    _time_factor,
    counted_parts,
    features,
    group,
    mixed,
    on_cores,
    packed_vectors,
    several_languages,
    statistics,
    unnamed,
    vector,
    words_of,
)
from briefing.events.grouping import vectors as weigh
from briefing.events.packed import read_words, unpack
from briefing.events.records import UNKNOWN_OUTLET, Event, EventParams
from briefing.models import Article

__all__ = ["REGROUP_SHARE", "GroupingState", "from_json", "full", "to_json", "update"]

REGROUP_SHARE: Final = 0.2  # more changed than this since the last full grouping: regroup
CENTROID_TERMS: Final = 32  # terms kept of an event's centroid, for placing new articles


@dataclass(slots=True)
class GroupState:
    """One event as the grouping left it."""

    members: tuple[str, ...]
    links: tuple[float, ...]
    centroid: dict[str, float]  # unit vector, its strongest `CENTROID_TERMS` terms
    start: dt.date | None  # first and last day of its day-precise articles
    end: dt.date | None
    event: Event
    langs: tuple[str, ...] = ()  # its articles' languages (those known)
    base: str = ""  # its event's id before any "-2" (from its start and label), once worked out


@dataclass(slots=True)
class GroupingState:
    """What a grouping leaves behind, to be updated instead of redone."""

    stats: Statistics  # of the last full grouping (terms in two articles or more)
    hashes: dict[str, str]  # every grouped article's content hash
    langs: dict[str, str]  # every grouped article's language, where it is known
    outlets: Counter[str]  # articles per outlet
    groups: list[GroupState]
    changed_since_full: int = 0

    def events(self) -> tuple[Event, ...]:
        return tuple(g.event for g in self.groups)


def _span(articles: Iterable[Article]) -> tuple[dt.date | None, dt.date | None]:
    days = [a.published.date for a in articles if a.published.date.precision == "day"]
    starts = [d.start for d in days if d.start]
    ends = [d.end for d in days if d.end]
    return (min(starts) if starts else None, max(ends) if ends else None)


def _centroid(vectors: Iterable[Mapping[str, float]]) -> dict[str, float]:
    # the vectors added up term by term in their order (`_add_into`: in C; the same floats and
    # the same order of terms as `Counter.update` a vector at a time)
    total: dict[str, float] = {}
    for v in vectors:
        if total:
            _add_into(total, v)
        else:
            total.update(v)
    # the strongest terms (ties by term): only those as strong as the `CENTROID_TERMS`-th
    # strongest weight are ordered, that weight found by sorting the bare floats (in C)
    items: Iterable[tuple[str, float]] = total.items()
    if len(total) > CENTROID_TERMS:
        floor = sorted(total.values(), reverse=True)[CENTROID_TERMS - 1]
        items = [kv for kv in total.items() if kv[1] >= floor]
    top = sorted(items, key=lambda kv: (-kv[1], kv[0]))[:CENTROID_TERMS]
    norm = math.sqrt(sum(v * v for _, v in top)) or 1.0
    return {t: v / norm for t, v in top}


def _states(
    grouped: Sequence[Grouped],
    events: Sequence[Event],
    by_id: Mapping[str, Article],
    vectors: Mapping[str, Mapping[str, float]],
) -> list[GroupState]:
    by_members = {tuple(sorted(e.articles)): e for e in events}
    out = []
    for g in grouped:
        event = by_members[tuple(sorted(g.members))]
        start, end = _span(by_id[i] for i in g.members)
        centroid = _centroid(vectors[i] for i in g.members)
        langs = tuple(sorted({lang for i in g.members if (lang := by_id[i].lang)}))
        out.append(GroupState(g.members, g.links, centroid, start, end, event, langs))
    return out


def full(articles: Sequence[Article], params: EventParams | None = None) -> GroupingState:
    """Group `articles` from scratch (content words found on every core): `group_events`,
    with what it leaves behind. No cyclic collection meanwhile (`collection`)."""
    with uncollected():
        return _full(articles, params)


def _full(articles: Sequence[Article], params: EventParams | None) -> GroupingState:
    stats, vecs, facts = _vectors_and_facts(articles)
    vectors = {a.id: v for a, v in zip(articles, vecs, strict=True)}
    grouped = group(articles, params, stats=stats, vecs=vecs, facts=facts)
    del facts
    events = unnamed(grouped, articles)  # the ids: `_finish_all`
    by_id = {a.id: a for a in articles}
    outlets = Counter(a.outlet for a in articles if a.outlet)
    return GroupingState(
        stats=stats,
        hashes={a.id: a.content_hash for a in articles},
        langs={a.id: a.lang for a in articles if a.lang},
        outlets=outlets,
        groups=_finish_all(_states(grouped, events, by_id, vectors), outlets),
    )


def _vectors_and_facts(
    articles: Sequence[Article],
) -> tuple[Statistics, list[dict[str, float]], list[HeadlineFacts]]:
    """The statistics, vectors and headline facts of a whole corpus. In one language they are
    read from the counts as they come back from the workers (`packed_vectors`), without an
    article's Counter: only a corpus of several languages needs those (`statistics` counts
    its terms' readers from them)."""
    multilingual = several_languages(articles)
    if not articles:
        return statistics(articles, [], multilingual, {}).pruned(), [], []
    parts = counted_parts(articles, multilingual)
    df: dict[str, int] = {}
    if multilingual:
        raw = unpack(parts, {}, df)
        del parts
        stats = statistics(articles, raw, multilingual, df).pruned()
        del df
        vecs = weigh(raw, stats)
        told: Sequence[Callable[[], frozenset[str]]] = [partial(words_of, c) for c in raw]
    else:
        words = read_words(parts, {}, df)
        stats = statistics(articles, [], multilingual, df).pruned()
        del df
        vecs, told = packed_vectors(parts, words, stats)
        del parts, words
    # the vectors and facts are all the grouping needs of the words
    facts = [headline_facts(a, w) for a, w in zip(articles, told, strict=True)]
    return stats, vecs, facts


def update(
    state: GroupingState,
    now: Mapping[str, str],
    read: Callable[[Sequence[str]], list[Article]],
    params: EventParams | None = None,
) -> GroupingState | None:
    """`state` brought in line with the corpus whose articles and content hashes are `now`;
    `read` gives articles whole by id. None: too much changed, group from scratch."""
    p = params or EventParams()
    removed = [i for i in state.hashes if i not in now]
    changed = [i for i, h in now.items() if state.hashes.get(i) != h]
    if not removed and not changed:
        return state
    share = (state.changed_since_full + len(removed) + len(changed)) / max(1, len(now))
    if share > REGROUP_SHARE:
        return None
    leaving = set(removed) | set(changed)
    groups = list(state.groups)
    touched: dict[int, list[str]] = {}  # group index -> its members now
    for gi, g in enumerate(groups):
        if leaving.intersection(g.members):
            touched[gi] = [m for m in g.members if m not in leaving]
    incoming = read(sorted(changed))
    langs = {i: lang for i, lang in state.langs.items() if i not in leaving}
    langs.update((a.id, a.lang) for a in incoming if a.lang)
    if mixed(Counter(langs.values())) != state.stats.multilingual:
        return None  # a corpus of one language became one of several, or back: regroup
    outlets = Counter(state.outlets)
    vectors: dict[str, dict[str, float]] = {}
    raw = features(incoming, state.stats.multilingual)
    # the last full grouping's statistics, and the words it never saw, counted in the new
    stats = state.stats.with_new_terms(incoming, raw)
    for a, counts in zip(incoming, raw, strict=True):
        vectors[a.id] = vector(counts, stats)
    blocking = {a.id: _blocking(vectors[a.id], p) for a in incoming}
    by_term = _term_index(groups, {t for terms in blocking.values() for t in terms})
    pool: list[str] = []  # new articles that link to no event: grouped among themselves
    for a in incoming:
        best = _best_group(a, vectors[a.id], blocking[a.id], groups, by_term, p)
        if best is None:
            pool.append(a.id)
        else:
            touched.setdefault(best, list(groups[best].members)).append(a.id)
    # outlets: what left, what came
    old_outlet = _outlets_of(state, leaving)
    outlets.subtract(old_outlet)
    outlets.update(a.outlet for a in incoming if a.outlet)
    outlets = Counter({k: v for k, v in outlets.items() if v > 0})
    # re-check every touched event on its own members, with those statistics
    articles = {a.id: a for a in incoming}
    need = sorted({m for ms in touched.values() for m in ms if m not in articles})
    articles.update((a.id, a) for a in (read(need) if need else []))
    todo = [
        present
        for members in [*touched.values(), pool]
        if (present := [articles[m] for m in members if m in articles])
    ]
    del articles
    rebuilt: list[GroupState] = []
    # each event on its own, on every core when there is much to re-check (imports made here)
    big = sum(len(x) for x in todo) >= RECHECK_ON_CORES
    done = _rechecked((todo[:1], p, stats), 0, min(1, len(todo)))
    done += on_cores(_rechecked, (todo, p, stats), len(todo) - 1, offset=1, parallel=big)
    for present, (regrouped, events, vecs) in zip(todo, done, strict=True):
        vectors.update(zip((a.id for a in present), vecs, strict=True))
        rebuilt.extend(_states(regrouped, events, {a.id: a for a in present}, vectors))
    kept = [g for gi, g in enumerate(groups) if gi not in touched]
    hashes = {i: h for i, h in state.hashes.items() if i not in leaving}
    hashes.update({a.id: now[a.id] for a in incoming})
    return GroupingState(
        stats=stats,
        hashes=hashes,
        langs=langs,
        outlets=outlets,
        groups=_finish_all([*kept, *rebuilt], outlets),
        changed_since_full=state.changed_since_full + len(removed) + len(changed),
    )


RECHECK_ON_CORES: Final = 1000  # articles to re-check from which it is done on every core


def _rechecked(
    shared: tuple[Sequence[Sequence[Article]], EventParams, Statistics], lo: int, hi: int
) -> list[tuple[list[Grouped], tuple[Event, ...], list[dict[str, float]]]]:
    """Each of the events `lo` to `hi` (their articles) grouped on its own with `stats`: the
    groups, their events and the articles' vectors."""
    todo, p, stats = shared
    out = []
    for present in todo[lo:hi]:
        raw = [_features(a, stats.multilingual) for a in present]
        vecs = weigh(raw, stats)
        regrouped = group(present, p, raw=raw, stats=stats, vecs=vecs)
        out.append((regrouped, tuple(unnamed(regrouped, present)), vecs))  # ids: `_finish_all`
    return out


def _outlets_of(state: GroupingState, ids: set[str]) -> Counter[str]:
    out: Counter[str] = Counter()
    for g in state.groups:
        for outlet, members in g.event.outlets:
            if outlet != UNKNOWN_OUTLET:
                out[outlet] += sum(1 for m in members if m in ids)
    return out


def _term_index(groups: Sequence[GroupState], wanted: set[str]) -> dict[str, list[int]]:
    """The groups (in order) whose centroids hold each of the `wanted` terms."""
    out: dict[str, list[int]] = {}
    if not wanted:
        return out
    for gi, g in enumerate(groups):
        for t in wanted.intersection(g.centroid):
            found = out.get(t)
            if found is None:
                out[t] = [gi]
            else:
                found.append(gi)
    return out


def _blocking(v: Mapping[str, float], p: EventParams) -> list[str]:
    """The terms an article's candidate events are found by: its `block_terms` heaviest."""
    return sorted(v, key=lambda t: (-v[t], t))[: p.block_terms]


def _best_group(
    a: Article,
    v: Mapping[str, float],
    rare: Sequence[str],
    groups: Sequence[GroupState],
    by_term: Mapping[str, list[int]],
    p: EventParams,
) -> int | None:
    """The group `a` links to best (centroid cosine, discounted by days), if any links; the
    candidates are the groups holding one of its `rare` terms."""
    place = {t: i for i, t in enumerate(v)}
    terms = place.keys()
    seen: set[int] = set()
    d = a.published.date
    doc = _Doc(0, a, dict(v), d.start, d.end, d.precision == "day")
    best: tuple[float, int] | None = None
    for t in rare:
        for gi in by_term.get(t, ()):
            if gi in seen:
                continue
            seen.add(gi)
            g = groups[gi]
            other = _Doc(0, a, {}, g.start, g.end, g.start is not None)
            factor = _time_factor(doc, other, p)
            if factor == 0.0:
                continue
            # the terms both hold, summed in the article's order (the terms the centroid
            # lacks add 0.0: left out, the sum is the same)
            c = g.centroid
            both = c.keys() & terms
            if len(both) > 1:
                cos = sum([v[t] * c[t] for t in sorted(both, key=place.__getitem__)])
            else:
                cos = sum([v[t] * c[t] for t in both])
            # another language's event: thresholds scaled as the full grouping scales them
            scale = p.cross_language if a.lang and g.langs and a.lang not in g.langs else 1.0
            if cos < p.centroid * scale:
                continue
            score = cos * factor / scale
            if score >= p.link and (best is None or (score, -gi) > (best[0], -best[1])):
                best = (score, gi)
    return best[1] if best else None


def _finish_all(groups: list[GroupState], outlets: Counter[str]) -> list[GroupState]:
    """Date order, the corpus's missing outlets, and ids, over every event: the ids
    `grouping.finish` gives (`_assign_ids`), each event's id base worked out once and kept;
    the events whose id and missing outlets are already right are kept as they are."""
    from briefing.models import FuzzyDate

    groups.sort(key=lambda g: (FuzzyDate.parse_iso(g.event.start).sort_key(), g.event.articles[0]))
    missing_of = _missing_outlets(sorted(outlets))
    seen: Counter[str] = Counter()
    for g in groups:
        e = g.event
        missing = missing_of(o for o, _ in e.outlets)
        if not g.base:
            g.base = f"{e.start or 'undated'}-{_slug(e.label)}"
        seen[g.base] += 1
        eid = g.base if seen[g.base] == 1 else f"{g.base}-{seen[g.base]}"
        if eid != e.id or missing != e.missing:
            g.event = replace(e, id=eid, missing=missing)
    return groups


def _missing_outlets(corpus_outlets: list[str]) -> Callable[[Iterable[str]], tuple[str, ...]]:
    """The corpus outlets not among those given, one tuple shared per set of outlets (most
    events have one outlet: hundreds of sets, not tens of thousands of tuples). The corpus's
    outlets are sorted: a few covered ones are cut out of them as slices."""
    known: dict[frozenset[str], tuple[str, ...]] = {}
    place = {o: i for i, o in enumerate(corpus_outlets)}
    everything = tuple(corpus_outlets)

    def missing(covered: Iterable[str]) -> tuple[str, ...]:
        key = frozenset(covered)
        found = known.get(key)
        if found is None:
            cuts = sorted(place[o] for o in key if o in place)
            parts: list[str] = []
            lo = 0
            for i in cuts:
                parts.extend(everything[lo:i])
                lo = i + 1
            parts.extend(everything[lo:])
            found = known[key] = tuple(parts)
        return found

    return missing


def to_json(state: GroupingState, *, centroids: bool = True) -> dict[str, Any]:
    """The state as JSON values; without `centroids`, the groups' centroids are left out (the
    caller keeps them apart, as numbers: `from_json(..., centroids=...)`)."""
    return {
        "n": state.stats.n,
        "df": dict(state.stats.df),
        "multilingual": state.stats.multilingual,
        "among": dict(state.stats.among),
        "languages": dict(state.stats.languages),
        "hashes": state.hashes,
        "langs": state.langs,
        "outlets": dict(state.outlets),
        "changed_since_full": state.changed_since_full,
        "groups": [
            {
                "members": list(g.members),
                "links": list(g.links),
                **({"centroid": g.centroid} if centroids else {}),
                "start": g.start.isoformat() if g.start else None,
                "end": g.end.isoformat() if g.end else None,
                "event": _event_json(g.event),
                "langs": list(g.langs),
                "base": g.base,
            }
            for g in state.groups
        ],
    }


def from_json(
    data: Mapping[str, Any], centroids: Sequence[dict[str, float]] | None = None
) -> GroupingState:
    """The state `to_json` wrote. Every event's outlets missing it are worked out again from
    the corpus's outlets (the file does not hold them: one list per event, of up to hundreds
    of names); the strings the events hold are shared, one object per name or id, so a large
    corpus's events take megabytes, not hundreds of them."""
    groups = data["groups"]
    if centroids is not None and len(centroids) != len(groups):
        raise ValueError("centroids of another state")
    outlets = Counter({sys.intern(str(k)): int(v) for k, v in data["outlets"].items()})
    shared: dict[str, str] = {name: name for name in outlets}
    missing = _missing_outlets(sorted(outlets))
    return GroupingState(
        stats=Statistics(
            df={str(k): int(v) for k, v in data["df"].items()},
            n=int(data["n"]),
            multilingual=bool(data["multilingual"]),
            among={str(k): int(v) for k, v in data["among"].items()},
            languages={str(k): int(v) for k, v in data["languages"].items()},
        ),
        hashes={str(k): str(v) for k, v in data["hashes"].items()},
        langs={str(k): str(v) for k, v in data["langs"].items()},
        outlets=outlets,
        changed_since_full=int(data["changed_since_full"]),
        groups=[
            GroupState(
                members=tuple(g["members"]),
                links=tuple(float(x) for x in g["links"]),
                centroid=(
                    centroids[gi]
                    if centroids is not None
                    else {str(k): float(v) for k, v in g["centroid"].items()}
                ),
                start=dt.date.fromisoformat(g["start"]) if g["start"] else None,
                end=dt.date.fromisoformat(g["end"]) if g["end"] else None,
                event=_event_of(g["event"], shared, missing),
                langs=tuple(str(x) for x in g["langs"]),
                base=str(g.get("base") or ""),
            )
            for gi, g in enumerate(groups)
        ],
    )


def _event_json(e: Event) -> dict[str, Any]:
    return {
        "id": e.id,
        "label": e.label,
        "start": e.start,
        "end": e.end,
        "people": list(e.people),
        "places": list(e.places),
        "articles": list(e.articles),
        "outlets": [[name, list(ids)] for name, ids in e.outlets],
        "score": e.score,
    }


def _event_of(
    d: Mapping[str, Any],
    shared: dict[str, str],
    missing: Callable[[Iterable[str]], tuple[str, ...]],
) -> Event:
    def one(x: Any) -> str:
        text = str(x)
        return shared.setdefault(text, text)

    outlets = tuple((one(name), tuple(one(i) for i in ids)) for name, ids in d["outlets"])
    return Event(
        id=str(d["id"]),
        label=str(d["label"]),
        start=d["start"],
        end=d["end"],
        people=tuple(one(x) for x in d["people"]),
        places=tuple(one(x) for x in d["places"]),
        articles=tuple(one(i) for i in d["articles"]),
        outlets=outlets,
        missing=missing(name for name, _ in outlets),
        score=float(d["score"]),
    )
