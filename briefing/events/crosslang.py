"""How alike two articles in different languages are, on what survives translation.

Why this module exists: an article's vector is mostly its own language's words. Between a
Chinese and an English report of one happening only a few terms can be shared (names in Latin
letters or by their skeleton, places by their English name, figures), so the cosine of the
whole vectors is tiny: the Chinese character pairs, which no English article can hold, fill
the norm. Measured instead over the terms that the corpus shows in more than one language
(each vector cut down to them and normalised again), two reports of one happening in two
languages are as alike as two in one language. Event grouping (`grouping`) uses this for the
pairs and the groups whose languages differ.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from briefing.models import Article

__all__ = ["group_similarity", "name_sounds", "shared_vectors"]

Vector = dict[str, float]

# The shared-term cosine of a pair, and of two groups' centroids, against the grouping's link
# and centroid thresholds: scaled by these.
LINK_SCALE = 1.0
CENTROID_SCALE = 1.0
TERM_CAP = 0.1
MIN_EVIDENCE = 0.2


def name_sounds(article: Article) -> Counter[str]:
    """People by the sound of their surname ("Trump", "特朗普", "トランプ" -> "@s:TLP"): how
    a name spelled by ear in another script meets its Latin spelling. Short sounds (two
    consonants) match too many names to count."""
    from briefing.ingest.translit import sound_key

    out: Counter[str] = Counter()
    for m in article.people:
        parts = [p for p in re.split(r"[\s·・‧•]+", m.name) if p]
        key = sound_key(parts[-1]) if parts else ""
        if len(key) >= 3:
            out["@s:" + key] += 2
    return out


def shared_vectors(vectors: Sequence[Vector], langs: Sequence[str | None]) -> list[Vector]:
    """Each vector cut down to the terms found in articles of two or more languages, normalised
    again (empty when it holds none, or when its language is unknown)."""
    seen: dict[str, set[str]] = defaultdict(set)
    for vec, lang in zip(vectors, langs, strict=True):
        if lang:
            for t in vec:
                seen[t].add(lang)
    out: list[Vector] = []
    for vec, lang in zip(vectors, langs, strict=True):
        cut = {t: v for t, v in vec.items() if lang and len(seen[t]) > 1}
        norm = math.sqrt(sum(v * v for v in cut.values()))
        out.append({t: v / norm for t, v in cut.items()} if norm else {})
    return out


def evidence(a: Vector, b: Vector) -> float:
    """How much two shared-term vectors agree on, not how alike they are: the terms they share,
    one spelling of one thing counted once ("beyonc"/"beyonce", "@l:indonesia"/"indonesia"),
    each counted up to `TERM_CAP`, so one shared name alone is never enough."""
    from briefing.ingest.translit import name_key

    best: dict[str, float] = {}
    for t, v in a.items():
        w = b.get(t)
        if w is None:
            continue
        key = name_key(t.split(":", 1)[-1]) or t
        best[key] = max(best.get(key, 0.0), v * w)
    return sum(min(TERM_CAP, x) for x in best.values())


def block_terms(
    shared: Vector, taken: Sequence[str], df: dict[str, int], cap: int, n: int
) -> list[str]:
    """The heaviest shared terms not already among an article's blocking terms."""
    have = set(taken)
    ranked = sorted(
        (t for t in shared if t not in have and 2 <= df[t] <= cap), key=lambda t: (-shared[t], t)
    )
    return ranked[:n]


def cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def group_similarity(
    members_a: Sequence[int], members_b: Sequence[int], shared: Sequence[Vector]
) -> float:
    """Cosine of the two groups' centroids over the shared terms."""
    ca: Vector = defaultdict(float)
    cb: Vector = defaultdict(float)
    for i in members_a:
        for t, v in shared[i].items():
            ca[t] += v
    for i in members_b:
        for t, v in shared[i].items():
            cb[t] += v
    na = math.sqrt(sum(v * v for v in ca.values()))
    nb = math.sqrt(sum(v * v for v in cb.values()))
    if not na or not nb:
        return 0.0
    return cosine(ca, cb) / (na * nb)
