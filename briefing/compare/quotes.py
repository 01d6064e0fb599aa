"""Quotes across outlets: the same words in different renderings, and who is quoted by whom.

Why this module exists: how an outlet renders what someone said (word for word, shortened,
reworded) is one of the clearest differences between outlets. Quotes of the same speaker (or of
an unknown one) that share enough words are grouped, one rendering per outlet, with a word diff
between the first two; a tally says which speakers each outlet quotes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from difflib import SequenceMatcher

from rapidfuzz import fuzz

from briefing.compare.records import DiffPiece, QuoteGroup, QuoteRendering
from briefing.events import terms
from briefing.models import Article, Quote

__all__ = ["group_quotes", "speakers", "word_diff"]


def speakers(
    articles: Sequence[Article], outlet_of: dict[str, str], outlets: Sequence[str]
) -> tuple[tuple[str, tuple[tuple[str, int], ...]], ...]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for a in articles:
        for q in a.quotes:
            counts[q.speaker or "unattributed"][outlet_of.get(a.id, a.outlet or "")] += 1
    ranked = sorted(counts.items(), key=lambda kv: (-len(kv[1]), -sum(kv[1].values()), kv[0]))
    return tuple(
        (who, tuple((o, per[o]) for o in outlets if per.get(o))) for who, per in ranked[:10]
    )


_Item = tuple[str, str, Quote]  # (outlet, article id, quote)


def group_quotes(
    articles: Sequence[Article], outlet_of: dict[str, str], top: int
) -> tuple[QuoteGroup, ...]:
    """The same quote across outlets, one rendering each: quoted by several outlets first,
    then attributed, then longer; speakers take turns."""
    items: list[_Item] = []
    for a in articles:
        for q in a.quotes:
            if len(q.text.split()) >= 4:
                items.append((outlet_of.get(a.id, a.outlet or "unknown outlet"), a.id, q))
    out = []
    for members in _same_words(items):
        renders = []
        outlets_seen: set[str] = set()
        for x in members:
            outlet, aid, q = items[x]
            if outlet in outlets_seen:
                continue
            outlets_seen.add(outlet)
            renders.append(QuoteRendering(outlet, aid, q.text))
        speaker = next((items[x][2].speaker for x in members if items[x][2].speaker), None)
        diff = word_diff(renders[0].text, renders[1].text) if len(renders) > 1 else ()
        multi = len(renders) > 1
        length = max(len(items[x][2].text) for x in members)
        out.append(
            (-int(multi), speaker is None, -min(length, 400), members[0], speaker, renders, diff)
        )
    out.sort(key=lambda t: t[:4])
    # take turns between speakers so one talkative source does not fill the list
    turn: Counter[str | None] = Counter()
    ranked = []
    for t in out:
        ranked.append((t[0], turn[t[4]], t))
        turn[t[4]] += 1
    ranked.sort(key=lambda r: (r[0], r[1]))
    out = [t for *_, t in ranked]
    return tuple(
        QuoteGroup(speaker, tuple(renders), diff)
        for *_, speaker, renders, diff in out[: max(top, 1) * 2]
    )


def _same_words(items: list[_Item]) -> list[list[int]]:
    """Groups of quotes (indices into `items`) that render the same words in different outlets:
    same speaker or an unknown one, enough shared words, a close fuzzy match."""
    parent = list(range(len(items)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    words = [set(terms(q.text)) for _, _, q in items]
    by_speaker: dict[str | None, list[int]] = defaultdict(list)
    for x, (_, _, q) in enumerate(items):
        by_speaker[q.speaker].append(x)
    unknown = by_speaker.get(None, [])
    for speaker, members in sorted(by_speaker.items(), key=lambda kv: str(kv[0])):
        others = members if speaker is None else members + unknown
        for x in members:
            for y in others:
                if y <= x and y in members:
                    continue
                (ox, _, qx), (oy, _, qy) = items[x], items[y]
                if ox == oy or len(words[x] & words[y]) < min(3, len(words[x]), len(words[y])):
                    continue
                if fuzz.token_set_ratio(qx.text.lower(), qy.text.lower()) >= 72:
                    parent[find(y)] = find(x)
    groups: dict[int, list[int]] = defaultdict(list)
    for x in range(len(items)):
        groups[find(x)].append(x)
    return list(groups.values())


def word_diff(first: str, second: str) -> tuple[DiffPiece, ...]:
    a, b = first.split(), second.split()
    fold = [w.lower().strip(".,;:!?\"“”'’()[]") for w in a]
    gold = [w.lower().strip(".,;:!?\"“”'’()[]") for w in b]
    pieces: list[DiffPiece] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, fold, gold, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(DiffPiece("same", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(DiffPiece("first", " ".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(DiffPiece("second", " ".join(b[j1:j2])))
    return tuple(pieces)
