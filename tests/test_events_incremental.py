"""Events kept up to date (`briefing.events.incremental`, `briefing.event_state`).

The guarantee: a full grouping through `incremental.full` is `group_events`; an update keeps
every event no change touched; a touched event is what a full grouping of its own members
gives; and on well separated stories (each new article's only links are inside its story) an
update gives the same events (the same articles in each) as a full regroup of the corpus.
The corpora are generated: stories of made-up words, weeks apart, so nothing links across.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
from pathlib import Path

import pytest

import briefing.events.incremental as incremental
from briefing.event_state import current_events, state_path
from briefing.events import group_events
from briefing.events.grouping import group
from briefing.index import CorpusIndex
from briefing.models import Article, FuzzyDate, PublishedDate

_COMMON = "government officials meeting statement week report country city".split()
_LETTERS = "bcdfghjklmnpqrstvwxz"
_COMMON_RU = "правительство встреча заявление неделя доклад страна город министр".split()
_LETTERS_RU = "бвгджзклмнпрстфхцчшщ"


def _word(rng: random.Random, lang: str = "en") -> str:
    letters, vowels = (_LETTERS, "aeiou") if lang == "en" else (_LETTERS_RU, "аеиоуы")
    return "".join(rng.choice(letters) + rng.choice(vowels) for _ in range(4))


def _story(
    k: int, size: int, rng: random.Random, outlets: tuple[str, ...], lang: str | None = None
) -> list[Article]:
    vocabulary = [_word(rng, lang or "en") for _ in range(12)]
    common = _COMMON_RU if lang == "ru" else _COMMON
    day0 = dt.date(2018, 1, 1) + dt.timedelta(days=40 * k)
    out = []
    for i in range(size):
        words = rng.sample(vocabulary, 8) + rng.sample(common, 3)
        text = " ".join(words)
        date = FuzzyDate.day(day0 + dt.timedelta(days=i % 3))
        aid = f"s{k:03d}-{i}"
        out.append(
            Article(
                id=aid,
                path=f"{aid}.txt",
                url=None,
                outlet=outlets[i % len(outlets)],
                headline=" ".join(rng.sample(vocabulary, 4)).capitalize(),
                headline_derived=False,
                lede=None,
                dateline=None,
                published=PublishedDate(date, 0.9, ("test",)),
                body=(text.capitalize() + ".",),
                people=(),
                places=(),
                organisations=(),
                quotes=(),
                content_hash=f"h-{aid}-{text[:12]}",
                lang=lang,
            )
        )
    return out


def _stories(n: int, size: int, seed: int) -> list[list[Article]]:
    rng = random.Random(seed)
    return [_story(k, size, rng, ("TASS", "Kyodo", "Reuters")) for k in range(n)]


def _bilingual(n: int, size: int, seed: int) -> list[list[Article]]:
    """Stories in Russian and in English, alternating, a week or more apart."""
    rng = random.Random(seed)
    return [
        _story(k, size, rng, ("TASS", "RIA Novosti", "Kyodo"), "ru" if k % 2 else "en")
        for k in range(n)
    ]


def _members(events: tuple[object, ...]) -> set[frozenset[str]]:
    return {frozenset(e.articles) for e in events}  # type: ignore[attr-defined]


def _reader(articles: list[Article]):  # type: ignore[no-untyped-def]
    by_id = {a.id: a for a in articles}
    return lambda ids: [by_id[i] for i in ids if i in by_id]


def test_a_full_grouping_is_group_events_and_survives_json() -> None:
    articles = [a for s in _stories(12, 5, 1) for a in s]
    state = incremental.full(articles)
    assert state.events() == group_events(articles)
    again = incremental.from_json(json.loads(json.dumps(incremental.to_json(state))))
    assert again.events() == state.events()
    assert len(state.events()) == 12  # each story one event: the fixture is what it says


def test_an_update_equals_a_full_regroup_on_separated_stories() -> None:
    stories = _stories(60, 6, 2)
    before = [a for s in stories[:58] for a in s[:5]]
    after = [a for s in stories for a in s]  # a sixth article to each old story, 2 new stories
    state = incremental.full(before)
    updated = incremental.update(state, {a.id: a.content_hash for a in after}, _reader(after))
    assert updated is not None
    assert _members(updated.events()) == _members(group_events(after))
    assert _members(updated.events()) == {frozenset(a.id for a in s) for s in stories}


def test_an_update_equals_a_full_regroup_on_separated_stories_in_two_languages() -> None:
    stories = _bilingual(60, 6, 6)
    before = [a for s in stories[:58] for a in s[:5]]  # then a sixth to each, 2 new stories
    after = [a for s in stories for a in s]
    state = incremental.full(before)
    # the statistics are those of a corpus of two languages: each word's rarity is measured
    # among the articles of its own language, and what survives translation is counted
    assert state.stats.multilingual
    assert state.stats.among and max(state.stats.among.values()) < state.stats.n
    assert state.events() == group_events(before)
    updated = incremental.update(state, {a.id: a.content_hash for a in after}, _reader(after))
    assert updated is not None
    assert _members(updated.events()) == _members(group_events(after))
    assert _members(updated.events()) == {frozenset(a.id for a in s) for s in stories}
    again = incremental.from_json(json.loads(json.dumps(incremental.to_json(updated))))
    assert again.events() == updated.events() and again.stats == updated.stats


def test_a_corpus_that_gains_a_second_language_is_regrouped() -> None:
    rng = random.Random(7)
    english = [a for k in range(30) for a in _story(k, 5, rng, ("TASS", "Kyodo"), "en")]
    russian = [a for s in _bilingual(4, 5, 8)[1::2] for a in s]  # two Russian stories
    state = incremental.full(english)
    assert not state.stats.multilingual
    now = english + russian
    # ten Russian articles of 160 (6%): the features of a mixed corpus apply, so regroup
    assert incremental.update(state, {a.id: a.content_hash for a in now}, _reader(now)) is None


def test_an_update_keeps_untouched_events_and_rechecks_touched_ones() -> None:
    stories = _stories(20, 5, 3)
    articles = [a for s in stories for a in s]
    state = incremental.full(articles)
    old = {frozenset(e.articles): e for e in state.events()}
    # story 0 loses an article, story 1's first article is rewritten as one of story 2's
    from dataclasses import replace

    gone = stories[0][4].id
    moved = replace(
        stories[2][0], id=stories[1][0].id, path=stories[1][0].path, content_hash="moved"
    )
    now = [a for a in articles if a.id not in (gone, moved.id)] + [moved]
    updated = incremental.update(state, {a.id: a.content_hash for a in now}, _reader(now))
    assert updated is not None
    new = {frozenset(e.articles): e for e in updated.events()}
    for k in range(3, 20):  # untouched: the same event, to the id
        members = frozenset(a.id for a in stories[k])
        assert new[members] == old[members]
    assert frozenset(a.id for a in stories[0][:4]) in new
    assert frozenset({*(a.id for a in stories[2]), moved.id}) in new
    assert frozenset(a.id for a in stories[1][1:]) in new
    # each event is what a full grouping of its own members gives, scored with the statistics
    # of the last full grouping
    by_id = {a.id: a for a in now}
    for members in new:
        grouped = group([by_id[i] for i in members], stats=updated.stats)
        assert {frozenset(g.members) for g in grouped} == {members}


def test_too_many_changes_ask_for_a_full_regroup() -> None:
    stories = _stories(10, 5, 4)
    articles = [a for s in stories for a in s]
    state = incremental.full(articles[:30])
    assert (
        incremental.update(state, {a.id: a.content_hash for a in articles}, _reader(articles))
        is None
    )
    assert incremental.update(state, dict(state.hashes), _reader(articles)) is state


def test_the_workspace_path_updates_instead_of_regrouping(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stories = _stories(40, 5, 5)
    index = CorpusIndex.open(tmp_path / "corpus", tmp_path / "index")
    index.add_articles(a for s in stories[:39] for a in s)
    first = current_events(index)
    assert state_path(tmp_path / "index").exists()
    assert current_events(index) == first  # nothing changed: read back
    index.add_articles(stories[39])

    def no_full_regroup(*args: object, **kwargs: object) -> None:
        raise AssertionError("regrouped from scratch")

    monkeypatch.setattr(incremental, "full", no_full_regroup)
    updated = current_events(index)
    assert frozenset(a.id for a in stories[39]) in _members(updated)
    assert len(updated) == len(first) + 1
    monkeypatch.undo()
    regrouped = current_events(index, regroup=True)
    assert _members(regrouped) == _members(updated)
    state_path(tmp_path / "index").write_text("{ damaged", encoding="utf-8")
    assert _members(current_events(index)) == _members(updated)


def test_on_every_core_the_same_events_as_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    import briefing.events.grouping as grouping

    stories = _bilingual(60, 6, 11)
    before = [a for s in stories[:58] for a in s[:5]]  # then a sixth to each, 2 new stories
    after = [a for s in stories for a in s]
    here = incremental.full(before)
    here_updated = incremental.update(here, {a.id: a.content_hash for a in after}, _reader(after))
    # features, pair scores, labels and re-checked events each split over forked processes
    monkeypatch.setattr(grouping, "_PARALLEL_FROM", 2)
    monkeypatch.setattr(incremental, "RECHECK_ON_CORES", 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    cores = incremental.full(before)
    assert cores.events() == here.events() and cores.stats == here.stats
    assert cores.events() == group_events(before)
    cores_updated = incremental.update(cores, {a.id: a.content_hash for a in after}, _reader(after))
    assert here_updated is not None and cores_updated is not None
    assert cores_updated.events() == here_updated.events()
    assert [g.centroid for g in cores_updated.groups] == [g.centroid for g in here_updated.groups]
