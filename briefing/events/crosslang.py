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
from collections.abc import Mapping, Sequence

from briefing.models import Article

__all__ = ["SharedTerms", "name_sounds"]

Vector = dict[str, float]

# The shared-term cosine of a pair, and of two groups' centroids, against the grouping's link
# and centroid thresholds: scaled by these.
LINK_SCALE = 1.0
CENTROID_SCALE = 1.2
TERM_CAP = 0.1
MIN_EVIDENCE = 0.25


def name_sounds(article: Article) -> Counter[str]:
    """People by the sound of their surname ("Trump", "特朗普", "トランプ" -> "@s:TLP"): how
    a name spelled by ear in another script meets its Latin spelling. Short sounds (two
    consonants) match too many names to count."""
    from briefing.ingest.translit import has_cyrillic, sound_key

    out: Counter[str] = Counter()
    for m in article.people:
        if has_cyrillic(m.name):
            continue  # Cyrillic is transliterated letter by letter: its skeleton (@x:) is enough
        parts = [p for p in re.split(r"[\s·・‧•]+", m.name) if p]
        key = sound_key(parts[-1]) if parts else ""
        if len(key) >= 3:
            out["@s:" + key] += 2
    return out


class SharedTerms:
    """The articles' vectors cut down, for each pair of languages, to the terms found in both.

    The cut depends on the other side: an English article is compared with a Chinese one on
    the terms Chinese articles also hold (names, places, figures), not on every English word a
    German article happens to share."""

    def __init__(self, vectors: Sequence[Vector], langs: Sequence[str | None]) -> None:
        self.vectors = vectors
        self.langs = langs
        seen: dict[str, set[str]] = defaultdict(set)
        for vec, lang in zip(vectors, langs, strict=True):
            if lang:
                for t in vec:
                    seen[t].add(lang)
        self._seen = {t: frozenset(ls) for t, ls in seen.items()}
        self._cuts: dict[tuple[int, frozenset[str]], Vector] = {}

    def cut(self, i: int, other: frozenset[str]) -> Vector:
        """Article i's vector over the terms seen in the languages `other` (normalised)."""
        key = (i, other)
        got = self._cuts.get(key)
        if got is None:
            cut = {
                t: v for t, v in self.vectors[i].items() if self._seen.get(t, frozenset()) & other
            }
            norm = math.sqrt(sum(v * v for v in cut.values()))
            got = {t: v / norm for t, v in cut.items()} if norm else {}
            self._cuts[key] = got
        return got

    def _pair(self, i: int, j: int) -> tuple[Vector, Vector]:
        li, lj = self.langs[i], self.langs[j]
        if not li or not lj:
            return {}, {}
        return self.cut(i, frozenset([lj])), self.cut(j, frozenset([li]))

    def similarity(self, i: int, j: int) -> float:
        return cosine(*self._pair(i, j))

    def evidence(self, i: int, j: int) -> float:
        """How much two articles agree on, not how alike they are: the terms they share,
        one spelling of one thing counted once ("beyonc"/"beyonce", "@l:indonesia" and
        "indonesia"), each up to `TERM_CAP`, so one shared name alone is never enough."""
        from briefing.ingest.translit import name_key

        a, b = self._pair(i, j)
        best: dict[str, float] = {}
        for t, v in a.items():
            w = b.get(t)
            if w is None:
                continue
            key = t if t.startswith("#") else name_key(t.split(":", 1)[-1]) or t
            best[key] = max(best.get(key, 0.0), v * w)
        if all(k.startswith("#") for k in best):
            return 0.0  # figures alone (two articles that both say 23 and 12) are no story
        return sum(min(TERM_CAP, x) for x in best.values())

    def block_terms(
        self, i: int, taken: Sequence[str], df: Mapping[str, int], cap: int, n: int
    ) -> list[str]:
        """The heaviest terms article i shares with another language, not already among its
        blocking terms."""
        lang = self.langs[i]
        have = set(taken)
        vec = self.vectors[i]
        ranked = sorted(
            (
                t
                for t in vec
                if t not in have and 2 <= df[t] <= cap and self._seen.get(t, frozenset()) - {lang}
            ),
            key=lambda t: (-vec[t], t),
        )
        return ranked[:n]

    def within(
        self, members_a: Sequence[int], members_b: Sequence[int], langs: frozenset[str]
    ) -> float:
        """Cosine of two groups' centroids over their members in the given languages only: a
        German article is compared with a German and English group by its German members."""
        ca: Vector = defaultdict(float)
        cb: Vector = defaultdict(float)
        for members, c in ((members_a, ca), (members_b, cb)):
            for i in members:
                if self.langs[i] in langs:
                    for t, v in self.vectors[i].items():
                        c[t] += v
        na = math.sqrt(sum(v * v for v in ca.values()))
        nb = math.sqrt(sum(v * v for v in cb.values()))
        if not na or not nb:
            return 0.0
        return cosine(ca, cb) / (na * nb)

    def group_similarity(
        self,
        members_a: Sequence[int],
        langs_a: frozenset[str],
        members_b: Sequence[int],
        langs_b: frozenset[str],
    ) -> float:
        """Cosine of two groups' centroids, each over the terms of the other's languages."""
        ca: Vector = defaultdict(float)
        cb: Vector = defaultdict(float)
        for i in members_a:
            for t, v in self.cut(i, langs_b).items():
                ca[t] += v
        for i in members_b:
            for t, v in self.cut(i, langs_a).items():
                cb[t] += v
        na = math.sqrt(sum(v * v for v in ca.values()))
        nb = math.sqrt(sum(v * v for v in cb.values()))
        if not na or not nb:
            return 0.0
        return cosine(ca, cb) / (na * nb)


def cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())
