"""The grouping's fast paths give what the plain code they replaced gives, float for float.

Vectors, cosines, centroid sums and blocking ranks run as `map` calls in C, features come back
from the worker processes as numbers (`events/packed.py`): each
must give the same floats in the same order as the plain loops, or events would drift. Here the
plain loops (the code before) are put back in their place and a whole `incremental.full` of a
generated corpus (overlapping stories, repeated words, names, undated and month-dated articles)
must write the very same state, in one process and on two.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import random
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import pytest

import briefing.events.agreement as agreement
import briefing.events.grouping as grouping
import briefing.events.incremental as incremental
from briefing.events.agreement import HeadlineFacts, headline_facts
from briefing.events.packed import pack, read_words, unpack
from briefing.models import Article, FuzzyDate, Mention, PublishedDate

_TOPICS = [
    "oil opec prices crude barrel output saudi quota",
    "election vote ballot senate campaign poll candidate turnout",
    "wheat grain harvest export tonnes crop farmers drought",
    "court ruling judge appeal justice verdict lawsuit trial",
]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice("bcdfghjklmnpqrstvz") + rng.choice("aeiou") for _ in range(4))


def _corpus(n: int, seed: int) -> list[Article]:
    """`n` articles of stories of ten (each its words, person, place and days), stories on one
    topic sharing that topic's words."""
    rng = random.Random(seed)
    stories = [
        (
            [_word(rng) for _ in range(8)],
            rng.choice(["Ann Lee", "Bo Chan", "Cy Doe", "Di Roy"]),
            rng.choice(["Paris", "Oslo", "Lima", "Rome"]),
            dt.date(2019, 3, 1) + dt.timedelta(days=rng.randrange(60)),
        )
        for _ in range(n // 10)
    ]
    out = []
    for i in range(n):
        k = rng.randrange(len(stories))
        story, person, place, day0 = stories[k]
        topic = _TOPICS[k % len(_TOPICS)].split()
        words = [*rng.choices(topic, k=10), *rng.choices(story, k=12), _word(rng), _word(rng)]
        if i == 7:
            words += ["barrel"] * 300  # a count past the table of term frequencies
        kind = i % 9
        day = day0 + dt.timedelta(days=rng.randrange(4))
        date = (
            FuzzyDate()
            if kind == 0
            else FuzzyDate.month(day.year, day.month)
            if kind == 1
            else FuzzyDate.day(day)
        )
        people = (Mention(person, "person", 2),)
        places = (Mention(place, "place", 1),)
        headline = " ".join([*rng.sample(story, 3), person, "in", place])
        out.append(
            Article(
                id=f"a{i:04d}",
                path=f"a{i:04d}.txt",
                url=None,
                outlet=rng.choice(["Reuters", "AP", "BBC", "CNN"]),
                headline=headline,
                headline_derived=False,
                lede=" ".join(rng.sample(words, 8)),
                dateline=None,
                published=PublishedDate(date, 0.9, ("test",)),
                body=(" ".join(words) + ".", " ".join(rng.sample(words, 9)) + "."),
                people=people,
                places=places,
                organisations=(),
                quotes=(),
                content_hash=f"h{i}",
                lang="en",
            )
        )
    return out


# ---- the plain code the fast paths replaced


def _plain_weighed(counts: Counter[str], weights: Any) -> dict[str, float]:
    stats = weights.stats
    vec: dict[str, float] = {}
    for t, k in counts.items():
        df = stats.df.get(t, 0)
        if df >= 2:
            idf = math.log((stats.among.get(t, stats.n) + 1) / (df + 0.5))
            vec[t] = (1.0 + math.log(k)) * idf
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items() if v > 0}


def _plain_cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def _plain_add_into(total: dict[str, float], vec: Mapping[str, float]) -> None:
    for t, v in vec.items():
        total[t] = total.get(t, 0.0) + v


def _plain_strongest(vec: dict[str, float], among: Any, n: int) -> list[str]:
    return sorted((t for t in vec if t in among), key=lambda t: (-vec[t], t))[:n]


def _plain_norm(self: Any, root: int) -> float:
    got = self.norms.get(root)
    if got is None:
        got = math.sqrt(sum(v * v for v in self.centroid[root].values())) or 1.0
        self.norms[root] = got
    return float(got)


def _plain_counted(
    articles: Sequence[Article], multilingual: bool = False
) -> tuple[list[Counter[str]], dict[str, int]]:
    raw = [grouping._features(a, multilingual) for a in articles]
    df: Counter[str] = Counter()
    for c in raw:
        df.update(c.keys())
    return raw, dict(df)


def _plain_vectors_and_facts(
    articles: Sequence[Article],
) -> tuple[grouping.Statistics, list[dict[str, float]], list[HeadlineFacts]]:
    multilingual = grouping.several_languages(articles)
    raw, df = _plain_counted(articles, multilingual)
    stats = grouping.statistics(articles, raw, multilingual, df).pruned()
    vecs = grouping.vectors(raw, stats)
    facts = [headline_facts(a, grouping.words_of(c)) for a, c in zip(articles, raw, strict=True)]
    return stats, vecs, facts


def _every_member(members: Any, facts: Any) -> dict[int, list[int]]:
    # what the merge loop filtered by `groups_disagree` before it kept the named members
    return {i: [i] for i in members}


_groups_init = grouping._Groups.__init__


def _plain_groups_init(self: Any, *args: Any) -> None:
    # every group's centroid a copy of its article's vector from the start
    _groups_init(self, *args)
    self.centroid = {i: dict(c) for i, c in self.centroid.items()}
    self.owned = set(self.centroid)


def _plain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(grouping, "_MARGIN", math.inf)  # every merge tested on exact lengths
    monkeypatch.setattr(agreement, "named", _every_member)
    monkeypatch.setattr(grouping._Groups, "__init__", _plain_groups_init)
    monkeypatch.setattr(grouping, "_weighed", _plain_weighed)
    monkeypatch.setattr(grouping, "_cosine", _plain_cosine)
    monkeypatch.setattr(grouping, "_add_into", _plain_add_into)
    monkeypatch.setattr(incremental, "_add_into", _plain_add_into)
    monkeypatch.setattr(grouping, "_strongest", _plain_strongest)
    monkeypatch.setattr(grouping._Groups, "norm", _plain_norm)
    monkeypatch.setattr(incremental, "_vectors_and_facts", _plain_vectors_and_facts)


def _written(state: incremental.GroupingState) -> str:
    return json.dumps(incremental.to_json(state), ensure_ascii=False)


def test_the_fast_paths_write_the_state_the_plain_code_writes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    articles = _corpus(600, 3)
    here = _written(incremental.full(articles))
    with monkeypatch.context() as m:  # features, vectors, pairs and labels on two processes
        m.setattr(grouping, "_PARALLEL_FROM", 2)
        m.setattr(os, "cpu_count", lambda: 2)
        cores = _written(incremental.full(articles))
    _plain(monkeypatch)
    plain = incremental.full(articles)
    assert len(plain.groups) < len(articles) - 50  # stories merged, not all alone
    assert here == _written(plain)
    assert cores == here


def test_vectors_weighed_from_the_packed_counts_are_those_of_the_counters() -> None:
    articles = _corpus(300, 5)  # article 7 counts a word 300 times: past the table
    raw = [grouping._features(a) for a in articles]
    parts = [pack(raw[i : i + 70]) for i in range(0, len(raw), 70)]
    df: dict[str, int] = {}
    words = read_words(parts, {}, df)
    stats = grouping.statistics(articles, [], False, df).pruned()
    vecs, told = grouping.packed_vectors(parts, words, stats)
    plain = grouping.vectors(raw, stats)
    assert [list(v.items()) for v in vecs] == [list(v.items()) for v in plain]
    assert [w() for w in told] == [grouping.words_of(c) for c in raw]
    assert max(max(c.values()) for c in raw) >= 256


def test_packed_counts_read_back_in_order_with_one_string_a_term() -> None:
    parts: list[list[Counter[str]]] = [
        [Counter({"b": 2, "a": 1}), Counter({"c": 5, "b": 1})],
        [Counter()],
        [Counter({"d": 1, "a": 3, "c": 2})],
    ]
    canon = {"a": "a"}
    df = {"a": 1}
    got = unpack([pack(p) for p in parts], canon, df)
    want = [c for p in parts for c in p]
    assert got == want and [list(c) for c in got] == [list(c) for c in want]
    plain: Counter[str] = Counter({"a": 1})
    for c in want:
        plain.update(c.keys())
    assert list(df.items()) == list(plain.items())
    terms = [t for c in got for t in c]
    assert all(t is canon[t] for t in terms)


def test_the_blocking_terms_are_worked_out_once_and_are_those_of_the_rule() -> None:
    df = {"a": 1, "b": 2, "c": 50, "d": 51, "e": 7}
    stats = grouping.Statistics(df, 100)
    first = stats.blocking(50)
    assert first == {t for t, k in df.items() if 2 <= k <= 50}
    assert stats.blocking(50) is first  # kept: an update re-checks many events with it
    assert stats.blocking(6) == {"b"}
    assert stats == grouping.Statistics(dict(df), 100)  # what is kept is not compared
