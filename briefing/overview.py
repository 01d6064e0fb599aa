"""What the app's timeline and palette show of a corpus, as one compact table per index state.

Why this module exists: the timeline of a 50,000-article corpus lists events, an article's
outlet, date and headline when an event is opened, the months each outlet covered, and the
dates the articles refer to. Holding 50,000 `Article` objects for that (their people, places and
dated references, with the sentence of each) took most of the app's memory. An `Overview` holds
only what those rows show: the articles as columns of strings (id, outlet, headline, date), the
coverage counts, the referenced dates that fall on the timeline, and the names by coverage. It
is computed in one pass over the index's articles (one at a time, so the first open after a
change does not hold them all either) and cached beside the index as JSON
(`Workspace.overview`). Whole articles are read from the index only for the reader and the
comparison.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from briefing.labels import UNKNOWN_OUTLET, month_key
from briefing.models import Article, Relation
from briefing.spans import core_span

__all__ = ["Overview", "Reference", "months_between", "overview"]


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
class Overview:
    """The timeline's table of a corpus. Articles are columns, in id order: `ids[i]` was
    published `published[i]` (ISO at its precision, "" if undated) by `outlet_of[i]` ("" if
    unknown) under `headlines[i]`."""

    ids: tuple[str, ...]
    outlet_of: tuple[str, ...]
    headlines: tuple[str, ...]
    published: tuple[str, ...]
    outlets: tuple[tuple[str, int], ...]  # articles per outlet, most first
    months: tuple[str, ...]  # every `YYYY-MM` from the first to the last dated article
    coverage: tuple[tuple[str, tuple[int, ...]], ...]  # outlet, articles per month of `months`
    references: tuple[tuple[str, tuple[Reference, ...]], ...]  # month key, its references
    people: tuple[str, ...]  # most covered first
    places: tuple[str, ...]
    outside: int = 0  # dated articles left out of `months`: a few far-off dates (outliers)


def months_between(first: str, last: str) -> list[str]:
    """Every `YYYY-MM` from `first` to `last`, both included."""
    y, m = int(first[:4]), int(first[5:7])
    ly, lm = int(last[:4]), int(last[5:7])
    out: list[str] = []
    while (y, m) <= (ly, lm):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _month(a: Article) -> str | None:
    iso = a.published.iso
    return iso[:7] if iso and len(iso) >= 7 and a.published.date.known else None


def overview(articles: Iterable[Article]) -> Overview:
    """The table of `articles`, read once, one at a time (none is kept)."""
    rows: list[tuple[str, str, str, str]] = []
    months_of: list[str | None] = []  # aligned with rows
    outlet_counts: Counter[str] = Counter()
    people: Counter[str] = Counter()
    places: Counter[str] = Counter()
    candidates: list[Reference] = []
    seen_refs: set[tuple[str, str, str]] = set()
    for a in articles:
        outlet = a.outlet or UNKNOWN_OUTLET
        rows.append((a.id, a.outlet or "", a.headline, a.published.iso or ""))
        months_of.append(_month(a))
        outlet_counts[outlet] += 1
        people.update(m.name for m in a.people)
        places.update(m.name for m in a.places)
        for i, r in enumerate(a.dated_references):
            if r.relation not in ("past", "ahead") or r.date.precision not in ("day", "month"):
                continue
            if not r.date.iso or (a.id, r.date.iso, r.text) in seen_refs:
                continue  # the same mention twice in one article
            seen_refs.add((a.id, r.date.iso, r.text))
            candidates.append(
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
    dated = sorted(m for m in months_of if m)
    span = core_span(dated)
    months = tuple(months_between(*span)) if span else ()
    outside = sum(1 for m in dated if not months or not months[0] <= m <= months[-1])
    position = {m: i for i, m in enumerate(months)}
    coverage: dict[str, list[int]] = {o: [0] * len(months) for o in outlet_counts}
    for (_, outlet, _, _), month in zip(rows, months_of, strict=True):
        if month in position:
            coverage[outlet or UNKNOWN_OUTLET][position[month]] += 1
    # Referenced dates are placed on the timeline only within the corpus's own span (and up to a
    # year after it, for what was ahead), to the month at least: "in 1956" is background.
    last_ahead = (
        months_between(months[-1], f"{int(months[-1][:4]) + 1}{months[-1][4:]}")[-1]
        if months
        else ""
    )
    references: dict[str, list[Reference]] = defaultdict(list)
    for ref in candidates:
        if months and months[0] <= ref.date[:7] <= last_ahead:
            references[month_key(ref.date)].append(ref)
    rows.sort()
    return Overview(
        ids=tuple(r[0] for r in rows),
        outlet_of=tuple(r[1] for r in rows),
        headlines=tuple(r[2] for r in rows),
        published=tuple(r[3] for r in rows),
        outlets=tuple(sorted(outlet_counts.items(), key=lambda kv: (-kv[1], kv[0]))),
        months=months,
        coverage=tuple((o, tuple(c)) for o, c in coverage.items()),
        references=tuple(
            (k, tuple(sorted(v, key=lambda r: (r.date, r.relation, r.text, r.article_id))))
            for k, v in references.items()
        ),
        people=tuple(n for n, _ in sorted(people.items(), key=lambda kv: (-kv[1], kv[0]))),
        places=tuple(n for n, _ in sorted(places.items(), key=lambda kv: (-kv[1], kv[0]))),
        outside=outside,
    )
