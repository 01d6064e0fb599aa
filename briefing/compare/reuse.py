"""Text reuse (sentences that stand nearly word for word in two outlets) and who was first.

Why this module exists: wire copy passed from one outlet to another, and the order in which
outlets reported, are facts about the coverage rather than about the event; both are judged
from dates at the precision they are known (a month-precise date is not evidence of being
first).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from rapidfuzz import fuzz

from briefing.compare.records import OutletTiming, Reuse
from briefing.compare.sentences import Pairs, Sent
from briefing.models import Article, FuzzyDate

__all__ = ["reuse", "timing"]

_REUSE = 88.0  # rapidfuzz ratio for near-verbatim text


def reuse(sents: list[Sent], pairs: Pairs) -> tuple[Reuse, ...]:
    found: list[tuple[float, int, int]] = []
    for (i, j), sim in pairs.items():
        if sim < 0.6 or len(sents[i].norm) < 60:
            continue
        ratio = fuzz.ratio(sents[i].norm, sents[j].norm)
        if ratio >= _REUSE:
            found.append((ratio, i, j))
    out = []
    used: set[int] = set()
    for ratio, i, j in sorted(found, key=lambda t: (-t[0], t[1], t[2])):
        if i in used or j in used:
            continue
        used |= {i, j}
        copies = sorted(
            (
                (sents[k].stmt.outlet, sents[k].stmt.article_id, sents[k].stmt.published)
                for k in (i, j)
            ),
            key=lambda c: (FuzzyDate.parse_iso(c[2]).sort_key(), c[1]),
        )
        first = i if copies[0][1] == sents[i].stmt.article_id else j
        out.append(Reuse(sents[first].stmt.text, tuple(copies), ratio / 100))
    return tuple(out[:10])


def timing(
    articles: Sequence[Article], outlet_of: dict[str, str], outlets: Sequence[str]
) -> tuple[OutletTiming, ...]:
    out = []
    for outlet in outlets:
        mine = [a for a in articles if outlet_of.get(a.id) == outlet]
        if not mine:
            continue
        mine.sort(key=lambda a: (a.published.date.sort_key(), a.id))
        dated = [a for a in mine if a.published.date.known]
        # a month-precise date is not evidence of being first: prefer exact days
        exact = [a for a in dated if a.published.precision == "day"] or dated
        first = exact[0] if exact else mine[0]
        latest = max(dated, key=lambda a: a.published.date.end or dt.date.min) if dated else None
        out.append(
            OutletTiming(
                outlet=outlet,
                articles=len(mine),
                first=first.published.iso,
                last=latest.published.iso if latest else None,
                first_article=first.id,
            )
        )
    out.sort(key=lambda t: (FuzzyDate.parse_iso(t.first).sort_key(), t.outlet))
    return tuple(out)
