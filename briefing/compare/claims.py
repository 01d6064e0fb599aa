"""Numbers and dates each outlet gives about the same thing, disagreements flagged.

Why this module exists: "12 documents" against "14 documents", or a visit on the 15th against
one on the 16th, is the kind of difference a reader must not miss. Quantities (keyed by what
they count) and dated references (keyed by the nearest event noun) are grouped per thing; two
outlets disagree only when their values differ in sentences that are about the same thing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from briefing.compare.numbers import range_text
from briefing.compare.records import NumberClaim
from briefing.compare.sentences import Pairs, Sent
from briefing.events import EVENT_NOUNS, terms
from briefing.models import Article

__all__ = ["claims"]

_WHAT = re.compile(
    r"\b(" + EVENT_NOUNS + r"|declaration|document|documents|forum|session|visited|visiting|met)\b",
    re.I,
)


# (kind, what, outlet, value as shown, sentence index or -1, comparable value)
_Item = tuple[str, str, str, str, int, Any]


def claims(
    sents: list[Sent],
    pairs: Pairs,
    articles: Sequence[Article],
    outlet_of: dict[str, str],
) -> tuple[NumberClaim, ...]:
    """Numbers and dates each outlet gives about the same thing; disagreements flagged."""
    shown_as: dict[str, str] = {}  # stem -> a word as written
    items = _number_items(sents, shown_as) + _date_items(sents, articles, outlet_of, shown_as)
    # group by (kind, what); within a group, values about the same thing agree or not
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for x, item in enumerate(items):
        groups[(item[0], item[1])].append(x)
    out = []
    for (kind, what), members in groups.items():
        outlets_here = {items[x][2] for x in members}
        clash = _clash(kind, members, items, pairs) if len(outlets_here) > 1 else None
        disagree = clash is not None
        values = []
        seen: set[tuple[str, str]] = set()
        # the two values that disagree come first: they are what a reader is to look at
        for x in [*(clash or ()), *(m for m in members if m not in (clash or ()))]:
            _, _, outlet, shown, si, _ = items[x]
            if (outlet, shown) in seen:
                continue
            seen.add((outlet, shown))
            values.append((outlet, shown, sents[si].stmt.text if si >= 0 else ""))
        label = shown_as.get(what, what.lstrip("%") or "percent")
        out.append(
            (
                -int(disagree),
                -len(outlets_here),
                label,
                NumberClaim(label, kind, tuple(values), disagree),  # type: ignore[arg-type]
            )
        )
    out.sort(key=lambda t: t[:3])
    return tuple(c for *_, c in out[:30])


def _number_items(sents: list[Sent], shown_as: dict[str, str]) -> list[_Item]:
    items: list[_Item] = []
    for i, s in enumerate(sents):
        for key_value in sorted(s.numbers):
            key, value = key_value.split("=", 1)
            shown = next((v for v in s.stmt.numbers if v.split()[0] == value), value)
            if " " in shown:
                shown_as.setdefault(key, ("% " if key.startswith("%") else "") + shown.split()[-1])
            items.append(("number", key, s.stmt.outlet, shown, i, value))
    return items


def _date_items(
    sents: list[Sent],
    articles: Sequence[Article],
    outlet_of: dict[str, str],
    shown_as: dict[str, str],
) -> list[_Item]:
    items: list[_Item] = []
    index_of = {(s.stmt.article_id, s.stmt.text): i for i, s in enumerate(sents)}
    for a in articles:
        outlet = outlet_of.get(a.id, a.outlet or "unknown outlet")
        for r in a.dated_references:
            if not r.date.known:
                continue
            sentence = " ".join(r.sentence.split())
            m = _nearest(_WHAT, sentence, r.text)
            if not m:
                continue
            i = next(
                (k for (aid, text), k in index_of.items() if aid == a.id and sentence in text),
                -1,
            )
            end = (r.end or r.date).end
            shown = f"{r.text} ({range_text(r.date, r.end)})"
            what = "meet" if m.lower() == "met" else (terms(m) or [m.lower()])[0]
            shown_as.setdefault(what, "meeting" if what == "meet" else m.lower())
            items.append(("date", what, outlet, shown, i, (r.date.start, end)))
    return items


def _clash(
    kind: str, members: list[int], items: list[_Item], pairs: Pairs
) -> tuple[int, int] | None:
    """The first two items where two outlets give different values in sentences that are
    about the same thing, or None when they agree."""
    for x, i in enumerate(members):
        for j in members[x + 1 :]:
            a, b = items[i], items[j]
            if a[2] == b[2] or _agree(kind, a[5], b[5]):
                continue
            si, sj = a[4], b[4]
            if si >= 0 and sj >= 0 and pairs.get((min(si, sj), max(si, sj)), 0) >= 0.25:
                return (i, j)
    return None


def _nearest(pattern: re.Pattern[str], sentence: str, anchor: str) -> str | None:
    at = sentence.find(anchor)
    best: tuple[int, str] | None = None
    for m in pattern.finditer(sentence):
        d = abs(m.start() - at) if at >= 0 else m.start()
        if best is None or d < best[0]:
            best = (d, m.group(1))
    return best[1] if best else None


def _agree(kind: str, a: Any, b: Any) -> bool:
    if kind == "number":
        return bool(a == b)
    (a0, a1), (b0, b1) = a, b
    return bool(a0 <= b1 and b0 <= a1)  # overlapping ranges
