"""Which outlet reported which key fact, and the loaded words each outlet uses.

Why this module exists: a coverage matrix (people, places, organisations, speakers, numbers and
dates against outlets) shows at a glance what an outlet left out; framing words from the rules
("disputed", "claims", "regime") that not every outlet uses show how it told the story.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from briefing.compare.naming import Namer
from briefing.compare.records import CoverageRow, FramingWord
from briefing.compare.sentences import Sent, Span, same_time
from briefing.ingest.rules import Rules
from briefing.models import Article

__all__ = ["coverage", "framing"]


def framing(sents: list[Sent], outlets: Sequence[str], rules: Rules) -> tuple[FramingWord, ...]:
    out = []
    for word in rules.framing:
        pat = re.compile(rf"(?i)(?<!\w){re.escape(word)}(?!\w)")
        counts: Counter[str] = Counter()
        example: tuple[str, str] | None = None
        for s in sents:
            n = len(pat.findall(s.stmt.text))
            if n:
                counts[s.stmt.outlet] += n
                example = example or (s.stmt.outlet, s.stmt.text)
        if not counts or example is None:
            continue
        if len(counts) == len(outlets):
            continue  # everyone uses it: not a difference
        out.append(FramingWord(word, tuple((o, counts.get(o, 0)) for o in outlets), example))
    out.sort(key=lambda f: (-max(c for _, c in f.counts), f.word))
    return tuple(out[:10])


def coverage(
    articles: Sequence[Article],
    outlet_of: dict[str, str],
    sents: list[Sent],
    outlets: Sequence[str],
    namer: Namer,
) -> tuple[CoverageRow, ...]:
    """Rows of key facts (people, places, organisations, speakers, numbers, dates) with the
    outlets that reported each."""
    rows = _entities(articles, outlet_of, outlets, namer)
    speakers: dict[str, set[str]] = defaultdict(set)
    for a in articles:
        for q in a.quotes:
            if q.speaker:
                speakers[q.speaker].add(outlet_of.get(a.id, a.outlet or "unknown outlet"))
    for name, who_quoted in sorted(speakers.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:4]:
        rows.append(CoverageRow("quote", f"quotes {name}", ordered(who_quoted, outlets)))
    numbers: dict[str, set[str]] = defaultdict(set)
    for s in sents:
        for v in s.stmt.numbers:
            numbers[v].add(s.stmt.outlet)
    for value, who_said in sorted(numbers.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:8]:
        rows.append(CoverageRow("number", value, ordered(who_said, outlets)))
    return (*rows, *_dates(sents, outlets))


def _entities(
    articles: Sequence[Article], outlet_of: dict[str, str], outlets: Sequence[str], namer: Namer
) -> list[CoverageRow]:
    rows: list[CoverageRow] = []
    for kind, attr, limit in (
        ("person", "people", 6),
        ("place", "places", 6),
        ("organisation", "organisations", 3),
    ):
        who: dict[str, set[str]] = defaultdict(set)
        weight: Counter[str] = Counter()
        for a in articles:
            for m in getattr(a, attr):
                name = namer.forms.get(m.name, m.name)
                who[name].add(outlet_of.get(a.id, a.outlet or "unknown outlet"))
                weight[name] += m.count
        for name, _ in sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]:
            rows.append(CoverageRow(kind, name, ordered(who[name], outlets)))  # type: ignore[arg-type]
    return rows


def _dates(sents: list[Sent], outlets: Sequence[str]) -> list[CoverageRow]:
    """The most precise reference names a cluster; references of the same time join it."""
    spans: list[tuple[Span, str]] = [(d, s.stmt.outlet) for s in sents for d in s.dates]
    spans.sort(key=lambda t: ((t[0][2] - t[0][1]).days, t[0][1], t[0][0], t[1]))
    clusters: list[tuple[Span, set[str]]] = []
    for span, outlet in spans:
        for core, who_said in clusters:
            if same_time(core, span):
                who_said.add(outlet)
                break
        else:
            clusters.append((span, {outlet}))
    clusters.sort(key=lambda c: (-len(c[1]), c[0][1]))
    return [
        CoverageRow("date", core[0], ordered(who_said, outlets)) for core, who_said in clusters[:6]
    ]


def ordered(found: set[str], outlets: Sequence[str]) -> tuple[str, ...]:
    return tuple(o for o in outlets if o in found)
