"""Statements reported alike across outlets, and what only one outlet reports.

Why this module exists: these are the two halves of the comparison a reader looks at first.
Sentences of different outlets whose similarity passes a threshold, and that share at least two
content words, are aligned into rows (one sentence per outlet, each agreeing with the rest);
sentences no other outlet comes near are ranked by what they carry that nobody else gives.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from rapidfuzz import fuzz

from briefing.compare.records import AlignedStatement, Statement
from briefing.compare.sentences import W_DATE, W_NAME, W_NUMBER, Pairs, Sent, Span, same_time
from briefing.events import terms

__all__ = ["align", "unique"]

_ALIGN = 0.28  # minimum similarity for two sentences to report the same thing
_UNIQUE = 0.22  # below this similarity to every other outlet's sentence, a sentence is unique
# two languages share only names, figures and dates, so their sentences' cosine runs lower
_CROSS_LANGUAGE = 0.6


def content_shared(a: Sent, b: Sent) -> set[str]:
    """Shared stemmed words that are not part of a shared name; between two languages, where
    few words are shared, the shared names and figures count instead."""
    name_words = {t for n in a.names & b.names for t in terms(n)}
    shared = set(a.terms & b.terms) - name_words
    if a.lang != b.lang:
        shared |= {"@" + n for n in a.names & b.names}
        shared |= {t for t in a.vector.keys() & b.vector.keys() if t.startswith("#v:")}
    return shared


def shared_keys(a: Sent, b: Sent) -> tuple[str, ...]:
    keys = [n for n in a.stmt.names if n in b.names]
    keys += sorted(
        (t for t in content_shared(a, b) if not t.startswith(("@", "#v:"))),
        key=lambda t: -(a.vector.get(t, 0) * b.vector.get(t, 0)),
    )[:6]
    keys += [v for v in a.stmt.numbers if any(v.split()[0] == w.split()[0] for w in b.stmt.numbers)]
    return tuple(dict.fromkeys(keys))


def align(sents: list[Sent], pairs: Pairs, top: int) -> tuple[AlignedStatement, ...]:
    row_of: dict[int, int] = {}
    rows: list[list[int]] = []
    sims: list[list[float]] = []
    for (i, j), sim in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0])):
        threshold = _ALIGN if sents[i].lang == sents[j].lang else _ALIGN * _CROSS_LANGUAGE
        if sim < threshold or len(content_shared(sents[i], sents[j])) < 2:
            continue
        ri, rj = row_of.get(i), row_of.get(j)
        if ri is None and rj is None:
            row_of[i] = row_of[j] = len(rows)
            rows.append([i, j])
            sims.append([sim])
            continue
        if ri is not None and rj is not None:
            continue
        r, new = (ri, j) if ri is not None else (rj, i)
        assert r is not None
        if any(sents[k].stmt.outlet == sents[new].stmt.outlet for k in rows[r]):
            continue
        # joining a row needs agreement with every sentence already in it
        others = [pairs.get((min(k, new), max(k, new)), 0.0) for k in rows[r]]
        if min(others) < _ALIGN * 0.8:
            continue
        row_of[new] = r
        rows[r].append(new)
        sims[r].extend(others)
    out = []
    for row, ss in zip(rows, sims, strict=True):
        members = sorted(row, key=lambda k: (sents[k].stmt.outlet, k))
        a, b = sents[members[0]], sents[members[1]]
        strength = (
            (sum(ss) / len(ss))
            * (1 + 0.1 * len(members))
            * (1 + 0.05 * sum(sents[k].stmt.weight for k in members) / len(members))
        )
        out.append(
            (
                strength,
                AlignedStatement(
                    statements=tuple(sents[k].stmt for k in members),
                    similarity=sum(ss) / len(ss),
                    shared=shared_keys(a, b),
                ),
            )
        )
    out.sort(key=lambda t: -t[0])
    return tuple(a for _, a in out[: max(top, 1) * 2])


def unique(
    sents: list[Sent], pairs: Pairs, outlets: Sequence[str], top: int
) -> tuple[tuple[str, tuple[Statement, ...]], ...]:
    best: dict[int, float] = defaultdict(float)
    for (i, j), sim in pairs.items():
        best[i] = max(best[i], sim)
        best[j] = max(best[j], sim)
    # what each outlet says anywhere: names, numbers, dates
    said: dict[str, dict[str, set[str]]] = {o: {"names": set(), "numbers": set()} for o in outlets}
    said_dates: dict[str, set[Span]] = {o: set() for o in outlets}
    for s in sents:
        d = said[s.stmt.outlet]
        d["names"] |= s.names
        d["numbers"] |= s.numbers
        said_dates[s.stmt.outlet] |= s.dates
    out = []
    for outlet in outlets:
        others = [o for o in outlets if o != outlet]
        scored = []
        for i, s in enumerate(sents):
            if s.stmt.outlet != outlet or best[i] >= _UNIQUE:
                continue
            new_names = [n for n in s.names if not any(n in said[o]["names"] for o in others)]
            new_numbers = [n for n in s.numbers if not any(n in said[o]["numbers"] for o in others)]
            new_dates = [
                d
                for d in s.dates
                if not any(same_time(d, e) for o in others for e in said_dates[o])
            ]
            score = (
                s.stmt.weight
                + 2 * W_NAME * len(new_names)
                + 2 * W_NUMBER * len(new_numbers)
                + 2 * W_DATE * len(new_dates)
            ) * (1 - best[i])
            scored.append((score, i))
        scored.sort(key=lambda t: (-t[0], t[1]))
        picked: list[int] = []
        for _, i in scored:
            if any(fuzz.token_set_ratio(sents[i].norm, sents[k].norm) > 80 for k in picked):
                continue  # the same thing said twice by this outlet
            picked.append(i)
            if len(picked) >= top:
                break
        out.append((outlet, tuple(only_new(sents[i], said, others) for i in picked)))
    return tuple(out)


def only_new(s: Sent, said: dict[str, dict[str, set[str]]], others: list[str]) -> Statement:
    """The statement with only the names and numbers no other outlet gives."""
    names = tuple(n for n in s.stmt.names if not any(n in said[o]["names"] for o in others))
    keys = {
        k.split("=", 1)[1] for k in s.numbers if not any(k in said[o]["numbers"] for o in others)
    }
    numbers = tuple(v for v in s.stmt.numbers if v.split()[0] in keys)
    return replace(s.stmt, names=names, numbers=numbers)
