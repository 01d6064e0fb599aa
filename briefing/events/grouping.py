"""Grouping articles into events: vectors, blocking, scoring, merging, ids.

Why this module exists: a briefing is about what happened, not about files. Comparing outlets,
spotting blindspots and drawing a timeline all need to know which articles tell the same story.

The method is the evidence a careful reader uses, made cheap enough for tens of thousands of
articles (no all-pairs comparison):

1. Each article becomes a TF-IDF vector of stemmed content words (headline and lede weigh more)
   plus its people, places and organisations. Rare words count, boilerplate does not (IDF).
2. Candidate pairs come from blocking: articles that share several of their rarest terms and
   whose dates are days, not months, apart (a month-precise date is weaker evidence).
3. Pairs are scored by cosine similarity, discounted by the gap in days, and merged strongest
   first. A merge must also keep the group's centroid coherent and its span short, so one
   loose link never chains two unrelated stories together: splitting a story in two is
   preferred to mixing two stories.

Everything is deterministic: the same corpus gives the same events and ids.
"""

from __future__ import annotations

import datetime as dt
import math
import multiprocessing as mp
import os
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import compress, islice, repeat
from operator import add, gt, mul, truediv
from typing import Any, Final, TypeVar

import briefing.events.agreement as agreement
import briefing.events.crosslang as crosslang
from briefing.events.function_terms import function_terms
from briefing.events.labels import label_event
from briefing.events.packed import Packed, pack, unpack
from briefing.events.records import UNKNOWN_OUTLET, Event, EventParams
from briefing.events.terms import terms, terms_of_all
from briefing.models import Article, FuzzyDate

__all__ = [
    "Grouped",
    "Statistics",
    "counted",
    "counted_parts",
    "features",
    "finish",
    "group",
    "group_events",
    "mixed",
    "packed_vectors",
    "several_languages",
    "statistics",
    "unnamed",
    "vector",
    "vectors",
    "words_of",
]


@dataclass(slots=True)
class _Doc:
    index: int
    article: Article
    vector: dict[str, float] = field(default_factory=dict)
    start: dt.date | None = None
    end: dt.date | None = None
    precise: bool = False


def _features(a: Article, multilingual: bool = False) -> Counter[str]:
    # the headline's words count three times, the lede's twice, the body's once (one count of
    # the whole list: the same counts in the same order as adding them up word by word)
    head = terms(a.headline)
    counts: Counter[str] = Counter(
        head + head + head + (terms(a.lede or "") * 2) + terms_of_all(a.body)
    )
    for t in function_terms(a.lang):  # "que", "del", "para" of a Spanish article, and so on
        counts.pop(t, None)
    for m in a.people:
        counts["@p:" + m.name.split()[-1].lower()] += 2
    for m in a.places:
        counts["@l:" + m.name.lower()] += 1
    for m in a.organisations:
        counts["@o:" + m.name.lower()] += 1
    if multilingual:
        counts.update(cross_language_features(a))
        counts.update(crosslang.name_sounds(a))
    return counts


_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[ \u00a0,.]\d{3})*(?:[.,]\d+)?(?![\w])")


def cross_language_features(a: Article) -> Counter[str]:
    """What survives translation: people by the skeleton of their surname in any script
    ("Путин"/"Putin"), places by their English name ("Япония"/"Japan"), and figures ("404
    миллиона" / "404 million"; years are left to the dates)."""
    from briefing.ingest.placenames import english_name
    from briefing.ingest.translit import name_key

    out: Counter[str] = Counter()
    for m in a.people:
        key = name_key(m.name.split()[-1])
        if len(key) >= 2:
            out["@x:" + key] += 2
    for m in a.places:
        english = english_name(m.name)
        if english and english.lower() != m.name.lower():
            out["@l:" + english.lower()] += 1
    for text in (a.headline, a.lede or "", *a.body):
        for n in _NUMBER.findall(text):
            digits = re.sub(r"[ \u00a0,.](?=\d{3}\b)", "", n).replace(",", ".")
            if not re.fullmatch(r"(?:19|20)\d\d", digits):
                out["#" + digits] += 1
    return out


# Below this many articles (or events) the work is done in this process; above, by a pool of
# processes, one per core (they are forked, so what they read is not sent to them).
_PARALLEL_FROM: Final = 3000
_FORKED: Any = None
T = TypeVar("T")


_NESTED = False  # in a forked process: no pool of its own (it could not have children)


def _run_part(task: tuple[Callable[[Any, int, int], list[Any]], int, int]) -> list[Any]:
    global _NESTED
    _NESTED = True
    work, lo, hi = task
    return work(_FORKED, lo, hi)


def on_cores(
    work: Callable[[Any, int, int], list[T]],
    shared: Any,
    n: int,
    *,
    offset: int = 0,
    parallel: bool | None = None,
) -> list[T]:
    """`work(shared, lo, hi)` over the ranges of `range(offset, offset + n)`, joined in order:
    on every core (forked processes that inherit `shared`) when `n` is large (or `parallel`
    says so), else here. `work` must be a module-level function and must have run once here
    already (its imports made: see `features`)."""
    global _FORKED
    procs = os.cpu_count() or 1
    wide = n >= _PARALLEL_FROM if parallel is None else parallel and n > 1
    if not wide or _NESTED or procs < 2 or "fork" not in mp.get_all_start_methods():
        return work(shared, offset, offset + n)
    step = -(-n // (procs * 4))
    end = offset + n
    tasks = [(work, i, min(i + step, end)) for i in range(offset, end, step)]
    _FORKED = shared
    try:
        with mp.get_context("fork").Pool(procs) as pool:
            parts = pool.map(_run_part, tasks, chunksize=1)
    finally:
        _FORKED = None
    return [x for part in parts for x in part]


def _features_of(shared: tuple[Sequence[Article], bool], lo: int, hi: int) -> list[Packed]:
    articles, multilingual = shared
    return [pack(_features(a, multilingual) for a in articles[lo:hi])]


def features(articles: Sequence[Article], multilingual: bool = False) -> list[Counter[str]]:
    """Every article's weighted content words and names (with `multilingual`, also what
    survives translation), on every core for a large corpus."""
    return counted(articles, multilingual)[0]


def counted(
    articles: Sequence[Article], multilingual: bool = False
) -> tuple[list[Counter[str]], dict[str, int]]:
    """`features`, and the document frequency of each of their terms (in the order
    `statistics` counts them). Each part of the articles comes back as numbers (`packed`): one
    string object a term across the corpus, which every look-up after it compares by identity."""
    if not articles:
        return [], {}
    df: dict[str, int] = {}
    return unpack(counted_parts(articles, multilingual), {}, df), df


def counted_parts(articles: Sequence[Article], multilingual: bool = False) -> list[Packed]:
    """`features` of `articles` (at least one) as numbers (`packed`), a part of them each:
    `unpack` makes them Counters, `packed_vectors` weighs them as they are."""
    # whatever the children need is imported here first: a process forked from a threaded one
    # (the app groups in a worker thread) must not find an import lock held by another thread
    first = pack([_features(articles[0], multilingual)])
    return [first, *on_cores(_features_of, (articles[1:], multilingual), len(articles) - 1)]


def packed_vectors(
    parts: Sequence[Packed], words: Sequence[list[str]], stats: Statistics
) -> tuple[list[dict[str, float]], list[Callable[[], frozenset[str]]]]:
    """Each article's `vector` (and what gives its `words_of`, for `headline_facts`) straight
    from the parts of `counted_parts` (`words`: their words, `packed.read_words`), never
    making the Counters: a term's weight is looked up once a part, then by its index in the
    part; the same products in the same order as `vectors`, so the same floats."""
    weights = _Weights(stats)
    vecs: list[dict[str, float]] = []
    told: list[Callable[[], frozenset[str]]] = []
    for part, ws in zip(parts, words, strict=True):
        local = list(map(weights.__getitem__, ws))
        ids, counts = part.ids, part.counts
        at = 0
        for n in part.sizes:
            its, ks = ids[at : at + n], counts[at : at + n]
            at += n
            vecs.append(_unit(map(ws.__getitem__, its), ks, map(local.__getitem__, its)))
            told.append(partial(_words_in, ws, its))
    return vecs, told


def _words_in(words: list[str], ids: Iterable[int]) -> frozenset[str]:
    """`words_of` an article whose terms are `ids` into `words`."""
    terms = list(map(words.__getitem__, ids))
    names = 0
    for t in reversed(terms):
        if not t.startswith(("@", "#")):
            break
        names += 1
    return frozenset(islice(terms, len(terms) - names))


@dataclass(frozen=True, slots=True)
class Statistics:
    """What a grouping weighs words with: the document frequency of each term over `n`
    articles and, in a corpus of several languages (`multilingual`), how many articles could
    hold each term (`among`: those of the languages it occurs in, out of `languages`, the
    articles per language, "" for unknown; a term not in `among`: `n`).
    Terms in fewer than two articles may be left out: they never weigh anything."""

    df: Mapping[str, int]
    n: int
    multilingual: bool = False
    among: Mapping[str, int] = field(default_factory=dict)
    languages: Mapping[str, int] = field(default_factory=dict)
    # what `blocking` worked out, by its cap: the statistics never change, and an update
    # re-checks each touched event with the same ones (walking every term once per event
    # was most of a small update's time at fifty thousand articles)
    _blocking: dict[int, frozenset[str]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def blocking(self, cap: int) -> frozenset[str]:
        """The terms in at least two articles and at most `cap`: those pairs are found by."""
        out = self._blocking.get(cap)
        if out is None:
            out = self._blocking[cap] = frozenset(t for t, k in self.df.items() if 2 <= k <= cap)
        return out

    def pruned(self) -> Statistics:
        """Only the terms that can weigh something (in two articles or more)."""
        df = {t: k for t, k in self.df.items() if k >= 2}
        among = {t: k for t, k in self.among.items() if t in df}
        return Statistics(df, self.n, self.multilingual, among, dict(self.languages))

    def with_new_terms(
        self, articles: Sequence[Article], raw: Sequence[Counter[str]]
    ) -> Statistics:
        """These statistics, plus the terms they do not know that occur in two or more of
        `articles` (new articles, whose `features` are `raw`), counted among those articles
        (and among the articles of their languages): a new story's own words weigh what a
        full grouping would give them, while every known term keeps its weight."""
        fresh: Counter[str] = Counter()
        langs: dict[str, set[str]] = defaultdict(set)
        for a, c in zip(articles, raw, strict=True):
            for t in c:
                if t not in self.df:
                    fresh[t] += 1
                    langs[t].add(a.lang or "")
        new = {t: k for t, k in fresh.items() if k >= 2}
        if not new:
            return self
        among = dict(self.among)
        if self.multilingual:
            for t in new:
                readers = sum(self.languages.get(x, 0) for x in langs[t])
                if readers:
                    among[t] = readers
        return Statistics({**self.df, **new}, self.n, self.multilingual, among, self.languages)


def statistics(
    articles: Sequence[Article],
    raw: Sequence[Counter[str]],
    multilingual: bool,
    df: Mapping[str, int] | None = None,
) -> Statistics:
    """The statistics of `articles`, whose `features` are `raw` (`df`: their document
    frequencies, if known: see `counted`)."""
    if df is None:
        counts: Counter[str] = Counter()
        for c in raw:
            counts.update(c.keys())
        df = counts
    among = _readers(articles, raw) if multilingual else {}
    languages = dict(Counter(a.lang or "" for a in articles))
    return Statistics(dict(df), len(articles), multilingual, among, languages)


def several_languages(articles: Iterable[Article]) -> bool:
    """Two or more languages each hold a real part of the corpus: see `mixed`."""
    return mixed(Counter(a.lang for a in articles if a.lang))


def mixed(counts: Mapping[str, int]) -> bool:
    """Two or more languages each hold a real part of the corpus (2% of the articles whose
    language is known; `counts`: articles per language): a few short texts taken for another
    language do not make an English corpus a mixed one."""
    floor = max(1.0, 0.02 * sum(counts.values()))
    return sum(1 for n in counts.values() if n >= floor) > 1


def _readers(articles: Sequence[Article], raw: Sequence[Counter[str]]) -> dict[str, int]:
    """For each term, how many articles could hold it: those in the languages it occurs in.

    In a corpus of several languages a word's rarity is measured among the articles of its own
    language: "год" in a hundred of four hundred Russian articles is common, however many
    English articles the corpus also holds. (One language: every article, as usual.)
    """
    per_lang = Counter(a.lang or "" for a in articles)
    langs: dict[str, set[str]] = defaultdict(set)
    for a, c in zip(articles, raw, strict=True):
        for t in c:
            langs[t].add(a.lang or "")
    return {t: sum(per_lang[x] for x in ls) for t, ls in langs.items()}


def vector(counts: Counter[str], stats: Statistics) -> dict[str, float]:
    """An article's unit TF-IDF vector, weighed with `stats`."""
    return _weighed(counts, _Weights(stats))


def vectors(raw: Iterable[Counter[str]], stats: Statistics) -> list[dict[str, float]]:
    """Every article's `vector` (`raw`: their `features`), each term's weight worked out once."""
    weights = _Weights(stats)
    return [_weighed(c, weights) for c in raw]


class _Weights(dict[str, float]):
    """The inverse document frequency of each term of `stats` that can weigh something (in two
    articles or more; 0.0 for the others, which `_weighed` leaves out), worked out on first use:
    `weights[term]`. A dict whose misses compute, so a term already weighed is one lookup in C
    (fifty thousand articles weigh twelve million terms)."""

    __slots__ = ("stats",)

    def __init__(self, stats: Statistics) -> None:
        super().__init__()
        self.stats = stats

    def __missing__(self, t: str) -> float:
        k = self.stats.df.get(t, 0)
        got = math.log((self.stats.among.get(t, self.stats.n) + 1) / (k + 0.5)) if k >= 2 else 0.0
        self[t] = got
        return got


_TF: Final = [0.0] + [1.0 + math.log(k) for k in range(1, 256)]


def _weighed(counts: Counter[str], weights: _Weights) -> dict[str, float]:
    # a term in one article only can never link it to another: leaving it out keeps it
    # from diluting the similarity of the terms that can (this matters in small corpora).
    # Such a term weighs 0.0 here and is dropped at the end: in the norm's sum it adds 0.0 to a
    # sum of squares, which leaves that sum as it was, so the floats are those of summing the
    # kept terms alone, in their order (`sum` of floats is a left fold). Every step is a `map`
    # in C instead of a loop a term.
    return _unit(counts, counts.values(), map(weights.__getitem__, counts))


def _unit(terms: Iterable[str], ks: Collection[int], idf: Iterable[float]) -> dict[str, float]:
    """The unit vector of `terms` counted `ks` times, weighed `idf`, its zero weights dropped
    (`_weighed`; the same for the packed counts of `packed_vectors`)."""
    if ks and max(ks) >= len(_TF):
        tfs: Iterable[float] = [_TF[k] if k < 256 else 1.0 + math.log(k) for k in ks]
    else:
        tfs = map(_TF.__getitem__, ks)
    vals = list(map(mul, tfs, idf))
    norm = math.sqrt(sum(map(mul, vals, vals))) or 1.0
    unit = zip(terms, map(truediv, vals, repeat(norm)), strict=True)
    return dict(compress(unit, map(gt, vals, repeat(0.0))))


def words_of(counts: Counter[str]) -> frozenset[str]:
    """The content words among an article's `features` (not its names, sounds or figures):
    `_features` counts them first, so they are the terms before the last run of names."""
    names = 0
    for t in reversed(counts):
        if not t.startswith(("@", "#")):
            break
        names += 1
    return frozenset(islice(counts, len(counts) - names))


def _doc(i: int, a: Article, vec: dict[str, float]) -> _Doc:
    d = a.published.date
    return _Doc(
        index=i, article=a, vector=vec, start=d.start, end=d.end, precise=d.precision == "day"
    )


def _vectors(
    articles: Sequence[Article],
    raw: Sequence[Counter[str]] | None = None,
    stats: Statistics | None = None,
    vecs: Sequence[dict[str, float]] | None = None,
) -> tuple[list[_Doc], Statistics, Sequence[Counter[str]] | None]:
    """The articles' vectors; `stats` of another grouping instead of their own (`raw` must
    then be features counted with its `multilingual`); `vecs`: the vectors, if known (with
    `stats`). Also the features, when they had to be counted."""
    if vecs is not None and stats is not None:
        docs = [_doc(i, a, v) for i, (a, v) in enumerate(zip(articles, vecs, strict=True))]
        return docs, stats, raw
    # what survives translation counts only where there is translation to survive
    multilingual = stats.multilingual if stats is not None else several_languages(articles)
    raw = raw if raw is not None else features(articles, multilingual)
    stats = stats if stats is not None else statistics(articles, raw, multilingual)
    docs = [
        _doc(i, a, v) for i, (a, v) in enumerate(zip(articles, vectors(raw, stats), strict=True))
    ]
    return docs, stats, raw


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """The dot product of two vectors: the smaller one's terms, in its order, each times the
    other's weight (0.0 if it has none), summed left to right (as a loop a term would, in C)."""
    if len(a) > len(b):
        a, b = b, a
    total: float = sum(map(mul, a.values(), map(b.get, a, repeat(0.0))))
    return total


def _gap(
    a_start: dt.date | None, a_end: dt.date | None, b_start: dt.date | None, b_end: dt.date | None
) -> int | None:
    """Days between two date ranges (0 if they overlap); None if either is unknown."""
    if a_start is None or a_end is None or b_start is None or b_end is None:
        return None
    if a_end < b_start:
        return (b_start - a_end).days
    if b_end < a_start:
        return (a_start - b_end).days
    return 0


def _time_factor(a: _Doc, b: _Doc, p: EventParams) -> float:
    gap = _gap(a.start, a.end, b.start, b.end)
    if gap is None:
        return 1.0  # no dates: the text alone decides
    if gap > p.max_gap_days:
        return 0.0
    factor = 1.0
    if gap > p.full_weight_days:
        factor = 1.0 - 0.5 * (gap - p.full_weight_days) / max(
            1, p.max_gap_days - p.full_weight_days
        )
    if not (a.precise and b.precise):
        factor *= p.imprecise_factor
    return factor


def _candidates(
    docs: list[_Doc],
    stats: Statistics,
    p: EventParams,
    xvec: crosslang.SharedTerms | None,
    facts: Sequence[agreement.HeadlineFacts],
) -> list[tuple[float, int, int]]:
    """Scored pairs worth linking, found by blocking on shared rare terms (`stats`: those the
    vectors were weighed with, perhaps of a larger corpus than `docs`)."""
    df, n = stats.df, stats.n
    cap = max(50, int(0.02 * n))
    min_shared = p.min_shared if p.min_shared is not None else (1 if n < 5000 else 2)
    postings: dict[str, list[int]] = defaultdict(list)
    top_terms: list[list[str]] = []
    blocking = stats.blocking(cap)
    for d in docs:
        ranked = _strongest(d.vector, blocking, p.block_terms)
        if xvec:  # and the rarest of what survives translation, to meet other languages
            ranked += xvec.block_terms(d.index, ranked, df, cap, p.block_terms)
        top_terms.append(ranked)
        for t in ranked:
            postings[t].append(d.index)
    exhaustive = len(docs) <= p.exhaustive_below
    task = _Pairs(docs, top_terms, postings, p, xvec, facts, exhaustive, min_shared)
    # scored on every core for a large corpus (each part of the articles with those after it)
    edges = _edges_of(task, 0, min(1, len(docs)))
    edges += on_cores(_edges_of, task, len(docs) - 1, offset=1)
    edges.sort(key=lambda e: (-e[0], e[1], e[2]))
    return edges


def _strongest(vec: dict[str, float], among: set[str] | frozenset[str], n: int) -> list[str]:
    """The `n` terms of `vec` in `among` with the greatest weights (ties by term), strongest
    first. Only those as strong as the `n`-th strongest weight are ordered by (weight, term),
    that weight found by sorting the bare floats (in C): the same terms in the same order as
    sorting them all."""
    kept = list(filter(among.__contains__, vec))
    if len(kept) > n:
        floor = sorted(map(vec.__getitem__, kept), reverse=True)[n - 1]
        kept = [t for t in kept if vec[t] >= floor]
    return sorted(kept, key=lambda t: (-vec[t], t))[:n]


@dataclass(frozen=True, slots=True)
class _Pairs:
    """What scoring the candidate pairs reads (see `_candidates`)."""

    docs: list[_Doc]
    top_terms: list[list[str]]
    postings: dict[str, list[int]]
    p: EventParams
    xvec: crosslang.SharedTerms | None
    facts: Sequence[agreement.HeadlineFacts]
    exhaustive: bool
    min_shared: int


def _edges_of(task: _Pairs, lo: int, hi: int) -> list[tuple[float, int, int]]:
    """The scored links of the articles `lo` to `hi` with those after them."""
    docs, p, postings = task.docs, task.p, task.postings
    edges: list[tuple[float, int, int]] = []
    for d in docs[lo:hi]:
        if task.exhaustive:
            picked: Iterable[int] = range(d.index + 1, len(docs))
        else:
            shared: Counter[int] = Counter()
            for t in task.top_terms[d.index]:
                # a term's articles are in index order: those after this one are a slice
                js = postings[t]
                shared.update(js[bisect_right(js, d.index) :])
            picked = sorted(
                (j for j, k in shared.items() if k >= task.min_shared),
                key=lambda j: (-shared[j], j),
            )[: p.neighbours]
        for j in picked:
            score = _pair_score(d, docs[j], p, task.xvec, task.facts)
            if score >= p.link:
                edges.append((score, d.index, j))
    return edges


def _pair_score(
    d: _Doc,
    other: _Doc,
    p: EventParams,
    xvec: crosslang.SharedTerms | None,
    facts: Sequence[agreement.HeadlineFacts],
) -> float:
    """How strongly a candidate pair is one story (0.0 when it cannot be)."""
    factor = _time_factor(d, other, p)
    if factor == 0.0:
        return 0.0
    la, lb = d.article.lang, other.article.lang
    if agreement.disagree(facts[d.index], facts[other.index], same_language=la == lb):
        return 0.0  # the headlines name different particulars: two stories
    if la and lb and la != lb and xvec:
        # two languages: alike on what survives translation (crosslang)
        if xvec.evidence(d.index, other.index) < crosslang.MIN_EVIDENCE:
            return 0.0
        return xvec.similarity(d.index, other.index) * factor * crosslang.LINK_SCALE
    score = _cosine(d.vector, other.vector) * factor
    if la and lb and la != lb:
        return score / p.cross_language
    return score


class _Groups:
    """Union-find over articles that keeps each group's centroid and date span."""

    def __init__(
        self,
        docs: list[_Doc],
        shared: crosslang.SharedTerms | None,
        facts: Sequence[agreement.HeadlineFacts],
    ) -> None:
        self.shared = shared  # vectors over the terms of several languages (crosslang)
        self.parent = list(range(len(docs)))
        self.members: dict[int, list[int]] = {i: [i] for i in range(len(docs))}
        # a group's centroid is its article's own vector until its first merge, which copies
        # it (`union`): most articles never merge, and a copy each was half a gigabyte of
        # fresh memory at fifty thousand articles; `owned`: the groups holding a copy
        self.centroid: dict[int, dict[str, float]] = {i: d.vector for i, d in enumerate(docs)}
        self.owned: set[int] = set()
        # each group's members whose headline names a particular (`agreement.named`), in
        # member order, kept as groups merge instead of filtered from the members at every
        # candidate pair (a large group meets thousands of them)
        self.named: dict[int, list[int]] = agreement.named(range(len(docs)), facts)
        # each group's centroid's sum of squares as merges add it up (|a + b|^2 = |a|^2 +
        # 2 a.b + |b|^2, a.b being the cosine `coherent` just worked out; an article's vector
        # is a unit one): close enough to decide most merges without summing every square of
        # a large centroid again after each merge (`_below`); None: not known
        self.squares: dict[int, float | None] = {
            i: 1.0 if d.vector else None for i, d in enumerate(docs)
        }
        self.dot: tuple[int, int, float] | None = None  # the last centroids' product worked out
        self.span: dict[int, tuple[dt.date | None, dt.date | None]] = {
            i: (d.start if d.precise else None, d.end if d.precise else None)
            for i, d in enumerate(docs)
        }
        self.links: dict[int, list[float]] = {i: [] for i in range(len(docs))}
        self.norms: dict[int, float] = {}
        self.langs: dict[int, set[str]] = {
            i: {d.article.lang} if d.article.lang else set() for i, d in enumerate(docs)
        }

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def norm(self, root: int) -> float:
        """The length of a group's centroid (kept until the group changes)."""
        got = self.norms.get(root)
        if got is None:
            # the squares summed in the centroid's order, in C (a large group's centroid holds
            # thousands of terms, and its norm is worked out again after every merge)
            values = self.centroid[root].values()
            got = math.sqrt(sum(map(mul, values, values))) or 1.0
            self.norms[root] = got
        return got

    def coherent(self, a: int, b: int, p: EventParams) -> bool:
        """Whether groups `a` and `b` may merge: their span short enough, and their centroids
        alike. The span first: it is a few date comparisons, where the centroids' cosine looks
        up thousands of terms in a large group's centroid (the merge loop's main cost)."""
        self.dot = None
        (s1, e1), (s2, e2) = self.span[a], self.span[b]
        starts = [d for d in (s1, s2) if d]
        ends = [d for d in (e1, e2) if d]
        if starts and ends and (max(ends) - min(starts)).days > p.max_span_days:
            return False
        ca, cb = self.centroid[a], self.centroid[b]
        la, lb = self.langs[a], self.langs[b]
        if la and lb and not la & lb and self.shared:
            alike = self.shared.group_similarity(
                self.members[a], frozenset(la), self.members[b], frozenset(lb)
            )
            if alike < p.centroid * crosslang.CENTROID_SCALE:
                return False
        elif self.shared and la != lb:
            # groups of several languages that share one: compared in the language they share
            alike = self.shared.within(self.members[a], self.members[b], frozenset(la & lb))
            if alike < p.centroid:
                return False
        else:
            dot = _cosine(ca, cb)
            self.dot = (a, b, dot)
            return not self._below(
                a, b, dot, p.centroid * (p.cross_language if la and lb and not la & lb else 1.0)
            )
        return True

    def _below(self, a: int, b: int, dot: float, limit: float) -> bool:
        """`dot / (norm(a) * norm(b)) < limit`, as worked out from the exact lengths; decided
        from the sums of squares kept as the groups merged (`squares`) when those are far
        enough from deciding otherwise (their rounding is some 1e-12 of the length, the
        margin 1e-6), else from the exact lengths."""
        na, nb = self.norms.get(a), self.norms.get(b)
        if na is None or nb is None:
            sa, sb = self.squares.get(a), self.squares.get(b)
            if sa is not None and sb is not None:
                near = dot / ((na or math.sqrt(sa)) * (nb or math.sqrt(sb)))
                if near < limit * (1.0 - _MARGIN):
                    return True
                if near > limit * (1.0 + _MARGIN):
                    return False
        return dot / (self.norm(a) * self.norm(b)) < limit

    def union(self, a: int, b: int, score: float) -> None:
        if len(self.members[a]) < len(self.members[b]):
            a, b = b, a
        sa, sb, last = self.squares.pop(a), self.squares.pop(b), self.dot
        if sa is not None and sb is not None and last is not None and {last[0], last[1]} == {a, b}:
            self.squares[a] = sa + 2.0 * last[2] + sb
        else:
            self.squares[a] = None
        self.dot = None
        self.parent[b] = a
        self.norms.pop(a, None)
        self.norms.pop(b, None)
        self.members[a].extend(self.members.pop(b))
        self.named[a].extend(self.named.pop(b))
        if a not in self.owned:  # still the article's own vector: copied before it grows
            self.centroid[a] = dict(self.centroid[a])
            self.owned.add(a)
        _add_into(self.centroid[a], self.centroid.pop(b))
        self.owned.discard(b)
        (s1, e1), (s2, e2) = self.span[a], self.span.pop(b)
        self.span[a] = (
            min((d for d in (s1, s2) if d), default=None),
            max((d for d in (e1, e2) if d), default=None),
        )
        self.links[a].extend(self.links.pop(b))
        self.links[a].append(score)
        self.langs[a] |= self.langs.pop(b)


_MARGIN: Final = 1e-6  # relative: how far a merge's test decided from kept lengths may be


def _add_into(total: dict[str, float], vec: Mapping[str, float]) -> None:
    """`total[t] += vec[t]` for every term of `vec`, in its order (new terms added at the end,
    in that order), as one `dict.update` in C: each term's old value is read just before it is
    written, and `vec` holds each term once."""
    total.update(zip(vec, map(add, map(total.get, vec, repeat(0.0)), vec.values()), strict=True))


def group_events(
    articles: Sequence[Article], params: EventParams | None = None
) -> tuple[Event, ...]:
    """The corpus's events, in date order (undated last)."""
    return finish(group(articles, params), articles)


def group(
    articles: Sequence[Article],
    params: EventParams | None = None,
    *,
    raw: Sequence[Counter[str]] | None = None,
    stats: Statistics | None = None,
    vecs: Sequence[dict[str, float]] | None = None,
    facts: Sequence[agreement.HeadlineFacts] | None = None,
) -> list[Grouped]:
    """The groups of `articles` (member ids, links), before labels and ids. `raw`: their
    `features`, if known; `stats`: the `Statistics` of a larger grouping to score with instead of
    theirs (re-checking one event of a corpus, see `briefing.events.incremental`); `vecs` and
    `facts`: their vectors (with `stats`) and headline facts, if known (aligned with
    `articles`)."""
    p = params or EventParams()
    ordered = sorted(
        range(len(articles)),
        key=lambda i: (articles[i].published.date.sort_key(), articles[i].id),
    )
    if not ordered:
        return []
    arts = [articles[i] for i in ordered]
    given = [raw[i] for i in ordered] if raw is not None else None
    known = [vecs[i] for i in ordered] if vecs is not None else None
    docs, used, counts = _vectors(arts, given, stats, known)
    shared = (
        crosslang.SharedTerms([d.vector for d in docs], [d.article.lang for d in docs])
        if used.multilingual
        else None
    )
    if facts is not None:
        told = [facts[i] for i in ordered]
    elif counts is not None:
        told = [
            agreement.headline_facts(a, partial(words_of, c))
            for a, c in zip(arts, counts, strict=True)
        ]
    else:
        told = [agreement.headline_facts(a) for a in arts]
    del given, counts, known
    groups = _Groups(docs, shared, told)
    langs = [d.article.lang for d in docs]
    for score, i, j in _candidates(docs, used, p, shared, told):
        a, b = groups.find(i), groups.find(j)
        if (
            a != b
            and groups.coherent(a, b, p)
            and not agreement.named_disagree(groups.named[a], groups.named[b], told, langs)
        ):
            groups.union(a, b, score)
    return [
        Grouped(tuple(docs[i].article.id for i in sorted(members)), tuple(groups.links[root]))
        for root, members in groups.members.items()
    ]


@dataclass(frozen=True, slots=True)
class Grouped:
    """One group before it is an `Event`: its articles' ids (date order) and link scores."""

    members: tuple[str, ...]
    links: tuple[float, ...]


def finish(groups: Iterable[Grouped], articles: Iterable[Article]) -> tuple[Event, ...]:
    """The events of `groups` (labels, spans, outlets, ids), in date order (undated last).
    `articles` must hold every member; the corpus's outlets are theirs."""
    return _assign_ids(unnamed(groups, articles))


def unnamed(groups: Iterable[Grouped], articles: Iterable[Article]) -> list[Event]:
    """`finish` without the ids (each ""), in the same order: for a caller that gives the ids
    itself (`incremental`, over all the corpus's events)."""
    by_id = {a.id: a for a in articles}
    corpus_outlets = sorted({a.outlet for a in by_id.values() if a.outlet})
    todo = list(groups)
    if not todo:
        return []
    # labels read the articles' text: on every core for a large corpus (imports made here first)
    events = _events_of((todo[:1], by_id, corpus_outlets), 0, 1)
    events += on_cores(_events_of, (todo[1:], by_id, corpus_outlets), len(todo) - 1)
    events.sort(key=lambda e: (FuzzyDate.parse_iso(e.start).sort_key(), e.articles[0]))
    return events


def _events_of(
    shared: tuple[Sequence[Grouped], Mapping[str, Article], list[str]], lo: int, hi: int
) -> list[Event]:
    groups, by_id, corpus_outlets = shared
    return [
        _event([by_id[i] for i in g.members], corpus_outlets, list(g.links)) for g in groups[lo:hi]
    ]


def _event(articles: list[Article], corpus_outlets: list[str], links: list[float]) -> Event:
    articles = sorted(articles, key=_midpoint)
    by_outlet: dict[str, list[str]] = defaultdict(list)
    for a in articles:
        by_outlet[a.outlet or UNKNOWN_OUTLET].append(a.id)
    people: Counter[str] = Counter()
    places: Counter[str] = Counter()
    for a in articles:
        people.update({m.name: 1 for m in a.people})
        places.update({m.name: 1 for m in a.places})
    dated = [a.published.date for a in articles if a.published.date.known]
    precise = [d for d in dated if d.precision == "day"]
    dated = precise or dated  # a month-precise article does not stretch a dated event
    return Event(
        id="",
        label=label_event(articles),
        start=min(dated, key=lambda d: d.sort_key()).iso if dated else None,
        end=max(dated, key=lambda d: d.end or dt.date.min).iso if dated else None,
        people=tuple(n for n, _ in _top(people, articles, "people")),
        places=tuple(n for n, _ in _top(places, articles, "places")),
        articles=tuple(a.id for a in articles),
        outlets=tuple(
            sorted(
                ((k, tuple(v)) for k, v in by_outlet.items()), key=lambda kv: (-len(kv[1]), kv[0])
            )
        ),
        missing=tuple(o for o in corpus_outlets if o not in by_outlet),
        score=sum(links) / len(links) if links else 1.0,
    )


def _midpoint(a: Article) -> tuple[int, dt.date, str]:
    """Order within an event: by the middle of each article's possible days, undated last."""
    d = a.published.date
    if d.start is None or d.end is None:
        return (1, dt.date.max, a.id)
    return (0, d.start + (d.end - d.start) / 2, a.id)


def _top(
    counter: Counter[str], articles: list[Article], kind: str, n: int = 5
) -> list[tuple[str, int]]:
    mentions: Counter[str] = Counter()
    for a in articles:
        for m in getattr(a, kind):
            mentions[m.name] += m.count
    return sorted(counter.items(), key=lambda kv: (-kv[1], -mentions[kv[0]], kv[0]))[:n]


def _slug(text: str, words: int = 6) -> str:
    from briefing.ingest.translit import to_latin

    text = to_latin(text)  # a Russian label gives a readable id too
    ws = re.findall(r"[a-z0-9]+", text.lower().replace("'s", "s").replace("’s", "s"))
    return "-".join(ws[:words]) or "event"


def _assign_ids(events: list[Event]) -> tuple[Event, ...]:
    seen: Counter[str] = Counter()
    out = []
    for e in events:
        base = f"{e.start or 'undated'}-{_slug(e.label)}"
        seen[base] += 1
        eid = base if seen[base] == 1 else f"{base}-{seen[base]}"
        out.append(_replace_id(e, eid))
    return tuple(out)


def _replace_id(e: Event, eid: str) -> Event:
    from dataclasses import replace

    return replace(e, id=eid)
