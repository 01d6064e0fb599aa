"""The best hits found with bounds (`ranking._bounded`: only the matches whose bound reaches
the `want`-th best score are scored) are the best hits of every match scored and sorted.

The fixture has many matches and many ties: a few texts, each written by many articles (same
headline, lede and body: the same score), in several segments, some deleted, so the `want`-th
score is shared by matches on both sides of the cut and the order among equals (the lower
document number first) decides which are shown.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from segmented_index import segmented_index

import briefing.index.ranking as ranking
from briefing.index import CorpusIndex
from briefing.index.matches import as_set
from briefing.index.pairs import fast
from briefing.index.scoring import SegmentScorer
from briefing.index.whoosh_query import parse, parser
from briefing.models import Article, FuzzyDate, PublishedDate

_WORDS = "said oil prices rose fell the of and talks budget senate vote white house".split()


def _texts(rng: random.Random, n: int, low: int, high: int) -> list[str]:
    return [
        " ".join(rng.choice(_WORDS) for _ in range(rng.randrange(low, high))).capitalize() + "."
        for _ in range(n)
    ]


def _articles(n: int, seed: int, prefix: str) -> list[Article]:
    """`n` articles drawn from a few headlines, ledes and bodies (so many score the same):
    most bodies hold "white house", few headlines do (one in 60: its matches are few, so
    the bound is made per match there, and the best hits are among them)."""
    rng = random.Random(seed)
    headlines = _texts(rng, 6, 2, 6)
    ledes, bodies = _texts(rng, 5, 4, 12), _texts(rng, 8, 8, 40)
    bodies = [f"{body} The white house said {rng.choice(_WORDS)}." for body in bodies[:6]]
    bodies += bodies[6:]
    out = []
    for i in range(n):
        out.append(
            Article(
                id=f"{prefix}{i:05d}",
                path=f"{prefix}{i:05d}.txt",
                url=None,
                outlet=rng.choice(("A", "B", "C")),
                headline="White house talks" if i % 60 == 7 else rng.choice(headlines),
                headline_derived=False,
                lede=rng.choice(ledes) if rng.random() < 0.5 else None,
                dateline=None,
                published=PublishedDate(FuzzyDate(), 0.0, ("test",)),
                body=(rng.choice(bodies),) if rng.random() < 0.9 else (),
                content_hash=f"hash-{prefix}{i}",
            )
        )
    return out


@pytest.fixture(autouse=True)
def _bounds_from_fewer_matches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bounds are used from fewer matches than at scale, so the fixture's searches use them."""
    monkeypatch.setattr(ranking, "PRUNE_FROM", 4)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> CorpusIndex:
    folder: Path = tmp_path_factory.mktemp("bounded")
    # a00000..a00059 replaced by the third commit, b00100..b00159 deleted
    return segmented_index(
        folder, _articles, (900, 700, 60), (f"b{i:05d}" for i in range(100, 160))
    )


QUERIES = (
    '"white house"',
    '"oil prices"',
    '"white house" oil',
    "white house",
    "oil",
    "oil OR senate",
    '"white house" NOT budget',
    "headline:talks",
)


def _prepared(ix: CorpusIndex, text: str) -> tuple[Any, Any, Any]:
    s = ix._current()
    segments = ix._counter(s)
    _, _, q = parse(parser(ix._ix.schema), text)
    return s, segments, fast(q, s.reader(), segments.column, segments.source)


def _everything_sorted(s: Any, segments: Any, q: Any, want: int) -> list[tuple[int, float]]:
    """Every match scored, then sorted: score first, then the lower document number."""
    context = s.context()
    every: list[tuple[float, int]] = []
    for (sub, offset), segment in zip(s.leaf_searchers(), segments.segments, strict=True):
        scores = SegmentScorer(segment).scores(q.matcher(sub, context))
        every += [(score, offset + d) for d, score in scores.items()]
    best = sorted(every, key=lambda p: (-p[0], p[1]))[:want]
    return [(d, score) for score, d in best]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("want", [1, 7, 20, 60])
def test_the_bounded_best_are_the_best_of_everything_scored(
    index: CorpusIndex, query: str, want: int
) -> None:
    with index._lock:
        s, segments, q = _prepared(index, query)
        ranked = ranking.by_score(s, q, want, segments)
        assert ranked.hits == _everything_sorted(s, segments, q, want), query
        context = s.context()
        for (sub, _), segment, docs in zip(
            s.leaf_searchers(), segments.segments, ranked.matched, strict=True
        ):
            assert as_set(docs) == set(SegmentScorer(segment).scores(q.matcher(sub, context)))


def test_the_fixture_has_ties_across_the_cut_and_takes_the_bounded_path(
    index: CorpusIndex,
) -> None:
    """The test above can fail: the bounded path is taken (and scores fewer than all), and the
    20th best score is shared by hits shown and matches not shown."""
    with index._lock:
        s, segments, q = _prepared(index, '"white house"')
        context = s.context()
        trees = [
            (SegmentScorer(segment), q.matcher(sub, context), offset)
            for (sub, offset), segment in zip(s.leaf_searchers(), segments.segments, strict=True)
        ]
        matched = [scorer.docs(m) for scorer, m, _ in trees]
        found = ranking._bounded(trees, matched, 20)
        assert found is not None
        assert sum(map(len, found)) < sum(map(len, matched)) / 2
        every = _everything_sorted(s, segments, q, 10_000)
        cut = every[19][1]
        assert sum(1 for _, score in every if score == cut) > sum(
            1 for _, score in every[:20] if score == cut
        )


@pytest.mark.parametrize("query", QUERIES)
def test_a_bound_is_never_below_a_score(index: CorpusIndex, query: str) -> None:
    with index._lock:
        s, segments, q = _prepared(index, query)
        context = s.context()
        for (sub, _), segment in zip(s.leaf_searchers(), segments.segments, strict=True):
            scorer = SegmentScorer(segment)
            m = q.matcher(sub, context)
            steps = scorer.bound(m)
            assert steps is not None, query
            ends, values = steps
            assert ends == sorted(ends)
            for d, score in scorer.scores(m).items():
                k = next(i for i, end in enumerate(ends) if d <= end)
                assert score <= values[k] * (1 + 1e-12), (query, d)
