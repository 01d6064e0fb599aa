"""What the app knows about the corpus once it is read: events, articles, coverage, references.

Why this module exists: grouping events and counting coverage take seconds on a large corpus, so
they run once, in a worker thread, and produce this frozen snapshot; the widgets only look things
up in it. Plain Python, no Textual, so it is tested (and timed) on its own.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from briefing.events import Event
from briefing.labels import UNDATED, UNKNOWN_OUTLET, month_key
from briefing.models import Article, Relation
from briefing.spans import core_span

__all__ = ["UNDATED", "UNKNOWN_OUTLET", "Corpus", "Reference", "build_corpus", "month_key"]


@dataclass(frozen=True, slots=True)
class Reference:
    """A date an article mentions, placed on the timeline at that date."""

    article_id: str
    outlet: str
    index: int  # position in the article's dated_references
    text: str
    date: str  # ISO at its precision
    end: str | None
    precision: str
    relation: Relation
    sentence: str
    paragraph: int


@dataclass(frozen=True, slots=True)
class Corpus:
    """The snapshot the panes read: built by `build_corpus` in a worker."""

    events: tuple[Event, ...]
    articles: dict[str, Article]
    outlets: tuple[tuple[str, int], ...]  # most articles first
    months: tuple[str, ...]  # every `YYYY-MM` from the first to the last dated article
    coverage: dict[str, tuple[int, ...]]  # outlet -> articles per month, aligned with `months`
    references: dict[str, tuple[Reference, ...]]  # month key -> references that fall in it
    people: tuple[str, ...]  # most covered first
    places: tuple[str, ...]
    outside: int = 0  # dated articles left out of `months`: a few far-off dates (outliers)

    def event(self, event_id: str) -> Event | None:
        for e in self.events:
            if e.id == event_id:
                return e
        return None


def _months_between(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    ly, lm = int(last[:4]), int(last[5:7])
    out: list[str] = []
    while (y, m) <= (ly, lm):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def build_corpus(articles: Sequence[Article], events: Sequence[Event]) -> Corpus:
    """Count what the timeline and palette need, over the corpus's (cached) events."""
    found = tuple(events)
    by_id = {a.id: a for a in articles}
    outlet_counts = Counter(a.outlet or UNKNOWN_OUTLET for a in articles)
    dated = sorted(
        a.published.iso[:7]
        for a in articles
        if a.published.iso and len(a.published.iso) >= 7 and a.published.date.known
    )
    span = core_span(dated)
    months = tuple(_months_between(*span)) if span else ()
    outside = sum(1 for m in dated if not months or not months[0] <= m <= months[-1])
    position = {m: i for i, m in enumerate(months)}
    coverage: dict[str, list[int]] = {o: [0] * len(months) for o in outlet_counts}
    references: dict[str, list[Reference]] = defaultdict(list)
    people: Counter[str] = Counter()
    places: Counter[str] = Counter()
    # Referenced dates are placed on the timeline only within the corpus's own span (and up to a
    # year after it, for what was ahead), to the month at least: "in 1956" is background.
    last_ahead = (
        _months_between(months[-1], f"{int(months[-1][:4]) + 1}{months[-1][4:]}")[-1]
        if months
        else ""
    )
    seen_refs: set[tuple[str, str, str]] = set()
    for a in articles:
        outlet = a.outlet or UNKNOWN_OUTLET
        iso = a.published.iso
        if iso and len(iso) >= 7 and iso[:7] in position:
            coverage[outlet][position[iso[:7]]] += 1
        people.update(m.name for m in a.people)
        places.update(m.name for m in a.places)
        for i, r in enumerate(a.dated_references):
            if r.relation not in ("past", "ahead") or r.date.precision not in ("day", "month"):
                continue
            if not r.date.iso or not months or not months[0] <= r.date.iso[:7] <= last_ahead:
                continue
            if (a.id, r.date.iso, r.text) in seen_refs:
                continue  # the same mention twice in one article
            seen_refs.add((a.id, r.date.iso, r.text))
            references[month_key(r.date.iso)].append(
                Reference(
                    article_id=a.id,
                    outlet=outlet,
                    index=i,
                    text=r.text,
                    date=r.date.iso,
                    end=r.end.iso if r.end else None,
                    precision=r.date.precision,
                    relation=r.relation,
                    sentence=r.sentence,
                    paragraph=r.paragraph,
                )
            )
    return Corpus(
        events=found,
        articles=by_id,
        outlets=tuple(sorted(outlet_counts.items(), key=lambda kv: (-kv[1], kv[0]))),
        months=months,
        coverage={o: tuple(c) for o, c in coverage.items()},
        references={
            k: tuple(sorted(v, key=lambda r: (r.date, r.relation, r.text, r.article_id)))
            for k, v in references.items()
        },
        people=tuple(n for n, _ in sorted(people.items(), key=lambda kv: (-kv[1], kv[0]))),
        places=tuple(n for n, _ in sorted(places.items(), key=lambda kv: (-kv[1], kv[0]))),
        outside=outside,
    )
